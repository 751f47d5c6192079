"""Normalize Data: rescale numeric columns with z-score, min-max or robust scaling."""

from __future__ import annotations

import designer_io as dio
import numpy as np
import pandas as pd


def scale(series: pd.Series, method: str) -> pd.Series:
    """Rescale one numeric column; a constant column becomes all zeros."""
    x = series.astype("float64")
    if method == "zscore":
        centre, spread = x.mean(), x.std(ddof=0)
    elif method == "minmax":
        centre, spread = x.min(), x.max() - x.min()
    else:
        centre, spread = x.median(), x.quantile(0.75) - x.quantile(0.25)
    if not np.isfinite(spread) or spread == 0:
        return (x - centre).where(x.isna(), 0.0)
    return (x - centre) / spread


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--input", required=True)
    p.add_argument("--columns", default=None)
    p.add_argument("--method", default="zscore", choices=["zscore", "minmax", "robust"])
    p.add_argument("--output", required=True)
    args = p.parse_args()

    table = dio.read_table(args.input)
    if dio.split_list(args.columns):
        chosen = dio.select_columns(table, args.columns, numeric_only=True, purpose="Normalize Data")
    else:
        chosen = [
            c
            for c in dio.select_columns(table, "features", numeric_only=True)
            if not pd.api.types.is_bool_dtype(table.df[c].dtype)
        ]
    df = table.df.copy()
    for col in chosen:
        df[col] = scale(df[col], args.method)
    dio.write_table(args.output, table.with_df(df))
    print(f"{args.method}: rescaled {len(chosen)} columns: {dio.describe_columns(chosen)}")


if __name__ == "__main__":
    dio.main(run)
