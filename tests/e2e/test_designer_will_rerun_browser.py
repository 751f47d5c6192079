"""Before a run, in a real Chromium: the "will re-run" markers follow the edit-and-run loop.

Before the first run every step is marked "will run", saying it has not run before (not "re-run":
it never ran), on its card and in its side panel; right after a run completes no step is
marked; changing a parameter in the side panel marks that step and what it feeds, saying which
parameter changed (the card now says "will re-run", the panel says why), while the step upstream of it (which would be reused) stays unmarked; running
clears the markers again, and the next edit brings them back.

The clearing once regressed: the page clears a marker with ``setWhys`` without re-sending the graph,
and the card preferred the stale ``why`` still in its node data, so markers stayed after a run.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.nocode import shots
from tests.e2e.test_designer_canvas import field
from tests.e2e.test_designer_run import open_designer, run_and_wait

pytestmark = pytest.mark.e2e

MARKERS = """() => Object.fromEntries([...document.querySelectorAll('[data-testid=node]')]
    .map(n => [n.dataset.job, n.querySelector('[data-testid=why]')?.getAttribute('title') ?? null]))"""
FIRST = "Will run: it has not run before."
NONE_MARKED = f"() => Object.values(({MARKERS})()).every(t => t === null)"


@pytest.fixture(scope="module")
def server(designer_server: Any) -> Any:
    return designer_server()


def markers(page: Any) -> dict[str, str | None]:
    found: dict[str, str | None] = page.evaluate(MARKERS)
    return found


def wait_none_marked(page: Any) -> None:
    try:
        page.wait_for_function(NONE_MARKED, timeout=60_000)
    except Exception as exc:  # say what is still marked, not only that the wait timed out
        raise AssertionError(f"markers left after the run: {markers(page)}") from exc


def set_epochs(page: Any, value: str) -> None:
    page.locator('[data-testid=node][data-job="train"]').click()
    epochs = field(page, "param-epochs")
    epochs.click()
    epochs.press("Control+a")
    epochs.press_sequentially(value)
    epochs.press("Enter")


def wait_marked_for(page: Any, old: str, new: str) -> dict[str, str | None]:
    try:
        page.wait_for_function(f"""() => {{
            const m = ({MARKERS})();
            return m.train?.includes('from `{old}` to `{new}`') && m.score !== null;
        }}""", timeout=60_000)
    except Exception as exc:  # say what is marked and what the field holds, not only that it timed out
        raise AssertionError(f"markers after epochs {old} -> {new}: {markers(page)}; "
                             f"the field says {field(page, 'param-epochs').input_value()!r}") from exc
    found = markers(page)
    assert found["make"] is None, found
    assert found["train"] is not None
    assert found["train"].startswith(f"Will re-run because parameter `epochs` changed from `{old}` to `{new}`"), found
    assert found["score"] is not None and found["score"].startswith("Will re-run because"), found
    assert "train" in found["score"], found
    return found


def test_markers_follow_edits_and_clear_after_each_run(page: Any, server: Any) -> None:
    open_designer(page, f"{server.url}/designer?file=demo.yml", 3)
    # nothing ran yet: every step will run, for the first time, and says so (not "re-run")
    try:
        page.wait_for_function(f"() => Object.values(({MARKERS})()).every(t => t === '{FIRST}')", timeout=90_000)
    except Exception as exc:
        raise AssertionError(f"the markers before any run: {markers(page)}") from exc
    cards = page.locator("[data-testid=node] [data-testid=why]")
    assert [t.strip().split()[-2:] for t in cards.all_inner_texts()] == [["will", "run"]] * 3, cards.all_inner_texts()
    assert all("re-run" not in t for t in cards.all_inner_texts()), cards.all_inner_texts()
    page.locator('[data-testid=node][data-job="train"]').click()
    next_run = page.get_by_test_id("step-next-run")
    next_run.wait_for()
    assert next_run.inner_text() == FIRST
    shots(page, "designer-will-run-first")
    run_and_wait(page, "completed")
    wait_none_marked(page)  # every step would now be reused

    set_epochs(page, "4")
    wait_marked_for(page, "3", "4")
    marker = page.locator('[data-job="train"] [data-testid=why]')
    assert marker.inner_text().strip().endswith("will re-run")
    # the side panel of the edited step says the same, in a sentence, without being re-opened
    page.wait_for_function("""() => document.querySelector('[data-testid=step-next-run]')?.innerText
        .startsWith('Will re-run because parameter `epochs` changed from `3` to `4`')""", timeout=30_000)
    assert page.get_by_test_id("step-next-run").is_visible()
    shots(page, "designer-will-rerun")

    page.locator(".vue-flow__pane").click(position={"x": 30, "y": 30})
    page.get_by_test_id("run-button").click()  # the status still says "completed": wait for this run's states
    page.wait_for_function("""() => {
        const s = Object.fromEntries([...document.querySelectorAll('[data-testid=node]')]
            .map(n => [n.dataset.job, n.dataset.status]));
        return s.make === 'cached' && s.train === 'completed' && s.score === 'completed'
            && document.querySelector('[data-testid=run-status]')?.dataset.status === 'completed';
    }""", timeout=60_000)
    wait_none_marked(page)

    set_epochs(page, "5")
    wait_marked_for(page, "4", "5")
    assert page.js_errors == []
