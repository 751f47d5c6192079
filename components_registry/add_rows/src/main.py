"""Add Rows: stack the rows of the second table under the first."""

from __future__ import annotations

import designer_io as dio
import pandas as pd


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--input-1", required=True)
    p.add_argument("--input-2", required=True)
    p.add_argument("--allow-different-columns", type=dio.to_bool, default=False)
    p.add_argument("--output", required=True)
    args = p.parse_args()

    top = dio.read_table(args.input_1, what="the first table")
    bottom = dio.read_table(args.input_2, what="the second table")
    only_top = [c for c in top.columns if c not in bottom.columns]
    only_bottom = [c for c in bottom.columns if c not in top.columns]
    if (only_top or only_bottom) and not args.allow_different_columns:
        name, where, other = (
            (only_top[0], "the first", "the second")
            if only_top
            else (only_bottom[0], "the second", "the first")
        )
        raise dio.UserError(
            f"column '{name}' is in {where} table but not in {other}{dio.did_you_mean(name, only_bottom or only_top)}; "
            "make the columns match (Select Columns, Edit Metadata) or set allow_different_columns to true"
        )
    frames = [df for df in (top.df, bottom.df) if len(df)] or [top.df]
    out = pd.concat(frames, ignore_index=True, sort=False)
    out = out[top.columns + [c for c in only_bottom if c in out.columns]] if len(frames) > 1 else out
    dio.write_table(args.output, dio.Table(out, top.label or bottom.label, top.features, top.meta))
    print(f"{len(top.df)} + {len(bottom.df)} = {len(out)} rows")


if __name__ == "__main__":
    dio.main(run)
