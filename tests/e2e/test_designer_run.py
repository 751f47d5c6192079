"""Running from the designer in a real Chromium: every node reaches its state live, a re-run reuses,
a failing step is shown failed with its log, and Cancel stops a run."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e

FAILING = """\
$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json
type: pipeline
display_name: Failing pipeline
settings:
  default_compute: azureml:serverless
jobs:
  make:
    type: command
    component: ./components/make_data.yml
  check:
    type: command
    component: ./components/fail_step.yml
    inputs:
      data: ${{parent.jobs.make.outputs.data}}
  after:
    type: command
    component: ./components/toy_train.yml
    inputs:
      data: ${{parent.jobs.check.outputs.out}}
"""

SLOW = """\
$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json
type: pipeline
display_name: Slow pipeline
settings:
  default_compute: azureml:serverless
  force_rerun: true
jobs:
  wait:
    type: command
    command: echo started && sleep 30
    environment:
      image: python:3.11-slim
"""


@pytest.fixture(scope="module")
def server(designer_server: Any) -> Any:
    return designer_server()


def open_designer(page: Any, url: str, count: int) -> None:
    page.goto(url)
    page.wait_for_function(
        """count => {
            const nodes = document.querySelectorAll('.vue-flow__node');
            return nodes.length === count && [...nodes].every(n => n.style.visibility === 'visible');
        }""",
        arg=count,
        timeout=20_000,
    )


def statuses(page: Any) -> dict[str, str]:
    nodes = page.get_by_test_id("node")
    return {nodes.nth(i).get_attribute("data-job"): nodes.nth(i).get_attribute("data-status")
            for i in range(nodes.count())}


def run_and_wait(page: Any, state: str, timeout: float = 60_000) -> None:
    page.get_by_test_id("run-button").click()
    page.locator(f'[data-testid=run-status][data-status="{state}"]').wait_for(timeout=timeout)


def test_run_completes_then_reuses(page: Any, server: Any) -> None:
    open_designer(page, f"{server.url}/designer?file=demo.yml", 3)
    assert page.get_by_test_id("run-status").get_attribute("data-status") == "idle"
    run_and_wait(page, "completed")
    assert statuses(page) == {"make": "completed", "train": "completed", "score": "completed"}

    page.locator('[data-testid=node][data-job="train"]').click()
    log = page.get_by_test_id("step-log")
    log.wait_for()
    page.wait_for_function("() => document.querySelector('[data-testid=step-log]').innerText.includes('trained for 3 epochs')")

    page.locator(".vue-flow__pane").click(position={"x": 30, "y": 30})
    page.get_by_test_id("run-button").click()
    page.wait_for_function("""() => [...document.querySelectorAll('[data-testid=node]')]
        .every(n => n.dataset.status === 'cached')""", timeout=60_000)
    page.locator('[data-testid=run-status][data-status="completed"]').wait_for()
    assert page.js_errors == []


def test_failing_step_is_obvious_with_its_log(page: Any, server: Any) -> None:
    (server.workspace / "failing.yml").write_text(FAILING)
    open_designer(page, f"{server.url}/designer?file=failing.yml", 3)
    run_and_wait(page, "failed")
    assert statuses(page) == {"make": "completed", "check": "failed", "after": "skipped"}
    page.locator('[data-testid=node][data-job="check"]').click()
    page.locator('[data-testid=step-state][data-status="failed"]').wait_for()
    # the error line is shown (its raw stderr one click away under it)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=step-error]')?.innerText.includes(\"column 'age' has negative values\")")
    page.get_by_test_id("step-error-details").click()
    page.get_by_test_id("step-error-details").get_by_text("ValueError - the column", exact=False).wait_for()
    assert "exit code 3" in page.get_by_test_id("step-run").inner_text()


def test_cancel_stops_a_run(page: Any, server: Any) -> None:
    (server.workspace / "slow.yml").write_text(SLOW)
    open_designer(page, f"{server.url}/designer?file=slow.yml", 1)
    page.get_by_test_id("run-button").click()
    page.locator('[data-testid=node][data-job="wait"][data-status="running"]').wait_for(timeout=30_000)
    page.get_by_test_id("cancel-button").click()
    page.locator('[data-testid=run-status][data-status="canceled"]').wait_for(timeout=30_000)
    assert statuses(page) == {"wait": "canceled"}


def test_run_refuses_an_invalid_pipeline(page: Any, server: Any) -> None:
    (server.workspace / "incomplete.yml").write_text(
        "type: pipeline\njobs:\n  train:\n    component: ./components/toy_train.yml\n")
    open_designer(page, f"{server.url}/designer?file=incomplete.yml", 1)
    page.get_by_test_id("run-button").click()
    page.locator(".q-notification", has_text="Not started").wait_for()
    assert page.get_by_test_id("run-status").get_attribute("data-status") == "idle"
    assert "required input 'data'" in page.get_by_test_id("problem").first.inner_text()
