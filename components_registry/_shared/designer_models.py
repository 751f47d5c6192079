"""Model helpers shared by the algorithm, training, scoring and evaluation components.

Untrained model (``custom_model`` folder): ``model_spec.json`` =
``{"task": "classification"|"regression"|"clustering", "estimator": "<sklearn class path>",
"params": {...}, "scale_features": bool, "display_name": str}``.

Trained model (``mlflow_model`` folder, MLflow's on-disk format, written without mlflow):
``MLmodel``, ``model.pkl`` (pickle of the fitted estimator), ``requirements.txt``, ``conda.yaml``,
``python_env.yaml`` and ``designer_model.json`` (task, label column, feature columns, class labels).
"""

from __future__ import annotations

import argparse
import importlib
import json
import pickle
import platform
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from designer_io import (
    Table,
    UserError,
    describe_columns,
    is_numeric,
    kind_of,
    to_jsonable,
)

SPEC_FILE = "model_spec.json"
INFO_FILE = "designer_model.json"
MODEL_FILE = "model.pkl"
TASKS = ("classification", "regression", "clustering")
SCORED_LABELS = "Scored Labels"
SCORED_PROBABILITY = "Scored Probabilities"
ASSIGNMENTS = "Assignments"
DISTANCE = "DistanceToClusterCenter"


# ---------------------------------------------------------------- untrained models


def write_model_spec(
    path: str | Path,
    *,
    task: str,
    estimator: str,
    params: dict[str, Any],
    display_name: str,
    scale_features: bool = False,
) -> dict[str, Any]:
    """Write ``model_spec.json`` into the folder ``path`` and return the spec."""
    assert task in TASKS, task
    spec = {
        "task": task,
        "estimator": estimator,
        "params": to_jsonable(params),
        "scale_features": bool(scale_features),
        "display_name": display_name,
    }
    build_estimator(spec)  # fail here, not three steps later, if the parameters are invalid
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    (out / SPEC_FILE).write_text(json.dumps(spec, indent=2) + "\n", encoding="utf-8")
    return spec


def add_forest_arguments(p: argparse.ArgumentParser, *, max_features: str) -> None:
    """The command-line arguments shared by Decision Forest and Decision Forest Regression."""
    p.add_argument("--number-of-trees", type=int, default=100)
    p.add_argument("--max-depth", type=int, default=0)
    p.add_argument("--min-samples-per-leaf", type=int, default=1)
    p.add_argument("--max-features", default=max_features, choices=["sqrt", "log2", "all"])
    p.add_argument("--random-seed", type=int, default=42)


def forest_params(args: argparse.Namespace) -> dict[str, Any]:
    """scikit-learn parameters of a random forest from ``add_forest_arguments`` values."""
    return {
        "n_estimators": args.number_of_trees,
        "max_depth": args.max_depth or None,  # 0 means no limit
        "min_samples_leaf": args.min_samples_per_leaf,
        "max_features": 1.0 if args.max_features == "all" else args.max_features,
        "random_state": args.random_seed,
        "n_jobs": 1,
    }


def add_boosting_arguments(p: argparse.ArgumentParser) -> None:
    """The command-line arguments shared by the two boosted decision tree components."""
    p.add_argument("--learning-rate", type=float, default=0.1)
    p.add_argument("--number-of-trees", type=int, default=100)
    p.add_argument("--max-leaves", type=int, default=31)
    p.add_argument("--min-samples-per-leaf", type=int, default=20)
    p.add_argument("--l2-regularization", type=float, default=0.0)
    p.add_argument("--random-seed", type=int, default=42)


def boosting_params(args: argparse.Namespace) -> dict[str, Any]:
    """scikit-learn parameters of HistGradientBoosting* from ``add_boosting_arguments`` values."""
    return {
        "learning_rate": args.learning_rate,
        "max_iter": args.number_of_trees,
        "max_leaf_nodes": args.max_leaves,
        "min_samples_leaf": args.min_samples_per_leaf,
        "l2_regularization": args.l2_regularization,
        # A fixed number of trees: no hidden validation split, so results do not depend on data size.
        "early_stopping": False,
        "random_state": args.random_seed,
    }


