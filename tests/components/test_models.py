"""Algorithms, training, scoring and evaluation components, run through `designer run`."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys

import pandas as pd
import pytest
import yaml
from components_harness import component, ref

PNG = b"\x89PNG\r\n\x1a\n"


def accuracy(scored: pd.DataFrame, label: str) -> float:
    return float((scored["Scored Labels"].astype(str) == scored[label].astype(str)).mean())


def test_classifiers_train_score_evaluate_compare(run_pipeline):
    train, test = ref("split", "output_data_1"), ref("split", "output_data_2")
    models = {
        "logistic": {"component": "logistic_regression"},
        "forest": {"component": "decision_forest", "inputs": {"number_of_trees": 30}},
        "boosted": {"component": "boosted_decision_tree", "inputs": {"number_of_trees": 30}},
        "mlp": {"component": "neural_network", "inputs": {"hidden_layers": "16", "max_iterations": 500}},
    }
    jobs = {
        "iris": {"component": "sample_dataset", "inputs": {"dataset": "iris"}},
        "split": {"component": "split_data", "inputs": {"input_data": ref("iris"), "mode": "stratified"}},
        **models,
    }
    for name in models:
        jobs[f"train_{name}"] = {
            "component": "train_model",
            "inputs": {"untrained_model": ref(name, "untrained_model"), "training_data": train},
        }
        jobs[f"score_{name}"] = {
            "component": "score_model",
            "inputs": {"trained_model": ref(f"train_{name}", "trained_model"), "input_data": test},
        }
    for name in ("logistic", "forest"):
        jobs[f"evaluate_{name}"] = {
            "component": "evaluate_model",
            "inputs": {"scored_data": ref(f"score_{name}", "scored_data")},
        }
    jobs["compare"] = {
        "component": "compare_models",
        "inputs": {
            "evaluation_results_1": ref("evaluate_logistic", "evaluation_results"),
            "evaluation_results_2": ref("evaluate_forest", "evaluation_results"),
            "metric": "accuracy",
            "name_2": "Forest",
        },
    }
    result = run_pipeline(jobs)
    assert result.status == "completed", result.describe()

    spec = result.json("logistic", "untrained_model", "model_spec.json")
    assert spec["task"] == "classification"
    assert spec["estimator"] == "sklearn.linear_model.LogisticRegression"
    assert spec["scale_features"] is True and spec["params"]["random_state"] == 42
    assert result.json("forest", "untrained_model", "model_spec.json")["params"]["n_estimators"] == 30

    # The trained model is an MLflow sklearn model that loads without the designer.
    folder = result.out("train_logistic", "trained_model")
    mlmodel = (folder / "MLmodel").read_text()
    for needle in (
        "loader_module: mlflow.sklearn",
        "pickled_model: model.pkl",
        "serialization_format: pickle",
        "sklearn_version:",
    ):
        assert needle in mlmodel
    assert "scikit-learn==" in (folder / "requirements.txt").read_text()
    info = json.loads((folder / "designer_model.json").read_text())
    assert info["task"] == "classification" and info["label_column"] == "species"
    assert info["feature_columns"] == ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    assert info["class_labels"] == ["setosa", "versicolor", "virginica"]
    estimator = pickle.loads((folder / "model.pkl").read_bytes())
    held_out = result.table("split", "output_data_2")
    assert (
        list(estimator.predict(held_out[info["feature_columns"]]))
        == result.table("score_logistic", "scored_data")["Scored Labels"].tolist()
    )
    assert result.metrics("train_logistic") == {"training_rows": 105, "feature_count": 4}

    for name in models:
        scored = result.table(f"score_{name}", "scored_data")
        assert len(scored) == 45
        probabilities = scored[[f"Scored Probabilities_{c}" for c in ("setosa", "versicolor", "virginica")]]
        assert probabilities.sum(axis=1).tolist() == pytest.approx([1.0] * 45)
        assert accuracy(scored, "species") > 0.85, name

    evaluation = result.out("evaluate_logistic", "evaluation_results")
    metrics = json.loads((evaluation / "metrics.json").read_text())
    assert set(metrics) >= {"accuracy", "precision", "recall", "f1_score", "auc"}
    assert metrics["accuracy"] == pytest.approx(
        accuracy(result.table("score_logistic", "scored_data"), "species")
    )
    assert metrics["auc"] > 0.95
    assert result.metrics("evaluate_logistic")["accuracy"] == pytest.approx(metrics["accuracy"])
    for chart in ("confusion_matrix.png", "roc_curve.png"):
        assert (evaluation / chart).read_bytes()[:8] == PNG
    details = json.loads((evaluation / "evaluation.json").read_text())
    assert details["task"] == "classification" and details["model"] == "Logistic Regression"
    assert sum(map(sum, details["confusion_matrix"]["matrix"])) == 45
    assert result.table("evaluate_logistic", "evaluation_results")["accuracy"].iloc[0] == pytest.approx(
        metrics["accuracy"]
    )

    comparison = result.table("compare", "comparison")
    assert list(comparison.columns) == ["metric", "Logistic Regression", "Forest", "difference", "better"]
    summary = result.json("compare", "comparison", "summary.json")
    assert summary["metric"] == "accuracy" and summary["models"] == ["Logistic Regression", "Forest"]
    forest_accuracy = json.loads(
        (result.out("evaluate_forest", "evaluation_results") / "metrics.json").read_text()
    )["accuracy"]
    expected = (
        "tie"
        if forest_accuracy == metrics["accuracy"]
        else ("Forest" if forest_accuracy > metrics["accuracy"] else "Logistic Regression")
    )
    assert summary["winner"] == expected
    assert (result.out("compare", "comparison") / "comparison.png").read_bytes()[:8] == PNG


def test_regression_clustering_and_statistics(run_pipeline):
    train, test = ref("split", "output_data_1"), ref("split", "output_data_2")
    jobs = {
        "diabetes": {"component": "sample_dataset", "inputs": {"dataset": "diabetes"}},
        "split": {"component": "split_data", "inputs": {"input_data": ref("diabetes"), "fraction": 0.75}},
        "linear": {"component": "linear_regression"},
        "forest": {"component": "decision_forest_regression", "inputs": {"number_of_trees": 30}},
        "boosted": {
            "component": "boosted_tree_regression",
            "inputs": {"number_of_trees": 50, "learning_rate": 0.05},
        },
        "wine": {"component": "sample_dataset", "inputs": {"dataset": "wine"}},
        "normalize": {"component": "normalize_data", "inputs": {"input_data": ref("wine")}},
        "kmeans": {"component": "k_means_clustering", "inputs": {"number_of_clusters": 3}},
        "cluster": {
            "component": "train_clustering_model",
            "inputs": {
                "untrained_model": ref("kmeans", "untrained_model"),
                "training_data": ref("normalize"),
            },
        },
        "assign": {
            "component": "score_model",
            "inputs": {"trained_model": ref("cluster", "trained_model"), "input_data": ref("normalize")},
        },
        "evaluate_clusters": {
            "component": "evaluate_model",
            "inputs": {"scored_data": ref("cluster", "scored_data")},
        },
        "summary": {"component": "summarize_data", "inputs": {"input_data": ref("diabetes")}},
        "select_features": {
            "component": "filter_based_feature_selection",
            "inputs": {"input_data": ref("diabetes"), "method": "f_score", "number_of_features": 3},
        },
    }
    for name in ("linear", "forest", "boosted"):
        jobs[f"train_{name}"] = {
            "component": "train_model",
            "inputs": {
                "untrained_model": ref(name, "untrained_model"),
                "training_data": train,
                "label_column": "progression",
            },
        }
        jobs[f"score_{name}"] = {
            "component": "score_model",
            "inputs": {"trained_model": ref(f"train_{name}", "trained_model"), "input_data": test},
        }
    jobs["evaluate_linear"] = {
        "component": "evaluate_model",
        "inputs": {"scored_data": ref("score_linear", "scored_data")},
    }
    result = run_pipeline(jobs)
    assert result.status == "completed", result.describe()

    from sklearn.metrics import r2_score

    for name in ("linear", "forest", "boosted"):
        scored = result.table(f"score_{name}", "scored_data")
        assert r2_score(scored["progression"], scored["Scored Labels"]) > 0.25, name
    metrics = result.json("evaluate_linear", "evaluation_results", "metrics.json")
    assert set(metrics) == {
        "mean_absolute_error",
        "root_mean_squared_error",
        "r2_score",
        "relative_absolute_error",
        "relative_squared_error",
    }
    scored = result.table("score_linear", "scored_data")
    errors = scored["progression"] - scored["Scored Labels"]
    assert metrics["mean_absolute_error"] == pytest.approx(errors.abs().mean())
    assert metrics["root_mean_squared_error"] == pytest.approx((errors**2).mean() ** 0.5)
    assert metrics["r2_score"] == pytest.approx(r2_score(scored["progression"], scored["Scored Labels"]))
    assert (result.out("evaluate_linear", "evaluation_results") / "residuals.png").read_bytes()[:8] == PNG

    clusters = result.table("cluster", "scored_data")
    assert sorted(clusters["Assignments"].unique()) == [0, 1, 2]
    assert result.table("assign", "scored_data")["Assignments"].tolist() == clusters["Assignments"].tolist()
    quality = result.json("evaluate_clusters", "evaluation_results", "metrics.json")
    assert quality["silhouette_score"] > 0.2
    assert quality["adjusted_rand_score"] > 0.8  # the clusters match the three cultivars
    assert "inertia" in result.metrics("cluster")
    assert (result.out("evaluate_clusters", "evaluation_results") / "clusters.png").read_bytes()[:8] == PNG

    summary = result.table("summary", "statistics").set_index("column")
    assert len(summary) == 11
    assert summary.loc["progression", "role"] == "label"
    assert summary.loc["bmi", "count"] == 442 and summary.loc["bmi", "missing"] == 0
    diabetes = result.table("diabetes")
    assert summary.loc["progression", "mean"] == pytest.approx(diabetes["progression"].mean())
    assert summary.loc["progression", "median"] == pytest.approx(diabetes["progression"].median())
    assert result.metrics("summary") == {"rows": 442, "columns": 11, "missing_cells": 0}

    ranking = result.table("select_features", "feature_scores")
    assert len(ranking) == 10 and ranking["rank"].tolist() == list(range(1, 11))
    assert ranking["score"].is_monotonic_decreasing
    chosen = ranking.loc[ranking["selected"], "feature"].tolist()
    assert len(chosen) == 3 and "bmi" in chosen
    filtered = result.table("select_features", "filtered_data")
    assert list(filtered.columns) == [*chosen, "progression"]
    schema = result.schema("select_features", "filtered_data")
    assert {k: schema[k] for k in ("label", "features")} == {"label": "progression", "features": chosen}
    assert [c["name"] for c in schema["columns"]] == [*chosen, "progression"]


def test_cross_validation_and_tuning(run_pipeline):
    iris = ref("iris")
    result = run_pipeline(
        {
            "iris": {"component": "sample_dataset", "inputs": {"dataset": "iris"}},
            "split": {"component": "split_data", "inputs": {"input_data": iris, "mode": "stratified"}},
            "logistic": {"component": "logistic_regression"},
            "forest": {"component": "decision_forest", "inputs": {"number_of_trees": 10}},
            "cv": {
                "component": "cross_validate_model",
                "inputs": {"untrained_model": ref("logistic", "untrained_model"), "input_data": iris},
            },
            "evaluate_cv": {
                "component": "evaluate_model",
                "inputs": {"scored_data": ref("cv", "scored_data")},
            },
            "tune": {
                "component": "tune_model_hyperparameters",
                "inputs": {
                    "untrained_model": ref("forest", "untrained_model"),
                    "training_data": ref("split", "output_data_1"),
                    "search_mode": "grid",
                    "search_space": "number_of_trees: 5, 20; max_depth: 1, 0",
                    "metric": "f1_score",
                },
            },
            "tune_validation": {
                "component": "tune_model_hyperparameters",
                "inputs": {
                    "untrained_model": ref("logistic", "untrained_model"),
                    "training_data": ref("split", "output_data_1"),
                    "validation_data": ref("split", "output_data_2"),
                    "max_runs": 3,
                },
            },
        }
    )
    assert result.status == "completed", result.describe()

    folds = result.table("cv", "evaluation_by_fold")
    assert folds["fold"].tolist() == ["0", "1", "2", "3", "4", "mean", "std"]
    assert folds["rows"].tolist()[:5] == [30] * 5
    assert folds.loc[5, "accuracy"] == pytest.approx(folds["accuracy"][:5].mean())
    assert folds.loc[5, "accuracy"] > 0.9
    scored = result.table("cv", "scored_data")
    assert len(scored) == 150 and scored["Fold Assignments"].value_counts().tolist() == [30] * 5
    logged = result.metrics("cv")
    assert logged["mean_accuracy"] == pytest.approx(folds.loc[5, "accuracy"])
    assert {f"accuracy@{k}" for k in range(5)} <= set(logged)
    cv_metrics = result.json("evaluate_cv", "evaluation_results", "metrics.json")
    assert cv_metrics["accuracy"] == pytest.approx(accuracy(scored, "species"))

    sweep = result.table("tune", "sweep_results")
    assert len(sweep) == 4
    assert set(sweep["n_estimators"]) == {"5", "20"} and set(sweep["max_depth"]) == {"1", "None"}
    best = sweep.sort_values("rank").iloc[0]
    info = result.json("tune", "trained_model", "designer_model.json")
    assert info["tuned_metric"] == "f1_score"
    assert info["tuned_value"] == pytest.approx(best["f1_score"])
    assert str(info["params"]["n_estimators"]) == best["n_estimators"]
    assert result.metrics("tune")["best_f1_score"] == pytest.approx(best["f1_score"])
    assert len(result.table("tune_validation", "sweep_results")) == 3
    assert result.json("tune_validation", "trained_model", "designer_model.json")["tuned_value"] > 0.85


MIXED = "city,size,price\nParis,10,100\nLyon,20,150\nNice,,120\nLille,40,300"


def test_model_errors_are_one_clear_sentence(run_pipeline):
    iris, logistic = ref("iris"), ref("logistic", "untrained_model")
    errors = {
        "text_feature": (
            {
                "component": "train_model",
                "inputs": {
                    "untrained_model": logistic,
                    "training_data": ref("mixed"),
                    "label_column": "price",
                },
            },
            "Error: column 'city' holds text, which a model cannot use; convert it with Convert to Indicator Values",
        ),
        "label_typo": (
            {
                "component": "train_model",
                "inputs": {"untrained_model": logistic, "training_data": iris, "label_column": "speceis"},
            },
            "Error: label column 'speceis' is not in the table (did you mean 'species'?)",
        ),
        "no_label": (
            {
                "component": "train_model",
                "inputs": {"untrained_model": logistic, "training_data": ref("numbers")},
            },
            "no label column is known for this table; type the column to predict in the 'label_column' parameter",
        ),
        "text_label_regression": (
            {
                "component": "train_model",
                "inputs": {"untrained_model": ref("linear", "untrained_model"), "training_data": iris},
            },
            "label column 'species' holds text, but a regression model predicts numbers",
        ),
        "missing_values": (
            {
                "component": "train_model",
                "inputs": {
                    "untrained_model": ref("linear", "untrained_model"),
                    "training_data": ref("numbers"),
                    "label_column": "price",
                },
            },
            "column 'size' has 1 missing values, which this model cannot handle; fill or remove them with Clean Missing Data",
        ),
        "empty_table": (
            {
                "component": "train_model",
                "inputs": {"untrained_model": logistic, "training_data": ref("nothing", "output_data_1")},
            },
            "Error: the training data is empty (0 rows)",
        ),
        "score_other_table": (
            {
                "component": "score_model",
                "inputs": {"trained_model": ref("trained", "trained_model"), "input_data": ref("numbers")},
            },
            "the model was trained with column 'sepal_length', which is not in this table",
        ),
        "bad_layers": (
            {"component": "neural_network", "inputs": {"hidden_layers": "big"}},
            "hidden_layers 'big' must be whole numbers separated by commas",
        ),
        "bad_search_space": (
            {
                "component": "tune_model_hyperparameters",
                "inputs": {
                    "untrained_model": logistic,
                    "training_data": iris,
                    "search_space": "regularisation_strength: 1, 2",
                },
            },
            "'regularisation_strength' is not a parameter of this model (did you mean 'regularization_strength'?)",
        ),
        "chi_squared_negative": (
            {
                "component": "filter_based_feature_selection",
                "inputs": {"input_data": ref("normalized"), "method": "chi_squared"},
            },
            "chi_squared needs non-negative values",
        ),
    }
    jobs = {
        "iris": {"component": "sample_dataset", "inputs": {"dataset": "iris"}},
        "mixed": {"component": "enter_data_manually", "inputs": {"data": MIXED}},
        "numbers": {
            "component": "select_columns",
            "inputs": {"input_data": ref("mixed"), "columns": "size, price"},
        },
        "normalized": {"component": "normalize_data", "inputs": {"input_data": iris}},
        "nothing": {
            "component": "split_data",
            "inputs": {"input_data": iris, "mode": "expression", "expression": "sepal_length > 100"},
        },
        "logistic": {"component": "logistic_regression"},
        "linear": {"component": "linear_regression"},
        "kmeans": {"component": "k_means_clustering"},
        "trained": {
            "component": "train_model",
            "inputs": {"untrained_model": logistic, "training_data": iris},
        },
        **{name: job for name, (job, _) in errors.items()},
    }
    result = run_pipeline(jobs, keep_going=True)
    assert result.status == "failed" and result.returncode == 1
    for name, (_, message) in errors.items():
        assert result.step(name)["status"] == "failed", f"{name}: {result.step(name)['status']}"
        error = result.error(name)
        assert message in error, f"{name}: {error!r}\n{result.log(name)[-1500:]}"
        assert [line for line in result.log(name).splitlines() if line.startswith("Error: ")] == [error]


# Wires of the wrong kind (a clustering model into Train Model, a plain table into Evaluate Model...):
# the components still say why at run time (on Azure ML nothing else checks), but locally the designer
# refuses them before anything runs, with a sentence naming what to connect (designer/spec/kinds.py).
def wrong_kinds(iris: str, logistic: str) -> dict:
    return {
            "clustering_in_train_model": (
                {
                    "component": "train_model",
                    "inputs": {"untrained_model": ref("kmeans", "untrained_model"), "training_data": iris},
                },
                "use Train Clustering Model instead of Train Model",
            ),
            "evaluate_unscored": (
                {"component": "evaluate_model", "inputs": {"scored_data": iris}},
                "this table has no predictions",
            ),
            "classifier_in_train_clustering": (
                {
                    "component": "train_clustering_model",
                    "inputs": {"untrained_model": logistic, "training_data": iris},
                },
                "this is a classification model; use Train Model for it",
            ),
            "cross_validate_clustering": (
                {
                    "component": "cross_validate_model",
                    "inputs": {"untrained_model": ref("kmeans", "untrained_model"), "input_data": iris},
                },
                "Cross Validate Model needs a classification or regression model, not a clustering one",
            ),
            "compare_tables": (
                {
                    "component": "compare_models",
                    "inputs": {"evaluation_results_1": iris, "evaluation_results_2": iris},
                },
                "the first input is not an evaluation (no metrics.json); connect the output of Evaluate Model here",
            ),
    }


def test_wires_of_the_wrong_kind_are_refused_before_running(tmp_path):
    jobs = {
        "iris": {"component": "sample_dataset", "inputs": {"dataset": "iris"}},
        "logistic": {"component": "logistic_regression"},
        "kmeans": {"component": "k_means_clustering"},
        **{name: job for name, (job, _) in wrong_kinds(ref("iris"), ref("logistic", "untrained_model")).items()},
    }
    spec = {"type": "pipeline", "settings": {"default_compute": "azureml:serverless"},
            "jobs": {name: {"type": "command", **job, "component": component(job["component"])}
                     for name, job in jobs.items()}}
    (tmp_path / "pipeline.yml").write_text(yaml.safe_dump(spec, sort_keys=False))
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    proc = subprocess.run([sys.executable, "-m", "designer", "run", str(tmp_path / "pipeline.yml"),
                           "--workspace", str(workspace)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    refused = [line for line in (proc.stdout + proc.stderr).splitlines() if "[binding.kind_mismatch]" in line]
    assert len(refused) == 6  # Compare Models has two wrong inputs
    assert any("jobs.clustering_in_train_model.inputs.untrained_model: Train Model needs an *untrained* model" in line
               for line in refused)
    assert any("jobs.evaluate_unscored.inputs.scored_data: Evaluate Model needs a *scored* table" in line
               for line in refused)
    runs = workspace / ".designer" / "runs"
    assert not runs.exists() or not any(runs.iterdir())  # refused before any step ran
