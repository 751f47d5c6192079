"""Before a run, in a real Chromium: the "will re-run" markers follow the edit-and-run loop.

Before the first run every step is marked (no earlier run); right after a run completes no step is
marked; changing a parameter in the side panel marks that step and what it feeds, saying which
parameter changed, while the step upstream of it (which would be reused) stays unmarked; running
clears the markers again, and the next edit brings them back.

The clearing once regressed: the page clears a marker with ``setWhys`` without re-sending the graph,
and the card preferred the stale ``why`` still in its node data, so markers stayed after a run.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_designer_canvas import field
from tests.e2e.test_designer_run import open_designer, run_and_wait

pytestmark = pytest.mark.e2e

MARKERS = """() => Object.fromEntries([...document.querySelectorAll('[data-testid=node]')]
    .map(n => [n.dataset.job, n.querySelector('[data-testid=why]')?.getAttribute('title') ?? null]))"""
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
    page.wait_for_function(f"""() => {{
        const m = ({MARKERS})();
        return m.train?.includes('from `{old}` to `{new}`') && m.score !== null;
    }}""", timeout=60_000)
    found = markers(page)
    assert found["make"] is None, found
    assert found["train"] is not None
    assert found["train"].startswith(f"Re-runs because parameter `epochs` changed from `{old}` to `{new}`"), found
    assert found["score"] is not None and found["score"].startswith("Re-runs because"), found
    assert "train" in found["score"], found
    return found


def test_markers_follow_edits_and_clear_after_each_run(page: Any, server: Any) -> None:
    open_designer(page, f"{server.url}/designer?file=demo.yml", 3)
    # nothing ran yet: every step would run, because there is no earlier run
    page.wait_for_function(f"() => Object.values(({MARKERS})()).every(t => t?.startsWith('Runs because'))",
                           timeout=60_000)
    run_and_wait(page, "completed")
    wait_none_marked(page)  # every step would now be reused

    set_epochs(page, "4")
    wait_marked_for(page, "3", "4")
    marker = page.locator('[data-job="train"] [data-testid=why]')
    assert "re-run" in marker.inner_text()
    shot = Path(os.environ.get("DESIGNER_SHOTS", "/tmp")) / "designer-will-rerun.png"
    page.screenshot(path=str(shot))

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
