"""The designer's sweep form in Chromium: a person turns a command step into a sweep, fills in the metric,
the values and range to search and the number of trials, saves, and the file is a valid Azure
``type: sweep`` step that ``designer validate`` accepts; then turns it back into a single step."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "engine" / "sweep"))
import test_sweep_run as sweep_case

from designer.spec.model import Located
from designer.spec.sweep import parse_sweep

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


def saved_job(ws: Path) -> dict[str, Any]:
    return yaml.safe_load((ws / "pipe.yml").read_text())["jobs"]["train"]


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

    fill(page, "sweep-metric", "accuracy")
    page.get_by_test_id("sweep-form").get_by_text("primary_metric").wait_for(state="detached", timeout=15_000)
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
