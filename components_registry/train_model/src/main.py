"""Train Model: fit an untrained classification or regression model on a labelled table."""

from __future__ import annotations

import designer_io as dio
import designer_models as dm


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--model", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--label-column", default=None)
    p.add_argument("--feature-columns", default=None)
    p.add_argument("--output", required=True)
    args = p.parse_args()

    spec = dm.read_model_spec(args.model)
    if spec["task"] == "clustering":
        raise dio.UserError(
            "this is a clustering model, which has no label to learn; use Train Clustering Model instead of Train Model"
        )
    table = dio.read_table(args.data, what="the training data")
    dio.require_rows(table, "the training data")
    label = dio.label_column(table, args.label_column)
    given = dio.select_columns(table, args.feature_columns, default="") if args.feature_columns else None
    features = dm.feature_columns(table, label, given)
    estimator = dm.build_estimator(spec)
    X = dm.feature_matrix(table, features, allow_missing=dm.allows_missing(estimator), purpose="Train Model")
    y = dm.label_vector(table, label, spec["task"])
    dm.fit_estimator(estimator, X, y)
    info = dm.model_info(spec, estimator, label, features, training_rows=len(X))
    dm.save_trained_model(args.output, estimator, info)
    dio.log_metric("training_rows", len(X))
    dio.log_metric("feature_count", len(features))
    print(f"trained {info['display_name']} on {len(X)} rows, {len(features)} features, label '{label}'")


if __name__ == "__main__":
    dio.main(run)
