"""The model: loading, saving (lossless, stable), bindings, flattening and graphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from designer.spec import load_document, validate
from designer.spec.expressions import Optional_, Ref, parse_binding, parse_command
from designer.spec.graph import (
    ExternalData,
    Literal,
    StepOutput,
    Unbound,
    auto_layout,
    flatten,
    job_graph,
    layers,
)
from designer.spec.loader import parse_component_ref
from designer.spec.model import PipelineJob, types_compatible
from designer.spec.yaml_io import dump_yaml, parse_yaml

GOOD = Path(__file__).resolve().parent.parent / "fixtures" / "good"
NESTED = GOOD / "nested" / "pipeline.yml"


def test_nested_pipeline_is_valid_and_flattens() -> None:
    assert validate(NESTED) == []
    doc = load_document(NESTED).document
    assert isinstance(doc, PipelineJob)
    flat = flatten(doc)
    assert sorted(flat.steps) == ["first/train", "prep", "second/train"]
    first = flat.steps["first/train"]
    assert first.inputs["data"] == StepOutput("prep", "clean")
    assert first.inputs["epochs"] == Literal(4)  # pipeline input through the component's input
    assert flat.steps["second/train"].inputs["epochs"] == Literal(3)  # component default
    assert first.inputs["lr"] == Unbound()
    assert flat.steps["prep"].inputs["src"] == ExternalData(str((NESTED.parent / "data").resolve()), "uri_folder", None)
    assert flat.outputs == {"final": StepOutput("second/train", "model")}
    assert flat.order() == ["prep", "first/train", "second/train"]


def test_set_overrides_pipeline_inputs() -> None:
    doc = load_document(NESTED).document
    flat = flatten(doc, {"epochs": 9})
    assert flat.steps["first/train"].inputs["epochs"] == Literal(9)


def test_load_save_load_is_lossless_and_stable() -> None:
    doc = load_document(NESTED).document
    text = dump_yaml(doc.to_dict())
    tmp = NESTED.parent / ".roundtrip.yml"
    try:
        tmp.write_text(text)
        again = load_document(tmp).document
        assert again.to_dict() == doc.to_dict()
        assert dump_yaml(again.to_dict()) == text  # stable: saving twice gives the same bytes
    finally:
        tmp.unlink(missing_ok=True)
    # the original key order is kept; bindings are quoted
    assert text.index("display_name") < text.index("settings") < text.index("jobs")
    assert "'${{parent.inputs.raw}}'" in text


def test_unknown_keys_survive_round_trip() -> None:
    text = (
        "type: pipeline\nexperiment_name: x\nidentity: {type: user_identity}\nsettings: {default_compute: azureml:c, "
        "custom_flag: 1}\njobs:\n  a:\n    command: echo hi\n    environment: azureml:e:1\n    queue_settings: "
        "{job_tier: spot}\n"
    )
    doc = parse_yaml(text, "/tmp/x.yml")
    from designer.spec.loader import load_parsed

    loaded = load_parsed(doc)
    d = loaded.document.to_dict()
    assert d["identity"] == {"type": "user_identity"}
    assert d["settings"]["custom_flag"] == 1
    assert d["jobs"]["a"]["queue_settings"] == {"job_tier": "spot"}
    assert list(d) == ["type", "experiment_name", "identity", "settings", "jobs"]


@pytest.mark.parametrize(
    ("value", "form", "name", "version", "label"),
    [
        ("./x.yml", "file", None, None, None),
        ("file:./x.yml", "file", None, None, None),
        ("azureml:train:3", "registry", "train", "3", None),
        ("azureml:train@latest", "registry", "train", None, "latest"),
        ("azureml:train", "registry", "train", None, None),
        ("azureml://registries/azureml/components/train/versions/2", "registry", "train", "2", None),
    ],
)
def test_component_reference_forms(value: str, form: str, name: str | None, version: str | None, label: str | None) -> None:
    ref = parse_component_ref(value)
    assert (ref.form, ref.name, ref.version, ref.label) == (form, name, version, label)


def test_bindings() -> None:
    assert parse_binding("${{parent.inputs.x}}").kind == "parent_input"  # type: ignore[union-attr]
    b = parse_binding("${{ parent.jobs.a.outputs.b }}")
    assert b is not None and (b.kind, b.job, b.name) == ("job_output", "a", "b")
    assert parse_binding("${{parent.jobs.a.inputs.i}}").kind == "job_input"  # type: ignore[union-attr]
    assert parse_binding("${{parent.outputs.y}}").kind == "parent_output"  # type: ignore[union-attr]
    assert parse_binding("pre_${{parent.inputs.x}}") is None
    assert parse_binding(3) is None


def test_command_parsing() -> None:
    segs = parse_command("python a.py --x ${{inputs.x}} $[[--lr ${{ inputs.lr }}]] --o ${{outputs.o}}")
    refs = [s for s in segs if isinstance(s, Ref)]
    blocks = [s for s in segs if isinstance(s, Optional_)]
    assert [r.name for r in refs] == ["x", "o"]
    assert len(blocks) == 1 and any(isinstance(p, Ref) and p.name == "lr" for p in blocks[0].parts)


def test_types_compatible() -> None:
    assert types_compatible("uri_folder", "uri_folder")
    assert types_compatible("mlflow_model", "uri_folder")
    assert types_compatible("uri_folder", "mltable")
    assert not types_compatible("uri_file", "mlflow_model")
    assert not types_compatible("uri_folder", "integer")


def test_graph_layers_and_layout() -> None:
    doc = load_document(NESTED).document
    g = job_graph(doc)
    assert set(g.edges) == {("prep", "first"), ("prep", "second")}
    assert layers(g) == [["prep"], ["first", "second"]]
    pos = auto_layout(g)
    assert pos["prep"][0] < pos["first"][0] == pos["second"][0]


def test_stdlib_cycle_and_order_helpers_agree_with_networkx() -> None:
    import networkx as nx

    from designer.spec.graph import find_cycle_in, topological_order_of

    deps = {"a": set(), "b": {"a"}, "c": {"a"}, "d": {"b", "c"}, "e": set()}
    g = nx.DiGraph([(u, n) for n, us in deps.items() for u in us])
    g.add_nodes_from(deps)
    assert topological_order_of(deps) == list(nx.lexicographical_topological_sort(g))
    assert find_cycle_in(deps) is None
    cyclic = {"a": {"c"}, "b": {"a"}, "c": {"b"}, "x": set()}
    assert find_cycle_in(cyclic) == ["a", "b", "c", "a"]  # data flows a -> b -> c -> a
    with pytest.raises(ValueError):
        topological_order_of(cyclic)