def read_model_spec(path: str | Path) -> dict[str, Any]:
    """Read an untrained model definition; raise UserError when ``path`` holds something else."""
    p = Path(path)
    if (p / SPEC_FILE).is_file():
        spec = json.loads((p / SPEC_FILE).read_text(encoding="utf-8"))
        if spec.get("task") not in TASKS or not spec.get("estimator"):
            raise UserError(
                f"the model definition in {p} is damaged; connect a model component's output again"
            )
        return spec
    if (p / "MLmodel").is_file():
        raise UserError(
            "this input needs an untrained model, but a trained model is connected; connect the output of an "
            "algorithm component (e.g. Logistic Regression) instead"
        )
    raise UserError(
        "this input needs an untrained model definition; connect the output of an algorithm component "
        "(e.g. Logistic Regression, Decision Forest) here"
    )


def build_estimator(spec: dict[str, Any], overrides: dict[str, Any] | None = None) -> Any:
    """Instantiate the scikit-learn estimator a spec describes (wrapped with a scaler if asked)."""
    path = str(spec["estimator"])
    if not path.startswith("sklearn."):
        raise UserError(
            f"model class '{path}' is not a scikit-learn class; only sklearn models are supported"
        )
    module_name, _, class_name = path.rpartition(".")
    try:
        cls = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError) as exc:
        raise UserError(f"model class '{path}' does not exist in this scikit-learn version") from exc
    params = dict(spec.get("params") or {})
    if "hidden_layer_sizes" in params and isinstance(params["hidden_layer_sizes"], list):
        params["hidden_layer_sizes"] = tuple(params["hidden_layer_sizes"])
    try:
        estimator = cls(**params)
    except TypeError as exc:
        raise UserError(f"the model parameters do not fit {class_name}: {exc}") from exc
    if spec.get("scale_features"):
        from sklearn.pipeline import Pipeline
        from sklearn.preprocessing import StandardScaler

        estimator = Pipeline([("scale", StandardScaler()), ("model", estimator)])
    if overrides:
        estimator.set_params(**{param_prefix(spec) + k: v for k, v in overrides.items()})
    return estimator


def param_prefix(spec: dict[str, Any]) -> str:
    """Prefix for ``set_params`` names: the model sits inside a Pipeline when features are scaled."""
    return "model__" if spec.get("scale_features") else ""


def final_estimator(estimator: Any) -> Any:
    return estimator.steps[-1][1] if hasattr(estimator, "steps") else estimator


def allows_missing(estimator: Any) -> bool:
    """True when the estimator accepts NaN in its features (HistGradientBoosting, forests...)."""
    est = final_estimator(estimator)
    try:
        return bool(est.__sklearn_tags__().input_tags.allow_nan)
    except AttributeError:
        try:
            return bool(est._get_tags().get("allow_nan", False))
        except AttributeError:
            return False


# ---------------------------------------------------------------- data for models


def feature_columns(table: Table, label: str | None, given: list[str] | None = None) -> list[str]:
    """The columns a model learns from: ``given``, else the table's features, never the label."""
    cols = given if given else table.feature_columns()
    cols = [c for c in cols if c != label]
    if not cols:
        raise UserError(
            "there are no feature columns left to learn from; keep at least one column besides the label "
            f"(columns: {describe_columns(table.columns)})"
        )
    return cols


