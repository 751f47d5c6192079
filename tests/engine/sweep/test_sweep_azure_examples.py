"""The Azure-style sweep example through ``designer run``: an SVM on iris whose trials log with
``mlflow.autolog()``; the best trial's MLflow model feeds the evaluation step; a re-run reuses all."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from engine_helpers import designer_run_json

EXAMPLE = Path(__file__).parent / "examples" / "iris_sweep"


def test_iris_svm_sweep_with_mlflow_autolog(designer_exe: list[str], workspace: Path) -> None:
    shutil.copytree(EXAMPLE, workspace, dirs_exist_ok=True)
    first = designer_run_json(designer_exe, workspace)
    run_dir = next((workspace / ".designer" / "runs").glob(f"{first['run_id']}*"))
    table = json.loads((run_dir / "sweep_step" / "trials.json").read_text())
    assert [t["state"] for t in table["trials"]] == ["completed"] * 3
    assert all(0.5 < t["value"] <= 1.0 for t in table["trials"])  # training_f1_score from autolog
    best = max(table["trials"], key=lambda t: t["value"])
    assert table["summary"]["best_trial"] == best["trial"]
    model = Path(first["steps"]["sweep_step"]["outputs"]["model_output"])
    assert model.parent.parent.name == best["trial"]  # the sweep's output is the best trial's
    report = json.loads((Path(first["steps"]["evaluate"]["outputs"]["report"]) / "report.json").read_text())
    assert report["accuracy"] > 0.9

    again = designer_run_json(designer_exe, workspace)
    assert {name: s["status"] for name, s in again["steps"].items()} == {
        "prep": "cached", "sweep_step": "cached", "evaluate": "cached"}
