"""Boosted Decision Tree: write an untrained gradient-boosted trees classifier definition."""

from __future__ import annotations

import designer_io as dio
import designer_models as dm


def run() -> None:
    p = dio.parser(__doc__)
    dm.add_boosting_arguments(p)
    p.add_argument("--output", required=True)
    args = p.parse_args()

    params = dm.boosting_params(args)
    spec = dm.write_model_spec(
        args.output,
        task="classification",
        estimator="sklearn.ensemble.HistGradientBoostingClassifier",
        params=params,
        display_name="Boosted Decision Tree",
    )
    print(spec)


if __name__ == "__main__":
    dio.main(run)
