"""Cross Validate Model: k-fold training and scoring, with metrics per fold."""

from __future__ import annotations

import designer_charts as dc
import designer_io as dio
import designer_models as dm
import numpy as np
import pandas as pd

FOLD_COLUMN = "Fold Assignments"


def fold_ids(y: pd.Series, folds: int, stratified: bool, seed: int) -> np.ndarray:
    from sklearn.model_selection import KFold, StratifiedKFold

    ids = np.zeros(len(y), dtype="int64")
    if stratified:
        smallest = int(y.value_counts().min())
        if smallest < folds:
            raise dio.UserError(
                f"the rarest class has only {smallest} rows, fewer than the {folds} folds; lower folds or turn off stratified"
            )
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(np.zeros(len(y)), y)
    else:
        splitter = KFold(n_splits=folds, shuffle=True, random_state=seed).split(np.zeros(len(y)))
    for k, (_, test) in enumerate(splitter):
        ids[test] = k
    return ids


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--model", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--label-column", default=None)
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--stratified", type=dio.to_bool, default=True)
    p.add_argument("--random-seed", type=int, default=42)
    p.add_argument("--scored", required=True)
    p.add_argument("--evaluation", required=True)
    args = p.parse_args()

    spec = dm.read_model_spec(args.model)
    if spec["task"] == "clustering":
        raise dio.UserError(
            "Cross Validate Model needs a classification or regression model, not a clustering one"
        )
    table = dio.read_table(args.data)
    dio.require_rows(table)
    if len(table.df) < args.folds:
        raise dio.UserError(
            f"the table has {len(table.df)} rows, fewer than the {args.folds} folds; lower folds"
        )
    label = dio.label_column(table, args.label_column)
    features = dm.feature_columns(table, label)
    task = spec["task"]
    probe = dm.build_estimator(spec)
    X = dm.feature_matrix(
        table, features, allow_missing=dm.allows_missing(probe), purpose="Cross Validate Model"
    )
    y = dm.label_vector(table, label, task)
    ids = fold_ids(y, args.folds, args.stratified and task == "classification", args.random_seed)

    parts = []
    rows = []
    for k in range(args.folds):
        train, test = ids != k, ids == k
        estimator = dm.fit_estimator(dm.build_estimator(spec), X[train], y[train])
        info = dm.model_info(spec, estimator, label, features)
        fold_table = dio.Table(table.df[test], label, features)
        scores, meta = dm.predict_table(estimator, info, fold_table)
        if task == "classification":
            classes = list(estimator.classes_)
            proba = (
                scores[[meta["probabilities"][str(c)] for c in classes]].to_numpy()
                if len(classes) > 2
                else None
            )
            if len(classes) == 2 and dm.SCORED_PROBABILITY in scores:
                p1 = scores[dm.SCORED_PROBABILITY].to_numpy()
                proba = np.column_stack([1 - p1, p1])
            metrics = dm.classification_metrics(y[test], scores[dm.SCORED_LABELS], proba, classes)
        else:
            metrics = dm.regression_metrics(y[test], scores[dm.SCORED_LABELS])
        rows.append({"fold": str(k), "rows": int(test.sum()), **metrics})
        for name, value in metrics.items():
            dio.log_metric(name, value, step=k)
        parts.append(pd.concat([table.df[test], scores], axis=1).assign(**{FOLD_COLUMN: k}))
    per_fold = pd.DataFrame(rows)
    metric_names = [c for c in per_fold.columns if c not in ("fold", "rows")]
    mean = {"fold": "mean", "rows": int(per_fold["rows"].sum()), **per_fold[metric_names].mean().to_dict()}
    std = {"fold": "std", "rows": int(per_fold["rows"].sum()), **per_fold[metric_names].std(ddof=0).to_dict()}
    summary = pd.concat([per_fold, pd.DataFrame([mean, std])], ignore_index=True)
    scored = pd.concat(parts).sort_index()
    meta = {"task": task, "label": label, "scored_label": dm.SCORED_LABELS, "model": spec.get("display_name")}
    if task == "classification":
        classes = sorted(y.unique().tolist(), key=lambda c: (str(type(c)), c))
        meta["classes"] = dio.to_jsonable(classes)
        meta["probabilities"] = (
            {str(c): f"{dm.SCORED_PROBABILITY}_{c}" for c in classes} if len(classes) > 2 else {}
        )
        if len(classes) == 2:
            meta["positive_class"] = dio.to_jsonable(classes[1])
            meta["probabilities"] = {str(classes[1]): dm.SCORED_PROBABILITY}
    features_out = [c for c in table.feature_columns() if c != FOLD_COLUMN]
    dio.write_table(args.scored, dio.Table(scored, label, features_out, {"scores": meta}))
    dio.write_table(args.evaluation, dio.Table(summary, None, None, {}))
    folds = [f"fold {k}" for k in per_fold["fold"]]
    dc.write_charts(args.evaluation, [
        dc.bars(f"fold_{name}", f"{name} per fold (mean {mean[name]:.4f})", folds, [(name, per_fold[name].tolist())])
        for name in metric_names
    ])
    for name in metric_names:
        dio.log_metric(f"mean_{name}", mean[name])
    print(summary.to_string(index=False))


if __name__ == "__main__":
    dio.main(run)
