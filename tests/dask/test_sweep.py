"""A sweep on a Dask target: each trial a child step on the worker, side by side up to max_concurrent_trials,
with its own log, metrics and reuse; the best trial's outputs flow to a local step downstream."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dask_helpers import Cluster

pytestmark = pytest.mark.dask

TRAIN = """
    import argparse, json, os, time
    p = argparse.ArgumentParser()
    p.add_argument("--c", type=float)
    p.add_argument("--kernel")
    p.add_argument("--model")
    a = p.parse_args()
    started = time.time()
    score = 1.0 - (a.c - 0.6) ** 2 - (0.0 if a.kernel == "rbf" else 0.2)
    with open(os.environ["DESIGNER_METRICS"], "a") as fh:
        for epoch in range(3):
            fh.write(json.dumps({"name": "accuracy", "value": score * (epoch + 1) / 3, "step": epoch}) + "\\n")
            fh.flush()
            time.sleep(float(os.environ.get("EPOCH_S", "0")))
    with open(os.path.join(a.model, "model.json"), "w") as fh:
        json.dump({"c": a.c, "kernel": a.kernel, "score": score, "pid": os.getpid(),
                   "start": started, "end": time.time()}, fh)
    print("trained", a.c, a.kernel, score)
"""

TRAIN_YML = """
    type: command
    name: train_svm
    inputs:
      c: {type: number}
      kernel: {type: string, default: linear}
    outputs:
      model: {type: uri_folder}
    code: ./src
    environment: azureml:x@latest
    environment_variables: {EPOCH_S: "0.5"}
    command: python train.py --c ${{inputs.c}} --kernel ${{inputs.kernel}} --model ${{outputs.model}}
"""

PIPELINE = """
    type: pipeline
    settings: {default_compute: local}
    jobs:
      tune:
        type: sweep
        compute: plain
        trial: ./train.yml
        outputs:
          model:
        sampling_algorithm: {type: random, seed: 7}
        search_space:
          c: {type: uniform, min_value: 0.1, max_value: 0.9}
          kernel: {type: choice, values: [linear, rbf]}
        objective: {goal: maximize, primary_metric: accuracy}
        limits: {max_total_trials: TOTAL, max_concurrent_trials: 2}
      report:
        type: command
        inputs:
          model: ${{parent.jobs.tune.outputs.model}}
        outputs:
          out:
        environment: azureml:x@latest
        command: cp ${{inputs.model}}/model.json ${{outputs.out}}/best.json
"""


def _write(c: Cluster, total: int) -> Path:
    c.write("src/train.py", TRAIN)
    c.write("train.yml", TRAIN_YML)
    return c.write("p.yml", PIPELINE.replace("TOTAL", str(total)))


def _trial_states(c: Cluster) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for ev in c.sink.events:
        step = getattr(ev, "step", "")
        if step.startswith("tune/trial_") and getattr(ev, "state", None):
            out.setdefault(step, []).append(ev.state)
    return out


def test_a_random_sweep_runs_its_trials_on_the_worker_side_by_side_and_reuses_them(cluster: Cluster) -> None:
    first = cluster.run(_write(cluster, 4))
    assert first.state == "completed", {k: (s.state, s.message) for k, s in first.steps.items()}
    table = json.loads((first.run_dir / "tune" / "trials.json").read_text(encoding="utf-8"))
    assert [t["trial"] for t in table["trials"]] == [f"trial_000{i}" for i in range(4)]
    assert all(t["state"] == "completed" for t in table["trials"]), table["trials"]

    # every trial ran on the Dask worker 'plain', as a child step with its own log and metrics
    for i in range(4):
        name = f"tune/trial_000{i}"
        running = [ev for ev in cluster.sink.changes(name) if ev.state == "running"]
        assert running and "plain" in (running[-1].worker or ""), (name, [ev.worker for ev in running])
        assert "trained" in (first.run_dir / name / "logs" / "stdout.txt").read_text(encoding="utf-8")
        assert (first.run_dir / name / "metrics.jsonl").exists()

    # side by side, never more than max_concurrent_trials at once
    spans = [json.loads((first.run_dir / f"tune/trial_000{i}" / "outputs" / "model" / "model.json").read_text())
             for i in range(4)]
    most = max(sum(1 for o in spans if o["start"] < s["end"] and s["start"] < o["end"]) for s in spans)
    assert most == 2, [(round(s["start"], 2), round(s["end"], 2)) for s in spans]

    # the sweep's outputs are the best trial's: the local step downstream read them
    best = max(table["trials"], key=lambda t: t["value"])
    assert table["summary"]["best_trial"] == best["trial"]
    report = json.loads((Path(first.steps["report"].outputs["out"]) / "best.json").read_text(encoding="utf-8"))
    assert report["c"] == pytest.approx(best["params"]["c"]) and report["kernel"] == best["params"]["kernel"]
    assert report["score"] == pytest.approx(best["value"])

    again = cluster.run(_write(cluster, 4))
    assert again.steps["tune"].state == "cached" and again.steps["report"].state == "cached"

    wider = cluster.run(_write(cluster, 6))
    assert wider.steps["tune"].state == "completed", wider.steps["tune"].message
    states = _trial_states(cluster)
    assert [states[f"tune/trial_000{i}"][-1] for i in range(6)] == ["cached"] * 4 + ["completed"] * 2, states
    wide = json.loads((wider.run_dir / "tune" / "trials.json").read_text(encoding="utf-8"))
    assert [t["params"] for t in wide["trials"][:4]] == [t["params"] for t in table["trials"]]
    for i in (4, 5):
        running = [ev for ev in cluster.sink.changes(f"tune/trial_000{i}") if ev.state == "running"]
        assert running and "plain" in (running[-1].worker or "")
