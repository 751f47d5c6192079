"""Sweeps through ``designer run``: trials as child steps with their own process, log and metrics;
random with seed, grid, early termination, reuse on re-run, widening, the best trial's outputs
downstream, and a trial that never logs the primary metric."""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest

TRAIN = """\
import argparse, json, os, time
p = argparse.ArgumentParser()
p.add_argument("--c", type=float)
p.add_argument("--kernel")
p.add_argument("--epochs", type=int)
p.add_argument("--model")
a = p.parse_args()
score = 1.0 - (a.c - 0.6) ** 2 - (0.0 if a.kernel == "rbf" else 0.2)
if os.environ.get("SKIP_METRIC") == a.kernel:
    print("logging nothing"); raise SystemExit(0)
with open(os.environ["DESIGNER_METRICS"], "a") as fh:
    for epoch in range(a.epochs):
        value = score * (epoch + 1) / a.epochs
        fh.write(json.dumps({"name": "accuracy", "value": value, "step": epoch}) + "\\n"); fh.flush()
        fh.write(json.dumps({"name": "loss", "value": 1 - value, "step": epoch}) + "\\n"); fh.flush()
        time.sleep(float(os.environ.get("EPOCH_S", "0")))
with open(os.path.join(a.model, "model.json"), "w") as fh:
    json.dump({"c": a.c, "kernel": a.kernel, "score": score}, fh)
print("trained", a.c, a.kernel, score)
"""

TRAIN_YML = """\
type: command
name: train_svm
inputs:
  c: {type: number}
  kernel: {type: string, default: linear}
  epochs: {type: integer, default: 3}
outputs:
  model: {type: uri_folder}
code: ./src
environment: azureml:x@latest
command: >-
  python train.py --c ${{inputs.c}} --kernel ${{inputs.kernel}} --epochs ${{inputs.epochs}}
  --model ${{outputs.model}}
"""

PIPELINE = """\
type: pipeline
display_name: tune
jobs:
  tune:
    type: sweep
    trial: ./train.yml
    inputs:
      epochs: 3
    outputs:
      model:
    sampling_algorithm: {SAMPLING}
    search_space:
      c: {C}
      kernel: {type: choice, values: [linear, rbf]}
    objective: {goal: maximize, primary_metric: accuracy}
    limits: {max_total_trials: {TOTAL}, max_concurrent_trials: 2}
{POLICY}
  report:
    type: command
    inputs:
      model: ${{parent.jobs.tune.outputs.model}}
    outputs:
      out:
    environment: azureml:x@latest
    command: cp ${{inputs.model}}/model.json ${{outputs.out}}/best.json
"""


def write(ws: Path, *, sampling: str = "{type: random, seed: 3}", total: int = 4,
          c: str = "{type: uniform, min_value: 0.1, max_value: 0.9}", policy: str = "") -> Path:
    (ws / "src").mkdir(exist_ok=True)
    (ws / "src" / "train.py").write_text(TRAIN)
    (ws / "train.yml").write_text(TRAIN_YML)
    text = (PIPELINE.replace("{SAMPLING}", sampling).replace("{TOTAL}", str(total)).replace("{C}", c)
            .replace("{POLICY}", textwrap.indent(policy, "    ") if policy else ""))
    (ws / "pipe.yml").write_text(text)
    return ws / "pipe.yml"


