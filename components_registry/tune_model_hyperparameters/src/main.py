"""Tune Model Hyperparameters: grid or random search over model parameters; keeps the best model."""

from __future__ import annotations

from typing import Any

import designer_io as dio
import designer_models as dm
import numpy as np
import pandas as pd

# Default ranges per scikit-learn class (keys are scikit-learn parameter names).
DEFAULT_SPACES: dict[str, dict[str, list[Any]]] = {
    "LogisticRegression": {"C": [0.01, 0.1, 1.0, 10.0, 100.0]},
    "RandomForestClassifier": {
        "n_estimators": [50, 100, 200],
        "max_depth": [None, 5, 10],
        "min_samples_leaf": [1, 2, 5],
    },
    "RandomForestRegressor": {
        "n_estimators": [50, 100, 200],
        "max_depth": [None, 5, 10],
        "min_samples_leaf": [1, 2, 5],
    },
    "HistGradientBoostingClassifier": {
        "learning_rate": [0.03, 0.1, 0.3],
        "max_iter": [50, 100, 200],
        "max_leaf_nodes": [15, 31, 63],
    },
    "HistGradientBoostingRegressor": {
        "learning_rate": [0.03, 0.1, 0.3],
        "max_iter": [50, 100, 200],
        "max_leaf_nodes": [15, 31, 63],
    },
    "MLPClassifier": {
        "hidden_layer_sizes": [(50,), (100,), (64, 32)],
        "alpha": [0.0001, 0.001, 0.01],
        "learning_rate_init": [0.001, 0.01],
    },
    "LinearRegression": {"fit_intercept": [True, False]},
    "Ridge": {"alpha": [0.001, 0.01, 0.1, 1.0, 10.0, 100.0]},
    "Lasso": {"alpha": [0.001, 0.01, 0.1, 1.0, 10.0]},
    "ElasticNet": {"alpha": [0.001, 0.01, 0.1, 1.0], "l1_ratio": [0.2, 0.5, 0.8]},
}
# Parameter names of our model components -> candidate scikit-learn names (first one the model has wins).
ALIASES = {
    "number_of_trees": ("n_estimators", "max_iter"),
    "min_samples_per_leaf": ("min_samples_leaf",),
    "regularization_strength": ("C",),
    "max_iterations": ("max_iter",),
    "learning_rate": ("learning_rate", "learning_rate_init"),
    "max_leaves": ("max_leaf_nodes",),
    "l2_regularization": ("l2_regularization", "alpha"),
    "hidden_layers": ("hidden_layer_sizes",),
    "regularization": ("alpha",),
}
METRICS = {"classification": "accuracy", "regression": "r2_score"}


def parse_value(text: str, name: str) -> Any:
    low = text.strip().lower()
    if low in ("none", "null"):
        return None
    if low in ("true", "false"):
        return low == "true"
    if name == "hidden_layer_sizes":
        try:
            return tuple(int(x) for x in low.replace("x", " ").replace("(", " ").replace(")", " ").split())
        except ValueError as exc:
            raise dio.UserError(f"hidden layer sizes '{text}' must be whole numbers such as 64 32") from exc
    try:
        number = float(low)
    except ValueError:
        return text.strip()
    if name == "max_depth" and number == 0:
        return None  # 0 means "no limit", as in the model components
    return int(number) if number.is_integer() and "." not in low else number


def parse_space(text: str, tunable: list[str]) -> dict[str, list[Any]]:
    """Parse ``name: v1, v2; name2: v3`` into scikit-learn parameter names and typed values."""
    space: dict[str, list[Any]] = {}
    for part in [p for p in text.replace("\n", ";").split(";") if p.strip()]:
        if ":" not in part:
            raise dio.UserError(
                f"search_space part '{part.strip()}' has no ':'; write it like number_of_trees: 50, 100; max_depth: 3, 6"
            )
        name, values = (s.strip() for s in part.split(":", 1))
        real = name if name in tunable else next((a for a in ALIASES.get(name, ()) if a in tunable), None)
        if real is None:
            choices = sorted(set(tunable) | {k for k, v in ALIASES.items() if any(a in tunable for a in v)})
            raise dio.UserError(
                f"'{name}' is not a parameter of this model{dio.did_you_mean(name, choices)}; tunable parameters: "
                f"{dio.describe_columns(choices, limit=40)}"
            )
        items = dio.split_list(values)
        if not items:
            raise dio.UserError(f"search_space gives no values for '{name}'; list at least one value")
        space[real] = [parse_value(v, real) for v in items]
    return space


