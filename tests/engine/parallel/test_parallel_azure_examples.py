"""The Azure-style parallel examples through ``designer run``, each with its own conda environment:
batch scoring (an MLflow model scores an MLTable in ~1 KB mini-batches on two workers; rows come back
in table order) and many models (one model trained and saved per partition of a table)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from engine_helpers import designer_run_json

EXAMPLE = Path(__file__).parent / "examples" / "batch_score"


def test_batch_scoring_of_an_mlflow_model_over_an_mltable(designer_exe: list[str], workspace: Path) -> None:
    shutil.copytree(EXAMPLE, workspace, dirs_exist_ok=True)
    data = designer_run_json(designer_exe, workspace)
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


MANY_MODELS = Path(__file__).parent / "examples" / "many_models"


def test_one_model_per_store_by_partition_keys(designer_exe: list[str], workspace: Path) -> None:
    import mlflow.sklearn

    shutil.copytree(MANY_MODELS, workspace, dirs_exist_ok=True)
    data = designer_run_json(designer_exe, workspace)
    step = data["steps"]["train_per_store"]
    rows = [line.split() for line in Path(step["outputs"]["summary"]).read_text().splitlines()]
    # one mini-batch per store, in the order the keys first appear; each store's 20 rows together
    assert [(r[0], r[1]) for r in rows] == [("store_a", "20"), ("store_b", "20"), ("store_c", "20")]
    assert [round(float(r[2])) for r in rows] == [2, -1, 0] and all(float(r[3]) > 0.9 for r in rows)
    models = Path(step["outputs"]["models"])
    assert sorted(p.name for p in models.iterdir()) == ["store_a", "store_b", "store_c"]
    model = mlflow.sklearn.load_model(str(models / "store_b"))  # a real model, saved the MLflow way
    assert model.predict(pd.DataFrame({"week": [30], "price": [10.0]}))[0] == pytest.approx(50, abs=3)
    run_dir = next((workspace / ".designer" / "runs").glob(f"{data['run_id']}*"))
    records = [json.loads(line) for line in (run_dir / "train_per_store" / "batches.jsonl").read_text().splitlines()]
    assert sorted(r["batch"] for r in records if r.get("state") == "completed") == [0, 1, 2]
    logs = "".join(p.read_text() for p in (run_dir / "train_per_store" / "logs" / "workers").iterdir())
    assert logs.count("trained store_") == 3

    again = designer_run_json(designer_exe, workspace)
    assert again["steps"]["train_per_store"]["status"] == "cached"
