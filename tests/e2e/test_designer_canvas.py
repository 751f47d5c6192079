"""The designer page in a real Chromium: build a pipeline from the palette, wire it, refuse bad wiring,
set a parameter, save and reload, undo/redo, nested pipelines, drafts and broken files.

One ``designer ui`` server (a copy of ``tests/ui/toy_workspace``) serves the whole module; each test
works on its own file.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(designer_server: Any) -> Any:
    return designer_server()


def open_designer(page: Any, url: str, count: int | None = None) -> None:
    """Open ``url`` and wait until the canvas shows ``count`` cards (all laid out)."""
    page.goto(url)
    page.wait_for_selector("[data-testid=canvas], [data-testid=open-failure]", timeout=20_000)
    if count is not None:
        wait_nodes(page, count)


def wait_nodes(page: Any, count: int, timeout: float = 10_000) -> None:
    page.wait_for_function(
        """count => {
            const nodes = document.querySelectorAll('.vue-flow__node');
            return nodes.length === count && [...nodes].every(n => n.style.visibility === 'visible');
        }""",
        arg=count,
        timeout=timeout,
    )


def node(page: Any, job: str) -> Any:
    return page.locator(f'[data-testid=node][data-job="{job}"]')


def handle(page: Any, job: str, port: str, direction: str) -> Any:
    return page.locator(f'[data-job="{job}"] [data-port="{port}"][data-direction="{direction}"]')


def drop(page: Any, component: str, x: float, y: float) -> None:
    """Drag palette entry ``component`` onto the canvas at (x, y), fractions of the pane's size."""
    page.get_by_test_id("palette-search").fill(component)
    pane = page.locator(".vue-flow__pane")
    box = pane.bounding_box()
    item = page.locator(f'[data-testid=palette-item][data-component="{component}"]')
    item.drag_to(pane, target_position={"x": box["width"] * x, "y": box["height"] * y})
    page.get_by_test_id("palette-search").fill("")


def connect(page: Any, source: str, source_port: str, target: str, target_port: str) -> None:
    a = handle(page, source, source_port, "out").bounding_box()
    b = handle(page, target, target_port, "in").bounding_box()
    page.mouse.move(a["x"] + a["width"] / 2, a["y"] + a["height"] / 2)
    page.mouse.down()
    page.mouse.move(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2, steps=12)
    page.mouse.up()


def field(page: Any, testid: str) -> Any:
    """The text box of a form field (Quasar puts the test id on the native input, or around it)."""
    return page.locator(f'input[data-testid="{testid}"], [data-testid="{testid}"] input').first


def edges(page: Any) -> int:
    return page.locator(".vue-flow__edge").count()


