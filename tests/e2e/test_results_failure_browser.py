"""From a failure to the fix in one click, in a real Chromium, with the built-in components.

A person runs Sample Dataset -> Split Data -> Logistic Regression -> Train Model -> Score Model ->
Evaluate Model with a misspelt label column. The run fails: the failed step is selected and in the
middle of the canvas, the toast says the component's own sentence (not "exit code 1") and has
"Show step", the raw error output is one click away, the Problems tab lists the failure with a fix
naming the right column; one click applies it, the next run completes, and the evaluation shows
rounded metric cards and a confusion-matrix chart in the side panel, in light and dark.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.nocode import shots
from tests.e2e.test_designer_canvas import field
from tests.e2e.test_designer_run import open_designer

pytestmark = pytest.mark.e2e

SHOTS = Path(os.environ.get("DESIGNER_SHOTS", "/tmp"))
PIPELINE = """\
$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json
type: pipeline
display_name: Iris with a typo
settings:
  default_compute: azureml:serverless
jobs:
  iris_data:
    type: command
    component: azureml:sample_dataset:1
    inputs:
      dataset: iris
  split:
    type: command
    component: azureml:split_data:1
    inputs:
      input_data: ${{parent.jobs.iris_data.outputs.output_data}}
      mode: stratified
      fraction: 0.7
      random_seed: 42
  logistic_regression:
    type: command
    component: azureml:logistic_regression:1
  train:
    type: command
    component: azureml:train_model:1
    inputs:
      untrained_model: ${{parent.jobs.logistic_regression.outputs.untrained_model}}
      training_data: ${{parent.jobs.split.outputs.output_data_1}}
      label_column: specis
  score:
    type: command
    component: azureml:score_model:1
    inputs:
      trained_model: ${{parent.jobs.train.outputs.trained_model}}
      input_data: ${{parent.jobs.split.outputs.output_data_2}}
  evaluate:
    type: command
    component: azureml:evaluate_model:1
    inputs:
      scored_data: ${{parent.jobs.score.outputs.scored_data}}
"""
RUN_S = 400_000  # six built-in steps on a loaded two-core machine


@pytest.fixture(scope="module")
def server(designer_server: Any) -> Any:
    return designer_server()


def selected_title(page: Any) -> str:
    return str(page.get_by_test_id("panel-title").inner_text())


def centred(page: Any, job: str) -> bool:
    return bool(page.evaluate("""job => {
        // the view the cards move in (the palette lies over the canvas' left side)
        const canvas = document.querySelector('[data-testid=canvas] .vue-flow').getBoundingClientRect();
        const node = document.querySelector(`[data-testid=node][data-job="${job}"]`).getBoundingClientRect();
        const dx = Math.abs((node.left + node.width / 2) - (canvas.left + canvas.width / 2));
        const dy = Math.abs((node.top + node.height / 2) - (canvas.top + canvas.height / 2));
        return dx < canvas.width * 0.1 && dy < canvas.height * 0.1;
    }""", job))


def test_a_failed_step_is_one_click_from_its_fix(page: Any, server: Any) -> None:
    (server.workspace / "iris_typo.yml").write_text(PIPELINE)
    open_designer(page, f"{server.url}/designer?file=iris_typo.yml", 6)
    # the person looks at the first step, and the failing one is off to the side
    page.locator('[data-testid=node][data-job="iris_data"]').click()
    page.get_by_test_id("run-button").click()
    page.locator('[data-testid=run-status][data-status="failed"]').wait_for(timeout=RUN_S)

    # the failed step is selected and in the middle of the canvas
    page.wait_for_function("() => document.querySelector('[data-testid=panel-title]')?.innerText === 'Train Model'",
                           timeout=30_000)
    assert page.locator('[data-testid=node][data-job="train"]').get_attribute("data-status") == "failed"
    page.wait_for_timeout(400)  # the pan is animated (250 ms)
    assert centred(page, "train")

    # the toast says the component's sentence, with a way to the step
    toast = page.locator(".q-notification").filter(has_text="Step 'train' failed")
    toast.wait_for(timeout=10_000)
    text = toast.inner_text()
    assert "column 'specis' is not in the" in text.lower(), text
    assert "did you mean 'species'?" in text, text
    assert "exit code" not in text and "last lines of its stderr" not in text, text
    # the panel does not repeat the raw error output under the sentence: it is one click away
    assert not page.locator("[data-testid=step-log] pre.bg-red-950").is_visible()

    # the panel shows the same sentence; the raw error output is one click away
    sentence = page.get_by_test_id("step-error-sentence")
    assert sentence.inner_text().startswith("Label column 'specis' is not in the table (did you mean 'species'?)")
    details = page.get_by_test_id("step-error-details")
    details.click()
    details.get_by_text("Error: label column 'specis'", exact=False).wait_for()
    shots(page, "results-failure")  # the failed step, its sentence and its raw output, light and dark

    # away from the step, then back with the toast's "Show step"
    page.locator('[data-testid=node][data-job="split"]').click()
    page.wait_for_function("() => document.querySelector('[data-testid=panel-title]')?.innerText === 'Split Data'")
    toast.get_by_role("button", name="Show step").click()
    page.wait_for_function("() => document.querySelector('[data-testid=panel-title]')?.innerText === 'Train Model'")

    # the Problems tab lists the failure of the last run, with the fix
    page.get_by_test_id("tab-problems").click()
    # (the check before running may warn about the column too; the run's failure is listed with it)
    assert "Problems (" in page.get_by_test_id("tab-problems").inner_text()
    row = page.locator('[data-testid=problem][data-kind=run-failure]')
    row.wait_for()
    assert row.get_attribute("data-step") == "train"
    assert "did you mean 'species'?" in row.inner_text()
    assert page.get_by_test_id("no-problems").count() == 0
    fix = row.get_by_test_id("failure-fix")
    assert fix.inner_text().strip().endswith("Use 'species' for label_column")
    fix.click()
    page.get_by_text("label_column of train is now 'species'").wait_for()
    page.get_by_test_id("no-problems").wait_for()
    page.get_by_test_id("tab-yaml").click()
    page.wait_for_function("() => document.querySelector('[data-testid=yaml-view]')?.innerText.includes('label_column: species')")
    page.locator('[data-testid=node][data-job="train"]').click()
    # (the column picker shows the column with its type and role: "species · text · label")
    assert field(page, "param-label_column").input_value().split(" · ")[0] == "species"

    # the fixed pipeline runs through, and the evaluation reads as results, not as a log
    page.get_by_test_id("run-button").click()
    page.locator('[data-testid=run-status][data-status="completed"]').wait_for(timeout=RUN_S)
    page.get_by_test_id("fit-button").click()  # the last step is off to the right of the failed one
    page.wait_for_timeout(400)
    page.locator('[data-testid=node][data-job="evaluate"]').click()
    results = page.get_by_test_id("step-results")
    accuracy = results.locator('[data-testid=metric-values] [data-metric="accuracy"]')
    accuracy.wait_for(timeout=30_000)
    value = float(accuracy.get_attribute("data-value"))
    shown = accuracy.locator(".value").inner_text()
    assert shown == (f"{value:.3f}".rstrip("0").rstrip(".") if value < 0.9995 else "1"), (shown, value)
    assert len(shown) <= 5
    matrix = results.locator('[data-testid=result-chart][data-chart=confusion_matrix]')
    matrix.wait_for()
    matrix.locator("canvas").first.wait_for()
    assert matrix.locator(".title").inner_text() == "Confusion matrix"
    assert results.locator('[data-testid=result-chart][data-chart=roc_curve]').count() == 1
    matrix.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "results-designer-light.png"))
    # dark mode: the charts are drawn again in dark colours, without a white block
    page.get_by_test_id("dark-toggle").click()
    page.wait_for_function("() => document.querySelector('[data-chart=confusion_matrix] [data-theme]')"
                           "?.dataset.theme === 'dark'")
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / "results-designer-dark.png"))
    assert page.js_errors == []


SHORT = """\
$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json
type: pipeline
display_name: Iris, trained with a typo
settings:
  default_compute: azureml:serverless
