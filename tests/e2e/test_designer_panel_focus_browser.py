"""The designer's checks as a person meets them (Chromium): the check after an edit does not take
the field from the person typing in it, and a restored draft is checked as it is, not as the file was.

After each edit the designer checks the pipeline a moment later. When the selected step's problems
change, the side panel used to be rebuilt: the field being typed in lost the focus and an open
column picker closed between two picks. Now a problem that comes or goes on a field is said in its
own line under the field, in place.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.e2e.test_designer_canvas import drop, node, open_designer, wait_for, wait_nodes

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(designer_server: Any) -> Any:
    return designer_server()


def problems_tab(page: Any) -> str:
    return page.get_by_test_id("tab-problems").inner_text().strip()


def focused_testid(page: Any) -> str | None:
    return page.evaluate("() => document.activeElement && document.activeElement.getAttribute('data-testid')")


def field_problem(page: Any, name: str) -> Any:
    """The problem line under parameter ``name``'s field (the one after it in the panel)."""
    return page.locator(f'[data-testid="param-{name}"]').first.locator(
        "xpath=ancestor::label[1]/following-sibling::*[@data-testid='field-problem'][1]")


def test_a_problem_fixed_and_brought_back_is_said_under_the_field_which_keeps_the_focus(page: Any,
                                                                                      server: Any) -> None:
    open_designer(page, f"{server.url}/designer", 0)
    drop(page, "select_columns", 0.4, 0.4)
    wait_nodes(page, 1)
    node(page, "select_columns").click()
    columns = page.locator('[data-testid="param-columns"]').first
    columns.wait_for()
    line = field_problem(page, "columns")
    line.wait_for(timeout=20_000)  # the check of the new step: its required 'columns' is not set
    missing = problems_tab(page)

    columns.click()
    page.keyboard.type("sepal_length")
    page.keyboard.press("Enter")  # committed; the check comes a moment later and finds it set
    wait_for(lambda: problems_tab(page) != missing, timeout=20, message="the check that finds 'columns' set")
    wait_for(lambda: field_problem(page, "columns").count() == 0, timeout=10, message="the problem line to go")
    assert focused_testid(page) == "param-columns", "the check took the focus from the field"

    page.keyboard.press("ControlOrMeta+a")  # the person goes on in the same field, without clicking it again
    page.keyboard.press("Backspace")
    page.keyboard.press("Enter")
    wait_for(lambda: problems_tab(page) == missing, timeout=20, message="the check that finds 'columns' unset")
    field_problem(page, "columns").wait_for(timeout=10_000)
    assert "columns" in field_problem(page, "columns").inner_text()
    assert focused_testid(page) == "param-columns", "the check took the focus from the field"
    assert page.js_errors == []


def test_a_restored_draft_shows_its_own_problems_at_once(page: Any, server: Any) -> None:
    open_designer(page, f"{server.url}/designer", 0)
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))  # "leave the page?"
    drop(page, "select_columns", 0.4, 0.4)  # its required 'columns' is not set: a problem
    wait_nodes(page, 1)
    wait_for(lambda: problems_tab(page) != "Problems", timeout=20, message="the check of the new step")
    found = problems_tab(page)
    time.sleep(1.0)  # the draft is written shortly after the edit
    page.reload()
    wait_nodes(page, 1)
    page.get_by_test_id("draft-banner").wait_for()
    assert asked == ["beforeunload"]
    assert problems_tab(page) == found, "the Problems tab is the empty new pipeline's, not the restored draft's"
    page.get_by_test_id("tab-problems").click()
    assert "columns" in page.locator(".q-tab-panel").filter(visible=True).first.inner_text()
    assert page.js_errors == []
