"""Clean Missing Data: remove rows/columns with gaps, or fill them (mean, median, mode, a value)."""

from __future__ import annotations

import designer_io as dio
import pandas as pd

STRATEGIES = [
    "remove_row",
    "remove_column",
    "replace_with_mean",
    "replace_with_median",
    "replace_with_mode",
    "replace_with_value",
]


def typed_value(series: pd.Series, text: str):
    """Convert the replacement text to the column's type; raise UserError when it does not fit."""
    if dio.is_numeric(series) and not pd.api.types.is_bool_dtype(series.dtype):
        try:
            value = float(text)
        except ValueError as exc:
            raise dio.UserError(
                f"column '{series.name}' holds numbers, so the replacement value '{text}' must be a number; "
                "change replacement_value or leave that column out"
            ) from exc
        return int(value) if pd.api.types.is_integer_dtype(series.dtype) and value.is_integer() else value
    if pd.api.types.is_bool_dtype(series.dtype):
        return dio.to_bool(text)
    return text


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--input", required=True)
    p.add_argument("--columns", default=None)
    p.add_argument("--strategy", default="remove_row", choices=STRATEGIES)
    p.add_argument("--replacement-value", default=None)
    p.add_argument("--min-missing-ratio", type=float, default=0.0)
    p.add_argument("--max-missing-ratio", type=float, default=1.0)
    p.add_argument("--add-indicator-columns", type=dio.to_bool, default=False)
    p.add_argument("--output", required=True)
    args = p.parse_args()

    table = dio.read_table(args.input)
    df = table.df.copy()
    explicit = bool(dio.split_list(args.columns))
    chosen = dio.select_columns(table, args.columns, default="all")
    if args.strategy == "replace_with_value" and args.replacement_value is None:
        raise dio.UserError(
            "strategy replace_with_value needs a replacement_value; type the value to fill in"
        )
    n = max(len(df), 1)
    targets = [
        c
        for c in chosen
        if df[c].isna().any() and args.min_missing_ratio <= df[c].isna().sum() / n <= args.max_missing_ratio
    ]
    features = table.features
    if args.add_indicator_columns and args.strategy.startswith("replace"):
        for col in targets:
            name = f"{col}_is_missing"
            df[name] = df[col].isna().astype("int64")
            if features is not None and col in features:
                features = [*features, name]

    if args.strategy == "remove_row":
        before = len(df)
        df = df.dropna(subset=targets) if targets else df
        print(f"removed {before - len(df)} rows with missing values")
    elif args.strategy == "remove_column":
        df = df.drop(columns=targets)
        print(f"removed columns: {dio.describe_columns(targets)}")
    else:
        for col in targets:
            series = df[col]
            strategy = args.strategy
            if strategy in ("replace_with_mean", "replace_with_median") and not dio.is_numeric(series):
                if explicit:
                    raise dio.UserError(
                        f"column '{col}' holds {dio.kind_of(series)}, which has no {strategy.split('_')[-1]}; "
                        "use replace_with_mode or replace_with_value, or leave the column out"
                    )
                strategy = "replace_with_mode"
            if strategy == "replace_with_mean":
                value = series.mean()
            elif strategy == "replace_with_median":
                value = series.median()
            elif strategy == "replace_with_mode":
                modes = series.mode(dropna=True)
                if modes.empty:
                    continue
                value = modes.iloc[0]
            else:
                value = typed_value(series, args.replacement_value)
            if (
                pd.api.types.is_integer_dtype(series.dtype)
                and isinstance(value, float)
                and not value.is_integer()
            ):
                series = series.astype("float64")
            df[col] = series.fillna(value)
        print(f"filled gaps in {len(targets)} columns: {dio.describe_columns(targets)}")
    dio.write_table(args.output, dio.Table(df, table.label, features, table.meta))


if __name__ == "__main__":
    dio.main(run)
