"""Decision Forest: write an untrained random forest classifier definition."""

from __future__ import annotations

import designer_io as dio
import designer_models as dm


def run() -> None:
    p = dio.parser(__doc__)
    dm.add_forest_arguments(p, max_features="sqrt")
    p.add_argument("--class-weight", default="none", choices=["none", "balanced"])
    p.add_argument("--output", required=True)
    args = p.parse_args()

    params = {**dm.forest_params(args), "class_weight": None if args.class_weight == "none" else "balanced"}
    spec = dm.write_model_spec(
        args.output,
        task="classification",
        estimator="sklearn.ensemble.RandomForestClassifier",
        params=params,
        display_name="Decision Forest",
    )
    print(spec)


if __name__ == "__main__":
    dio.main(run)