def feature_matrix(table: Table, features: list[str], *, allow_missing: bool, purpose: str) -> pd.DataFrame:
    """Return the features as a float DataFrame; raise UserError for text or (if refused) missing values."""
    missing_cols = [c for c in features if c not in table.df.columns]
    if missing_cols:
        raise UserError(
            f"the model was trained with column '{missing_cols[0]}', which is not in this table; give {purpose} "
            f"a table with the same columns as the training data (it has: {describe_columns(table.columns)})"
        )
    for col in features:
        series = table.df[col]
        if not is_numeric(series):
            raise UserError(
                f"column '{col}' holds {kind_of(series)}, which a model cannot use; convert it with Convert to "
                "Indicator Values (categories) or Edit Metadata (numbers stored as text), or leave it out with "
                "Select Columns"
            )
    X = table.df[features].astype("float64")
    if not allow_missing:
        counts = X.isna().sum()
        bad = counts[counts > 0]
        if len(bad):
            raise UserError(
                f"column '{bad.index[0]}' has {int(bad.iloc[0])} missing values, which this model cannot handle; "
                "fill or remove them with Clean Missing Data first (or use a Boosted Decision Tree, which accepts them)"
            )
    return X


def label_vector(table: Table, label: str, task: str) -> pd.Series:
    """Return the label column checked for ``task``; raise UserError when it cannot be learned."""
    y = table.df[label]
    n_missing = int(y.isna().sum())
    if n_missing:
        raise UserError(
            f"label column '{label}' has {n_missing} missing values; remove those rows with Clean Missing Data "
            "(strategy remove_row) before training"
        )
    if task == "regression":
        if not is_numeric(y):
            raise UserError(
                f"label column '{label}' holds {kind_of(y)}, but a regression model predicts numbers; use a "
                "classification model (e.g. Logistic Regression) or pick a numeric label column"
            )
        return y.astype("float64")
    # classification
    n_classes = y.nunique()
    if n_classes < 2:
        raise UserError(
            f"label column '{label}' has only one value, so there is nothing to tell apart; check the data"
        )
    if is_numeric(y) and pd.api.types.is_float_dtype(y.dtype):
        values = y.to_numpy(dtype="float64")
        if not np.all(np.equal(np.mod(values, 1), 0)) and n_classes > 20:
            raise UserError(
                f"label column '{label}' holds {n_classes} different decimal numbers, which looks like a regression "
                "target; use a regression model (e.g. Linear Regression) instead of a classifier"
            )
        if np.all(np.equal(np.mod(values, 1), 0)):
            return y.astype("int64")
    if isinstance(y.dtype, pd.CategoricalDtype) or not is_numeric(y):
        return y.astype(str)
    return y


