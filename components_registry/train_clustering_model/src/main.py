"""Train Clustering Model: fit a clustering model and assign each training row to a cluster."""

from __future__ import annotations

import designer_io as dio
import designer_models as dm
import pandas as pd


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--model", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--feature-columns", default=None)
    p.add_argument("--output", required=True)
    p.add_argument("--scored", required=True)
    args = p.parse_args()

    spec = dm.read_model_spec(args.model)
    if spec["task"] != "clustering":
        raise dio.UserError(
            f"this is a {spec['task']} model; use Train Model for it, or connect K-Means Clustering to Train Clustering Model"
        )
    table = dio.read_table(args.data, what="the training data")
    dio.require_rows(table, "the training data")
    given = dio.select_columns(table, args.feature_columns, default="") if args.feature_columns else None
    features = dm.feature_columns(table, table.label, given)
    estimator = dm.build_estimator(spec)
    n_clusters = int(spec["params"].get("n_clusters", 2))
    if len(table.df) < n_clusters:
        raise dio.UserError(
            f"the table has {len(table.df)} rows but {n_clusters} clusters were asked for; lower number_of_clusters"
        )
    X = dm.feature_matrix(table, features, allow_missing=False, purpose="Train Clustering Model")
    dm.fit_estimator(estimator, X, None)
    info = dm.model_info(spec, estimator, None, features, training_rows=len(X))
    dm.save_trained_model(args.output, estimator, info)
    scores, meta = dm.predict_table(estimator, info, table)
    out = pd.concat([table.df, scores], axis=1)
    dio.write_table(args.scored, dio.Table(out, table.label, table.features, {"scores": meta}))
    inertia = getattr(dm.final_estimator(estimator), "inertia_", None)
    if inertia is not None:
        dio.log_metric("inertia", float(inertia))
    sizes = scores[dm.ASSIGNMENTS].value_counts().sort_index().to_dict()
    print(f"clustered {len(X)} rows on {len(features)} features; cluster sizes {sizes}")


if __name__ == "__main__":
    dio.main(run)
