"""Boosted Decision Tree Regression: write an untrained gradient-boosted trees regressor definition."""

from __future__ import annotations

import designer_io as dio
import designer_models as dm


def run() -> None:
    p = dio.parser(__doc__)
    dm.add_boosting_arguments(p)
    p.add_argument("--loss", default="squared_error", choices=["squared_error", "absolute_error"])
    p.add_argument("--output", required=True)
    args = p.parse_args()

    params = {**dm.boosting_params(args), "loss": args.loss}
    spec = dm.write_model_spec(
        args.output,
        task="regression",
        estimator="sklearn.ensemble.HistGradientBoostingRegressor",
        params=params,
        display_name="Boosted Decision Tree Regression",
    )
    print(spec)


if __name__ == "__main__":
    dio.main(run)
