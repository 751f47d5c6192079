"""Decision Forest Regression: write an untrained random forest regressor definition."""

from __future__ import annotations

import designer_io as dio
import designer_models as dm


def run() -> None:
    p = dio.parser(__doc__)
    dm.add_forest_arguments(p, max_features="all")
    p.add_argument("--output", required=True)
    args = p.parse_args()

    params = dm.forest_params(args)
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
