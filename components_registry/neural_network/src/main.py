"""Neural Network: write an untrained multi-layer perceptron classifier definition."""

from __future__ import annotations

import designer_io as dio
import designer_models as dm


def parse_layers(text: str) -> list[int]:
    try:
        sizes = [int(x) for x in dio.split_list(text)]
    except ValueError as exc:
        raise dio.UserError(
            f"hidden_layers '{text}' must be whole numbers separated by commas, e.g. 64, 32"
        ) from exc
    if not sizes or any(s < 1 for s in sizes):
        raise dio.UserError(
            f"hidden_layers '{text}' must list at least one layer size of 1 or more, e.g. 100"
        )
    return sizes


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--hidden-layers", default="100")
    p.add_argument("--activation", default="relu", choices=["relu", "tanh", "logistic"])
    p.add_argument("--learning-rate", type=float, default=0.001)
    p.add_argument("--l2-regularization", type=float, default=0.0001)
    p.add_argument("--max-iterations", type=int, default=200)
    p.add_argument("--scale-features", type=dio.to_bool, default=True)
    p.add_argument("--random-seed", type=int, default=42)
    p.add_argument("--output", required=True)
    args = p.parse_args()

    params = {
        "hidden_layer_sizes": parse_layers(args.hidden_layers),
        "activation": args.activation,
        "learning_rate_init": args.learning_rate,
        "alpha": args.l2_regularization,
        "max_iter": args.max_iterations,
        "random_state": args.random_seed,
    }
    spec = dm.write_model_spec(
        args.output,
        task="classification",
        estimator="sklearn.neural_network.MLPClassifier",
        params=params,
        display_name="Neural Network",
        scale_features=args.scale_features,
    )
    print(spec)


if __name__ == "__main__":
    dio.main(run)
