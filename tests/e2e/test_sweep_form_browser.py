"""The designer's sweep form in Chromium: a person turns a command step into a sweep, fills in the metric,
the values and range to search and the number of trials, saves, and the file is a valid Azure
``type: sweep`` step that ``designer validate`` accepts; then turns it back into a single step."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "engine" / "sweep"))
import test_sweep_run as sweep_case

from designer.spec.model import Located
from designer.spec.sweep import parse_sweep
from tests.e2e.nocode import shots

pytestmark = pytest.mark.e2e

PIPELINE = """\
type: pipeline
display_name: train once
settings:
  default_compute: azureml:serverless
jobs:
  train:
    type: command
    component: ./train.yml
    inputs:
      c: 0.5
      epochs: 3
    outputs:
      model:
"""


def open_designer(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_function("() => document.querySelectorAll('.vue-flow__node').length === 1", timeout=60_000)


def field(page: Any, testid: str) -> Any:
    """The text box of a form field (Quasar puts the test id on the input itself)."""
    return page.locator(f'input[data-testid="{testid}"], [data-testid="{testid}"] input').first


def fill(page: Any, testid: str, text: str) -> None:
    box = field(page, testid)
    box.click()
    box.fill(text)
    box.press("Enter")


def wait_value(page: Any, testid: str, value: str) -> None:
    """Wait until the field shows ``value`` (the panel is rebuilt after each edit)."""
    page.wait_for_function("""([id, value]) => {
        const el = document.querySelector(`input[data-testid="${id}"], [data-testid="${id}"] input`);
        return el && el.value === value;
    }""", arg=[testid, value], timeout=15_000)


def choose(page: Any, testid: str, option: str) -> None:
    page.get_by_test_id(testid).click()
    page.locator(".q-menu .q-item", has_text=option).first.click()


def saved_job(ws: Path, name: str = "train") -> dict[str, Any]:
    return yaml.safe_load((ws / "pipe.yml").read_text())["jobs"][name]


def problems(ws: Path) -> list[str]:
    """The errors the designer's validation finds in the saved file (what 'designer validate' checks
    before it looks for the steps' environments, which this test does not build)."""
    from designer.registry import Registry
    from designer.spec.loader import load_text
    from designer.spec.validate import validate_loaded
    from designer.workspace import Workspace

    registry = Registry.for_workspace(Workspace.discover(ws))
    path = ws / "pipe.yml"
    loaded = load_text(path.read_text(), str(path), registry)
    return [p.format() for p in validate_loaded(loaded) if p.severity == "error"]