jobs:
  iris_data:
    type: command
    component: azureml:sample_dataset:1
    inputs:
      dataset: iris
  logistic_regression:
    type: command
    component: azureml:logistic_regression:1
  train:
    type: command
    component: azureml:train_model:1
    inputs:
      untrained_model: ${{parent.jobs.logistic_regression.outputs.untrained_model}}
      training_data: ${{parent.jobs.iris_data.outputs.output_data}}
      label_column: specis
"""


def test_problems_list_the_last_runs_failure_after_a_restart(page: Any, designer_server: Any,
                                                              tmp_path: Path) -> None:
    """A run this server never followed (``designer run`` in another process, before the server
    started): opening the pipeline, Problems lists its failure in the component's own sentence, with
    a "Show step" link to the failed step."""
    from tests.e2e.conftest import TOY_WORKSPACE
    from tests.e2e.test_runs_support import designer_run

    workspace = tmp_path / "ws"
    shutil.copytree(TOY_WORKSPACE, workspace)
    (workspace / "iris_short.yml").write_text(SHORT)
    result = designer_run(workspace, "iris_short.yml")
    assert result["status"] == "failed", result
    fresh = designer_server(workspace=workspace)  # a server started after the run: it followed none

    open_designer(page, f"{fresh.url}/designer?file=iris_short.yml", 3)
    problems_tab = page.get_by_test_id("tab-problems")
    page.wait_for_function("() => /Problems \\(\\d+\\)/.test(document.querySelector('[data-testid=tab-problems]')"
                           "?.innerText ?? '')", timeout=30_000)
    problems_tab.click()
    row = page.locator('[data-testid=problem][data-kind=run-failure]')
    row.wait_for(timeout=30_000)
    assert row.get_attribute("data-step") == "train"
    said = row.inner_text()
    assert "Label column 'specis' is not in the table (did you mean 'species'?)" in said, said
    assert "exit code" not in said and "stderr" not in said, said
    page.get_by_text(f"Last run ({result['run_id']})").wait_for()
    assert page.get_by_test_id("no-problems").count() == 0
    # the cards show how that run ended
    assert page.locator('[data-testid=node][data-job="train"]').get_attribute("data-status") == "failed"
    shots(page, "results-failure-after-restart")
    row.get_by_test_id("failure-show").click()
    page.wait_for_function("() => document.querySelector('[data-testid=panel-title]')?.innerText === 'Train Model'",
                           timeout=10_000)
    # the step's panel says the same sentence, from the stored run
    sentence = page.get_by_test_id("step-error-sentence")
    sentence.wait_for(timeout=10_000)
    assert sentence.inner_text().startswith("Label column 'specis' is not in the table (did you mean 'species'?)")
    assert page.js_errors == []
