"""Boosted Decision Tree: write an untrained gradient-boosted trees classifier definition."""

from __future__ import annotations

import designer_io as dio
import designer_models as dm


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--learning-rate", type=float, default=0.1)
    p.add_argument("--number-of-trees", type=int, default=100)
    p.add_argument("--max-leaves", type=int, default=31)
    p.add_argument("--min-samples-per-leaf", type=int, default=20)
    p.add_argument("--l2-regularization", type=float, default=0.0)
    p.add_argument("--random-seed", type=int, default=42)
    p.add_argument("--output", required=True)
    args = p.parse_args()

    params = {
        "learning_rate": args.learning_rate,
        "max_iter": args.number_of_trees,
        "max_leaf_nodes": args.max_leaves,
        "min_samples_leaf": args.min_samples_per_leaf,
        "l2_regularization": args.l2_regularization,
        # A fixed number of trees: no hidden validation split, so results do not depend on data size.
        "early_stopping": False,
        "random_state": args.random_seed,
    }
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
