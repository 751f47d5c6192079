"""Linear Regression: write an untrained linear regression definition (OLS, ridge, lasso, elastic net)."""

from __future__ import annotations

import designer_io as dio
import designer_models as dm

ESTIMATORS = {
    "ordinary_least_squares": "sklearn.linear_model.LinearRegression",
    "ridge": "sklearn.linear_model.Ridge",
    "lasso": "sklearn.linear_model.Lasso",
    "elastic_net": "sklearn.linear_model.ElasticNet",
}


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--method", default="ordinary_least_squares", choices=sorted(ESTIMATORS))
    p.add_argument("--regularization", type=float, default=1.0)
    p.add_argument("--l1-ratio", type=float, default=0.5)
    p.add_argument("--fit-intercept", type=dio.to_bool, default=True)
    p.add_argument("--scale-features", type=dio.to_bool, default=False)
    p.add_argument("--output", required=True)
    args = p.parse_args()

    params: dict = {"fit_intercept": args.fit_intercept}
    if args.method != "ordinary_least_squares":
        params["alpha"] = args.regularization
    if args.method == "elastic_net":
        params["l1_ratio"] = args.l1_ratio
    spec = dm.write_model_spec(
        args.output,
        task="regression",
        estimator=ESTIMATORS[args.method],
        params=params,
        display_name="Linear Regression",
        scale_features=args.scale_features,
    )
    print(spec)


if __name__ == "__main__":
    dio.main(run)