def scorer(task: str, metric: str):
    def score(estimator: Any, X: pd.DataFrame, y: pd.Series) -> float:
        pred = estimator.predict(X)
        if task == "regression":
            return dm.regression_metrics(y, pred)[metric]
        classes = list(estimator.classes_)
        proba = estimator.predict_proba(X) if hasattr(estimator, "predict_proba") else None
        value = dm.classification_metrics(y, pred, proba, classes).get(metric)
        if value is None:
            raise dio.UserError(
                f"metric '{metric}' cannot be computed for this model or data; choose another metric"
            )
        return value

    return score


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--model", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--validation", default=None)
    p.add_argument("--label-column", default=None)
    p.add_argument("--search-mode", default="random", choices=["grid", "random"])
    p.add_argument("--max-runs", type=int, default=10)
    p.add_argument("--search-space", default=None)
    p.add_argument("--metric", default="auto")
    p.add_argument("--cv-folds", type=int, default=3)
    p.add_argument("--random-seed", type=int, default=42)
    p.add_argument("--output", required=True)
    p.add_argument("--sweep", required=True)
    args, _unknown = p.parse_known_args()

    from sklearn.model_selection import KFold, ParameterGrid, ParameterSampler, StratifiedKFold

    spec = dm.read_model_spec(args.model)
    task = spec["task"]
    if task == "clustering":
        raise dio.UserError(
            "Tune Model Hyperparameters works with classification and regression models, not clustering"
        )
    metric = METRICS[task] if args.metric == "auto" else args.metric
    regression_metrics = {"r2_score", "mean_absolute_error", "root_mean_squared_error"}
    if (metric in regression_metrics) != (task == "regression"):
        raise dio.UserError(f"metric '{metric}' does not fit a {task} model; choose auto or a {task} metric")
    table = dio.read_table(args.data, what="the training data")
    dio.require_rows(table, "the training data")
    label = dio.label_column(table, args.label_column)
    features = dm.feature_columns(table, label)
    base = dm.build_estimator(spec)
    allow_nan = dm.allows_missing(base)
    X = dm.feature_matrix(table, features, allow_missing=allow_nan, purpose="Tune Model Hyperparameters")
    y = dm.label_vector(table, label, task)

    estimator_name = spec["estimator"].rsplit(".", 1)[-1]
    tunable = sorted(dm.final_estimator(base).get_params(deep=False))
    text = dio.text_param("search_space", args.search_space)
    space = parse_space(text, tunable) if text and text.strip() else DEFAULT_SPACES.get(estimator_name)
    if not space:
        raise dio.UserError(
            f"there is no default search space for {estimator_name}; type one in search_space"
        )
    grid = ParameterGrid(space)
    if args.search_mode == "grid":
        if len(grid) > 500:
            raise dio.UserError(
                f"the grid has {len(grid)} combinations (more than 500); use random mode or fewer values"
            )
        candidates = list(grid)
    else:
        candidates = list(
            ParameterSampler(space, n_iter=min(args.max_runs, len(grid)), random_state=args.random_seed)
        )

    if args.validation:
        val = dio.read_table(args.validation, what="the validation data")
        dio.require_rows(val, "the validation data")
        dio.check_column(val, label, what="the validation data")
        Xv = dm.feature_matrix(val, features, allow_missing=allow_nan, purpose="Tune Model Hyperparameters")
        yv = dm.label_vector(val, label, task)
        splits = None
    else:
        stratify = task == "classification" and int(y.value_counts().min()) >= args.cv_folds
        cv = (StratifiedKFold if stratify else KFold)(
            n_splits=args.cv_folds, shuffle=True, random_state=args.random_seed
        )
        splits = list(cv.split(X, y) if stratify else cv.split(X))

    score = scorer(task, metric)
    lower_better = metric in dm.LOWER_IS_BETTER
    rows = []
    for run_index, params in enumerate(candidates):
        row: dict[str, Any] = {"run": run_index, **{k: str(v) for k, v in params.items()}}
        try:
            if splits is None:
                est = dm.fit_estimator(dm.build_estimator(spec, params), X, y)
                value = score(est, Xv, yv)
            else:
                values = []
                for train, test in splits:
                    est = dm.fit_estimator(dm.build_estimator(spec, params), X.iloc[train], y.iloc[train])
                    values.append(score(est, X.iloc[test], y.iloc[test]))
                value = float(np.mean(values))
            row[metric] = value
            dio.log_metric(metric, value, step=run_index)
        except (dio.UserError, ValueError) as exc:
            row[metric] = None
            row["error"] = str(exc).splitlines()[0]
        rows.append(row)
    results = pd.DataFrame(rows)
    good = results[results[metric].notna()]
    if good.empty:
        raise dio.UserError(
            f"every setting failed (first error: {results['error'].iloc[0]}); change the search space"
        )
    results["rank"] = results[metric].rank(ascending=lower_better, method="min")
    best_run = int(good.sort_values(metric, ascending=lower_better, kind="stable")["run"].iloc[0])
    best_params = candidates[best_run]
    best = dm.fit_estimator(dm.build_estimator(spec, best_params), X, y)
    tuned_spec = {**spec, "params": {**spec["params"], **dio.to_jsonable(best_params)}}
    info = dm.model_info(tuned_spec, best, label, features, training_rows=len(X), tuned_metric=metric)
    info["tuned_value"] = float(results.loc[results["run"] == best_run, metric].iloc[0])
    dm.save_trained_model(args.output, best, info)
    dio.write_table(args.sweep, dio.Table(results.sort_values("rank", kind="stable"), None, None, {}))
    dio.log_metric(f"best_{metric}", info["tuned_value"])
    print(f"tried {len(candidates)} settings; best {metric}={info['tuned_value']:.4f} with {best_params}")


if __name__ == "__main__":
    dio.main(run)
