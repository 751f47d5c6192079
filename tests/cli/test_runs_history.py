"""``designer run`` records what each step ran with; ``designer runs name|note|edit`` and metric columns,
filters and order in ``designer runs list``: real processes over a real workspace."""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest

COMPONENT = """
$schema: https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json
type: command
name: scorer
version: "1"
display_name: Score It
inputs:
  fraction: {type: number, default: 0.7}
  seed: {type: integer, default: 42}
  label: {type: string}
  note: {type: string, optional: true}
outputs:
  out: {type: uri_folder}
command: >-
  python -c "import json, os, sys; f = float(sys.argv[1]);
  open(os.environ['DESIGNER_METRICS'], 'a').write(json.dumps({'name': 'accuracy', 'value': f + 0.1}) + '\\n');
  open(os.environ['DESIGNER_METRICS'], 'a').write(json.dumps({'name': 'loss', 'value': 1 - f}) + '\\n')"
  ${{inputs.fraction}} && echo ${{inputs.label}} > ${{outputs.out}}/label.txt
"""

PIPELINE = """
$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json
type: pipeline
display_name: history demo
settings: {default_compute: azureml:serverless}
inputs:
  target: species
jobs:
  score:
    type: command
    component: ./scorer.yml
    inputs:
      fraction: 0.7
      label: ${{parent.inputs.target}}
"""


def cli(exe: list[str], ws: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_") or k == "DESIGNER_ENVIRONMENTS"}
    proc = subprocess.run([*exe, *args, "--workspace", str(ws)], capture_output=True, text=True, cwd=ws, env=env,
                          timeout=120)
    if check and proc.returncode != 0:
        raise AssertionError(f"{args} exited {proc.returncode}: {proc.stdout}{proc.stderr}")
    return proc


def as_json(exe: list[str], ws: Path, *args: str) -> Any:
    return json.loads(cli(exe, ws, *args, "--json").stdout)


@pytest.fixture
def demo(workspace: Path) -> Path:
    (workspace / "scorer.yml").write_text(textwrap.dedent(COMPONENT).lstrip(), encoding="utf-8")
    path = workspace / "demo.yml"
    path.write_text(textwrap.dedent(PIPELINE).lstrip(), encoding="utf-8")
    return path


def run(exe: list[str], ws: Path, pipeline: Path, *sets: str) -> str:
    args = [a for s in sets for a in ("--set", s)]
    return str(as_json(exe, ws, "run", str(pipeline), *args)["run_id"])


def test_each_step_records_the_parameters_it_ran_with(designer_exe: list[str], workspace: Path, demo: Path) -> None:
    first = run(designer_exe, workspace, demo)
    demo.write_text(demo.read_text().replace("fraction: 0.7", "fraction: 0.8"), encoding="utf-8")
    second = run(designer_exe, workspace, demo, "target=kind")

    one = as_json(designer_exe, workspace, "runs", "show", first)
    two = as_json(designer_exe, workspace, "runs", "show", second)
    assert one["steps"]["score"]["title"] == "Score It"
    assert one["steps"]["score"]["parameters"] == {
        "fraction": {"value": 0.7, "default": 0.7, "source": "set", "input": None},
        "seed": {"value": 42, "default": 42, "source": "default", "input": None},
        "label": {"value": "species", "default": None, "source": "input", "input": "target"},
        "note": {"value": None, "default": None, "source": "unset", "input": None},
    }
    assert two["steps"]["score"]["parameters"]["fraction"]["value"] == 0.8
    assert two["steps"]["score"]["parameters"]["label"]["value"] == "kind"  # the --set reached the step
    assert one["inputs"] == {"target": {"value": "species", "default": "species", "source": "default", "input": None}}
    assert two["inputs"]["target"] == {"value": "kind", "default": "species", "source": "set", "input": None}


def test_runs_are_named_noted_and_edited(designer_exe: list[str], workspace: Path, demo: Path) -> None:
    run_id = run(designer_exe, workspace, demo)
    named = cli(designer_exe, workspace, "runs", "name", run_id, "baseline")
    assert f"run {run_id} is named 'baseline'" in named.stdout
    cli(designer_exe, workspace, "runs", "note", run_id, "first try, default split")
    shown = cli(designer_exe, workspace, "runs", "show", run_id).stdout
    assert "name: baseline" in shown and "note: first try, default split" in shown
    assert as_json(designer_exe, workspace, "runs", "edit", run_id, "--name", "base 2", "--note", "") == {
        "run_id": run_id, "name": "base 2", "note": None}
    listed = as_json(designer_exe, workspace, "runs", "list")["runs"]
    assert (listed[0]["name"], listed[0]["note"]) == ("base 2", None)
    assert "base 2" in cli(designer_exe, workspace, "runs", "list").stdout


@pytest.mark.parametrize(("args", "message"), [
    (("runs", "name", "nope", "x"), "no run 'nope'"),
    (("runs", "edit", "{run}"), "nothing to change: give --name"),
    (("runs", "name", "{run}", "two\nlines"), "one line; found a line break"),
    (("runs", "list", "--where", "accuracy is high"), "'accuracy is high' is not a metric filter"),
])
def test_bad_input_exits_2_with_a_sentence(designer_exe: list[str], workspace: Path, demo: Path,
                                           args: tuple[str, ...], message: str) -> None:
    run_id = run(designer_exe, workspace, demo)
    proc = cli(designer_exe, workspace, *(a.format(run=run_id) for a in args), check=False)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_runs_list_shows_filters_and_sorts_by_metrics(designer_exe: list[str], workspace: Path, demo: Path) -> None:
    low = run(designer_exe, workspace, demo)  # accuracy 0.8, loss 0.3
    demo.write_text(demo.read_text().replace("fraction: 0.7", "fraction: 0.85"), encoding="utf-8")
    high = run(designer_exe, workspace, demo)  # accuracy 0.95, loss 0.15

    listed = as_json(designer_exe, workspace, "runs", "list", "--where", "accuracy > 0.9")["runs"]
    assert [r["run_id"] for r in listed] == [high]
    assert listed[0]["metrics"]["accuracy"] == pytest.approx(0.95)
    by_loss = as_json(designer_exe, workspace, "runs", "list", "--sort", "+loss", "-m", "accuracy")["runs"]
    assert [r["run_id"] for r in by_loss] == [high, low]
    assert set(by_loss[1]["metrics"]) == {"accuracy", "loss"}
    table = cli(designer_exe, workspace, "runs", "list", "-m", "accuracy", "--sort", "accuracy").stdout
    assert "accuracy" in table.splitlines()[0]
    assert table.index(high) < table.index(low)
    assert "0.95" in table and "0.8" in table