def test_make_a_sweep_in_the_form_save_valid_yaml_and_back(page: Any, designer_server: Any, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    sweep_case.write(ws)
    (ws / "pipe.yml").write_text(PIPELINE)
    server = designer_server(workspace=ws)
    open_designer(page, f"{server.url}/designer?file=pipe.yml")
    page.locator("[data-testid=node][data-job=train]").click()
    page.get_by_test_id("make-sweep").click()
    page.get_by_test_id("sweep-form").wait_for(timeout=15_000)
    # c (a number without bounds) is searched first, as a list holding its current value
    assert field(page, "sweep-values-c").input_value() == "0.5"
    # the metric is required: the form says so until it is given
    assert "primary_metric" in page.get_by_test_id("sweep-form").inner_text()

    page.wait_for_function("() => /\\(\\d+\\)/.test(document.querySelector('[data-testid=tab-problems]').textContent)",
                           timeout=15_000)  # the page's own check has counted the missing metric
    missing = problem_count(page)
    fill(page, "sweep-metric", "accuracy")
    page.get_by_test_id("sweep-form").get_by_text("primary_metric").wait_for(state="detached", timeout=15_000)
    # the page's own check follows and redraws the panel (the step's problems changed): wait for it
    page.wait_for_function(f"() => !document.querySelector('[data-testid=tab-problems]').textContent"
                           f".includes('({missing})')", timeout=15_000)
    choose(page, "sweep-kind-c", "Any number in a range")
    page.get_by_test_id("sweep-min_value-c").wait_for(timeout=15_000)
    fill(page, "sweep-min_value-c", "0.1")
    wait_value(page, "sweep-min_value-c", "0.1")
    fill(page, "sweep-max_value-c", "0.9")
    wait_value(page, "sweep-max_value-c", "0.9")
    choose(page, "sweep-kind-kernel", "One of a list of values")
    page.get_by_test_id("sweep-values-kernel").wait_for(timeout=15_000)
    fill(page, "sweep-values-kernel", "linear, rbf")
    wait_value(page, "sweep-values-kernel", "linear, rbf")
    fill(page, "sweep-max-trials", "4")
    wait_value(page, "sweep-max-trials", "4")
    fill(page, "sweep-seed", "7")
    wait_value(page, "sweep-seed", "7")
    # the card now says what it will run
    page.locator('[data-testid=node][data-job=train] [data-testid=progress-count]', has_text="0/4 trials").wait_for(
        timeout=15_000)

    page.get_by_test_id("save-button").click()
    page.get_by_text("Saved pipe.yml").first.wait_for(timeout=15_000)
    job = saved_job(ws)
    assert job == {
        "type": "sweep", "trial": "./train.yml", "inputs": {"epochs": 3}, "outputs": {"model": None},
        "sampling_algorithm": {"type": "random", "seed": 7},
        "search_space": {"c": {"type": "uniform", "min_value": 0.1, "max_value": 0.9},
                         "kernel": {"type": "choice", "values": ["linear", "rbf"]}},
        "objective": {"goal": "maximize", "primary_metric": "accuracy"},
        "limits": {"max_total_trials": 4, "max_concurrent_trials": 2},
    }, job
    spec, found = parse_sweep(job, Located())
    assert spec is not None and found == []
    assert problems(ws) == []

    page.get_by_test_id("unmake-sweep").click()
    page.get_by_test_id("make-sweep").wait_for(timeout=15_000)
    page.get_by_test_id("save-button").click()
    page.wait_for_function("() => !document.querySelector('[data-testid=sweep-form]')", timeout=15_000)
    page.wait_for_timeout(500)
    for _ in range(50):
        if saved_job(ws).get("type") == "command":
            break
        page.wait_for_timeout(200)
    back = saved_job(ws)
    assert back == {"type": "command", "component": "./train.yml", "outputs": {"model": None},
                    "inputs": {"epochs": 3, "c": 0.1, "kernel": "linear"}}, back
    assert problems(ws) == []


def problem_count(page: Any) -> int:
    """The count on the Problems tab (what the page's own check of the pipeline found)."""
    text = page.get_by_test_id("tab-problems").text_content() or ""
    found = re.search(r"\((\d+)\)", text)
    return int(found.group(1)) if found else 0


def wait_problem(page: Any, text: str | None) -> None:
    """Wait until the early termination section shows the problem ``text`` (None: no problem)."""
    box = page.get_by_test_id("sweep-policy-box")
    if text is None:
        box.locator("[data-testid=field-problem]").first.wait_for(state="detached", timeout=15_000)
    else:
        box.locator("[data-testid=field-problem]", has_text=text).wait_for(timeout=15_000)


def enter(page: Any, testid: str, text: str, problem: str | None, base: int) -> None:
    """Type ``text`` into a field and press Enter; the problem (or none) is said under it at once. The
    page's own check follows and redraws the panel when the step's problems changed: wait for that
    too, as a person would see the Problems tab change before typing on."""
    fill(page, testid, text)
    wait_problem(page, problem)
    want = "n !== base" if problem else "n === base"
    page.wait_for_function(f"""base => {{
        const m = (document.querySelector('[data-testid=tab-problems]').textContent || '').match(/\\((\\d+)\\)/);
        const n = m ? +m[1] : 0;
        return {want};
    }}""", arg=base, timeout=15_000)
    wait_problem(page, problem)


def save(page: Any, ws: Path, check: Any) -> dict[str, Any]:
    page.get_by_test_id("save-button").click()
    for _ in range(75):
        job = saved_job(ws, "tune")
        if check(job):
            return job
        page.wait_for_timeout(200)
    raise AssertionError(saved_job(ws, "tune"))


def test_early_termination_in_the_form_checked_saved_and_read_back(page: Any, designer_server: Any,
                                                                   tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    sweep_case.write(ws)
    server = designer_server(workspace=ws)
    page.goto(f"{server.url}/designer?file=pipe.yml")
    page.wait_for_function("() => document.querySelectorAll('.vue-flow__node').length === 2", timeout=60_000)
    page.locator("[data-testid=node][data-job=tune]").click()
    page.get_by_test_id("sweep-form").wait_for(timeout=15_000)
    assert page.get_by_test_id("sweep-policy").inner_text().find("None") >= 0
    assert not page.get_by_test_id("sweep-slack").count()

    # bandit: starts from Azure's example values
    choose(page, "sweep-policy", "Bandit")
    page.get_by_test_id("sweep-slack").wait_for(timeout=15_000)
    assert (field(page, "sweep-slack").input_value(), field(page, "sweep-interval").input_value(),
            field(page, "sweep-delay").input_value()) == ("0.1", "1", "5")
    # a bad value is said at the field, and goes once corrected
    base = problem_count(page)
    enter(page, "sweep-slack", "-1", "'slack_factor' must be a number of at least 0", base)
    shots(page, "sweep-early-termination-problem")
    enter(page, "sweep-slack", "0.15", None, base)
    # the slack as an amount instead of a ratio keeps the number
    choose(page, "sweep-slack-kind", "By an amount")
    page.get_by_test_id("sweep-slack-kind").get_by_text("By an amount").wait_for(timeout=15_000)
    wait_value(page, "sweep-slack", "0.15")
    enter(page, "sweep-interval", "often", "'evaluation_interval' must be a whole number of at least 0", base)
    enter(page, "sweep-interval", "2", None, base)
    fill(page, "sweep-delay", "3")
    wait_value(page, "sweep-delay", "3")
    shots(page, "sweep-early-termination-bandit")
    job = save(page, ws, lambda j: (j.get("early_termination") or {}).get("delay_evaluation") == 3)
    assert job["early_termination"] == {"type": "bandit", "slack_amount": 0.15, "evaluation_interval": 2,
                                        "delay_evaluation": 3}, job
    spec, found = parse_sweep(job, Located())
    assert found == [] and spec is not None and spec.early_termination is not None
    assert spec.early_termination.slack_amount == 0.15 and spec.early_termination.delay_evaluation == 3
    assert problems(ws) == []

    # opened again, the form reads the policy back from the file
    page.reload()
    page.wait_for_function("() => document.querySelectorAll('.vue-flow__node').length === 2", timeout=60_000)
    page.locator("[data-testid=node][data-job=tune]").click()
    page.get_by_test_id("sweep-slack").wait_for(timeout=15_000)
    assert "Bandit" in page.get_by_test_id("sweep-policy").inner_text()
    assert "By an amount" in page.get_by_test_id("sweep-slack-kind").inner_text()
    assert (field(page, "sweep-slack").input_value(), field(page, "sweep-interval").input_value(),
            field(page, "sweep-delay").input_value()) == ("0.15", "2", "3")

    # truncation selection keeps the interval and delay; its percentage is checked too
    choose(page, "sweep-policy", "Truncation")
    page.get_by_test_id("sweep-truncation").wait_for(timeout=15_000)
    assert field(page, "sweep-interval").input_value() == "2"
    enter(page, "sweep-truncation", "150", "a whole number from 1 to 99", base)
    enter(page, "sweep-truncation", "30", None, base)
    shots(page, "sweep-early-termination-truncation")
    job = save(page, ws, lambda j: (j.get("early_termination") or {}).get("truncation_percentage") == 30)
    assert job["early_termination"] == {"type": "truncation_selection", "truncation_percentage": 30,
                                        "evaluation_interval": 2, "delay_evaluation": 3}, job

    choose(page, "sweep-policy", "Median stopping")
    page.get_by_test_id("sweep-truncation").wait_for(state="detached", timeout=15_000)
    assert not page.get_by_test_id("sweep-slack").count()
    job = save(page, ws, lambda j: (j.get("early_termination") or {}).get("type") == "median_stopping")
    assert job["early_termination"] == {"type": "median_stopping", "evaluation_interval": 2, "delay_evaluation": 3}
    assert problems(ws) == []

    choose(page, "sweep-policy", "None")
    page.get_by_test_id("sweep-interval").wait_for(state="detached", timeout=15_000)
    job = save(page, ws, lambda j: "early_termination" not in j)
    assert problems(ws) == []
