"""The canvas element in a real Chromium: palette, drag and drop, wiring, keyboard, live states, speed.

The app under test is tests/e2e/canvas_app.py; it shows every event the canvas sends as a JSON list
in ``[data-testid=event-log]``.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

APP = Path(__file__).with_name("canvas_app.py")
NODE_WIDTH = 220
# Waits for the browser scale with DESIGNER_E2E_SLOWDOWN on a slow or shared machine (no test here
# asserts a speed: that is measured in tests/bench).
SLOWDOWN = float(os.environ.get("DESIGNER_E2E_SLOWDOWN", "1"))


@pytest.fixture(scope="module")
def app_url(serve_script: Any) -> str:
    return serve_script(APP)


def open_canvas(page: Any, url: str, query: str = "", count: int = 3) -> None:
    page.goto(f"{url}/{query}")
    page.wait_for_function(
        """count => {
            const nodes = document.querySelectorAll('.vue-flow__node');
            return nodes.length === count && [...nodes].every(n => n.style.visibility === 'visible');
        }""",
        arg=count,
        timeout=15_000,
    )


def events(page: Any) -> list[dict[str, Any]]:
    return json.loads(page.get_by_test_id("event-log").text_content() or "[]")


def wait_event(page: Any, name: str, after: int = 0, timeout: float = 10.0 * SLOWDOWN) -> Any:
    """Return the args of the first ``name`` event past the first ``after`` events."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for event in events(page)[after:]:
            if event["event"] == name:
                return event["args"]
        time.sleep(0.05)
    raise AssertionError(f"no {name!r} event; got {events(page)[after:]}")


def flow_point(page: Any, client_x: float, client_y: float) -> tuple[float, float]:
    """Convert a point on the screen to flow coordinates from the viewport's transform."""
    return page.evaluate(
        """([x, y]) => {
            const pane = document.querySelector('.vue-flow');
            const box = pane.getBoundingClientRect();
            const m = new DOMMatrixReadOnly(
                getComputedStyle(document.querySelector('.vue-flow__transformationpane')).transform);
            return [(x - box.left - m.e) / m.a, (y - box.top - m.f) / m.d];
        }""",
        [client_x, client_y],
    )


def handle(page: Any, job: str, port: str, direction: str) -> Any:
    return page.locator(f'[data-job="{job}"] [data-port="{port}"][data-direction="{direction}"]')


def test_palette_renders_and_search_filters(page: Any, app_url: str) -> None:
    open_canvas(page, app_url)
    items = page.get_by_test_id("palette-item")
    assert items.count() == 6
    assert (
        page.locator('[data-testid=palette-item][data-component="split_data"]')
        .inner_text()
        .count("Split Data")
    )

    search = page.get_by_test_id("palette-search")
    search.fill("split")
    assert [items.nth(i).get_attribute("data-component") for i in range(items.count())] == ["split_data"]
    search.fill("confusion matrix")  # matches the description only
    assert items.count() == 1
    assert items.first.get_attribute("data-component") == "evaluate_model"
    search.fill("no such thing")
    assert items.count() == 0
    search.fill("")
    assert items.count() == 6

    page.locator('[data-testid=palette-category][data-category="Training"]').click()
    assert not page.locator('[data-component="train_classifier"]').is_visible()
    page.locator('[data-testid=palette-category][data-category="Training"]').click()
    assert page.locator('[data-component="train_classifier"]').is_visible()
    assert page.js_errors == []


def test_dropping_a_palette_entry_emits_add_node_in_flow_coordinates(page: Any, app_url: str) -> None:
    open_canvas(page, app_url)
    pane = page.locator(".vue-flow__pane")
    box = pane.bounding_box()
    target = {"x": box["width"] * 0.5, "y": box["height"] - 120}  # below the three cards
    before = len(events(page))

    page.locator('[data-testid=palette-item][data-component="normalize"]').drag_to(
        pane, target_position=target
    )

    args = wait_event(page, "add_node", before)
    flow_x, flow_y = flow_point(page, box["x"] + target["x"], box["y"] + target["y"])
    assert args["component"] == "normalize"
    assert args["version"] == "1"
    # The drop point snaps to the canvas's 10 px grid.
    assert args["x"] == pytest.approx(flow_x - NODE_WIDTH / 2, abs=5)
    assert args["y"] == pytest.approx(flow_y - 20, abs=5)
    # Python decides: the canvas did not add a card by itself.
    assert page.get_by_test_id("node").count() == 3


