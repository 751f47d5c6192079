"""@pipeline: the model it builds, and the files it writes (read back by our loader and by azure-ai-ml)."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import networkx as nx
import pytest
import yaml

from designer import Input, load_component, pipeline
from designer.errors import Problem
from designer.spec.graph import job_graph
from designer.spec.loader import load_document
from designer.spec.model import DataValue, PipelineComponent, PipelineJob
from designer.spec.validate import validate_loaded


def _edges(g: nx.DiGraph) -> dict[tuple[str, str], list[tuple[str, str]]]:
    return {(a, b): sorted(data["ports"]) for a, b, data in g.edges(data=True)}


@pytest.fixture
def numbers_pipeline(toys: ModuleType) -> Any:
    """make_numbers -> add_up, and the same pair again inside a nested pipeline; two outputs."""

    @pipeline
    def summed(count: int, scale: float = 2.0) -> dict[str, Any]:
        """Numbers added up, in a pipeline component."""
        made = toys.make_numbers(count=count)
        total = toys.add_up(numbers=made.outputs.numbers, scale=scale, label="inner")
        return {"total": total.outputs.total}

    @pipeline(display_name="Numbers", continue_on_step_failure=True)
    def numbers(count: int = 4, label: str = "outer", data: Input(type="uri_folder") = None) -> dict[str, Any]:
        """Make numbers and add them up, twice."""
        made = toys.make_numbers(count=count, start=1)
        total = toys.add_up(numbers=made.outputs.numbers, label=label, verbose=True)
        nested = summed(count=count)
        copied = toys.copy_folder(source=nested.outputs.total)
        return {"total": total.outputs.total, "copied": copied.outputs.target}

    return numbers


def test_building_runs_nothing_and_makes_a_pipeline_job(numbers_pipeline: Any, project: Path) -> None:
    p = numbers_pipeline(count=3)
    assert list(project.iterdir()) == [project / "src"]  # nothing written
    doc = p.document()
    assert isinstance(doc, PipelineJob)
    assert doc.display_name == "Numbers" and doc.description == "Make numbers and add them up, twice."
    assert doc.settings == {"default_compute": "azureml:serverless", "continue_on_step_failure": True}
    assert doc.inputs == {"count": 3, "label": "outer"}  # the unset optional data input is left out
    assert list(doc.jobs) == ["make_numbers", "add_up", "summed", "copy_folder"]
    assert doc.jobs["add_up"].inputs == {"numbers": "${{parent.jobs.make_numbers.outputs.numbers}}",
                                         "label": "${{parent.inputs.label}}", "verbose": True}
    assert doc.jobs["add_up"].outputs == {"total": "${{parent.outputs.total}}"}
    inner = doc.jobs["summed"].resolved
    assert isinstance(inner, PipelineComponent) and doc.jobs["summed"].type == "pipeline"
    assert {n: d.type for n, d in inner.inputs.items()} == {"count": "integer", "scale": "number"}
    assert inner.inputs["scale"].default == 2.0 and inner.outputs["total"].type == "uri_folder"
    assert p.validate() == []
    assert p.inputs == {"count": 3, "label": "outer"} and set(p.outputs) == {"total", "copied"}


def test_to_yaml_round_trips_through_the_loader(numbers_pipeline: Any, project: Path) -> None:
    p = numbers_pipeline(count=3, data=Input(type="uri_folder", path="data"))
    path = p.to_yaml(project / "out" / "numbers.yml")
    assert path == project / "out" / "numbers.yml"
    assert sorted(f.relative_to(project / "out").as_posix() for f in (project / "out").rglob("*")) == [
        "components", "components/add_up.yml", "components/copy_folder.yml", "components/make_numbers.yml",
        "components/summed.layout.json", "components/summed.yml", "numbers.layout.json", "numbers.yml"]
    assert (project / "src" / "_designer_entry.py").is_file()
    raw = yaml.safe_load(path.read_text())
    assert raw["$schema"].endswith("/pipelineJob.schema.json")
    assert raw["settings"]["default_compute"] == "azureml:serverless"
    assert raw["inputs"]["data"] == {"type": "uri_folder", "path": "../data"}
    assert raw["jobs"]["summed"] == {
        "type": "pipeline", "component": "./components/summed.yml", "inputs": {"count": "${{parent.inputs.count}}"}}
    inner = yaml.safe_load((project / "out" / "components" / "summed.yml").read_text())
    assert inner["$schema"].endswith("/pipelineComponent.schema.json")
    assert inner["jobs"]["make_numbers"]["component"] == "./make_numbers.yml"
    component = yaml.safe_load((project / "out" / "components" / "add_up.yml").read_text())
    assert component["code"] == "../../src" and component["$schema"].endswith("/commandComponent.schema.json")

    loaded = load_document(path)
    assert validate_loaded(loaded) == []
    doc = loaded.document
    assert isinstance(doc, PipelineJob)
    assert isinstance(doc.inputs["data"], DataValue)
    memory = p.document()
    assert _edges(job_graph(doc)) == _edges(job_graph(memory)) == {
        ("make_numbers", "add_up"): [("numbers", "numbers")], ("summed", "copy_folder"): [("total", "source")]}
    assert set(job_graph(doc).nodes) == set(p.graph().nodes)
    assert _edges(job_graph(doc.jobs["summed"].resolved)) == _edges(job_graph(memory.jobs["summed"].resolved))

    layout = json.loads((project / "out" / "numbers.layout.json").read_text())
    assert set(layout["nodes"]) == set(doc.jobs)
    assert layout["nodes"]["make_numbers"]["x"] < layout["nodes"]["add_up"]["x"]


def test_written_files_load_with_azure_ai_ml(numbers_pipeline: Any, project: Path) -> None:
    azure_ml = pytest.importorskip("azure.ai.ml")
    path = numbers_pipeline(count=3).to_yaml(project / "out" / "numbers.yml")
    job = azure_ml.load_job(str(path))
    result = job._validate()
    assert result.passed, result.error_messages
    for file in sorted((project / "out" / "components").glob("*.yml")):
        result = azure_ml.load_component(str(file))._validate()
        assert result.passed, (file.name, result.error_messages)


def test_registered_and_file_components_are_referenced_not_copied(toys: ModuleType, project: Path) -> None:
    own = load_component(toys.add_up.to_yaml(project / "mine" / "add.yml"))
    split = load_component("azureml:split_data@latest")

    @pipeline
    def p(data: Input(type="uri_folder")) -> dict[str, Any]:
        parts = split(input_data=data, fraction=0.5)
        made = toys.make_numbers(count=2)
        total = own(numbers=made.outputs.numbers)
        return {"train": parts.outputs.output_data_1, "total": total.outputs.total}

    path = p(data="./raw").to_yaml(project / "out" / "p.yml")
    raw = yaml.safe_load(path.read_text())
    assert raw["jobs"]["split_data"]["component"] == "azureml:split_data:1"
    assert raw["jobs"]["add_up"]["component"] == "../mine/add.yml"
    assert raw["inputs"]["data"] == {"type": "uri_folder", "path": "../raw"}
    assert not (project / "out" / "components" / "add_up.yml").exists()
    from designer.registry import Registry

    assert validate_loaded(load_document(path, Registry())) == []


def test_hand_written_files_are_never_overwritten(numbers_pipeline: Any, project: Path) -> None:
    own = project / "out" / "components" / "add_up.yml"
    own.parent.mkdir(parents=True)
    own.write_text("# mine\ntype: command\n")
    path = numbers_pipeline().to_yaml(project / "out" / "numbers.yml")
    assert own.read_text() == "# mine\ntype: command\n"
    raw = yaml.safe_load(path.read_text())
    assert raw["jobs"]["add_up"]["component"] == "./components/add_up_2.yml"
    numbers_pipeline().to_yaml(project / "out" / "numbers.yml")  # a second write reuses the generated names
    assert sorted(p.name for p in own.parent.glob("add_up*.yml")) == ["add_up.yml", "add_up_2.yml"]


def test_nested_pipeline_called_twice_shares_its_file(toys: ModuleType, project: Path) -> None:
    @pipeline
    def inner(count: int) -> dict[str, Any]:
        return {"numbers": toys.make_numbers(count=count).outputs.numbers}

    @pipeline
    def outer() -> None:
        inner(count=1)
        inner(count=2)

    path = outer().to_yaml(project / "out" / "outer.yml")
    raw = yaml.safe_load(path.read_text())
    assert [j["component"] for j in raw["jobs"].values()] == ["./components/inner.yml"] * 2
    assert list(raw["jobs"]) == ["inner", "inner_2"]


def test_step_settings_are_written(toys: ModuleType, project: Path) -> None:
    @pipeline(default_compute="azureml:cpu-cluster")
    def p() -> None:
        step = toys.make_numbers(count=1)
        step.compute = "gpu"
        step.timeout = 60
        step.display_name = "Make some numbers"
        step.environment_variables = {"OMP_NUM_THREADS": 2}

    raw = yaml.safe_load(p().to_yaml(project / "p.yml").read_text())
    assert raw["settings"]["default_compute"] == "azureml:cpu-cluster"
    assert raw["jobs"]["make_numbers"] | {"component": None, "inputs": None} == {
        "type": "command", "component": None, "display_name": "Make some numbers", "compute": "azureml:gpu",
        "inputs": None, "limits": {"timeout": 60}, "environment_variables": {"OMP_NUM_THREADS": "2"}}


def test_validate_points_at_the_python_line(toys: ModuleType) -> None:
    @pipeline
    def p() -> None:
        toys.make_numbers(count="${{parent.inputs.nope}}")

    [problem] = p().validate()
    assert isinstance(problem, Problem) and problem.code == "binding.unknown_input"
    assert problem.message == "${{parent.inputs.nope}} refers to pipeline input 'nope', which is not declared"
    assert (problem.file, problem.path) == (__file__, "jobs.make_numbers.inputs.count")
    assert problem.line == p.func.__code__.co_firstlineno + 2


def test_a_written_pipeline_component_loads_back_as_a_callable(numbers_pipeline: Any, project: Path) -> None:
    numbers_pipeline().to_yaml(project / "out" / "numbers.yml")
    summed = load_component(project / "out" / "components" / "summed.yml")
    assert summed.step_type == "pipeline" and summed.output_types() == {"total": "uri_folder"}

    @pipeline
    def reuse(n: int = 2) -> dict[str, Any]:
        return {"total": summed(count=n).outputs.total}

    p = reuse()
    assert p.validate() == []
    raw = yaml.safe_load(p.to_yaml(project / "again" / "reuse.yml").read_text())
    assert raw["jobs"]["summed"] == {"type": "pipeline", "component": "../out/components/summed.yml",
                                     "inputs": {"count": "${{parent.inputs.n}}"},
                                     "outputs": {"total": "${{parent.outputs.total}}"}}


def test_a_nested_data_default_is_passed_as_a_value(toys: ModuleType, project: Path) -> None:
    @pipeline
    def inner(folder: Input(type="uri_folder") = "./data") -> dict[str, Any]:
        return {"copy": toys.copy_folder(source=folder).outputs.target}

    @pipeline
    def outer() -> None:
        inner()

    doc = outer().document()
    assert doc.jobs["inner"].inputs["folder"] == DataValue(type="uri_folder", path=str(project / "data"))
    assert doc.jobs["inner"].resolved.inputs["folder"].default is None
    assert outer().validate() == []
