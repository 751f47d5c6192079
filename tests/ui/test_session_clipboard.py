"""Copy, paste, duplicate and rename on the editing session (the model side of the canvas's Ctrl+C,
Ctrl+V, Ctrl+D and its right-click Rename), with the toy workspace's demo pipeline:
make -> train -> score, make also feeding score, make.rows bound to the pipeline input rows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from designer.spec import edit
from designer.spec.edit import EditRefused
from designer.ui.session import EditorSession
from designer.workspace import Workspace


@pytest.fixture
def session(workspace_dir: Path, registry) -> EditorSession:
    opened = EditorSession.open(Workspace(workspace_dir), registry, "demo.yml")
    assert isinstance(opened, EditorSession)
    return opened


def saved(s: EditorSession) -> dict:
    return yaml.safe_load(s.saveable_text())


def test_paste_gives_fresh_names_and_keeps_only_the_wires_between_copied_steps(session: EditorSession) -> None:
    s = session
    s.apply(lambda: s.document.jobs["train"].inputs.__setitem__("epochs", 9))
    clip = s.copy(["train", "make"])
    names = s.paste(clip)
    assert names == ["make_2", "train_2"]  # pipeline order, numbered after the originals
    jobs = saved(s)["jobs"]
    assert jobs["train_2"]["inputs"] == {"data": "${{parent.jobs.make_2.outputs.data}}", "epochs": 9}
    assert jobs["make_2"]["inputs"] == {"rows": "${{parent.inputs.rows}}"}  # the pipeline input is kept
    assert jobs["make_2"]["component"] == jobs["make"]["component"]
    # the originals are untouched; score still reads from them only
    assert jobs["score"]["inputs"]["model"] == "${{parent.jobs.train.outputs.model}}"
    # a second paste is numbered on and lands further away, not on the first one
    again = s.paste(clip)
    assert again == ["make_3", "train_3"]
    assert s.positions["make_3"] != s.positions["make_2"]
    assert len({s.positions[n] for n in ("make", "make_2", "make_3")}) == 3


def test_a_wire_from_a_step_not_copied_is_not_pasted(session: EditorSession) -> None:
    s = session
    names = s.paste(s.copy(["score"]))
    assert names == ["score_2"]
    assert "inputs" not in saved(s)["jobs"]["score_2"]  # model and data came from steps not copied
    assert [e.id for e in edit.edges(s.document) if e.target == "score_2"] == []


def test_a_copy_is_not_changed_by_later_edits_and_one_undo_removes_a_paste(session: EditorSession) -> None:
    s = session
    clip = s.copy(["train"])
    s.apply(lambda: s.document.jobs["train"].inputs.__setitem__("epochs", 42))
    s.paste(clip, at=(500.0, 600.0))
    assert saved(s)["jobs"]["train_2"]["inputs"] == {"epochs": 3}
    assert s.positions["train_2"] == (500.0, 600.0)  # the pointer's place
    assert s.undo()
    assert "train_2" not in s.document.jobs and "train_2" not in s.positions
    assert s.document.jobs["train"].inputs["epochs"] == 42


def test_duplicate_of_a_renumbered_step_counts_on_from_its_base(session: EditorSession) -> None:
    s = session
    assert s.duplicate(["train"]) == ["train_2"]
    assert s.duplicate(["train_2"]) == ["train_3"]
    with pytest.raises(EditRefused, match="select the steps"):
        s.copy(["nothing"])


def test_paste_into_a_pipeline_in_another_folder_rebases_paths_and_drops_missing_inputs(
        session: EditorSession, workspace_dir: Path, registry) -> None:
    clip = session.copy(["make", "train"])
    sub = workspace_dir / "more"
    sub.mkdir()
    (sub / "other.yml").write_text(
        "$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json\n"
        "type: pipeline\nsettings:\n  default_compute: azureml:serverless\njobs: {}\n")
    other = EditorSession.open(Workspace(workspace_dir), registry, "more/other.yml")
    assert isinstance(other, EditorSession)
    assert other.paste(clip) == ["make", "train"]  # free names stay as they were
    jobs = saved(other)["jobs"]
    assert jobs["make"]["component"] == "../components/make_data.yml"
    assert "inputs" not in jobs["make"]  # other.yml has no input 'rows'
    assert jobs["train"]["inputs"]["data"] == "${{parent.jobs.make.outputs.data}}"
    assert other.validate() == []


def test_pasted_pipeline_saves_as_valid_azure_yaml(session: EditorSession) -> None:
    s = session
    s.paste(s.copy(["make", "train", "score"]))
    path = s.save()
    result = subprocess.run([sys.executable, "-m", "designer", "validate", str(path)],
                            capture_output=True, text=True, cwd=path.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    azure_ml = pytest.importorskip("azure.ai.ml", reason="azure-ai-ml is a test dependency")
    job = azure_ml.load_job(path)
    assert job._validate().passed
    assert sorted(job.jobs) == ["make", "make_2", "score", "score_2", "train", "train_2"]


def test_rename_step_sets_both_names_in_one_edit_and_refuses_in_words(session: EditorSession) -> None:
    s = session
    with pytest.raises(EditRefused, match="a step named 'make' already exists"):
        s.rename_step("train", "make", "Fit")
    with pytest.raises(EditRefused, match="not a valid step name"):
        s.rename_step("train", "Train Model!", "Fit")
    assert not s.can_undo and s.document.jobs["train"].display_name is None
    s.rename_step("train", "fit", "Fit the model")
    jobs = saved(s)["jobs"]
    assert jobs["fit"]["display_name"] == "Fit the model"
    assert jobs["score"]["inputs"]["model"] == "${{parent.jobs.fit.outputs.model}}"
    assert s.undo() and "train" in s.document.jobs and s.document.jobs["train"].display_name is None