def wait_for(predicate: Any, timeout: float = 5.0, message: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {message}")


def test_build_wire_refuse_set_save_reload(page: Any, server: Any) -> None:
    open_designer(page, f"{server.url}/designer", 0)
    drop(page, "make_data", 0.2, 0.3)
    wait_nodes(page, 1)
    drop(page, "toy_train", 0.6, 0.3)
    wait_nodes(page, 2)
    drop(page, "read_report", 0.6, 0.75)
    wait_nodes(page, 3)
    assert [node(page, j).count() for j in ("make_data", "toy_train", "read_report")] == [1, 1, 1]

    connect(page, "make_data", "data", "toy_train", "data")
    wait_for(lambda: edges(page) == 1, message="the new edge")

    # a folder cannot feed a single-file input: refused, with the reason on screen, and no edge
    connect(page, "make_data", "data", "read_report", "report")
    refusal = page.get_by_test_id("wire-refusal").filter(has_text="takes a single file")  # at the port
    refusal.wait_for(timeout=5000)
    assert edges(page) == 1

    node(page, "toy_train").click()
    page.get_by_test_id("panel-title").filter(has_text="Train Model").wait_for()
    epochs = field(page, "param-epochs")
    epochs.fill("500")  # above the maximum: the field says so and nothing is set
    page.get_by_text("above the maximum").first.wait_for()
    epochs.fill("7")
    epochs.press("Enter")

    page.get_by_test_id("save-button").click()
    field(page, "save-name").fill("built")
    page.get_by_test_id("save-confirm").click()
    page.wait_for_url(re.compile(r"file=built\.yml"))
    saved = yaml.safe_load((server.workspace / "built.yml").read_text())
    assert saved["jobs"]["toy_train"]["inputs"] == {
        "data": "${{parent.jobs.make_data.outputs.data}}", "epochs": 7}
    assert saved["jobs"]["make_data"]["component"] == "./components/make_data.yml"
    assert saved["settings"]["default_compute"] == "azureml:serverless"
    assert (server.workspace / "built.layout.json").is_file()

    page.reload()
    wait_nodes(page, 3)
    assert edges(page) == 1
    node(page, "toy_train").click()
    assert field(page, "param-epochs").input_value() == "7"
    assert page.js_errors == []


def test_undo_redo_from_toolbar_and_keyboard(page: Any, server: Any) -> None:
    (server.workspace / "undo.yml").write_text((server.workspace / "demo.yml").read_text())
    open_designer(page, f"{server.url}/designer?file=undo.yml", 3)
    node(page, "score").click()
    page.get_by_test_id("delete-button").click()
    wait_nodes(page, 2)
    page.get_by_test_id("undo-button").click()
    wait_nodes(page, 3)
    page.get_by_test_id("redo-button").click()
    wait_nodes(page, 2)
    page.locator(".vue-flow__pane").click(position={"x": 40, "y": 40})
    page.keyboard.press("Control+z")
    wait_nodes(page, 3)
    page.keyboard.press("Control+Shift+z")
    wait_nodes(page, 2)
    assert page.js_errors == []


def test_unsaved_changes_survive_a_reload(page: Any, server: Any) -> None:
    (server.workspace / "draft.yml").write_text((server.workspace / "demo.yml").read_text())
    open_designer(page, f"{server.url}/designer?file=draft.yml", 3)
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))  # "leave the page?"
    node(page, "score").click()
    page.get_by_test_id("delete-button").click()
    wait_nodes(page, 2)
    time.sleep(1.0)  # the draft is written shortly after the edit
    page.reload()
    wait_nodes(page, 2)
    assert asked == ["beforeunload"]
    page.get_by_test_id("draft-banner").wait_for()
    assert "score" in yaml.safe_load((server.workspace / "draft.yml").read_text())["jobs"]
    page.get_by_test_id("discard-draft").click()
    wait_nodes(page, 3)
    assert page.get_by_test_id("draft-banner").count() == 0 or not page.get_by_test_id("draft-banner").is_visible()


def test_nested_pipeline_opens_and_comes_back(page: Any, server: Any) -> None:
    open_designer(page, f"{server.url}/designer?file=nested.yml", 2)
    assert node(page, "prep").count() == 1
    node(page, "prep").dblclick()
    wait_for(lambda: node(page, "make").count() == 1 and node(page, "train").count() == 1,
             message="the inner steps")
    wait_nodes(page, 2)
    crumbs = page.get_by_test_id("crumb")
    assert crumbs.all_inner_texts() == ["Nested pipeline", "prep"]
    assert page.get_by_test_id("palette").count() == 0  # read-only inside
    crumbs.first.click()
    wait_for(lambda: node(page, "score").count() == 1, message="the top level again")
    assert page.get_by_test_id("crumb").all_inner_texts() == ["Nested pipeline"]


def test_broken_files_show_their_problems(page: Any, server: Any) -> None:
    (server.workspace / "syntax.yml").write_text("type: pipeline\njobs:\n  a: [unclosed\n")
    open_designer(page, f"{server.url}/designer?file=syntax.yml")
    failure = page.get_by_test_id("open-failure")
    failure.wait_for()
    assert "YAML syntax error" in failure.inner_text()
    assert "Traceback" not in page.content()

    (server.workspace / "unknown.yml").write_text(
        "type: pipeline\njobs:\n  a:\n    component: azureml:no_such_component:1\n")
    open_designer(page, f"{server.url}/designer?file=unknown.yml", 1)
    problems = page.get_by_test_id("problem")
    problems.first.wait_for()
    assert "unknown component 'no_such_component'" in problems.first.inner_text().lower()
    assert "has-problems" in (node(page, "a").get_attribute("class") or "")

    open_designer(page, f"{server.url}/designer?file=../../etc/passwd")
    assert "outside the workspace" in page.get_by_test_id("open-failure").inner_text()
