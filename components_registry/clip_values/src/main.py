"""Clip Values: cap values below or above thresholds (fixed values or percentiles)."""

from __future__ import annotations

import designer_io as dio
import numpy as np
import pandas as pd


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--input", required=True)
    p.add_argument("--columns", default=None)
    p.add_argument("--thresholds", default="percentile", choices=["percentile", "constant"])
    p.add_argument("--lower-percentile", type=float, default=1.0)
    p.add_argument("--upper-percentile", type=float, default=99.0)
    p.add_argument("--lower-value", type=float, default=None)
    p.add_argument("--upper-value", type=float, default=None)
    p.add_argument("--substitute", default="threshold", choices=["threshold", "missing"])
    p.add_argument("--add-indicator-columns", type=dio.to_bool, default=False)
    p.add_argument("--output", required=True)
    args = p.parse_args()

    if args.thresholds == "percentile" and args.lower_percentile >= args.upper_percentile:
        raise dio.UserError("lower_percentile must be smaller than upper_percentile; change one of them")
    if args.thresholds == "constant":
        if args.lower_value is None and args.upper_value is None:
            raise dio.UserError(
                "constant thresholds need lower_value, upper_value or both; type at least one"
            )
        if (
            args.lower_value is not None
            and args.upper_value is not None
            and args.lower_value > args.upper_value
        ):
            raise dio.UserError("lower_value is larger than upper_value; swap them")
    table = dio.read_table(args.input)
    chosen = dio.select_columns(
        table, args.columns, default="features", numeric_only=True, purpose="Clip Values"
    )
    df = table.df.copy()
    features = table.feature_columns()
    changed_total = 0
    for col in chosen:
        x = df[col].astype("float64")
        if args.thresholds == "percentile":
            lower, upper = (
                np.nanpercentile(x, [args.lower_percentile, args.upper_percentile])
                if x.notna().any()
                else (None, None)
            )
        else:
            lower, upper = args.lower_value, args.upper_value
        nothing = pd.Series(False, index=x.index)
        low_mask = x < lower if lower is not None else nothing
        high_mask = x > upper if upper is not None else nothing
        changed = low_mask | high_mask
        changed_total += int(changed.sum())
        if args.add_indicator_columns:
            name = dio.unique_names([*df.columns, f"{col}_clipped"])[-1]
            df[name] = changed.astype("int64")
            if col in features:
                features.append(name)
        if args.substitute == "threshold":
            df[col] = x.clip(lower=lower, upper=upper)
        else:
            df[col] = x.mask(changed)
    dio.write_table(args.output, dio.Table(df, table.label, features, table.meta))
    print(f"clipped {changed_total} values in {len(chosen)} columns")


if __name__ == "__main__":
    dio.main(run)