def test_dragging_output_to_input_emits_connect(page: Any, app_url: str) -> None:
    open_canvas(page, app_url)
    source = handle(page, "split", "train", "out").bounding_box()
    target = handle(page, "train", "training_data", "in").bounding_box()
    before = len(events(page))

    page.mouse.move(source["x"] + source["width"] / 2, source["y"] + source["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"] + target["width"] / 2, target["y"] + target["height"] / 2, steps=12)
    page.mouse.up()

    assert wait_event(page, "connect", before) == {
        "source": "split",
        "source_port": "train",
        "target": "train",
        "target_port": "training_data",
    }
    assert page.locator(".vue-flow__edge").count() == 1  # the canvas did not add the edge itself


def test_python_answers_intents_with_a_new_graph(page: Any, app_url: str) -> None:
    """The whole loop: drop -> add_node -> Python adds the job -> the card appears where it was dropped
    and can be wired at once."""
    open_canvas(page, app_url, "?accept=1")
    pane = page.locator(".vue-flow__pane")
    box = pane.bounding_box()
    target = {"x": box["width"] * 0.5, "y": box["height"] - 120}
    page.locator('[data-testid=palette-item][data-component="normalize"]').drag_to(
        pane, target_position=target
    )

    card = page.locator('[data-testid=node][data-job="normalize_3"]')
    card.wait_for()
    card_box = card.bounding_box()
    assert card_box["x"] + card_box["width"] / 2 == pytest.approx(box["x"] + target["x"], abs=15)
    assert page.get_by_test_id("node").count() == 4

    source = handle(page, "load", "table", "out").bounding_box()
    target_handle = handle(page, "normalize_3", "data", "in").bounding_box()
    page.mouse.move(source["x"] + source["width"] / 2, source["y"] + source["height"] / 2)
    page.mouse.down()
    page.mouse.move(target_handle["x"] + 6, target_handle["y"] + 6, steps=12)
    page.mouse.up()
    page.wait_for_function("() => document.querySelectorAll('.vue-flow__edge').length === 2")
    assert page.js_errors == []


def test_ports_carry_their_names_and_directions(page: Any, app_url: str) -> None:
    open_canvas(page, app_url)
    split = page.locator('[data-testid=node][data-job="split"]')
    assert split.get_attribute("data-status") == "idle"
    ports = split.locator("[data-port]")
    found = {
        (ports.nth(i).get_attribute("data-port"), ports.nth(i).get_attribute("data-direction"))
        for i in range(ports.count())
    }
    assert found == {("data", "in"), ("ratio", "in"), ("train", "out"), ("test", "out")}


def test_set_statuses_changes_the_node_state(page: Any, app_url: str) -> None:
    open_canvas(page, app_url)
    node = page.locator('[data-testid=node][data-job="train"]')
    assert node.get_attribute("data-status") == "idle"

    page.get_by_test_id("set-running").click()

    page.wait_for_selector('[data-testid=node][data-job="train"][data-status="running"]', timeout=2000)
    assert "Running" in node.inner_text()
    assert re.search(r"\b4[1-4] s\b", node.inner_text())  # started 42 s before the click
    # Other cards keep their state.
    assert page.locator('[data-job="load"]').get_attribute("data-status") == "idle"


def test_click_selects_and_delete_emits_delete(page: Any, app_url: str) -> None:
    open_canvas(page, app_url)
    before = len(events(page))
    page.locator('[data-job="load"] .pc-node__title').click()
    assert wait_event(page, "select", before) == {"id": "load"}

    page.keyboard.press("Delete")
    assert wait_event(page, "delete", before) == {"nodes": ["load"], "edges": []}
    assert page.get_by_test_id("node").count() == 3  # Python decides

    # Backspace while typing in the search box edits the text, nothing else.
    before = len(events(page))
    page.get_by_test_id("palette-search").fill("ab")
    page.get_by_test_id("palette-search").press("Backspace")
    page.get_by_test_id("palette-search").press("Control+z")
    time.sleep(0.3)
    assert [e["event"] for e in events(page)[before:]] == []

    page.locator(".vue-flow__pane").click(position={"x": 40, "y": 40})
    assert wait_event(page, "select", before) == {"id": None}


def test_keyboard_undo_and_redo(page: Any, app_url: str) -> None:
    open_canvas(page, app_url)
    page.locator(".vue-flow__pane").click(position={"x": 40, "y": 40})
    before = len(events(page))
    page.keyboard.press("Control+z")
    wait_event(page, "undo", before)
    page.keyboard.press("Control+Shift+z")
    wait_event(page, "redo", before)
    after_first_redo = len(events(page))
    page.keyboard.press("Control+y")
    wait_event(page, "redo", after_first_redo)


