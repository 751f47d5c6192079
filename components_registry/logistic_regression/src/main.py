"""Logistic Regression: write an untrained logistic regression classifier definition."""

from __future__ import annotations

import designer_io as dio
import designer_models as dm


def regularization_params(c: float, l1_ratio: float) -> dict:
    """scikit-learn >= 1.8 expresses the penalty with l1_ratio alone; older versions need `penalty`."""
    import sklearn

    major, minor = (int(x) for x in sklearn.__version__.split(".")[:2])
    solver = "lbfgs" if l1_ratio == 0 else "saga"
    if (major, minor) >= (1, 8):
        return {"C": c, "l1_ratio": l1_ratio, "solver": solver}
    penalty = "l2" if l1_ratio == 0 else ("l1" if l1_ratio == 1 else "elasticnet")
    params = {"C": c, "penalty": penalty, "solver": solver}
    if penalty == "elasticnet":
        params["l1_ratio"] = l1_ratio
    return params


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--regularization-strength", type=float, default=1.0)
    p.add_argument("--l1-ratio", type=float, default=0.0)
    p.add_argument("--max-iterations", type=int, default=1000)
    p.add_argument("--class-weight", default="none", choices=["none", "balanced"])
    p.add_argument("--scale-features", type=dio.to_bool, default=True)
    p.add_argument("--random-seed", type=int, default=42)
    p.add_argument("--output", required=True)
    args = p.parse_args()

    params = regularization_params(args.regularization_strength, args.l1_ratio)
    params.update(
        max_iter=args.max_iterations,
        class_weight=None if args.class_weight == "none" else "balanced",
        random_state=args.random_seed,
    )
    spec = dm.write_model_spec(
        args.output,
        task="classification",
        estimator="sklearn.linear_model.LogisticRegression",
        params=params,
        display_name="Logistic Regression",
        scale_features=args.scale_features,
    )
    print(spec)


if __name__ == "__main__":
    dio.main(run)
