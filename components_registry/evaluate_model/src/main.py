"""Evaluate Model: metrics and charts for scored classification, regression or clustering results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import designer_charts as dc
import designer_io as dio
import designer_models as dm
import numpy as np
import pandas as pd


def score_meta(table: dio.Table) -> dict[str, Any]:
    """The ``scores`` block Score Model wrote, or one inferred from the column names."""
    meta = dict(table.meta.get("scores") or {})
    if meta.get("task"):
        return meta
    cols = table.columns
    if dm.ASSIGNMENTS in cols:
        return {"task": "clustering", "assignments": dm.ASSIGNMENTS}
    if dm.SCORED_LABELS not in cols:
        raise dio.UserError(
            "this table has no predictions (no 'Scored Labels' or 'Assignments' column); connect the output of "
            "Score Model, Train Clustering Model or Cross Validate Model to Evaluate Model"
        )
    prob_cols = [c for c in cols if c.startswith(dm.SCORED_PROBABILITY)]
    if (
        not prob_cols
        and dio.is_numeric(table.df[dm.SCORED_LABELS])
        and table.df[dm.SCORED_LABELS].nunique() > 20
    ):
        return {"task": "regression", "scored_label": dm.SCORED_LABELS}
    probabilities = {c[len(dm.SCORED_PROBABILITY) + 1 :]: c for c in prob_cols if c != dm.SCORED_PROBABILITY}
    return {"task": "classification", "scored_label": dm.SCORED_LABELS, "probabilities": probabilities}


def match_class(value: str, classes: list[Any]) -> Any:
    for cls in classes:
        if str(cls) == value:
            return cls
    raise dio.UserError(
        f"positive_class '{value}' is not one of the classes {', '.join(map(str, classes))}; type one of them"
    )


def evaluate_classification(
    df: pd.DataFrame, label: str, meta: dict, positive: str | None, out: Path
) -> dict:
    y_true = df[label]
    y_pred = df[meta.get("scored_label", dm.SCORED_LABELS)]
    classes = meta.get("classes") or sorted(set(y_true.tolist()) | set(y_pred.tolist()), key=str)
    # Labels come back from Parquet with their own type; align the true values with the classes.
    if classes and isinstance(classes[0], str):
        y_true = y_true.astype(str)
        y_pred = y_pred.astype(str)
    probs = meta.get("probabilities") or {}
    proba = None
    if len(classes) == 2 and dm.SCORED_PROBABILITY in df.columns:
        p1 = df[dm.SCORED_PROBABILITY].to_numpy(dtype="float64")
        proba = np.column_stack([1 - p1, p1])
    elif probs and all(str(c) in probs and probs[str(c)] in df.columns for c in classes):
        proba = np.column_stack([df[probs[str(c)]].to_numpy(dtype="float64") for c in classes])
    pos = match_class(positive, classes) if positive else (classes[1] if len(classes) == 2 else None)
    metrics = dm.classification_metrics(y_true, y_pred, proba, list(classes), pos)
    from sklearn.metrics import confusion_matrix

    cm = confusion_matrix(np.asarray(y_true), np.asarray(y_pred), labels=classes)
    plot_confusion(cm, classes, out / "confusion_matrix.png")
    charts = [dc.heatmap("confusion_matrix", "Confusion matrix", cm.tolist(), classes, classes,
                         x_name="Predicted", y_name="Actual", image="confusion_matrix.png")]
    if proba is not None:
        found = class_curves(np.asarray(y_true), proba, list(classes), pos)
        plot_roc(found, len(classes), out / "roc_curve.png")
        suffix = "" if len(classes) == 2 else " (one class vs the rest)"
        charts.append(dc.curves("roc_curve", "ROC curve" + suffix,
                                [(f"{c['class']} (AUC {c['auc']:.3f})", c["fpr"], c["tpr"]) for c in found],
                                x_name="False positive rate", y_name="True positive rate", image="roc_curve.png",
                                diagonal=True))
        charts.append(dc.curves("precision_recall", "Precision-recall curve" + suffix,
                                [(f"{c['class']} (AP {c['ap']:.3f})", c["recall"], c["precision"]) for c in found],
                                x_name="Recall", y_name="Precision"))
    details = {
        "classes": classes,
        "positive_class": pos,
        "confusion_matrix": {"labels": classes, "matrix": cm.tolist()},
    }
    return {"metrics": metrics, "details": details, "charts": charts}


def evaluate_regression(df: pd.DataFrame, label: str, meta: dict, out: Path) -> dict:
    y_true = df[label].astype("float64").to_numpy()
    y_pred = df[meta.get("scored_label", dm.SCORED_LABELS)].astype("float64").to_numpy()
    metrics = dm.regression_metrics(y_true, y_pred)
    plot_residuals(y_true, y_pred, out / "residuals.png")
    lo, hi = float(np.nanmin([y_true.min(), y_pred.min()])), float(np.nanmax([y_true.max(), y_pred.max()]))
    charts = [
        dc.scatter("predicted_vs_actual", "Predicted vs actual", [("rows", y_true, y_pred)], x_name="Actual",
                   y_name="Predicted", image="residuals.png", line=((lo, lo), (hi, hi))),
        dc.scatter("residuals", "Residuals", [("rows", y_pred, y_true - y_pred)], x_name="Predicted",
                   y_name="Residual (actual - predicted)", image="residuals.png",
                   line=((float(y_pred.min()), 0.0), (float(y_pred.max()), 0.0))),
    ]
    return {"metrics": metrics, "details": {}, "charts": charts}


def evaluate_clustering(table: dio.Table, label: str | None, meta: dict, out: Path) -> dict:
    from sklearn import metrics as skm

    df = table.df
    assignments = df[meta.get("assignments", dm.ASSIGNMENTS)].to_numpy()
    features = [
        c for c in (meta.get("features") or table.feature_columns()) if c in df.columns and c != label
    ]
    features = [c for c in features if c not in dio.score_columns(df) and dio.is_numeric(df[c])]
    X = df[features].astype("float64").to_numpy()
    result: dict[str, float] = {"number_of_clusters": float(len(np.unique(assignments)))}
    if 1 < len(np.unique(assignments)) < len(X):
        sample = min(len(X), 5000)
        result["silhouette_score"] = float(
            skm.silhouette_score(X, assignments, sample_size=sample, random_state=0)
        )
        result["davies_bouldin_score"] = float(skm.davies_bouldin_score(X, assignments))
        result["calinski_harabasz_score"] = float(skm.calinski_harabasz_score(X, assignments))
    if label:
        result["adjusted_rand_score"] = float(skm.adjusted_rand_score(df[label].astype(str), assignments))
    xy = plot_clusters(X, assignments, out / "clusters.png")
    groups = [(f"cluster {k}", xy[assignments == k, 0], xy[assignments == k, 1]) for k in np.unique(assignments)]
    charts = [dc.scatter("clusters", "Clusters", groups, x_name="First principal component",
                         y_name="Second principal component", image="clusters.png")]
    return {"metrics": result, "details": {"features": features}, "charts": charts}


# ---------------------------------------------------------------- charts


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_confusion(cm: np.ndarray, classes: list, path: Path) -> None:
    plt = _pyplot()
    size = max(4.0, 0.6 * len(classes) + 2.5)
    fig, ax = plt.subplots(figsize=(size, size * 0.85))
    im = ax.imshow(cm, cmap="Blues")
    fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
    labels = [str(c) for c in classes]
    ax.set_xticks(range(len(labels)), labels=labels, rotation=45, ha="right")
    ax.set_yticks(range(len(labels)), labels=labels)
    ax.set_xlabel("Predicted")
    ax.set_ylabel("Actual")
    ax.set_title("Confusion matrix")
    threshold = cm.max() / 2 if cm.size else 0
    for i in range(cm.shape[0]):
        for j in range(cm.shape[1]):
            ax.text(
                j,
                i,
                str(cm[i, j]),
                ha="center",
                va="center",
                color="white" if cm[i, j] > threshold else "black",
            )
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def class_curves(y_true: np.ndarray, proba: np.ndarray, classes: list, positive: Any) -> list[dict[str, Any]]:
    """ROC and precision-recall points per class (the positive class only, for two classes)."""
    from sklearn.metrics import auc, average_precision_score, precision_recall_curve, roc_curve

    found = []
    for cls in [positive] if len(classes) == 2 else classes:
        idx = classes.index(cls)
        truth = y_true == cls
        if truth.all() or not truth.any():
            continue
        fpr, tpr, _ = roc_curve(truth, proba[:, idx])
        precision, recall, _ = precision_recall_curve(truth, proba[:, idx])
        found.append({"class": cls, "fpr": fpr, "tpr": tpr, "auc": float(auc(fpr, tpr)),
                      "precision": precision[::-1], "recall": recall[::-1],
                      "ap": float(average_precision_score(truth, proba[:, idx]))})
    return found


def plot_roc(found: list[dict[str, Any]], n_classes: int, path: Path) -> None:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 5))
    for c in found:
        ax.plot(c["fpr"], c["tpr"], label=f"{c['class']} (AUC {c['auc']:.3f})")
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", linewidth=1)
    ax.set_xlabel("False positive rate")
    ax.set_ylabel("True positive rate")
    ax.set_title("ROC curve" + ("" if n_classes == 2 else " (one class vs the rest)"))
    ax.legend(loc="lower right", fontsize="small")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def plot_residuals(y_true: np.ndarray, y_pred: np.ndarray, path: Path) -> None:
    plt = _pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.5))
    left.scatter(y_true, y_pred, s=12, alpha=0.6)
    lo, hi = float(np.nanmin([y_true.min(), y_pred.min()])), float(np.nanmax([y_true.max(), y_pred.max()]))
    left.plot([lo, hi], [lo, hi], linestyle="--", color="grey", linewidth=1)
    left.set_xlabel("Actual")
    left.set_ylabel("Predicted")
    left.set_title("Predicted vs actual")
    right.scatter(y_pred, y_true - y_pred, s=12, alpha=0.6)
    right.axhline(0, linestyle="--", color="grey", linewidth=1)
    right.set_xlabel("Predicted")
    right.set_ylabel("Residual (actual - predicted)")
    right.set_title("Residuals")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def plot_clusters(X: np.ndarray, assignments: np.ndarray, path: Path) -> np.ndarray:
    """Draw the rows on their first two principal components; returns those coordinates."""
    plt = _pyplot()
    if X.shape[1] >= 2:
        centred = X - X.mean(axis=0)
        _, _, vt = np.linalg.svd(centred, full_matrices=False)
        xy = centred @ vt[:2].T
    else:
        xy = np.column_stack([X[:, 0], np.zeros(len(X))])
    fig, ax = plt.subplots(figsize=(6, 5))
    scatter = ax.scatter(xy[:, 0], xy[:, 1], c=assignments, cmap="tab10", s=14, alpha=0.8)
    ax.legend(*scatter.legend_elements(), title="Cluster", fontsize="small")
    ax.set_xlabel("First principal component")
    ax.set_ylabel("Second principal component")
    ax.set_title("Clusters")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return xy


# ---------------------------------------------------------------- main


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--scored", required=True)
    p.add_argument("--label-column", default=None)
    p.add_argument("--positive-class", default=None)
    p.add_argument("--output", required=True)
    args = p.parse_args()

    table = dio.read_table(args.scored, what="the scored data")
    dio.require_rows(table, "the scored data")
    meta = score_meta(table)
    task = meta["task"]
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    if task == "clustering":
        label = dio.label_column(table, args.label_column, required=False)
        result = evaluate_clustering(table, label, meta, out)
    else:
        label = args.label_column or meta.get("label") or table.label
        if not label:
            raise dio.UserError(
                "the scored data has no column with the true values; set label_column, or score a table that "
                "still contains the label column"
            )
        dio.check_column(table, label, what="the scored data")
        df = table.df
        unlabeled = int(df[label].isna().sum())
        if unlabeled:
            print(f"note: {unlabeled} rows without a true value were left out")
            df = df[df[label].notna()]
        if task == "classification":
            result = evaluate_classification(df, label, meta, args.positive_class, out)
        else:
            result = evaluate_regression(df, label, meta, out)
    metrics = result["metrics"]
    model = meta.get("model")
    row = pd.DataFrame([{"model": model or "", **metrics}])
    dio.write_table(out, dio.Table(row, None, None, {}))
    dio.write_json(out / "metrics.json", metrics)
    evaluation = {"task": task, "model": model, "label": label, "rows": len(table.df), "metrics": metrics}
    dio.write_json(out / "evaluation.json", {**evaluation, **result["details"]})
    dc.write_charts(out, result["charts"])
    for name, value in metrics.items():
        dio.log_metric(name, value)
    print(f"{task} evaluation: " + ", ".join(f"{k}={v:.4f}" for k, v in metrics.items()))


if __name__ == "__main__":
    dio.main(run)