def run(exe: list[str], ws: Path, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    base = {k: v for k, v in os.environ.items() if (not k.startswith("DESIGNER_") or k == "DESIGNER_ENVIRONMENTS")}
    base.update(env or {})
    proc = subprocess.run([*exe, "run", "pipe.yml", "--json", *args, "--workspace", str(ws)], capture_output=True,
                          text=True, cwd=ws, env=base, timeout=240)
    assert proc.stdout, proc.stderr
    data = json.loads(proc.stdout)
    data["_rc"], data["_stderr"] = proc.returncode, proc.stderr
    return data


def trials(ws: Path, data: dict[str, Any]) -> dict[str, Any]:
    run_dir = next((ws / ".designer" / "runs").glob(f"{data['run_id']}*"))
    return json.loads((run_dir / "tune" / "trials.json").read_text())


def test_random_sweep_reuse_and_widening(designer_exe: list[str], workspace: Path) -> None:
    write(workspace)
    first = run(designer_exe, workspace)
    assert first["_rc"] == 0, first["_stderr"]
    assert first["status"] == "completed"
    table = trials(workspace, first)
    assert [t["trial"] for t in table["trials"]] == [f"trial_000{i}" for i in range(4)]
    assert all(t["state"] == "completed" for t in table["trials"])
    best = max(table["trials"], key=lambda t: t["value"])
    assert table["summary"]["best_trial"] == best["trial"]
    # the downstream step read the best trial's model
    report = Path(first["steps"]["report"]["outputs"]["out"]) / "best.json"
    assert json.loads(report.read_text())["c"] == pytest.approx(best["params"]["c"])
    # every trial is a step of its own, with its own log
    run_dir = next((workspace / ".designer" / "runs").glob(f"{first['run_id']}*"))
    assert "trained" in (run_dir / "tune" / "trial_0002" / "logs" / "stdout.txt").read_text()

    again = run(designer_exe, workspace)
    assert again["steps"]["tune"]["status"] == "cached"  # nothing changed: the whole sweep is reused
    # and it still says how its trials went (the run it reused them from), for the card and the CLI
    progress = _shown(designer_exe, workspace, again["run_id"])["steps"]["tune"]["progress"]
    assert progress == {"unit": "trials", "done": 4, "running": 0, "failed": 0, "stopped": 0, "total": 4,
                        "best": pytest.approx(best["value"]), "metric": "accuracy", "goal": "maximize"}, progress

    write(workspace, total=6)
    wider = run(designer_exe, workspace)
    assert wider["_rc"] == 0, wider["_stderr"]
    assert wider["steps"]["tune"]["status"] == "completed"
    states = _step_states(designer_exe, workspace, wider["run_id"])
    assert [states[f"tune/trial_000{i}"] for i in range(6)] == ["cached"] * 4 + ["completed"] * 2
    wide_table = trials(workspace, wider)
    assert [t["params"] for t in wide_table["trials"][:4]] == [t["params"] for t in table["trials"]]


def _shown(exe: list[str], ws: Path, run_id: str) -> dict[str, Any]:
    proc = subprocess.run([*exe, "runs", "show", run_id, "--json", "--workspace", str(ws)], capture_output=True,
                          text=True, cwd=ws, timeout=60)
    return json.loads(proc.stdout)


def _step_states(exe: list[str], ws: Path, run_id: str) -> dict[str, str]:
    data = _shown(exe, ws, run_id)
    steps = data.get("steps")
    if isinstance(steps, dict):
        return {name: s.get("status") or s.get("state") for name, s in steps.items()}
    return {s["step"]: s.get("state") or s.get("status") for s in steps}


def test_grid_sweep_runs_every_combination_and_a_missing_metric_fails_the_trial(designer_exe: list[str],
                                                                              workspace: Path) -> None:
    write(workspace, sampling="grid", total=10, c="{type: choice, values: [0.3, 0.6]}")
    data = run(designer_exe, workspace, env={"SKIP_METRIC": "linear"})
    assert data["_rc"] == 0, data["_stderr"]
    table = trials(workspace, data)
    assert [t["params"] for t in table["trials"]] == [
        {"c": 0.3, "kernel": "linear"}, {"c": 0.3, "kernel": "rbf"},
        {"c": 0.6, "kernel": "linear"}, {"c": 0.6, "kernel": "rbf"}]
    by_state = {t["trial"]: t["state"] for t in table["trials"]}
    assert by_state == {"trial_0000": "failed", "trial_0001": "completed", "trial_0002": "failed",
                        "trial_0003": "completed"}
    failed = table["trials"][0]["message"]
    assert failed == "the trial logged no metrics, so its primary metric 'accuracy' is missing; log it with " \
                     "mlflow.log_metric('accuracy', value) (or mlflow.autolog()) or a DESIGNER_METRICS line"
    assert table["summary"]["best_trial"] == "trial_0003" and table["summary"]["best_value"] == pytest.approx(1.0)
    assert data["status"] == "completed"  # failed trials do not fail the sweep


def test_early_termination_stops_poor_trials(designer_exe: list[str], workspace: Path) -> None:
    policy = "early_termination: {type: bandit, slack_amount: 0.05, evaluation_interval: 1, delay_evaluation: 2}"
    write(workspace, sampling="grid", total=10, c="{type: choice, values: [0.6]}", policy=policy)
    (workspace / "pipe.yml").write_text((workspace / "pipe.yml").read_text().replace(
        "max_concurrent_trials: 2", "max_concurrent_trials: 1").replace("values: [linear, rbf]", "values: [rbf, linear]")
        .replace("epochs: 3", "epochs: 20"))
    data = run(designer_exe, workspace, env={"EPOCH_S": "0.15"})
    assert data["_rc"] == 0, data["_stderr"]
    table = trials(workspace, data)
    rbf, linear = table["trials"]
    assert rbf["state"] == "completed" and rbf["value"] == pytest.approx(1.0)
    assert linear["state"] == "stopped"
    assert linear["message"].startswith("stopped early: bandit policy at interval")
    run_dir = next((workspace / ".designer" / "runs").glob(f"{data['run_id']}*"))
    assert not (run_dir / "tune" / "trial_0001" / "outputs" / "model").exists()