def fit_estimator(estimator: Any, X: pd.DataFrame, y: pd.Series | None) -> Any:
    """Fit, turning scikit-learn's complaints about the data into one-sentence UserErrors."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from threadpoolctl import threadpool_limits

    # One thread: steps run side by side on small machines, and results stay reproducible.
    with warnings.catch_warnings(), threadpool_limits(limits=1):
        warnings.simplefilter("ignore", ConvergenceWarning)
        try:
            return estimator.fit(X) if y is None else estimator.fit(X, y)
        except ValueError as exc:
            raise UserError(
                f"the model could not be trained on this data: {str(exc).splitlines()[0]}"
            ) from exc


# ---------------------------------------------------------------- trained models


def save_trained_model(path: str | Path, estimator: Any, info: dict[str, Any]) -> None:
    """Write ``estimator`` and ``info`` as an MLflow sklearn model folder (no mlflow needed)."""
    import sklearn

    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    blob = pickle.dumps(estimator)
    (out / MODEL_FILE).write_bytes(blob)
    py = platform.python_version()
    sk = sklearn.__version__
    requirements = [f"scikit-learn=={sk}", f"numpy=={np.__version__}", f"pandas=={pd.__version__}"]
    (out / "requirements.txt").write_text("\n".join(requirements) + "\n", encoding="utf-8")
    conda = ["channels:", "- conda-forge", "dependencies:", f"- python={py}", "- pip", "- pip:"]
    conda += [f"  - {r}" for r in requirements]
    (out / "conda.yaml").write_text("\n".join([*conda, "name: mlflow-env"]) + "\n", encoding="utf-8")
    (out / "python_env.yaml").write_text(
        f"python: {py}\nbuild_dependencies:\n- pip\n- setuptools\n- wheel\ndependencies:\n- -r requirements.txt\n",
        encoding="utf-8",
    )
    inputs = [{"type": "double", "name": c, "required": True} for c in info["feature_columns"]]
    out_type = {"regression": "double", "clustering": "long"}.get(info["task"], _label_type(info))
    outputs = [{"type": out_type, "required": True}]
    lines = [
        "artifact_path: model",
        "flavors:",
        "  python_function:",
        "    env:",
        "      conda: conda.yaml",
        "      virtualenv: python_env.yaml",
        "    loader_module: mlflow.sklearn",
        f"    model_path: {MODEL_FILE}",
        "    predict_fn: predict",
        f"    python_version: {py}",
        "  sklearn:",
        "    code: null",
        f"    pickled_model: {MODEL_FILE}",
        "    serialization_format: pickle",
        f"    sklearn_version: {sk}",
        f"model_size_bytes: {len(blob)}",
        f"model_uuid: {uuid.uuid5(uuid.NAMESPACE_OID, blob.hex()[:4096] + str(len(blob))).hex}",
        "signature:",
        f"  inputs: '{json.dumps(inputs)}'",
        f"  outputs: '{json.dumps(outputs)}'",
        "  params: null",
    ]
    (out / "MLmodel").write_text("\n".join(lines) + "\n", encoding="utf-8")
    info = {**info, "sklearn_version": sk}
    (out / INFO_FILE).write_text(json.dumps(to_jsonable(info), indent=2) + "\n", encoding="utf-8")


def _label_type(info: dict[str, Any]) -> str:
    classes = info.get("class_labels") or []
    if classes and all(isinstance(c, bool) for c in classes):
        return "boolean"
    if classes and all(isinstance(c, int) for c in classes):
        return "long"
    return "string"


def load_trained_model(path: str | Path) -> tuple[Any, dict[str, Any]]:
    """Load a trained model folder written by ``save_trained_model``; raise UserError otherwise."""
    p = Path(path)
    if (p / SPEC_FILE).is_file() and not (p / MODEL_FILE).is_file():
        raise UserError(
            "this input needs a trained model, but an untrained model definition is connected; train it first "
            "with Train Model (or Train Clustering Model) and connect that output here"
        )
    if not (p / MODEL_FILE).is_file() or not (p / INFO_FILE).is_file():
        raise UserError(
            "this input needs a trained model; connect the output of Train Model, Train Clustering Model or "
            "Tune Model Hyperparameters here"
        )
    info = json.loads((p / INFO_FILE).read_text(encoding="utf-8"))
    with open(p / MODEL_FILE, "rb") as fh:
        estimator = pickle.load(fh)
    return estimator, info


def model_info(
    spec: dict[str, Any], estimator: Any, label: str | None, features: list[str], **extra: Any
) -> dict[str, Any]:
    """The ``designer_model.json`` content for a fitted estimator."""
    info: dict[str, Any] = {
        "task": spec["task"],
        "estimator": spec["estimator"],
        "display_name": spec.get("display_name", spec["estimator"].rsplit(".", 1)[-1]),
        "params": spec.get("params", {}),
        "scale_features": bool(spec.get("scale_features")),
        "label_column": label,
        "feature_columns": list(features),
        "class_labels": None,
    }
    if spec["task"] == "classification":
        info["class_labels"] = to_jsonable(list(estimator.classes_))
    info.update(extra)
    return info


def predict_table(estimator: Any, info: dict[str, Any], table: Table) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Score ``table``: return the score columns and the ``scores`` metadata for its schema."""
    X = feature_matrix(
        table, info["feature_columns"], allow_missing=allows_missing(estimator), purpose="Score Model"
    )
    task = info["task"]
    label = info.get("label_column")
    meta: dict[str, Any] = {"task": task, "label": label if label in table.df.columns else None}
    scores = pd.DataFrame(index=table.df.index)
    if task == "clustering":
        scores[ASSIGNMENTS] = estimator.predict(X).astype("int64")
        if hasattr(final_estimator(estimator), "transform"):
            scores[DISTANCE] = estimator.transform(X).min(axis=1)
        meta["assignments"] = ASSIGNMENTS
        meta["features"] = list(info["feature_columns"])
        return scores, meta
    scores[SCORED_LABELS] = estimator.predict(X)
    meta["scored_label"] = SCORED_LABELS
    if task == "classification":
        classes = list(estimator.classes_)
        meta["classes"] = to_jsonable(classes)
        probs: dict[str, str] = {}
        if hasattr(estimator, "predict_proba"):
            proba = estimator.predict_proba(X)
            if len(classes) == 2:
                scores[SCORED_PROBABILITY] = proba[:, 1]
                probs[str(classes[1])] = SCORED_PROBABILITY
                meta["positive_class"] = to_jsonable(classes[1])
            else:
                for i, cls in enumerate(classes):
                    col = f"{SCORED_PROBABILITY}_{cls}"
                    scores[col] = proba[:, i]
                    probs[str(cls)] = col
        meta["probabilities"] = probs
    return scores, meta


