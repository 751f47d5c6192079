"""The evaluation components write their charts as data (charts.json, ECharts-ready) next to the
PNGs, so the UI can draw them; Compare Models names the winner. Run through `designer run`."""

from __future__ import annotations

import json

import numpy as np
import pytest
from components_harness import ref


def charts(result, step: str, output: str) -> dict:
    folder = result.out(step, output)
    data = json.loads((folder / "charts.json").read_text())
    assert data["version"] == 1
    for chart in data["charts"]:
        assert set(chart) == {"id", "title", "kind", "image", "option"}
        assert chart["image"] is None or (folder / chart["image"]).is_file(), chart["image"]
        assert {"xAxis", "yAxis", "series"} <= set(chart["option"])
    return {c["id"]: c for c in data["charts"]}


def test_evaluation_components_write_chart_data(run_pipeline):
    jobs = {
        "iris": {"component": "sample_dataset", "inputs": {"dataset": "iris"}},
        "split": {"component": "split_data", "inputs": {"input_data": ref("iris"), "mode": "stratified"}},
        "logistic": {"component": "logistic_regression"},
        "train": {"component": "train_model", "inputs": {"untrained_model": ref("logistic", "untrained_model"),
                                                         "training_data": ref("split", "output_data_1")}},
        "score": {"component": "score_model", "inputs": {"trained_model": ref("train", "trained_model"),
                                                         "input_data": ref("split", "output_data_2")}},
        "evaluate": {"component": "evaluate_model", "inputs": {"scored_data": ref("score", "scored_data")}},
        # two classes, two models, compared
        "cancer": {"component": "sample_dataset", "inputs": {"dataset": "breast_cancer"}},
        "csplit": {"component": "split_data", "inputs": {"input_data": ref("cancer")}},
        "forest": {"component": "decision_forest", "inputs": {"number_of_trees": 20}},
        **{f"train_{m}": {"component": "train_model", "inputs": {"untrained_model": ref(m, "untrained_model"),
                                                                 "training_data": ref("csplit", "output_data_1")}}
           for m in ("logistic", "forest")},
        **{f"score_{m}": {"component": "score_model", "inputs": {"trained_model": ref(f"train_{m}", "trained_model"),
                                                                 "input_data": ref("csplit", "output_data_2")}}
           for m in ("logistic", "forest")},
        **{f"evaluate_{m}": {"component": "evaluate_model", "inputs": {"scored_data": ref(f"score_{m}", "scored_data")}}
           for m in ("logistic", "forest")},
        "compare": {"component": "compare_models",
                    "inputs": {"evaluation_results_1": ref("evaluate_logistic", "evaluation_results"),
                               "evaluation_results_2": ref("evaluate_forest", "evaluation_results"),
                               "metric": "auc"}},
    }
    # regression and clustering in a second run: one pipeline of 30 steps outlived the harness's
    # 240 s on a loaded machine
    jobs_b = {
        "diabetes": {"component": "sample_dataset", "inputs": {"dataset": "diabetes"}},
        "linear": {"component": "linear_regression"},
        "train_linear": {"component": "train_model", "inputs": {"untrained_model": ref("linear", "untrained_model"),
                                                                "training_data": ref("diabetes")}},
        "score_linear": {"component": "score_model", "inputs": {"trained_model": ref("train_linear", "trained_model"),
                                                                "input_data": ref("diabetes")}},
        "evaluate_linear": {"component": "evaluate_model",
                            "inputs": {"scored_data": ref("score_linear", "scored_data")}},
        "features": {"component": "filter_based_feature_selection",
                     "inputs": {"input_data": ref("diabetes"), "number_of_features": 4}},
        "cross": {"component": "cross_validate_model",
                  "inputs": {"untrained_model": ref("linear", "untrained_model"), "input_data": ref("diabetes"),
                             "folds": 4}},
        # clustering
        "wine": {"component": "sample_dataset", "inputs": {"dataset": "wine"}},
        "kmeans": {"component": "k_means_clustering", "inputs": {"number_of_clusters": 3}},
        "cluster": {"component": "train_clustering_model",
                    "inputs": {"untrained_model": ref("kmeans", "untrained_model"), "training_data": ref("wine")}},
        "evaluate_clusters": {"component": "evaluate_model", "inputs": {"scored_data": ref("cluster", "scored_data")}},
    }
    result = run_pipeline(jobs)
    assert result.status == "completed", result.describe()
    result_b = run_pipeline(jobs_b)
    assert result_b.status == "completed", result_b.describe()

    # three classes: the confusion matrix as a heatmap, one ROC and one PR curve per class
    iris = charts(result, "evaluate", "evaluation_results")
    details = result.json("evaluate", "evaluation_results", "evaluation.json")
    matrix = details["confusion_matrix"]["matrix"]
    cm = iris["confusion_matrix"]["option"]
    assert cm["xAxis"]["data"] == cm["yAxis"]["data"] == ["setosa", "versicolor", "virginica"]
    assert sorted(cm["series"][0]["data"]) == sorted([j, i, v] for i, row in enumerate(matrix) for j, v in enumerate(row))
    roc = iris["roc_curve"]["option"]["series"]
    assert [s["name"].split(" (")[0] for s in roc] == ["setosa", "versicolor", "virginica", "chance"]
    for s in roc[:3]:
        assert s["data"][0] == [0, 0] and s["data"][-1] == [1, 1]
        xs = [p[0] for p in s["data"]]
        assert xs == sorted(xs)
    assert len(iris["precision_recall"]["option"]["series"]) == 3
    assert iris["confusion_matrix"]["image"] == "confusion_matrix.png"

    # two classes: one ROC curve (the positive class), whose area is the AUC Evaluate Model reports
    cancer = charts(result, "evaluate_logistic", "evaluation_results")
    [curve, _chance] = cancer["roc_curve"]["option"]["series"]
    points = np.array(curve["data"], dtype=float)
    auc = result.json("evaluate_logistic", "evaluation_results", "metrics.json")["auc"]
    assert np.trapezoid(points[:, 1], points[:, 0]) == pytest.approx(auc, abs=0.01)
    assert curve["name"] == f"{details_pos(result)} (AUC {auc:.3f})"

    # Compare Models: the winner by name, in the summary, the log and the metrics
    summary = result.json("compare", "comparison", "summary.json")
    winner = summary["winner"]
    assert winner in ("Logistic Regression", "Decision Forest")
    loser = ({"Logistic Regression", "Decision Forest"} - {winner}).pop()
    assert summary["verdict"].startswith(f"{winner} is better on auc: ")
    assert summary["verdict"].endswith(f" for {loser}.")
    assert summary["verdict"] in result.log("compare", "stdout")
    metrics = result.metrics("compare")
    assert "winner_index" not in metrics
    assert metrics["auc of Logistic Regression"] == pytest.approx(summary["values"][0])
    assert metrics["auc of Decision Forest"] == pytest.approx(summary["values"][1])
    bars = charts(result, "compare", "comparison")["comparison"]
    assert bars["title"] == summary["verdict"]
    assert [s["name"] for s in bars["option"]["series"]] == ["Logistic Regression", "Decision Forest"]
    assert "auc" in bars["option"]["xAxis"]["data"]

    # regression: predicted vs actual and residuals, one point per row
    reg = charts(result_b, "evaluate_linear", "evaluation_results")
    scored = result_b.table("score_linear", "scored_data")
    [rows, _line] = reg["predicted_vs_actual"]["option"]["series"]
    assert len(rows["data"]) == len(scored) == 442
    first = scored.iloc[0]
    assert rows["data"][0] == [pytest.approx(first["progression"]), pytest.approx(first["Scored Labels"], abs=1e-5)]
    [res, _zero] = reg["residuals"]["option"]["series"]
    assert res["data"][0][1] == pytest.approx(first["progression"] - first["Scored Labels"], abs=1e-4)

    # feature importance: every candidate feature with its score, best on top
    ranking = result_b.table("features", "feature_scores")
    importance = charts(result_b, "features", "feature_scores")["feature_importance"]["option"]
    assert importance["yAxis"]["data"] == ranking["feature"].tolist()[::-1]
    assert importance["series"][0]["data"] == pytest.approx(ranking["score"].tolist()[::-1], abs=1e-5)

    # cross-validation: one bar per fold for each metric
    folds = charts(result_b, "cross", "evaluation_by_fold")
    assert folds["fold_r2_score"]["option"]["xAxis"]["data"] == ["fold 0", "fold 1", "fold 2", "fold 3"]

    # clustering: one scatter series per cluster, every row once
    clusters = charts(result_b, "evaluate_clusters", "evaluation_results")["clusters"]["option"]["series"]
    assert [s["name"] for s in clusters] == ["cluster 0", "cluster 1", "cluster 2"]
    assert sum(len(s["data"]) for s in clusters) == 178


def details_pos(result) -> str:
    return result.json("evaluate_logistic", "evaluation_results", "evaluation.json")["positive_class"]
