"""Property-based fuzzing: any input gives a model or a DesignerError, never another exception."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from designer.errors import DesignerError
from designer.registry import Registry
from designer.spec.graph import flatten, job_graph, layers
from designer.spec.loader import load_parsed
from designer.spec.model import PipelineJob
from designer.spec.validate import validate_loaded
from designer.spec.yaml_io import dump_yaml, parse_yaml

TMP = Path(tempfile.mkdtemp(prefix="designer-fuzz-"))
REGISTRY = Registry(TMP / "none", TMP, None)

names = st.sampled_from(["a", "b", "train", "x", "Bad-Name", "1x", "jobs", "inputs", "type", ""])
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=True), st.text(max_size=12),
    st.sampled_from([
        "${{parent.inputs.a}}", "${{parent.jobs.a.outputs.b}}", "${{parent.jobs.b.inputs.x}}",
        "${{parent.outputs.o}}", "${{inputs.x}}", "$[[--x ${{inputs.x}}]]", "$[[ unclosed", "${{",
        "uri_folder", "integer", "command", "pipeline", "azureml:x:1", "./missing.yml", "file:./x.yml",
    ]),
)
values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(names, children, max_size=4)),
    max_leaves=25,
)
keys = st.sampled_from(["type", "jobs", "inputs", "outputs", "settings", "component", "command", "code",
                        "environment", "name", "version", "limits", "compute", "optional", "default", "enum",
                        "min", "max", "path", "$schema"])
documents = st.recursive(
    st.dictionaries(keys, scalars, max_size=5),
    lambda children: st.dictionaries(st.one_of(keys, names), st.one_of(children, values), max_size=5),
    max_leaves=40,
)


def _exercise(text: str) -> None:
    try:
        doc = parse_yaml(text, str(TMP / "fuzz.yml"))
        loaded = load_parsed(doc, REGISTRY)
        validate_loaded(loaded)
        if isinstance(loaded.document, PipelineJob):
            flatten(loaded.document)
            layers(job_graph(loaded.document))
        dump_yaml(loaded.document.to_dict())
    except DesignerError:
        pass


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_structured_documents_never_crash(data: dict[str, Any]) -> None:
    for type_ in ("pipeline", "command", None):
        if type_ is not None:
            data = {**data, "type": type_}
        _exercise(dump_yaml(data))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes(text: str) -> None:
    _exercise(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["type: pipeline\n", "jobs:\n", "  a:\n", "    component: ./x.yml\n",
                                 "    inputs:\n", "      x: ${{parent.jobs.a.outputs.b}}\n", "  a:\n", "- 1\n",
                                 "    command: echo ${{inputs.x}}\n", "  b: [\n", "&x a: *x\n", "\t\n", "key: {\n"]),
                max_size=12))
def test_yaml_shaped_text_never_crashes(lines: list[str]) -> None:
    _exercise("".join(lines))
