"""Decision Forest Regression: write an untrained random forest regressor definition."""

from __future__ import annotations

import designer_io as dio
import designer_models as dm


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--number-of-trees", type=int, default=100)
    p.add_argument("--max-depth", type=int, default=0)
    p.add_argument("--min-samples-per-leaf", type=int, default=1)
    p.add_argument("--max-features", default="all", choices=["sqrt", "log2", "all"])
    p.add_argument("--random-seed", type=int, default=42)
    p.add_argument("--output", required=True)
    args = p.parse_args()

    params = {
        "n_estimators": args.number_of_trees,
        "max_depth": args.max_depth or None,
        "min_samples_leaf": args.min_samples_per_leaf,
        "max_features": 1.0 if args.max_features == "all" else args.max_features,
        "random_state": args.random_seed,
        "n_jobs": 1,
    }
    spec = dm.write_model_spec(
        args.output,
        task="regression",
        estimator="sklearn.ensemble.RandomForestRegressor",
        params=params,
        display_name="Decision Forest Regression",
    )
    print(spec)


if __name__ == "__main__":
    dio.main(run)