def test_drag_emits_move_and_double_click_emits_open(page: Any, app_url: str) -> None:
    open_canvas(page, app_url)
    title = page.locator('[data-job="train"] .pc-node__title').bounding_box()
    x, y = title["x"] + 20, title["y"] + 5
    before = len(events(page))
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y + 80, steps=8)
    page.mouse.up()
    moves = wait_event(page, "move", before)["moves"]
    assert [m["id"] for m in moves] == ["train"]
    assert moves[0]["y"] > 0  # started at y=0 in the graph

    title = page.locator('[data-job="split"] .pc-node__title')
    title.dblclick()
    try:
        opened = wait_event(page, "open", before, timeout=5.0 * SLOWDOWN)
    except AssertionError:
        # Seen once in CI: the double-click right after a drag reached the card as two selects; a person
        # double-clicks again. Known flake, to be found (see the closing note), not a change of contract.
        title.dblclick()
        opened = wait_event(page, "open", before)
    assert opened == {"id": "split"}


def test_readonly_has_no_palette_and_still_selects(page: Any, app_url: str) -> None:
    open_canvas(page, app_url, "?readonly=1")
    assert page.get_by_test_id("palette-item").count() == 0
    before = len(events(page))
    page.locator('[data-job="split"] .pc-node__title').click()
    assert wait_event(page, "select", before) == {"id": "split"}
    page.keyboard.press("Delete")
    page.keyboard.press("Control+z")
    time.sleep(0.3)
    assert [e["event"] for e in events(page)[before:]] == ["select"]


RENDER_300 = """() => new Promise(resolve => {
    const check = () => {
        const nodes = document.querySelectorAll('.vue-flow__node');
        if (nodes.length === 300 && [...nodes].every(n => n.style.visibility === 'visible')) {
            resolve(performance.now());
        } else {
            requestAnimationFrame(check);
        }
    };
    check();
})"""


