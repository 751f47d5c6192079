"""Page logic with NiceGUI's simulated user (no browser): home, the designer's intents and panel, runs.

The canvas is driven by triggering the events it would send (``add_node``, ``connect``, ...), which
is exactly the contract between the element and the page.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from nicegui import core, ui
from nicegui.functions.download import download
from nicegui.functions.navigate import Navigate
from nicegui.functions.notify import notify
from nicegui.testing import User
from nicegui.testing.general import nicegui_reset_globals

from designer.ui.app import create_app
from designer.ui.canvas import PipelineCanvas
from designer.ui.context import AppContext


@asynccontextmanager
async def simulated(workspace: Path, *, services: bool = False) -> AsyncIterator[tuple[User, AppContext]]:
    """The designer app for ``workspace`` with a simulated user (NiceGUI's ``user_simulation``, but
    built by our factory)."""
    with nicegui_reset_globals():
        os.environ["NICEGUI_USER_SIMULATION"] = "true"
        try:
            ctx = create_app(workspace, services=services)
            ui.run(storage_secret="simulated secret", show_welcome_message=False)
            async with core.app.router.lifespan_context(core.app), httpx.AsyncClient(
                    transport=httpx.ASGITransport(core.app), base_url="http://test") as client:
                yield User(client), ctx
        finally:
            os.environ.pop("NICEGUI_USER_SIMULATION", None)
            ui.navigate = Navigate()
            ui.notify = notify
            ui.download = download


def canvas(user: User) -> PipelineCanvas:
    found = user.find(PipelineCanvas).elements
    assert len(found) == 1
    return next(iter(found))


def nodes(c: PipelineCanvas) -> dict[str, dict[str, Any]]:
    return {n["id"]: n for n in c.graph["nodes"]}


def field(user: User, kind: type, label: str) -> Any:
    """The form field of ``kind`` whose label is ``label``."""
    matches = [e for e in user.find(kind).elements if e.props.get("label") == label]
    assert len(matches) == 1, [e.props.get("label") for e in user.find(kind).elements]
    return matches[0]


def click(user: User, testid: str) -> None:
    """Click the element with ``data-testid=testid``."""
    from nicegui.testing.user_interaction import UserInteraction

    matches = {e for e in user.find(ui.element).elements if e.props.get("data-testid") == testid}
    assert len(matches) == 1, testid
    UserInteraction(user, matches, None).click()


async def settle(seconds: float = 0.1) -> None:
    await asyncio.sleep(seconds)


@pytest.mark.asyncio
async def test_home_lists_the_workspace(workspace_dir: Path) -> None:
    async with simulated(workspace_dir) as (user, _ctx):
        await user.open("/")
        await user.should_see("Your pipelines")
        await user.should_see("Demo pipeline")
        await user.should_see("Nested pipeline")
        await user.should_see("Start from a template")


@pytest.mark.asyncio
async def test_designer_intents_edit_the_pipeline(workspace_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a refused wire is said at the port it was dropped on (in the browser); record what is said there
    said: list[str] = []
    monkeypatch.setattr(PipelineCanvas, "show_refusal", lambda self, job, port, text: said.append(f"{job}.{port}: {text}"))
    async with simulated(workspace_dir) as (user, _ctx):
        await user.open("/designer?file=demo.yml")
        c = canvas(user)
        assert set(nodes(c)) == {"make", "train", "score"}
        assert len(c.graph["edges"]) == 3

        user.find(PipelineCanvas).trigger("add_node", {"component": "read_report", "version": "1", "x": 10, "y": 400})
        assert "read_report" in nodes(c)
        assert nodes(c)["read_report"]["x"] == 10

        # wrong wiring is refused with the reason; the graph does not change
        user.find(PipelineCanvas).trigger("connect", {"source": "make", "source_port": "data",
                                                      "target": "read_report", "target_port": "report"})
        assert said and said[-1].startswith("read_report.report: ") and "takes a single file" in said[-1], said
        assert len(c.graph["edges"]) == 3
        user.find(PipelineCanvas).trigger("connect", {"source": "make", "source_port": "report",
                                                      "target": "read_report", "target_port": "report"})
        assert len(c.graph["edges"]) == 4

        # a cycle is refused too
        user.find(PipelineCanvas).trigger("connect", {"source": "score", "source_port": "scores",
                                                      "target": "train", "target_port": "data"})
        assert "loop" in said[-1], said

        user.find(PipelineCanvas).trigger("undo")
        assert len(c.graph["edges"]) == 3
        user.find(PipelineCanvas).trigger("redo")
        assert len(c.graph["edges"]) == 4

        user.find(PipelineCanvas).trigger("delete", {"nodes": ["make"], "edges": []})
        assert set(nodes(c)) == {"train", "score", "read_report"}
        assert c.graph["edges"] == [{"id": "train.model->score.model", "source": "train", "source_port": "model",
                                     "target": "score", "target_port": "model"}]
        user.find(PipelineCanvas).trigger("undo")
        assert "make" in nodes(c)


@pytest.mark.asyncio
async def test_selecting_a_step_shows_its_form(workspace_dir: Path) -> None:
    async with simulated(workspace_dir) as (user, _ctx):
        await user.open("/designer?file=demo.yml")
        user.find(PipelineCanvas).trigger("select", {"id": "train"})
        await user.should_see("Train Model")
        await user.should_see("Pretends to train a model on a folder of rows.")
        await user.should_see("from make · data")
        assert field(user, ui.number, "epochs").value == 3
        solver = field(user, ui.select, "solver")
        solver.set_value("sgd")
        await settle()
        user.find(PipelineCanvas).trigger("select", {"id": None})
        await user.should_see("Pipeline inputs")
        click(user, "save-button")
        await settle(0.3)
        saved = yaml.safe_load((workspace_dir / "demo.yml").read_text())
        assert saved["jobs"]["train"]["inputs"]["solver"] == "sgd"


@pytest.mark.asyncio
async def test_nested_pipeline_is_shown_read_only(workspace_dir: Path) -> None:
    async with simulated(workspace_dir) as (user, _ctx):
        await user.open("/designer?file=nested.yml")
        c = canvas(user)
        assert nodes(c)["prep"]["kind"] == "pipeline"
        user.find(PipelineCanvas).trigger("open", {"id": "prep"})
        assert set(nodes(c)) == {"make", "train"}
        assert c.props["readonly"] is True
        await user.should_see("read-only")
        user.find(PipelineCanvas).trigger("delete", {"nodes": ["make"], "edges": []})
        assert set(nodes(c)) == {"make", "train"}


@pytest.mark.asyncio
async def test_files_that_cannot_open_say_why(workspace_dir: Path) -> None:
    (workspace_dir / "broken.yml").write_text("type: pipeline\njobs: [\n")
    async with simulated(workspace_dir) as (user, _ctx):
        await user.open("/designer?file=missing.yml")
        await user.should_see("'missing.yml' does not exist in the workspace.")
        await user.open("/designer?file=broken.yml")
        await user.should_see("Cannot open broken.yml")
        await user.should_see("The file cannot be read as a pipeline.")
        await user.open("/designer?file=components/toy_train.yml")
        await user.should_see("is a command component, not a pipeline job")


@pytest.mark.asyncio
async def test_validate_reports_problems_on_nodes(workspace_dir: Path) -> None:
    (workspace_dir / "incomplete.yml").write_text(
        "type: pipeline\njobs:\n  train:\n    component: ./components/toy_train.yml\n")
    async with simulated(workspace_dir) as (user, _ctx):
        await user.open("/designer?file=incomplete.yml")
        c = canvas(user)
        assert any("required input 'data'" in p for p in nodes(c)["train"]["problems"])
        click(user, "validate-button")
        await settle(0.3)
        assert user.notify.contains("1 problem to fix before running")


@pytest.mark.asyncio
async def test_run_pushes_states_to_the_canvas(workspace_dir: Path) -> None:
    async with simulated(workspace_dir, services=True) as (user, ctx):
        await user.open("/designer?file=demo.yml")
        c = canvas(user)
        click(user, "run-button")
        for _ in range(200):
            await settle(0.05)
            runs = list(ctx.hub.runs.values())
            if runs and runs[-1].done:
                break
        assert runs[-1].state == "completed"
        assert {n["status"] for n in c.graph["nodes"]} == {"completed"}
        await user.should_see("Completed")
        ctx.close()


@pytest.mark.asyncio
async def test_an_unexpected_error_shows_a_sentence_not_a_traceback(workspace_dir: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from designer.ui.session import EditorSession

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("internal detail <object at 0x7f>")

    monkeypatch.setattr(EditorSession, "open", broken)
    async with simulated(workspace_dir) as (user, _ctx):
        response = await user.http_client.get("/designer?file=demo.yml")
        assert response.status_code == 500
        assert "This page could not be shown" in response.text
        assert "internal detail" not in response.text and "Traceback" not in response.text
