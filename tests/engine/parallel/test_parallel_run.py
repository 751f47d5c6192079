"""Parallel steps through ``designer run``: the driver is the step's process; file batches into a
uri_file output, an MLTable by partition keys into a folder output, a batch failing beyond the
threshold fails the step, and the re-run processes only the failed batch; one within the threshold is
retried, then leaves the step completed with the other batches' rows."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pandas as pd

SCORE = """\
import argparse, os
from pathlib import Path

def init():
    global factor
    p = argparse.ArgumentParser()
    p.add_argument("--factor", type=int)
    p.add_argument("--model")
    a, _ = p.parse_known_args()
    factor = a.factor * int(Path(a.model, "weight.txt").read_text())

def run(mini_batch):
    calls = Path(os.environ["CALLS"])
    calls.mkdir(exist_ok=True)
    (calls / Path(mini_batch[0]).name).write_text("")
    if os.environ.get("BREAK") and any(Path(p).name == "f03.txt" for p in mini_batch):
        raise RuntimeError("bad file f03")
    return [f"{Path(p).name} {int(Path(p).read_text()) * factor}" for p in mini_batch]
"""

PIPELINE = """\
type: pipeline
jobs:
  make_model:
    type: command
    outputs: {model: }
    environment: azureml:x@latest
    command: echo 2 > ${{outputs.model}}/weight.txt
  score:
    type: parallel
    inputs:
      data: {type: uri_folder, path: ./data}
      model: ${{parent.jobs.make_model.outputs.model}}
    outputs:
      scores: {type: uri_file}
    input_data: ${{inputs.data}}
    mini_batch_size: "2"
    resources: {instance_count: 1}
    max_concurrency_per_instance: 2
    mini_batch_error_threshold: 0
    retry_settings: {max_retries: 1, timeout: 30}
    task:
      type: run_function
      code: ./src
      entry_script: score.py
      environment: azureml:x@latest
      program_arguments: --factor 5 --model ${{inputs.model}}
      append_row_to: ${{outputs.scores}}
  total:
    type: command
    inputs:
      scores: {type: uri_file, path: "${{parent.jobs.score.outputs.scores}}"}
    outputs: {out: }
    environment: azureml:x@latest
    command: wc -l < ${{inputs.scores}} > ${{outputs.out}}/lines.txt
"""


def run(exe: list[str], ws: Path, env: dict[str, str]) -> dict[str, Any]:
    base = {k: v for k, v in os.environ.items() if (not k.startswith("DESIGNER_") or k == "DESIGNER_ENVIRONMENTS") and k != "BREAK"}
    base.update(env)
    proc = subprocess.run([*exe, "run", "pipe.yml", "--json", "--workspace", str(ws)], capture_output=True, text=True,
                          cwd=ws, env=base, timeout=240)
    data = json.loads(proc.stdout)
    data["_rc"], data["_stderr"] = proc.returncode, proc.stderr
    return data


def test_file_batches_threshold_and_rerun_of_failed_batches(designer_exe: list[str], workspace: Path) -> None:
    (workspace / "src").mkdir()
    (workspace / "src" / "score.py").write_text(SCORE)
    (workspace / "data").mkdir()
    for i in range(7):
        (workspace / "data" / f"f{i:02d}.txt").write_text(f"{i}\n")
    (workspace / "pipe.yml").write_text(PIPELINE)
    calls = workspace / "calls"
    failed = run(designer_exe, workspace, {"CALLS": str(calls), "BREAK": "1"})
    assert failed["_rc"] != 0 and failed["steps"]["score"]["status"] == "failed"
    assert "1 failed mini-batches exceed mini_batch_error_threshold 0" in failed["error"]
    assert failed["steps"]["total"]["status"] == "skipped"
    run_dir = next((workspace / ".designer" / "runs").glob(f"{failed['run_id']}*"))
    records = [json.loads(line) for line in (run_dir / "score" / "batches.jsonl").read_text().splitlines()]
    assert {r["batch"] for r in records if r.get("state") == "failed"} == {1}
    assert len(list((run_dir / "score" / "logs" / "workers").iterdir())) == 2  # each worker's log
    assert sorted(p.name for p in calls.iterdir()) == ["f00.txt", "f02.txt", "f04.txt", "f06.txt"]

    for p in calls.iterdir():
        p.unlink()
    fixed = run(designer_exe, workspace, {"CALLS": str(calls)})
    assert fixed["_rc"] == 0, fixed["_stderr"]
    assert sorted(p.name for p in calls.iterdir()) == ["f02.txt"]  # only the failed batch ran again
    rows = Path(fixed["steps"]["score"]["outputs"]["scores"]).read_text().splitlines()
    assert rows == [f"f{i:02d}.txt {i * 10}" for i in range(7)]
    lines = Path(fixed["steps"]["total"]["outputs"]["out"]) / "lines.txt"
    assert lines.read_text().strip() == "7"

    again = run(designer_exe, workspace, {"CALLS": str(calls)})
    assert again["steps"]["score"]["status"] == "cached"


TRAIN_PER_PARTITION = """\
import json, os
from pathlib import Path

