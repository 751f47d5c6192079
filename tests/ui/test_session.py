"""The designer's editing session without NiceGUI: history, drafts, saving, problems, canvas graph."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from designer.spec import edit
from designer.spec.edit import EditRefused
from designer.ui.session import EditorSession, Live, OpenFailure, summarize
from designer.workspace import Workspace


@pytest.fixture
def ws(workspace_dir: Path) -> Workspace:
    return Workspace(workspace_dir)


def open_session(ws: Workspace, registry, rel: str = "demo.yml") -> EditorSession:
    session = EditorSession.open(ws, registry, rel)
    assert isinstance(session, EditorSession)
    return session


def test_undo_redo_and_dirty(ws, registry) -> None:
    s = open_session(ws, registry)
    assert not s.dirty and not s.can_undo
    s.apply(lambda: edit.set_input_value(s.document, "train", "epochs", 9))
    s.move([{"id": "make", "x": 5, "y": 6}])
    assert s.dirty and s.positions["make"] == (5.0, 6.0)
    assert s.undo() and s.positions["make"] != (5.0, 6.0)
    assert s.undo() and s.document.jobs["train"].inputs["epochs"] == 3
    assert not s.dirty and not s.undo()
    assert s.redo() and s.document.jobs["train"].inputs["epochs"] == 9
    assert s.dirty


def test_refused_edit_changes_nothing_and_adds_no_history(ws, registry) -> None:
    s = open_session(ws, registry)
    with pytest.raises(EditRefused):
        s.apply(lambda: edit.connect(s.document, "score", "scores", "train", "data"))
    assert not s.can_undo and not s.dirty


def test_rename_moves_the_position(ws, registry) -> None:
    s = open_session(ws, registry)
    where = s.positions["train"]
    s.rename("train", "fit")
    assert s.positions["fit"] == where and "train" not in s.positions
    assert "fit.model->score.model" in [e["id"] for e in s.graph()["edges"]]


def test_draft_survives_and_discarding_forgets_it(ws, registry) -> None:
    s = open_session(ws, registry)
    s.delete(["score"], [])
    s.write_draft()
    again = open_session(ws, registry)
    assert again.restore_draft()
    assert "score" not in again.document.jobs and again.dirty and again.can_undo
    again.undo()
    assert "score" in again.document.jobs
    again.delete_draft()
    assert not open_session(ws, registry).restore_draft()


def test_save_clears_the_draft(ws, registry) -> None:
    s = open_session(ws, registry)
    s.delete(["score"], [])
    s.write_draft()
    s.save()
    assert not s.draft_path().exists() and not s.dirty
    assert "score" not in yaml.safe_load((ws.root / "demo.yml").read_text())["jobs"]


def test_new_pipeline_needs_a_plain_new_name(ws, registry) -> None:
    s = EditorSession.new(ws, registry, "abc123")
    entry = registry.find("make_data")
    s.add_entry(entry, 0, 0)
    for bad, why in (("", "file name"), ("demo", "already exists"), ("sub/x", "plain file name"), ("a*b", "not a good")):
        with pytest.raises(EditRefused, match=why):
            s.save(bad)
    s.write_draft()
    assert s.draft_path().name == "new-abc123.json"
    path = s.save("fresh")
    assert path == ws.root / "fresh.yml" and s.rel == "fresh.yml"
    assert not (ws.state_dir / "drafts" / "new-abc123.json").exists()
    assert yaml.safe_load(path.read_text())["jobs"]["make_data"]["component"] == "./components/make_data.yml"


def test_open_refuses_what_is_not_a_pipeline(ws, registry) -> None:
    assert isinstance(EditorSession.open(ws, registry, "../outside.yml"), OpenFailure)
    failure = EditorSession.open(ws, registry, "components/toy_train.yml")
    assert isinstance(failure, OpenFailure) and "command component" in failure.message


def test_problems_land_on_nodes_and_fields(ws, registry) -> None:
    s = open_session(ws, registry)
    s.apply(lambda: edit.clear_input(s.document, "train", "data"))
    s.apply(lambda: s.document.jobs["train"].inputs.update(epochs=500))
    s.validate()
    by_job = s.problems_by_job()
    assert set(by_job) == {"train"}
    fields = s.field_problems("train")
    assert "above the maximum" in fields["epochs"]
    assert "required input 'data'" in fields["data"]
    node = next(n for n in s.graph()["nodes"] if n["id"] == "train")
    assert len(node["problems"]) == 2


def test_graph_shows_data_ports_only(ws, registry) -> None:
    s = open_session(ws, registry)
    train = next(n for n in s.graph()["nodes"] if n["id"] == "train")
    assert [p["name"] for p in train["inputs"]] == ["data"]
    assert train["inputs"][0]["bound"] is True
    assert [p["name"] for p in train["outputs"]] == ["model"]
    assert train["component"] == "toy_train:1" and train["category"] == "Toy Training"


def test_nested_view_and_live_states(ws, registry) -> None:
    s = open_session(ws, registry, "nested.yml")
    s.live = {"prep/make": Live("completed", 10.0, 1.0), "prep/train": Live("running", 11.0, None)}
    assert s.statuses()["prep"]["status"] == "running"
    assert s.open_nested("prep") and s.readonly
    assert s.statuses() == {"make": {"status": "completed", "started_at": 10.0, "duration_s": 1.0},
                            "train": {"status": "running", "started_at": 11.0, "duration_s": None}}
    assert s.view_job_for_step("prep/train") == "train"
    with pytest.raises(EditRefused, match="read-only"):
        s.delete(["make"], [])


def test_summarize() -> None:
    assert summarize([Live("cached", 1, 0.1), Live("cached", 2, 0.1)]).status == "cached"
    assert summarize([Live("completed", 1, 2), Live("cached", 2, 1)]).status == "completed"
    assert summarize([Live("completed", 1, 2), Live("failed", 2, 1)]).status == "failed"
    done = summarize([Live("completed", 1.0, 2.0), Live("completed", 4.0, 1.0)])
    assert done.started_at == 1.0 and done.duration_s == 4.0
