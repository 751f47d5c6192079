"""The Azure-style batch-scoring example through ``designer run``: an MLflow model scores an MLTable
in ~1 KB mini-batches on two workers; rows come back in table order."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd

EXAMPLE = Path(__file__).parent / "examples" / "batch_score"


def test_batch_scoring_of_an_mlflow_model_over_an_mltable(designer_exe: list[str], workspace: Path) -> None:
    shutil.copytree(EXAMPLE, workspace, dirs_exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_") or k == "DESIGNER_ENVIRONMENTS"}
    proc = subprocess.run([*designer_exe, "run", "pipeline.yml", "--json", "--workspace", str(workspace)],
                          capture_output=True, text=True, cwd=workspace, env=env, timeout=600)
    data = json.loads(proc.stdout)
    assert proc.returncode == 0, data.get("error")
    rows = Path(data["steps"]["batch_prediction"]["outputs"]["job_output_file"]).read_text().splitlines()
    truth = pd.read_csv(workspace / "iris-mltable" / "iris.csv")["target"].tolist()
    pairs = [tuple(int(float(x)) for x in line.split()) for line in rows]
    assert [t for t, _ in pairs] == truth  # every row once, in table order
    assert sum(t == p for t, p in pairs) / len(pairs) > 0.9
    run_dir = next((workspace / ".designer" / "runs").glob(f"{data['run_id']}*"))
    records = [json.loads(line) for line in (run_dir / "batch_prediction" / "batches.jsonl").read_text().splitlines()]
    done = [r for r in records if r.get("state") == "completed"]
    assert len(done) == 3 and sum(r["items"] for r in done) == 150  # 1kb of a 4.5 KB csv: ~55 rows each
    logs = "".join(p.read_text() for p in (run_dir / "batch_prediction" / "logs" / "workers").iterdir())
    assert logs.count("EntryScript: model loaded") == 2  # init() once in each of the two workers
