"""The editing habits people bring from every editor, on the designer's canvas in a real Chromium
(issue 15, finding 7): Ctrl+C / Ctrl+V / Ctrl+D, a right-click menu on a card (rename, duplicate,
delete, preview output, make pipeline input, run from here), Ctrl+A, and the toolbar's Delete for a
selection of several cards. Every step is done as a user does it (mouse, keyboard) and checked
where the user looks: the cards, their names, the menu, the dialogs and the saved YAML.

One ``designer ui`` server (a copy of tests/ui/toy_workspace) serves the module; each test works on
its own copy of demo.yml (make -> train -> score, make also feeding score).
Screenshots go to $DESIGNER_SHOTS (see tests/e2e/nocode.py).
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
import yaml

from tests.e2e.nocode import shots
from tests.e2e.test_designer_canvas import connect, edges, node, open_designer, wait_for, wait_nodes
from tests.e2e.test_designer_run import run_and_wait

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(designer_server: Any) -> Any:
    return designer_server()


def demo_copy(server: Any, name: str) -> str:
    (server.workspace / f"{name}.yml").write_text((server.workspace / "demo.yml").read_text())
    return f"{server.url}/designer?file={name}.yml"


def until(predicate: Any, message: str) -> None:
    """wait_for with room for a machine shared by several test runs."""
    wait_for(predicate, timeout=20.0, message=message)


def jobs_shown(page: Any) -> list[str]:
    cards = page.get_by_test_id("node")
    return sorted(cards.nth(i).get_attribute("data-job") for i in range(cards.count()))


def selected_jobs(page: Any) -> list[str]:
    return sorted(page.eval_on_selector_all(
        ".vue-flow__node.selected [data-testid=node]", "els => els.map(e => e.dataset.job)"))


def title(page: Any, job: str) -> Any:
    return node(page, job).locator(".pc-node__title")


def empty_spot(page: Any) -> dict[str, float]:
    """A point of the canvas below every card (screen pixels)."""
    pane = page.locator(".vue-flow__pane").bounding_box()
    lowest = max(b["y"] + b["height"] for b in (node(page, j).bounding_box() for j in jobs_shown(page)))
    y = min(lowest + 60, pane["y"] + pane["height"] - 40)
    return {"x": pane["x"] + pane["width"] * 0.35, "y": y}


def saved_jobs(server: Any, name: str) -> dict[str, Any]:
    return yaml.safe_load((server.workspace / f"{name}.yml").read_text())["jobs"]


def validate(server: Any, name: str) -> None:
    result = subprocess.run([sys.executable, "-m", "designer", "validate", f"{name}.yml"],
                            cwd=server.workspace, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def save(page: Any) -> None:
    page.keyboard.press("Control+s")
    page.get_by_test_id("run-status").wait_for()
    page.wait_for_function("() => window.designerDirty === false")


def open_menu(page: Any, job: str) -> Any:
    title(page, job).click(button="right")
    menu = page.get_by_test_id("node-menu")
    menu.wait_for()
    assert menu.get_attribute("data-job") == job
    return menu


def menu_labels(menu: Any) -> list[str]:
    return [b.locator(".pc-menu__label").inner_text().strip() for b in menu.locator("[data-action]").all()]


# ------------------------------------------------------------------------- copy, paste, duplicate


def test_copy_paste_duplicate_with_the_keyboard_survives_save_and_reload(page: Any, server: Any) -> None:
    open_designer(page, demo_copy(server, "copied"), 3)
    title(page, "make").click()
    title(page, "train").click(modifiers=["Control"])
    until(lambda: selected_jobs(page) == ["make", "train"], message="two cards selected")
    page.keyboard.press("Control+c")
    page.get_by_text("Copied 2 steps").wait_for()

    spot = empty_spot(page)
    page.mouse.move(spot["x"], spot["y"])
    page.keyboard.press("Control+v")
    wait_nodes(page, 5)
    assert jobs_shown(page) == ["make", "make_2", "score", "train", "train_2"]
    # the wire between the two copied steps is copied; the ones to score (not copied) are not
    until(lambda: edges(page) == 4, message="the copied wire")
    assert page.locator('[data-id="make_2.data->train_2.data"]').count() == 1
    # the pasted group lands where the pointer was, and is selected
    boxes = [node(page, j).bounding_box() for j in ("make_2", "train_2")]
    assert abs(min(b["x"] for b in boxes) - spot["x"]) < 12
    assert abs(min(b["y"] for b in boxes) - spot["y"]) < 12
    until(lambda: selected_jobs(page) == ["make_2", "train_2"], message="the pasted cards selected")

    # one undo takes the whole paste away, redo brings it back
    page.keyboard.press("Control+z")
    wait_nodes(page, 3)
    page.keyboard.press("Control+Shift+z")
    wait_nodes(page, 5)

    # Ctrl+D duplicates the selection next to it: train (alone) has no wire from make in its copy
    title(page, "train").click()
    page.keyboard.press("Control+d")
    wait_nodes(page, 6)
    assert "train_3" in jobs_shown(page)
    original, duplicate = node(page, "train").bounding_box(), node(page, "train_3").bounding_box()
    assert duplicate["x"] > original["x"] and duplicate["y"] > original["y"]  # offset, not on top of it
    assert edges(page) == 4
    connect(page, "make_2", "data", "train_3", "data")  # its data, by hand: a wire a user draws
    until(lambda: edges(page) == 5, message="the new wire")

    save(page)
    jobs = saved_jobs(server, "copied")
    assert sorted(jobs) == ["make", "make_2", "score", "train", "train_2", "train_3"]
    assert jobs["train_2"]["inputs"] == {"data": "${{parent.jobs.make_2.outputs.data}}", "epochs": 3}
    assert jobs["make_2"]["inputs"] == {"rows": "${{parent.inputs.rows}}"}
    assert jobs["train_3"]["inputs"] == {"epochs": 3, "data": "${{parent.jobs.make_2.outputs.data}}"}
    validate(server, "copied")

    page.reload()
    wait_nodes(page, 6)
    assert jobs_shown(page) == ["make", "make_2", "score", "train", "train_2", "train_3"]
    assert edges(page) == 5
    # a copy outlives the reload: Ctrl+V with the pointer away from the canvas pastes next to the originals
    page.mouse.move(5, 5)
    page.keyboard.press("Control+v")
    wait_nodes(page, 8)
    assert {"make_3", "train_4"} <= set(jobs_shown(page))
    assert page.js_errors == []


# ------------------------------------------------------------------------- Ctrl+A, toolbar delete


def test_ctrl_a_selects_every_card_not_the_search_text_and_toolbar_delete_takes_them(page: Any, server: Any) -> None:
    open_designer(page, demo_copy(server, "select_all"), 3)
    search = page.get_by_test_id("palette-search")
    search.click()
    search.fill("toy")
    # inside the search box Ctrl+A is the text field's own: the text is selected, no card is
    page.keyboard.press("Control+a")
    assert page.evaluate("() => [document.activeElement.selectionStart, document.activeElement.selectionEnd]") == [0, 3]
    assert selected_jobs(page) == []
    # a card dragged from the search's results onto the canvas, then Ctrl+A: every card is selected,
    # and the search box keeps its text (it had the focus, and took Ctrl+A, issue 15)
    spot = empty_spot(page)
    pane = page.locator(".vue-flow__pane").bounding_box()
    page.locator('[data-testid=palette-item][data-component="toy_train"]').drag_to(
        page.locator(".vue-flow__pane"), target_position={"x": spot["x"] - pane["x"], "y": spot["y"] - pane["y"]})
    wait_nodes(page, 4)
    page.keyboard.press("Control+a")
    until(lambda: selected_jobs(page) == ["make", "score", "toy_train", "train"], message="every card selected")
    assert search.input_value() == "toy"
    assert page.evaluate("() => document.activeElement.matches('input, textarea')") is False  # left the search box
    page.get_by_test_id("delete-button").click()
    wait_nodes(page, 0)
    page.get_by_test_id("undo-button").click()  # one undo brings all four back
    wait_nodes(page, 4)
    assert edges(page) == 3
    # a click on the empty canvas also leaves the search box: Ctrl+A selects the cards again
    search.click()
    page.mouse.click(spot["x"], spot["y"] + 200 if spot["y"] + 200 < pane["y"] + pane["height"] else spot["y"])
    until(lambda: selected_jobs(page) == [], message="the click cleared the selection")
    page.keyboard.press("Control+a")
    until(lambda: len(selected_jobs(page)) == 4, message="every card selected again")
    assert search.input_value() == "toy"
    assert page.js_errors == []


def test_box_select_and_shift_click_then_toolbar_delete_with_one_undo(page: Any, server: Any) -> None:
    open_designer(page, demo_copy(server, "box"), 3)
    make, train = node(page, "make").bounding_box(), node(page, "train").bounding_box()
    # a box drawn with Shift held around make and train
    left, top = min(make["x"], train["x"]) - 20, min(make["y"], train["y"]) - 20
    right = max(make["x"] + make["width"], train["x"] + train["width"]) + 20
    bottom = max(make["y"] + make["height"], train["y"] + train["height"]) + 20
    score = node(page, "score").bounding_box()
    assert not (left < score["x"] < right and top < score["y"] < bottom), "score must stay outside the box"

    def draw_box() -> None:
        page.keyboard.down("Shift")
        page.mouse.move(left, top)
        page.mouse.down()
        page.mouse.move(right, bottom, steps=10)
        page.mouse.up()
        page.keyboard.up("Shift")
        until(lambda: selected_jobs(page) == ["make", "train"], message="the boxed cards selected")

    draw_box()
    # the right-click menu of a boxed card duplicates the whole selection, with the wire between them
    # (Vue Flow lays its selection rectangle over boxed cards: the right-click lands on it)
    where = title(page, "train").bounding_box()
    page.mouse.click(where["x"] + where["width"] / 2, where["y"] + where["height"] / 2, button="right")
    menu = page.get_by_test_id("node-menu")
    menu.wait_for()
    assert menu.get_attribute("data-job") == "train"
    menu.locator('[data-action="duplicate"]').click()
    wait_nodes(page, 5)
    assert jobs_shown(page) == ["make", "make_2", "score", "train", "train_2"]
    assert page.locator('[data-id="make_2.data->train_2.data"]').count() == 1
    page.keyboard.press("Control+z")
    wait_nodes(page, 3)

    draw_box()
    page.get_by_test_id("delete-button").click()
    wait_nodes(page, 1)
    assert jobs_shown(page) == ["score"]
    page.keyboard.press("Control+z")
    wait_nodes(page, 3)

    # Shift-click adds to the selection as Ctrl-click does
    title(page, "make").click()
    title(page, "score").click(modifiers=["Shift"])
    until(lambda: selected_jobs(page) == ["make", "score"], message="shift-click selection")
    page.get_by_test_id("delete-button").click()
    wait_nodes(page, 1)
    assert jobs_shown(page) == ["train"]
    page.get_by_test_id("undo-button").click()
    wait_nodes(page, 3)
    assert page.js_errors == []


# ------------------------------------------------------------------------------ right-click menu


def test_menu_rename_refuses_in_words_then_renames_duplicates_deletes(page: Any, server: Any) -> None:
    open_designer(page, demo_copy(server, "menu"), 3)
    menu = open_menu(page, "train")
    assert menu_labels(menu) == ["Rename…", "Duplicate", "Make pipeline input…", "Preview output",
                                 "Run this step", "Run from here", "Delete"]
    preview = menu.locator('[data-action="preview"]')
    assert preview.get_attribute("aria-disabled") == "true"
    assert "has not run yet" in preview.get_attribute("title")
    preview.click(force=True)  # does nothing: the menu stays
    assert page.get_by_test_id("node-menu").count() == 1
    shots(page, "edit-menu")

    menu.locator('[data-action="rename"]').click()
    dialog = page.get_by_test_id("rename-dialog")
    dialog.wait_for()
    step = page.locator('[data-testid="rename-step"] input, input[data-testid="rename-step"]').first
    display = page.locator('[data-testid="rename-display"] input, input[data-testid="rename-display"]').first
    assert step.input_value() == "train"
    step.fill("make")
    page.get_by_test_id("rename-confirm").click()
    error = page.get_by_test_id("rename-error")
    error.filter(has_text="A step named 'make' already exists").wait_for()
    step.fill("Fit Model")
    page.get_by_test_id("rename-confirm").click()
    error.filter(has_text="is not a valid step name").wait_for()
    shots(page, "edit-rename-refused")
    display.fill("Fit the model")
    step.fill("fit")
    step.press("Enter")
    dialog.wait_for(state="detached")
    node(page, "fit").wait_for()
    assert title(page, "fit").inner_text().strip() == "Fit the model"
    assert jobs_shown(page) == ["fit", "make", "score"]
    assert edges(page) == 3  # the wires follow the new name

    open_menu(page, "fit").locator('[data-action="duplicate"]').click()
    wait_nodes(page, 4)
    assert "fit_2" in jobs_shown(page)
    open_menu(page, "fit_2").locator('[data-action="delete"]').click()
    wait_nodes(page, 3)

    save(page)
    jobs = saved_jobs(server, "menu")
    assert jobs["fit"]["display_name"] == "Fit the model"
    assert jobs["score"]["inputs"]["model"] == "${{parent.jobs.fit.outputs.model}}"
    validate(server, "menu")
    assert page.js_errors == []


def test_menu_make_pipeline_input_binds_the_step_to_it(page: Any, server: Any) -> None:
    open_designer(page, demo_copy(server, "promote"), 3)
    open_menu(page, "train").locator('[data-action="promote"]').click()
    dialog = page.get_by_test_id("promote-dialog")
    dialog.wait_for()
    # data is wired from make: only the parameters have a value of their own to lift
    options = [o.split(" · ")[0].strip() for o in dialog.locator(".q-radio").all_inner_texts()]
    assert options[0] == "epochs" and "data" not in options
    name = page.locator('[data-testid="promote-name"] input, input[data-testid="promote-name"]').first
    assert name.input_value() == "epochs"
    name.fill("rows")  # taken by the pipeline already
    page.get_by_test_id("promote-confirm").click()
    page.get_by_test_id("promote-error").filter(has_text="already has an input named 'rows'").wait_for()
    shots(page, "edit-promote")
    name.fill("train_epochs")
    page.get_by_test_id("promote-confirm").click()
    dialog.wait_for(state="detached")
    page.get_by_text("Pipeline input 'train_epochs' now sets train.epochs").wait_for()
    save(page)
    saved = yaml.safe_load((server.workspace / "promote.yml").read_text())
    assert saved["inputs"] == {"rows": 12, "train_epochs": 3}
    assert saved["jobs"]["train"]["inputs"]["epochs"] == "${{parent.inputs.train_epochs}}"
    validate(server, "promote")
    assert page.js_errors == []


def test_menu_preview_and_run_from_here_after_a_run(page: Any, server: Any) -> None:
    open_designer(page, demo_copy(server, "ran"), 3)
    run_and_wait(page, "completed")
    menu = open_menu(page, "make")
    preview = menu.locator('[data-action="preview"]')
    assert preview.get_attribute("aria-disabled") == "false"
    preview.click()
    table = page.get_by_test_id("table-view")
    table.wait_for()
    assert "make" in table.inner_text()
    page.get_by_test_id("table-view-close").click()
    table.wait_for(state="detached")

    open_menu(page, "score").locator('[data-action="run_from"]').click()
    page.locator('[data-testid=run-status][data-status="completed"]').wait_for(timeout=60_000)
    until(lambda: node(page, "score").get_attribute("data-status") == "completed", message="score re-ran")
    assert page.js_errors == []


def test_readonly_nested_pipeline_menu_offers_only_what_edits_nothing(page: Any, server: Any) -> None:
    open_designer(page, f"{server.url}/designer?file=nested.yml")
    page.wait_for_selector("[data-testid=node]")
    pipeline_card = page.locator('[data-testid=node].is-pipeline').first
    pipeline_card.dblclick()
    page.locator(".is-readonly").wait_for()
    first = page.get_by_test_id("node").first
    first.locator(".pc-node__title").click(button="right")
    menu = page.get_by_test_id("node-menu")
    menu.wait_for()
    assert [b.get_attribute("data-action") for b in menu.locator("[data-action]").all()] == [
        "preview", "run_only", "run_from"]
    page.keyboard.press("Escape")
    # Ctrl+A still selects (it edits nothing); Delete does nothing on a readonly canvas
    count = page.get_by_test_id("node").count()
    page.mouse.click(*empty_point(page))
    page.keyboard.press("Control+a")
    until(lambda: len(selected_jobs(page)) == count, message="every card selected")
    page.keyboard.press("Delete")
    page.wait_for_timeout(300)
    assert page.get_by_test_id("node").count() == count
    assert page.js_errors == []


def empty_point(page: Any) -> tuple[float, float]:
    spot = empty_spot(page)
    return spot["x"], spot["y"]
