"""The pure editing operations of :mod:`designer.spec.edit`, saving (:mod:`~designer.spec.documents`) and the layout sidecar."""

from __future__ import annotations

from pathlib import Path

import pytest

from designer.spec import documents, edit, layout
from designer.spec.edit import EditRefused
from designer.spec.loader import load_document
from designer.spec.model import DataValue, PipelineJob
from designer.spec.validate import errors_of, validate_document


def _load(path: Path, registry) -> PipelineJob:
    loaded = load_document(path, registry)
    assert not errors_of(loaded.problems)
    doc = loaded.document
    assert isinstance(doc, PipelineJob)
    return doc


def _component(registry, name: str):
    entry = registry.find(name)
    assert entry is not None, name
    return entry


def _add(pipeline: PipelineJob, registry, name: str, file: Path) -> str:
    entry = _component(registry, name)
    ref = edit.component_ref(entry.source, entry.name, entry.version, entry.path, file)
    return edit.add_job(pipeline, entry.component, ref).name


@pytest.fixture
def blank(workspace_dir: Path) -> tuple[PipelineJob, Path]:
    file = workspace_dir / "new.yml"
    return documents.new_pipeline(file, "New one"), file


def test_add_job_names_are_unique_and_refs_relative(blank, registry):
    pipeline, file = blank
    assert _add(pipeline, registry, "toy_train", file) == "toy_train"
    assert _add(pipeline, registry, "toy_train", file) == "toy_train_2"
    assert _add(pipeline, registry, "toy_train", file) == "toy_train_3"
    job = pipeline.jobs["toy_train"]
    assert job.component is not None and job.component.raw == "./components/toy_train.yml"
    assert job.type == "command"


def test_component_ref_forms(workspace_dir: Path):
    file = workspace_dir / "sub" / "p.yml"
    assert edit.component_ref("builtin", "split_data", "1", Path("/x"), file) == "azureml:split_data:1"
    assert edit.component_ref("registered", "t", "3", Path("/x"), file) == "azureml:t:3"
    comp = workspace_dir / "components" / "make_data.yml"
    assert edit.component_ref("workspace", "make_data", "1", comp, file) == "../components/make_data.yml"


def test_connect_writes_binding(blank, registry):
    pipeline, file = blank
    make = _add(pipeline, registry, "make_data", file)
    train = _add(pipeline, registry, "toy_train", file)
    result = edit.connect(pipeline, make, "data", train, "data")
    assert result.replaced is None
    assert pipeline.jobs[train].inputs["data"] == "${{parent.jobs.make_data.outputs.data}}"
    assert [e.id for e in edit.edges(pipeline)] == ["make_data.data->toy_train.data"]


@pytest.mark.parametrize(
    ("source", "port", "target", "target_port", "reason"),
    [
        ("make_data", "report", "toy_train", "data", "takes a folder"),
        ("make_data", "data", "read_report", "report", "takes a single file"),
        ("make_data", "data", "toy_train", "epochs", "parameter"),
        ("make_data", "nope", "toy_train", "data", "has no output 'nope'"),
        ("make_data", "data", "toy_train", "dta", "did you mean 'data'"),
        ("make_data", "data", "ghost", "data", "no step 'ghost'"),
    ],
)
def test_connect_refuses_wrong_wiring(blank, registry, source, port, target, target_port, reason):
    pipeline, file = blank
    for name in ("make_data", "toy_train", "read_report"):
        _add(pipeline, registry, name, file)
    before = pipeline.to_dict()
    with pytest.raises(EditRefused, match=reason):
        edit.connect(pipeline, source, port, target, target_port)
    assert pipeline.to_dict() == before


def test_connect_refuses_a_cycle(workspace_dir: Path, registry):
    pipeline = _load(workspace_dir / "demo.yml", registry)
    # score reads train's model; feeding score's output back into train would loop
    with pytest.raises(EditRefused, match=r"loop \(train -> score -> train\)"):
        edit.connect(pipeline, "score", "scores", "train", "data")


def test_connect_replaces_bound_input(blank, registry):
    pipeline, file = blank
    a = _add(pipeline, registry, "make_data", file)
    b = _add(pipeline, registry, "make_data", file)
    train = _add(pipeline, registry, "toy_train", file)
    edit.connect(pipeline, a, "data", train, "data")
    result = edit.connect(pipeline, b, "data", train, "data")
    assert result.replaced == "${{parent.jobs.make_data.outputs.data}}"
    assert [e.source for e in edit.edges(pipeline)] == ["make_data_2"]