def test_300_nodes_render_select_and_take_state_changes(page: Any, app_url: str) -> None:
    # How fast is measured in tests/bench/bench_canvas.py (budgets in DESIGN.md); this checks that a
    # 300-node graph renders whole, stays interactive, and shows state changes from Python.
    page.set_default_timeout(120_000 * SLOWDOWN)  # a shared machine: waits, not speed, are at stake
    page.goto(f"{app_url}/?nodes=300")
    page.evaluate(RENDER_300)
    before = len(events(page))
    page.locator('[data-job="step_0"] .pc-node__title').click()
    assert wait_event(page, "select", before, timeout=60.0 * SLOWDOWN) == {"id": "step_0"}
    page.get_by_test_id("set-one-running").click()
    page.wait_for_function("() => document.querySelector('[data-job=\"step_1\"]').dataset.status === 'running'",
                           timeout=60_000 * SLOWDOWN)
    page.get_by_test_id("set-all-queued").click()
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=node][data-status=queued]').length === 300",
        timeout=60_000 * SLOWDOWN,
    )
    assert page.js_errors == []


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_screenshot_with_run_states(page: Any, app_url: str, dark: bool, tmp_path: Path) -> None:
    open_canvas(page, app_url, f"?demo=1&dark={int(dark)}", count=6)
    page.get_by_test_id("set-demo").click()
    page.wait_for_selector('[data-job="evaluate"][data-status="failed"]')
    states = {
        job: page.locator(f'[data-testid=node][data-job="{job}"]').get_attribute("data-status")
        for job in ("load", "split", "train", "evaluate")
    }
    assert states == {"load": "cached", "split": "completed", "train": "running", "evaluate": "failed"}
    assert page.locator('[data-job="train"] .pc-spinner').count() == 1
    assert "Reused" in page.locator('[data-job="load"]').inner_text()
    # The card with problems lists them.
    assert "needs a value" in (page.locator('[data-job="evaluate"] .pc-node__problems').text_content() or "")
    # Edges into the running card are animated.
    animated = page.evaluate("""() => [...document.querySelectorAll('.vue-flow__edge-path')]
        .filter(p => getComputedStyle(p).animationName === 'dashdraw').length""")
    assert animated == 1

    folder = Path(os.environ.get("DESIGNER_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"canvas-{'dark' if dark else 'light'}.png"))
    assert page.js_errors == []


def test_right_click_menu_runs_a_step_or_from_it_or_deletes(page: Any, app_url: str) -> None:
    open_canvas(page, app_url)
    for action, label in (("rename", "Rename…"), ("duplicate", "Duplicate"), ("promote", "Make pipeline input…"),
                          ("run_only", "Run this step"), ("run_from", "Run from here"), ("delete", "Delete")):
        before = len(events(page))
        page.locator('[data-job="split"] .pc-node__title').click(button="right")
        menu = page.get_by_test_id("node-menu")
        menu.wait_for()
        assert menu.get_attribute("data-job") == "split"
        assert [b.locator(".pc-menu__label").inner_text().strip() for b in menu.locator("[data-action]").all()] == [
            "Rename…", "Duplicate", "Make pipeline input…", "Preview output", "Run this step", "Run from here",
            "Delete"]
        item = menu.locator(f'[data-action="{action}"]')
        assert item.locator(".pc-menu__label").inner_text().strip() == label
        item.click()
        sent = {"job": "split", "action": action}
        if action in ("duplicate", "delete"):  # these act on the selection the card is part of
            sent["nodes"] = ["split"]
        assert wait_event(page, "node_action", before) == sent
        assert page.get_by_test_id("node-menu").count() == 0
    # Escape and a click on the empty canvas close it without an action.
    before = len(events(page))
    page.locator('[data-job="load"] .pc-node__title').click(button="right")
    page.get_by_test_id("node-menu").wait_for()
    page.keyboard.press("Escape")
    assert page.get_by_test_id("node-menu").count() == 0
    assert [e for e in events(page)[before:] if e["event"] == "node_action"] == []
    assert page.js_errors == []


def test_readonly_menu_offers_no_delete(page: Any, app_url: str) -> None:
    open_canvas(page, app_url, "?readonly=1")
    page.locator('[data-job="load"] .pc-node__title').click(button="right")
    menu = page.get_by_test_id("node-menu")
    menu.wait_for()
    assert [b.get_attribute("data-action") for b in menu.locator("[data-action]").all()] == [
        "preview", "run_only", "run_from"]


def test_why_marker_shows_the_sentence_and_follows_set_whys(page: Any, app_url: str) -> None:
    open_canvas(page, app_url, "?why=1")
    marker = page.locator('[data-job="split"] [data-testid=why]')
    assert marker.inner_text().strip().endswith("will re-run")
    assert marker.get_attribute("title") == "Re-runs because parameter `ratio` changed from `0.2` to `0.3`"
    assert page.locator('[data-job="load"] [data-testid=why]').count() == 0
    page.get_by_test_id("set-why").click()
    page.locator('[data-job="load"] [data-testid=why][title="Re-runs because its code changed"]').wait_for()
    # set_whys(None) clears a marker even when it came with the graph's own data: the page clears the
    # markers after a run that way, without re-sending the graph (a stale one stayed, issue 13)
    page.locator('[data-job="split"] [data-testid=why]').wait_for(state="detached")


def test_a_step_with_a_thousand_children_is_one_collapsed_card(page: Any, app_url: str) -> None:
    open_canvas(page, app_url, "?children=1000")
    card = page.locator('[data-job="split"]')
    summary = card.get_by_test_id("children")
    assert summary.get_attribute("data-total") == "1000"
    assert "0/1000 steps" in summary.inner_text()
    assert page.locator(".vue-flow__node").count() == 3  # not 1,002
    page.get_by_test_id("set-children").click()
    page.locator('[data-job="split"] [data-testid=children][data-done="500"]').wait_for()
    assert "500/1000 steps" in summary.inner_text()
    assert summary.locator('[data-state="completed"]').count() == 1
    assert card.get_attribute("data-status") == "running"
    before = len(events(page))
    summary.get_by_test_id("expand").click()
    assert wait_event(page, "open", before) == {"id": "split"}


def test_state_colours_come_from_the_python_table(page: Any, app_url: str) -> None:
    from designer.ui.frame import STATES

    open_canvas(page, app_url, "?demo=1", count=6)
    page.get_by_test_id("set-demo").click()
    page.wait_for_selector('[data-job="evaluate"][data-status="failed"]')
    for job, state in (("split", "completed"), ("evaluate", "failed"), ("load", "cached")):
        colour = page.evaluate(
            "job => getComputedStyle(document.querySelector(`[data-job=\"${job}\"]`)).borderTopColor", job)
        hex_colour = STATES[state].color.lstrip("#")
        rgb = tuple(int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))
        assert colour == f"rgb({rgb[0]}, {rgb[1]}, {rgb[2]})", (job, state, colour)
        chip = page.locator(f'[data-job="{job}"] .pc-node__status')
        assert STATES[state].label in chip.inner_text()


def card_shot(page: Any, card: Any, tmp_path: Path, name: str) -> None:
    """A screenshot of one card with its status chip (drawn over the card's top edge), to look at:
    in ``$DESIGNER_SHOTS`` when set, else in the test's temporary folder."""
    box = card.bounding_box()
    folder = Path(os.environ.get("DESIGNER_SHOTS") or tmp_path)
    clip = {"x": box["x"] - 16, "y": box["y"] - 20, "width": box["width"] + 32, "height": box["height"] + 36}
    page.screenshot(path=str(folder / name), clip=clip)


def test_cards_show_durations_in_the_one_format(page: Any, app_url: str, tmp_path: Path) -> None:
    # Issue #14: a card read 0.4 s as "0s" and 75 s as "1m 15s"; it now reads as format.py says.
    from designer.ui.format import duration_text

    open_canvas(page, app_url, "?demo=1", count=6)
    page.get_by_test_id("set-demo").click()
    page.wait_for_selector('[data-job="evaluate"][data-status="failed"]')
    for job, seconds in (("split", 3.2), ("prep", 12.5), ("evaluate", 1.1)):
        shown = page.locator(f'[data-job="{job}"] .pc-node__status-time').inner_text()
        assert shown == duration_text(seconds), (job, shown)
    assert page.locator('[data-job="split"] .pc-node__status-time').inner_text() == "3.2 s"
    # The running card ticks from its start, 75 s ago when the button was pressed.
    running = page.locator('[data-job="train"] .pc-node__status-time').inner_text()
    assert re.fullmatch(r"1 min \d{1,2} s|1 min", running), running
    assert page.locator('[data-job="load"] .pc-node__status-time').inner_text() == ""  # reused: no time
    card_shot(page, page.locator('[data-job="split"]'), tmp_path, "card-duration.png")


def test_a_preparing_card_has_its_own_look(page: Any, app_url: str, tmp_path: Path) -> None:
    from designer.ui.frame import STATES

    look = STATES["preparing"]
    assert look.color != STATES["running"].color and look.icon != STATES["running"].icon
    open_canvas(page, app_url, "?demo=1", count=6)
    page.get_by_test_id("set-preparing").click()
    card = page.locator('[data-testid=node][data-job="score"][data-status="preparing"]')
    card.wait_for()
    hex_colour = look.color.lstrip("#")
    rgb = tuple(int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))
    assert card.evaluate("el => getComputedStyle(el).borderTopColor") == f"rgb({rgb[0]}, {rgb[1]}, {rgb[2]})"
    chip = card.locator(".pc-node__status")
    assert look.label in chip.inner_text()
    icon = chip.locator(".pc-node__status-icon")
    assert icon.inner_text() == look.icon and icon.is_visible()
    assert not chip.locator(".pc-spinner").is_visible()  # the spinner is running's, not preparing's
    card_shot(page, card, tmp_path, "card-preparing.png")


