"""Compare Models: two evaluations side by side, and which model wins on the chosen metric."""

from __future__ import annotations

import json
from pathlib import Path

import designer_charts as dc
import designer_io as dio
import designer_models as dm
import pandas as pd


def load_evaluation(path: str, which: str) -> dict:
    folder = Path(path)
    metrics_file = folder / "metrics.json"
    if not metrics_file.is_file():
        raise dio.UserError(
            f"the {which} input is not an evaluation (no metrics.json); connect the output of Evaluate Model here"
        )
    metrics = json.loads(metrics_file.read_text(encoding="utf-8"))
    details_file = folder / "evaluation.json"
    details = json.loads(details_file.read_text(encoding="utf-8")) if details_file.is_file() else {}
    task = details.get("task") or infer_task(metrics)
    return {"metrics": metrics, "task": task, "model": details.get("model")}


def infer_task(metrics: dict) -> str:
    if "silhouette_score" in metrics or "number_of_clusters" in metrics:
        return "clustering"
    return "classification" if "accuracy" in metrics else "regression"


HIDDEN = {"calinski_harabasz_score", "number_of_clusters"}  # on another scale than the rest: left out of the chart


def plot(table: pd.DataFrame, names: list[str], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    shown = table[table["metric"].map(lambda m: m not in HIDDEN)]
    x = np.arange(len(shown))
    fig, ax = plt.subplots(figsize=(max(5.0, 1.1 * len(shown) + 2), 4.5))
    width = 0.38
    for i, name in enumerate(names):
        ax.bar(x + (i - 0.5) * width, shown[name].astype(float), width, label=name)
    ax.set_xticks(x, labels=shown["metric"], rotation=30, ha="right")
    ax.set_title("Model comparison")
    ax.legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def verdict(names: list[str], values: list, metric: str, winner: str) -> str:
    """One sentence: who wins on ``metric``, with both values."""
    if winner == "tie":
        return f"{names[0]} and {names[1]} tie on {metric} ({values[0]:.4f})."
    if winner not in names:
        return f"{metric} could not be compared (a value is missing)."
    i = names.index(winner)
    return (f"{winner} is better on {metric}: {values[i]:.4f} against {values[1 - i]:.4f} for {names[1 - i]}.")


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--evaluation-1", required=True)
    p.add_argument("--evaluation-2", required=True)
    p.add_argument("--metric", default="auto")
    p.add_argument("--name-1", default=None)
    p.add_argument("--name-2", default=None)
    p.add_argument("--output", required=True)
    args = p.parse_args()

    first = load_evaluation(args.evaluation_1, "first")
    second = load_evaluation(args.evaluation_2, "second")
    if first["task"] != second["task"]:
        raise dio.UserError(
            f"the first evaluation is {first['task']} but the second is {second['task']}; compare models of the same kind"
        )
    names = [args.name_1 or first["model"] or "Model 1", args.name_2 or second["model"] or "Model 2"]
    if names[0] == names[1]:
        names = [f"{names[0]} (1)", f"{names[1]} (2)"]
    shared = [m for m in first["metrics"] if m in second["metrics"]]
    metric = args.metric
    if metric == "auto":
        metric = (
            "auc"
            if first["task"] == "classification" and "auc" in shared
            else dm.PRIMARY_METRIC[first["task"]]
        )
    if metric not in shared:
        raise dio.UserError(
            f"metric '{metric}' is not in both evaluations{dio.did_you_mean(metric, shared)}; choose one of "
            f"{', '.join(shared)}"
        )
    rows = []
    for m in shared:
        a, b = first["metrics"][m], second["metrics"][m]
        if a is None or b is None:
            better = ""
        elif a == b:
            better = "tie"
        else:
            lower = m in dm.LOWER_IS_BETTER
            better = names[0] if (a < b) == lower else names[1]
        rows.append(
            {
                "metric": m,
                names[0]: a,
                names[1]: b,
                "difference": None if a is None or b is None else b - a,
                "better": better,
            }
        )
    table = pd.DataFrame(rows)
    winner = table.loc[table["metric"] == metric, "better"].iloc[0]
    out = Path(args.output)
    dio.write_table(out, dio.Table(table, None, None, {}))
    values = [first["metrics"][metric], second["metrics"][metric]]
    summary = {
        "task": first["task"],
        "metric": metric,
        "models": names,
        "values": values,
        "winner": winner if winner in names else None,
        "winner_index": names.index(winner) + 1 if winner in names else None,
        "verdict": verdict(names, values, metric, winner),
    }
    dio.write_json(out / "summary.json", summary)
    plot(table, names, out / "comparison.png")
    shown = table[table["metric"].map(lambda m: m not in HIDDEN)]
    dc.write_charts(out, [dc.bars("comparison", summary["verdict"], shown["metric"].tolist(),
                                  [(n, shown[n].tolist()) for n in names], image="comparison.png")])
    # Each model's value under its own name, so the run's metrics say who is who (not "winner_index 1").
    for name, value in zip(names, values, strict=True):
        if value is not None:
            dio.log_metric(f"{metric} of {name}", value)
    dio.log_metric(f"{metric}_difference", table.loc[table["metric"] == metric, "difference"].iloc[0])
    print(summary["verdict"])


if __name__ == "__main__":
    dio.main(run)
