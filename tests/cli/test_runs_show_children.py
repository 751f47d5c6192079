"""``designer runs show`` lists a sweep's trials and a parallel step's mini-batches (text and --json), and
the parallel step's batch counts reach the store while it runs, coalesced (not one write per batch)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "engine" / "sweep"))
import test_sweep_run as sweep_case

from designer.store import Store
from designer.workspace import load_settings

SLOW_SCORE = """\
import os, time
from pathlib import Path

def init():
    pass

def run(mini_batch):
    time.sleep(float(os.environ.get("BATCH_S", "0")))
    if any(Path(p).name == "f03.txt" for p in mini_batch) and os.environ.get("BREAK"):
        raise RuntimeError("bad file f03")
    return [Path(p).name for p in mini_batch]
"""

PARALLEL = """\
type: pipeline
jobs:
  score:
    type: parallel
    inputs:
      data: {type: uri_folder, path: ./data}
    outputs:
      scores: {type: uri_file}
    input_data: ${{inputs.data}}
    mini_batch_size: "1"
    resources: {instance_count: 1}
    max_concurrency_per_instance: 1
    mini_batch_error_threshold: -1
    retry_settings: {max_retries: 1, timeout: 60}
    task:
      type: run_function
      code: ./src
      entry_script: score.py
      environment: azureml:x@latest
      append_row_to: ${{outputs.scores}}
"""


def env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_") or k == "DESIGNER_ENVIRONMENTS"}
    base.update(COLUMNS="200", **extra)
    return base


def cli(exe: list[str], ws: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*exe, *args, "--workspace", str(ws)], capture_output=True, text=True, cwd=ws,
                          env=env(**extra), timeout=240)


def show(exe: list[str], ws: Path, run_id: str) -> tuple[str, dict[str, Any]]:
    text = cli(exe, ws, "runs", "show", run_id)
    assert text.returncode == 0, text.stderr
    data = cli(exe, ws, "runs", "show", run_id, "--json")
    assert data.returncode == 0, data.stderr
    return text.stdout, json.loads(data.stdout)


def parallel_ws(ws: Path, files: int) -> None:
    (ws / "src").mkdir()
    (ws / "src" / "score.py").write_text(SLOW_SCORE)
    (ws / "data").mkdir()
    for i in range(files):
        (ws / "data" / f"f{i:02d}.txt").write_text(f"{i}\n")
    (ws / "pipe.yml").write_text(PARALLEL)


def test_runs_show_lists_trials_with_parameters_metric_state_and_the_best(designer_exe: list[str],
                                                                          workspace: Path) -> None:
    sweep_case.write(workspace, sampling="grid", total=10, c="{type: choice, values: [0.3, 0.6]}")
    done = cli(designer_exe, workspace, "run", "pipe.yml", SKIP_METRIC="linear")
    assert done.returncode == 0, done.stderr
    # designer run's table (printed once at the end when stderr is not a terminal) has the sweep's progress
    row = next(line for line in done.stderr.splitlines() if line.split()[:2] == ["tune", "completed"])
    assert "2/4 trials · 2 failed · best accuracy 1" in row, done.stderr
    listed = cli(designer_exe, workspace, "runs", "list", "--json")
    run_id = json.loads(listed.stdout)["runs"][0]["run_id"]
    text, data = show(designer_exe, workspace, run_id)

    tune = data["steps"]["tune"]
    assert tune["progress"] == {"unit": "trials", "done": 2, "running": 0, "failed": 2, "stopped": 0, "total": 4,
                                "best": 1.0, "metric": "accuracy", "goal": "maximize"}
    assert [(t["trial"], t["params"], t["state"]) for t in tune["trials"]] == [
        ("trial_0000", {"c": 0.3, "kernel": "linear"}, "failed"), ("trial_0001", {"c": 0.3, "kernel": "rbf"}, "completed"),
        ("trial_0002", {"c": 0.6, "kernel": "linear"}, "failed"), ("trial_0003", {"c": 0.6, "kernel": "rbf"}, "completed")]
    assert tune["best_trial"] == "trial_0003" and tune["primary_metric"] == "accuracy"
    assert all(t["duration_s"] is not None and t["duration_s"] > 0 for t in tune["trials"])
    assert "tune/trial_0000" in data["steps"]  # the trials stay steps of their own in the JSON

    lines = text.splitlines()
    assert any("2/4 trials · 2 failed · best accuracy 1" in line for line in lines), text
    header = next(i for i, line in enumerate(lines) if line.startswith("trials of tune: 4 of 4 (accuracy, higher is better)"))
    rows = {line.split("trial_")[1][:4]: line.split() for line in lines[header:] if "trial_000" in line}
    assert rows["0003"][:5] == ["*", "trial_0003", "0.6", "rbf", "1"], text  # the best is marked, its value shown
    assert rows["0000"][:4] == ["trial_0000", "0.3", "linear", "failed"]
    assert "the trial logged no metrics, so its primary metric 'accuracy' is missing" in " ".join(rows["0000"])
    # trials are listed once, under the sweep, not again as steps
    steps_table = lines[:header]
    assert not any("trial_0001" in line for line in steps_table)


def test_runs_show_lists_mini_batches_with_state_retries_and_error(designer_exe: list[str], workspace: Path) -> None:
    parallel_ws(workspace, 5)
    done = cli(designer_exe, workspace, "run", "pipe.yml", BREAK="1")
    assert done.returncode == 0, done.stderr  # mini_batch_error_threshold -1: failures are ignored
    row = next(line for line in done.stderr.splitlines() if line.split()[:2] == ["score", "completed"])
    assert "4/5 mini-batches · 1 failed" in row, done.stderr
    listed = cli(designer_exe, workspace, "runs", "list", "--json")
    run_id = json.loads(listed.stdout)["runs"][0]["run_id"]
    text, data = show(designer_exe, workspace, run_id)
    score = data["steps"]["score"]
    assert score["progress"] == {"unit": "batches", "done": 4, "running": 0, "failed": 1, "stopped": 0, "total": 5,
                                 "best": None, "metric": None, "goal": None}
    by_batch = {b["batch"]: b for b in score["batches"]}
    assert sorted(by_batch) == [0, 1, 2, 3, 4]
    assert by_batch[3]["state"] == "failed" and by_batch[3]["retries"] == 1
    assert "bad file f03" in by_batch[3]["error"]
    assert all(by_batch[i]["state"] == "completed" and by_batch[i]["retries"] == 0 for i in (0, 1, 2, 4))
    lines = text.splitlines()
    assert any("4/5 mini-batches · 1 failed" in line for line in lines), text
    header = next(i for i, line in enumerate(lines) if line.startswith("mini-batches of score: 5 (4 completed, 1 failed)"))
    failed = next(line for line in lines[header:] if line.split()[:2] == ["3", "failed"])
    assert "bad file f03" in failed and failed.split()[3:5] != []


def test_parallel_progress_reaches_the_store_while_it_runs_coalesced(designer_exe: list[str], workspace: Path) -> None:
    files = 16
    parallel_ws(workspace, files)
    proc = subprocess.Popen([*designer_exe, "run", "pipe.yml", "--json", "--workspace", str(workspace)],
                            cwd=workspace, env=env(BATCH_S="0.2"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    seen: list[dict[str, Any]] = []
    try:
        store = None
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and proc.poll() is None:
            db = workspace / ".designer" / "designer.db"
            if store is None and db.exists():
                store = Store.open(load_settings(workspace).db_url)
            runs = store.list_runs(limit=1) if store is not None else []
            step = store.step(runs[0].id, "score") if runs else None
            if step is not None and step.state == "running" and step.progress:
                seen.append(step.progress)
            time.sleep(0.1)
        out, err = proc.communicate(timeout=180)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    partial = [p for p in seen if 0 < p["done"] < files]
    assert partial, f"no progress seen while the step ran: {seen}"
    assert all(p["total"] == files and p["unit"] == "batches" for p in seen)
    assert store is not None
    run_id = json.loads(out)["run_id"]
    final = store.step(run_id, "score")
    assert final is not None and final.progress is not None and final.progress["done"] == files
    events = [kind for _, kind, _ in store.events_since(run_id, 0, limit=100_000)]
    # each batch changes state 3 times (pending, running, completed); the store got a few progress writes
    assert 2 <= events.count("StepProgress") < files, events.count("StepProgress")
    store.close()


THIRD_STEP = """\
  publish:
    type: command
    inputs:
      best: ${{parent.jobs.report.outputs.out}}
    outputs:
      done:
    environment: azureml:x@latest
    command: cp ${{inputs.best}}/best.json ${{outputs.done}}/published.json