def test_1000_nodes_render_select_and_take_state_changes(page: Any, app_url: str) -> None:
    # Correctness at 1,000 steps (speed is tests/bench/bench_canvas.py's).
    page.set_default_timeout(120_000 * SLOWDOWN)
    page.goto(f"{app_url}/?nodes=1000")
    page.wait_for_function(
        """() => {
            const nodes = document.querySelectorAll('.vue-flow__node');
            return nodes.length === 1000 && [...nodes].every(n => n.style.visibility === 'visible');
        }""",
        timeout=120_000 * SLOWDOWN,
    )
    assert page.locator(".vue-flow__edge").count() == 999
    before = len(events(page))
    page.locator('[data-job="step_0"] .pc-node__title').click()
    assert wait_event(page, "select", before, timeout=60.0 * SLOWDOWN) == {"id": "step_0"}
    page.locator('[data-testid=node][data-job="step_0"].is-selected').wait_for()
    page.get_by_test_id("set-one-running").click()
    page.wait_for_function("() => document.querySelector('[data-job=\"step_1\"]').dataset.status === 'running'",
                           timeout=60_000 * SLOWDOWN)
    page.get_by_test_id("set-all-queued").click()
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=node][data-status=queued]').length === 1000",
        timeout=60_000 * SLOWDOWN,
    )
    assert page.js_errors == []