def test_replacing_the_only_edge_is_not_a_cycle(workspace_dir: Path, registry):
    pipeline = _load(workspace_dir / "demo.yml", registry)
    # score already reads make.data; rebinding the same input from make again is fine
    edit.connect(pipeline, "make", "data", "score", "data")


def test_disconnect(workspace_dir: Path, registry):
    pipeline = _load(workspace_dir / "demo.yml", registry)
    assert edit.disconnect(pipeline, "score", "data") == "${{parent.jobs.make.outputs.data}}"
    assert "data" not in pipeline.jobs["score"].inputs
    assert edit.disconnect(pipeline, "score", "data") is None


def test_delete_jobs_removes_bindings_to_them(workspace_dir: Path, registry):
    pipeline = _load(workspace_dir / "demo.yml", registry)
    unbound = edit.delete_jobs(pipeline, ["make"])
    assert sorted(unbound) == ["score.data", "train.data"]
    assert list(pipeline.jobs) == ["train", "score"]
    assert pipeline.jobs["score"].inputs["model"] == "${{parent.jobs.train.outputs.model}}"


def test_rename_rewrites_bindings_and_keeps_order(workspace_dir: Path, registry):
    pipeline = _load(workspace_dir / "demo.yml", registry)
    edit.rename_job(pipeline, "train", "fit")
    assert list(pipeline.jobs) == ["make", "fit", "score"]
    assert pipeline.jobs["score"].inputs["model"] == "${{parent.jobs.fit.outputs.model}}"
    assert validate_document(pipeline) == []
    with pytest.raises(EditRefused, match="already exists"):
        edit.rename_job(pipeline, "fit", "make")
    with pytest.raises(EditRefused, match=r"e\.g\. 'train_2'"):
        edit.rename_job(pipeline, "fit", "Train 2")


def test_set_parameter_validates(workspace_dir: Path, registry):
    pipeline = _load(workspace_dir / "demo.yml", registry)
    edit.set_input_value(pipeline, "train", "epochs", 7.0)
    assert pipeline.jobs["train"].inputs["epochs"] == 7
    assert isinstance(pipeline.jobs["train"].inputs["epochs"], int)
    with pytest.raises(EditRefused, match="above the maximum 100"):
        edit.set_input_value(pipeline, "train", "epochs", 500)
    with pytest.raises(EditRefused, match="not one of the allowed values"):
        edit.set_input_value(pipeline, "train", "solver", "newton")
    edit.set_input_value(pipeline, "train", "shuffle", "false")
    assert pipeline.jobs["train"].inputs["shuffle"] is False
    edit.set_input_value(pipeline, "train", "epochs", None)
    assert "epochs" not in pipeline.jobs["train"].inputs
    with pytest.raises(EditRefused, match="is uri_folder data"):
        edit.set_input_value(pipeline, "train", "data", "x")


def test_bind_to_path_and_pipeline_input(workspace_dir: Path, registry):
    pipeline = _load(workspace_dir / "demo.yml", registry)
    edit.bind_to_path(pipeline, "score", "data", workspace_dir / "data")
    value = pipeline.jobs["score"].inputs["data"]
    assert isinstance(value, DataValue) and value.path == "./data" and value.type == "uri_folder"
    with pytest.raises(EditRefused, match="is a file"):
        edit.bind_to_path(pipeline, "score", "data", workspace_dir / "data" / "rows.csv")
    edit.set_input_value(pipeline, "train", "epochs", None)
    edit.bind_to_pipeline_input(pipeline, "train", "epochs", "rows")
    assert pipeline.jobs["train"].inputs["epochs"] == "${{parent.inputs.rows}}"
    with pytest.raises(EditRefused, match="is a value"):
        edit.bind_to_pipeline_input(pipeline, "score", "data", "rows")


def test_promote_parameter_and_data_inputs(workspace_dir: Path, registry):
    pipeline = _load(workspace_dir / "demo.yml", registry)
    assert edit.promote_input(pipeline, "train", "epochs") == "epochs"
    assert pipeline.inputs["epochs"] == 3
    assert pipeline.jobs["train"].inputs["epochs"] == "${{parent.inputs.epochs}}"
    assert edit.promote_input(pipeline, "train", "solver") == "solver"
    assert pipeline.inputs["solver"] == "lbfgs"
    edit.disconnect(pipeline, "score", "data")
    name = edit.promote_input(pipeline, "score", "data")
    assert isinstance(pipeline.inputs[name], DataValue) and pipeline.inputs[name].type == "uri_folder"
    with pytest.raises(EditRefused, match="disconnect it"):
        edit.promote_input(pipeline, "score", "model")
    edit.set_pipeline_input(pipeline, "epochs", 9)
    with pytest.raises(EditRefused, match="step 'train'"):
        edit.set_pipeline_input(pipeline, "epochs", 1000)
    assert validate_document(pipeline) == []


