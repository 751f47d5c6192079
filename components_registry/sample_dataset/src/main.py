"""Sample Dataset: one of scikit-learn's bundled datasets as a table (no download)."""

from __future__ import annotations

import re

import designer_io as dio
import pandas as pd

# dataset -> (loader name, label column, how to name the classes)
DATASETS = {
    "iris": ("load_iris", "species", "names"),
    "wine": ("load_wine", "cultivar", "names"),
    "breast_cancer": ("load_breast_cancer", "diagnosis", "names"),
    "diabetes": ("load_diabetes", "progression", None),
    "digits": ("load_digits", "digit", None),
}


def snake(name: str) -> str:
    """'sepal length (cm)' -> 'sepal_length'; 'od280/od315_of_diluted_wines' -> 'od280_od315_of_diluted_wines'."""
    name = re.sub(r"\s*\((cm|mm)\)", "", name)
    return re.sub(r"[^0-9a-zA-Z]+", "_", name).strip("_").lower()


def load(dataset: str) -> dio.Table:
    from sklearn import datasets

    loader, label, classes = DATASETS[dataset]
    bunch = getattr(datasets, loader)()
    if dataset == "digits":
        columns = [f"pixel_{i}" for i in range(bunch.data.shape[1])]
    else:
        columns = [snake(c) for c in bunch.feature_names]
    df = pd.DataFrame(bunch.data, columns=columns)
    if classes == "names":
        df[label] = pd.Series([str(bunch.target_names[t]) for t in bunch.target], dtype=object)
    elif dataset == "digits":
        df[label] = bunch.target.astype("int64")
    else:
        df[label] = bunch.target.astype("float64")
    return dio.Table(df, label=label, features=columns)


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--dataset", required=True, choices=sorted(DATASETS))
    p.add_argument("--output", required=True)
    args = p.parse_args()
    table = load(args.dataset)
    dio.write_table(args.output, table)
    print(f"{args.dataset}: {len(table.df)} rows, {len(table.df.columns)} columns, label '{table.label}'")


if __name__ == "__main__":
    dio.main(run)
