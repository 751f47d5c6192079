"""Every template runs end to end through `designer run` (built-ins resolved as azureml:<name>:1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from components_harness import REGISTRY, run_yaml


def metrics_of(result, step: str) -> dict:
    return json.loads((result.out(step, "evaluation_results") / "metrics.json").read_text())


def run_template(slug: str, tmp_path: Path):
    # How long each template takes (budget: 60 s on 2 cores) is measured by tests/bench/bench_templates.py.
    result = run_yaml(REGISTRY / "templates" / slug / "pipeline.yml", tmp_path / "workspace")
    assert result.status == "completed", result.describe()
    assert result.returncode == 0
    return result


def test_classify_iris(tmp_path):
    result = run_template("classify_iris", tmp_path)
    metrics = metrics_of(result, "evaluate")
    assert metrics["accuracy"] > 0.8
    assert metrics["auc"] > 0.9
    assert result.metrics("evaluate")["accuracy"] == pytest.approx(metrics["accuracy"])


def test_detect_breast_cancer(tmp_path):
    result = run_template("detect_breast_cancer", tmp_path)
    for step in ("evaluate_logistic", "evaluate_forest"):
        metrics = metrics_of(result, step)
        assert metrics["accuracy"] > 0.9 and metrics["auc"] > 0.95, step
        details = json.loads((result.out(step, "evaluation_results") / "evaluation.json").read_text())
        assert details["positive_class"] == "malignant"
    summary = json.loads((result.out("compare", "comparison") / "summary.json").read_text())
    assert summary["metric"] == "auc"
    assert summary["models"] == ["Logistic Regression", "Decision Forest"]
    assert summary["winner"] in summary["models"]


def test_predict_diabetes(tmp_path):
    result = run_template("predict_diabetes", tmp_path)
    metrics = metrics_of(result, "evaluate")
    assert metrics["r2_score"] > 0.35
    assert 30 < metrics["mean_absolute_error"] < 60
    assert result.table("summarize", "statistics")["column"].tolist()[-1] == "progression"


def test_segment_wine(tmp_path):
    result = run_template("segment_wine", tmp_path)
    metrics = metrics_of(result, "evaluate")
    assert metrics["number_of_clusters"] == 3
    assert metrics["silhouette_score"] > 0.2
    assert metrics["adjusted_rand_score"] > 0.8


def test_recognise_digits(tmp_path):
    result = run_template("recognise_digits", tmp_path)
    metrics = metrics_of(result, "evaluate")
    assert metrics["accuracy"] > 0.9
    details = json.loads((result.out("evaluate", "evaluation_results") / "evaluation.json").read_text())
    assert len(details["confusion_matrix"]["matrix"]) == 10