def test_promote_output_and_settings(workspace_dir: Path, registry):
    pipeline = _load(workspace_dir / "demo.yml", registry)
    assert edit.promote_output(pipeline, "score", "scores") == "scores"
    assert pipeline.jobs["score"].outputs["scores"] == "${{parent.outputs.scores}}"
    edit.set_settings(pipeline, default_compute="gpu", continue_on_step_failure=True, force_rerun=False)
    assert pipeline.settings == {"default_compute": "azureml:gpu", "continue_on_step_failure": True}
    edit.set_compute(pipeline, "train", "gpu")
    assert pipeline.jobs["train"].compute == "azureml:gpu"
    edit.set_compute(pipeline, "train", None)
    assert pipeline.jobs["train"].compute is None
    edit.set_pipeline_info(pipeline, display_name="  ", description="About")
    assert pipeline.display_name is None and pipeline.description == "About"


def test_unedited_file_saves_unchanged(workspace_dir: Path, registry):
    path = workspace_dir / "demo.yml"
    before = path.read_text()
    pipeline = _load(path, registry)
    documents.save_document(path, pipeline)
    assert path.read_text().replace("'", "") == before.replace("'", "")


def test_only_the_edit_changes(workspace_dir: Path, registry):
    path = workspace_dir / "demo.yml"
    before = path.read_text().replace("'", "").splitlines()
    pipeline = _load(path, registry)
    edit.set_input_value(pipeline, "train", "epochs", 4)
    documents.save_document(path, pipeline)
    after = path.read_text().replace("'", "").splitlines()
    assert [line for line in after if line not in before] == ["      epochs: 4"]
    assert [line for line in before if line not in after] == ["      epochs: 3"]


def test_save_load_round_trip_with_layout(blank, registry):
    pipeline, file = blank
    make = _add(pipeline, registry, "make_data", file)
    train = _add(pipeline, registry, "toy_train", file)
    edit.connect(pipeline, make, "data", train, "data")
    edit.set_input_value(pipeline, train, "solver", "sgd")
    positions = layout.complete_layout(pipeline, {make: (10.0, 20.0)})
    assert positions[make] == (10.0, 20.0) and train in positions
    documents.save_document(file, pipeline, positions)
    again = _load(file, registry)
    assert again.to_dict() == pipeline.to_dict()
    assert layout.read_layout(file) == positions
    assert again.settings["default_compute"] == "azureml:serverless"
    assert file.read_text().startswith("$schema: https://azuremlschemas")


def test_snapshot_round_trip(workspace_dir: Path, registry):
    pipeline = _load(workspace_dir / "demo.yml", registry)
    snapshot = pipeline.to_dict()
    edit.delete_jobs(pipeline, ["train"])
    restored = documents.document_from_dict(snapshot, workspace_dir / "demo.yml", registry)
    assert restored.document.to_dict() == snapshot
    assert not errors_of(restored.problems)


def test_layout_sidecar_tolerates_garbage(workspace_dir: Path, registry):
    path = workspace_dir / "demo.yml"
    layout.layout_path(path).write_text("{not json")
    assert layout.read_layout(path) == {}
    pipeline = _load(path, registry)
    positions = layout.complete_layout(pipeline, {})
    assert set(positions) == {"make", "train", "score"}
    assert positions["make"][0] < positions["train"][0] < positions["score"][0]


def test_saved_file_loads_with_azure_sdk(blank, registry):
    azure_ml = pytest.importorskip("azure.ai.ml")
    pipeline, file = blank
    make = _add(pipeline, registry, "make_data", file)
    train = _add(pipeline, registry, "toy_train", file)
    report = _add(pipeline, registry, "read_report", file)
    edit.connect(pipeline, make, "data", train, "data")
    edit.connect(pipeline, make, "report", report, "report")
    edit.set_input_value(pipeline, train, "epochs", 12)
    edit.promote_input(pipeline, train, "solver")
    edit.promote_output(pipeline, train, "model")
    edit.set_compute(pipeline, report, "cpu")
    documents.save_document(file, pipeline)
    job = azure_ml.load_job(str(file))
    result = job._validate()
    assert result.passed, result.error_messages