def init():
    global out
    out = Path(os.environ["MODELS"])

def run(mini_batch, mini_batch_context):
    key = mini_batch_context.partition_key_value
    model = {"store": key["store"], "mean": float(mini_batch["sales"].mean()), "rows": len(mini_batch)}
    (out / f"{key['store']}.json").write_text(json.dumps(model))
    return [f"{key['store']} {model['mean']:.1f} {model['rows']}"]
"""


def test_one_model_per_partition_over_an_mltable(designer_exe: list[str], workspace: Path) -> None:
    table = workspace / "sales"
    table.mkdir()
    pd.DataFrame({"store": ["b", "a", "b", "c", "a", "b"], "sales": [1.0, 2.0, 3.0, 4.0, 6.0, 5.0]}).to_csv(
        table / "sales.csv", index=False)
    (table / "MLTable").write_text("paths:\n  - file: ./sales.csv\ntransformations:\n  - read_delimited:\n"
                                   "      delimiter: ','\n      header: all_files_same_headers\n")
    (workspace / "src").mkdir()
    (workspace / "src" / "train.py").write_text(TRAIN_PER_PARTITION)
    (workspace / "pipe.yml").write_text("""\
type: pipeline
jobs:
  train_each:
    type: parallel
    inputs:
      sales: {type: mltable, path: ./sales}
    outputs:
      summary: {type: uri_folder}
    input_data: ${{inputs.sales}}
    partition_keys: [store]
    task:
      type: run_function
      code: ./src
      entry_script: train.py
      environment: azureml:x@latest
      append_row_to: ${{outputs.summary}}
""")
    models = workspace / "models"
    models.mkdir()
    data = run(designer_exe, workspace, {"MODELS": str(models)})
    assert data["_rc"] == 0, data["_stderr"]
    summary = Path(data["steps"]["train_each"]["outputs"]["summary"]) / "parallel_run_step.txt"
    assert summary.read_text().splitlines() == ["a 4.0 2", "b 3.0 3", "c 4.0 1"]
    assert sorted(p.name for p in models.iterdir()) == ["a.json", "b.json", "c.json"]


def test_a_failing_batch_within_the_threshold_is_retried_and_the_step_completes(designer_exe: list[str],
                                                                                  workspace: Path) -> None:
    (workspace / "src").mkdir()
    (workspace / "src" / "score.py").write_text(SCORE)
    (workspace / "data").mkdir()
    for i in range(7):
        (workspace / "data" / f"f{i:02d}.txt").write_text(f"{i}\n")
    (workspace / "pipe.yml").write_text(PIPELINE.replace("mini_batch_error_threshold: 0", "mini_batch_error_threshold: 1"))
    data = run(designer_exe, workspace, {"CALLS": str(workspace / "calls"), "BREAK": "1"})
    assert data["_rc"] == 0, data["_stderr"]
    assert data["steps"]["score"]["status"] == "completed"  # 1 failed mini-batch is within the threshold of 1
    rows = Path(data["steps"]["score"]["outputs"]["scores"]).read_text().splitlines()
    assert rows == [f"f{i:02d}.txt {i * 10}" for i in (0, 1, 4, 5, 6)]  # the others' rows, in order
    assert (Path(data["steps"]["total"]["outputs"]["out"]) / "lines.txt").read_text().strip() == "5"
    run_dir = next((workspace / ".designer" / "runs").glob(f"{data['run_id']}*"))
    records = [json.loads(line) for line in (run_dir / "score" / "batches.jsonl").read_text().splitlines()]
    failed = [r for r in records if r.get("state") == "failed"]
    assert [(r["batch"], r["retries"]) for r in failed] == [(1, 1)]  # retried once (max_retries: 1), then failed
    assert "bad file f03" in failed[0]["error"]