# ---------------------------------------------------------------- metrics


def classification_metrics(
    y_true: pd.Series, y_pred: pd.Series, proba: np.ndarray | None, classes: list[Any], positive: Any = None
) -> dict[str, float]:
    """Accuracy, precision, recall, F1 (binary: of ``positive``; else macro), AUC and log loss."""
    from sklearn import metrics

    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    out: dict[str, float] = {"accuracy": float(metrics.accuracy_score(y_true, y_pred))}
    binary = len(classes) == 2
    if binary:
        pos = classes[1] if positive is None else positive
        kw: dict[str, Any] = {"pos_label": pos, "average": "binary", "zero_division": 0}
    else:
        kw = {"average": "macro", "zero_division": 0, "labels": classes}
    out["precision"] = float(metrics.precision_score(y_true, y_pred, **kw))
    out["recall"] = float(metrics.recall_score(y_true, y_pred, **kw))
    out["f1_score"] = float(metrics.f1_score(y_true, y_pred, **kw))
    if proba is not None and len(set(y_true.tolist())) > 1:
        try:
            if binary:
                pos_index = classes.index(pos)
                out["auc"] = float(metrics.roc_auc_score(y_true == pos, proba[:, pos_index]))
            elif len(set(y_true.tolist())) == len(classes):
                out["auc"] = float(metrics.roc_auc_score(y_true, proba, multi_class="ovr", labels=classes))
            out["log_loss"] = float(metrics.log_loss(y_true, np.clip(proba, 1e-15, 1), labels=classes))
        except ValueError:
            pass
    return out


def regression_metrics(y_true: Any, y_pred: Any) -> dict[str, float]:
    """MAE, RMSE, R², relative absolute and relative squared error."""
    y_true = np.asarray(y_true, dtype="float64")
    y_pred = np.asarray(y_pred, dtype="float64")
    err = y_true - y_pred
    dev = y_true - y_true.mean()
    sst = float(np.sum(dev**2))
    sat = float(np.sum(np.abs(dev)))
    return {
        "mean_absolute_error": float(np.mean(np.abs(err))),
        "root_mean_squared_error": float(np.sqrt(np.mean(err**2))),
        "r2_score": float(1 - np.sum(err**2) / sst) if sst > 0 else float("nan"),
        "relative_absolute_error": float(np.sum(np.abs(err)) / sat) if sat > 0 else float("nan"),
        "relative_squared_error": float(np.sum(err**2) / sst) if sst > 0 else float("nan"),
    }


# Metrics where a smaller value is better (used by Compare Models and tuning).
LOWER_IS_BETTER = {
    "mean_absolute_error",
    "root_mean_squared_error",
    "relative_absolute_error",
    "relative_squared_error",
    "log_loss",
    "davies_bouldin_score",
}
PRIMARY_METRIC = {"classification": "accuracy", "regression": "r2_score", "clustering": "silhouette_score"}
