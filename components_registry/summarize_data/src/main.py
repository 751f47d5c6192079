"""Summarize Data: one row of statistics per column."""

from __future__ import annotations

import designer_io as dio
import pandas as pd


def describe(table: dio.Table) -> pd.DataFrame:
    df = table.df
    features = set(table.feature_columns())
    rows = []
    for col in df.columns:
        s = df[col]
        numeric = dio.is_numeric(s) and not pd.api.types.is_bool_dtype(s.dtype)
        modes = s.mode(dropna=True)
        row = {
            "column": col,
            "type": dio.kind_of(s) if not pd.api.types.is_bool_dtype(s.dtype) else "booleans",
            "role": "label" if col == table.label else ("feature" if col in features else "other"),
            "count": int(s.notna().sum()),
            "missing": int(s.isna().sum()),
            "unique": int(s.nunique(dropna=True)),
            "mode": None if modes.empty else str(modes.iloc[0]),
            "mean": None,
            "std": None,
            "min": None,
            "q1": None,
            "median": None,
            "q3": None,
            "max": None,
        }
        if numeric and s.notna().any():
            x = s.astype("float64")
            row.update(
                mean=x.mean(),
                std=x.std(),
                min=x.min(),
                q1=x.quantile(0.25),
                median=x.median(),
                q3=x.quantile(0.75),
                max=x.max(),
            )
        rows.append(row)
    out = pd.DataFrame(rows)
    for col in ("mean", "std", "min", "q1", "median", "q3", "max"):
        out[col] = out[col].astype("float64")
    return out


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--input", required=True)
    p.add_argument("--output", required=True)
    args = p.parse_args()

    table = dio.read_table(args.input)
    stats = describe(table)
    dio.write_table(args.output, dio.Table(stats, None, None, {}))
    dio.log_metric("rows", len(table.df))
    dio.log_metric("columns", table.df.shape[1])
    dio.log_metric("missing_cells", int(table.df.isna().sum().sum()))
    print(stats.to_string(index=False, max_rows=50))


if __name__ == "__main__":
    dio.main(run)
