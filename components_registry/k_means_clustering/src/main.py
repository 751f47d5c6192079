"""K-Means Clustering: write an untrained k-means clustering definition."""

from __future__ import annotations

import designer_io as dio
import designer_models as dm


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--number-of-clusters", type=int, default=3)
    p.add_argument("--init", default="k-means++", choices=["k-means++", "random"])
    p.add_argument("--number-of-runs", type=int, default=10)
    p.add_argument("--max-iterations", type=int, default=300)
    p.add_argument("--scale-features", type=dio.to_bool, default=False)
    p.add_argument("--random-seed", type=int, default=42)
    p.add_argument("--output", required=True)
    args = p.parse_args()

    params = {
        "n_clusters": args.number_of_clusters,
        "init": args.init,
        "n_init": args.number_of_runs,
        "max_iter": args.max_iterations,
        "random_state": args.random_seed,
    }
    spec = dm.write_model_spec(
        args.output,
        task="clustering",
        estimator="sklearn.cluster.KMeans",
        params=params,
        display_name="K-Means Clustering",
        scale_features=args.scale_features,
    )
    print(spec)


if __name__ == "__main__":
    dio.main(run)