"""


def test_runs_list_counts_a_sweep_as_one_step_not_its_trials(designer_exe: list[str], workspace: Path) -> None:
    """A 3-step pipeline whose sweep ran 12 trials is 3 steps in ``designer runs list`` (text and
    --json), on its first run and on a re-run that reuses the sweep."""
    sweep_case.write(workspace, total=12)
    pipe = workspace / "pipe.yml"
    pipe.write_text(pipe.read_text() + THIRD_STEP)
    first = sweep_case.run(designer_exe, workspace)
    assert first["_rc"] == 0, first["_stderr"]
    assert len(first["steps"]) == 3
    _, shown = show(designer_exe, workspace, first["run_id"])
    assert len(shown["steps"]["tune"]["trials"]) == 12
    assert (shown["steps_total"], shown["steps_done"]) == (3, 3)
    again = sweep_case.run(designer_exe, workspace)
    assert again["_rc"] == 0, again["_stderr"]

    listed = cli(designer_exe, workspace, "runs", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    runs = {r["run_id"]: r for r in json.loads(listed.stdout)["runs"]}
    assert (runs[first["run_id"]]["steps_total"], runs[first["run_id"]]["steps_done"],
            runs[first["run_id"]]["steps_reused"]) == (3, 3, 0)
    assert (runs[again["run_id"]]["steps_total"], runs[again["run_id"]]["steps_done"],
            runs[again["run_id"]]["steps_reused"]) == (3, 3, 3)
    table = cli(designer_exe, workspace, "runs", "list")
    assert table.returncode == 0, table.stderr
    row = next(line for line in table.stdout.splitlines() if first["run_id"] in line)
    assert " 3/3 " in row and "15/15" not in row, row
