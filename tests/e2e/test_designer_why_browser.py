"""The debugging loop in a real Chromium: "Run from here" on a card re-runs that step and what it feeds,
reusing the rest, and the step panel of the designer and of the run page say why each step ran."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_designer_run import open_designer, run_and_wait, statuses

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(designer_server: Any) -> Any:
    return designer_server()


def test_run_from_here_says_why_each_step_ran(page: Any, server: Any) -> None:
    open_designer(page, f"{server.url}/designer?file=demo.yml", 3)
    run_and_wait(page, "completed")

    page.locator('[data-job="train"] .pc-node__title').click(button="right")
    page.get_by_test_id("node-menu").locator("[data-action=run_from]").click()
    page.wait_for_function("""() => {
        const s = Object.fromEntries([...document.querySelectorAll('[data-testid=node]')]
            .map(n => [n.dataset.job, n.dataset.status]));
        return s.make === 'cached' && s.train === 'completed' && s.score === 'completed';
    }""", timeout=60_000)
    page.locator('[data-testid=run-status][data-status="completed"]').wait_for(timeout=30_000)
    assert statuses(page) == {"make": "cached", "train": "completed", "score": "completed"}

    page.locator('[data-testid=node][data-job="train"]').click()
    # the line is filled from the store off the loop, and the panel re-renders on each state change
    page.wait_for_function("""() => document.querySelector('[data-testid=step-run] [data-testid=step-why]')
        ?.innerText.startsWith('Re-ran because')""", timeout=60_000)
    page.locator('[data-testid=node][data-job="make"]').click()
    page.wait_for_function("""() => document.querySelector('[data-testid=step-run] [data-testid=step-why]')
        ?.innerText.startsWith('Reused from run')""", timeout=60_000)

    # the run page of the same run says the same, and that it ran part of the pipeline
    page.locator('[data-testid=node][data-job="train"]').click()
    page.wait_for_function("""() => document.querySelector('[data-testid=step-run] [data-testid=step-why]')
        ?.innerText.startsWith('Re-ran because')""", timeout=60_000)
    # the link opens the run at the selected step, as a person clicks it
    page.get_by_test_id("run-details").click()
    page.wait_for_url("**/runs/**step=train**", timeout=60_000)
    page.wait_for_function("""() => document.querySelector('[data-testid=step-panel] [data-testid=step-why]')
        ?.innerText.startsWith('Re-ran because')""", timeout=60_000)
    assert "train" in page.get_by_test_id("run-partial").inner_text()
    assert page.js_errors == []
