"""Add Columns: put the second table's columns to the right of the first (row by row)."""

from __future__ import annotations

import designer_io as dio
import pandas as pd


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--input-1", required=True)
    p.add_argument("--input-2", required=True)
    p.add_argument("--output", required=True)
    args = p.parse_args()

    left = dio.read_table(args.input_1, what="the first table")
    right = dio.read_table(args.input_2, what="the second table")
    if len(left.df) != len(right.df):
        raise dio.UserError(
            f"the first table has {len(left.df)} rows but the second has {len(right.df)}; Add Columns needs the "
            "same number of rows (use Join Data to match rows by a key instead)"
        )
    names = dio.unique_names(left.columns + right.columns)
    right_names = dict(zip(right.columns, names[len(left.columns) :], strict=True))
    out = pd.concat([left.df.reset_index(drop=True), right.df.reset_index(drop=True)], axis=1)
    out.columns = names
    features = None
    if left.features is not None or right.features is not None:
        features = left.feature_columns() + [right_names[c] for c in right.feature_columns()]
    label = left.label or (right_names[right.label] if right.label else None)
    dio.write_table(args.output, dio.Table(out, label, features, {}))
    print(f"{left.df.shape[1]} + {right.df.shape[1]} = {out.shape[1]} columns")


if __name__ == "__main__":
    dio.main(run)
