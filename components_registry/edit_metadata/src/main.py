"""Edit Metadata: rename columns, convert their type, or set their role (label / feature)."""

from __future__ import annotations

import designer_io as dio
import pandas as pd


def convert(series: pd.Series, data_type: str) -> pd.Series:
    """Convert one column; raise UserError naming the first value that does not fit."""
    name = series.name
    if data_type in ("integer", "float"):
        numbers = pd.to_numeric(series, errors="coerce")
        bad = series[numbers.isna() & series.notna()]
        if len(bad):
            raise dio.UserError(
                f"column '{name}' cannot become {data_type}: the value '{bad.iloc[0]}' in row {bad.index[0] + 1} "
                "is not a number; clean or remove such rows first"
            )
        if data_type == "float":
            return numbers.astype("float64")
        if ((numbers.dropna() % 1) != 0).any():
            numbers = numbers.round()
        return numbers.astype("Int64") if numbers.isna().any() else numbers.astype("int64")
    if data_type == "string":
        return series.map(lambda v: v if pd.isna(v) else str(v)).astype(object)
    if data_type == "categorical":
        return series.astype("category")
    if data_type == "boolean":
        truthy = {"true", "1", "yes", "y", "t", "1.0"}
        falsy = {"false", "0", "no", "n", "f", "0.0"}
        text = series.map(lambda v: v if pd.isna(v) else str(v).strip().lower())
        bad = text[text.notna() & ~text.isin(truthy | falsy)]
        if len(bad):
            raise dio.UserError(
                f"column '{name}' cannot become boolean: the value '{series[bad.index[0]]}' in row "
                f"{bad.index[0] + 1} is not true/false, yes/no or 1/0"
            )
        out = text.map(lambda v: pd.NA if pd.isna(v) else v in truthy)
        return out.astype("boolean") if out.isna().any() else out.astype(bool)
    if data_type == "datetime":
        try:
            return pd.to_datetime(series, errors="raise")
        except (ValueError, TypeError) as exc:
            raise dio.UserError(f"column '{name}' cannot become a date: {str(exc).splitlines()[0]}") from exc
    return series


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--input", required=True)
    p.add_argument("--columns", required=True)
    p.add_argument("--new-names", default=None)
    p.add_argument(
        "--data-type",
        default="unchanged",
        choices=["unchanged", "integer", "float", "string", "boolean", "categorical", "datetime"],
    )
    p.add_argument(
        "--role", default="unchanged", choices=["unchanged", "label", "feature", "non_feature", "clear_label"]
    )
    p.add_argument("--output", required=True)
    args = p.parse_args()

    table = dio.read_table(args.input)
    chosen = dio.select_columns(table, args.columns, default="")
    if not chosen:
        raise dio.UserError("the 'columns' parameter names no columns; type the columns to edit")
    df = table.df.copy()
    features = table.features
    label = table.label

    if args.data_type != "unchanged":
        for col in chosen:
            df[col] = convert(df[col], args.data_type)

    if args.role != "unchanged":
        current = table.feature_columns()
        if args.role == "label":
            if len(chosen) != 1:
                raise dio.UserError(
                    f"only one column can be the label, but {len(chosen)} were selected; name just one"
                )
            label = chosen[0]
            features = [c for c in current if c != label]
        elif args.role == "feature":
            features = current + [c for c in chosen if c not in current]
            if label in chosen:
                label = None
        elif args.role == "non_feature":
            features = [c for c in current if c not in chosen]
        elif args.role == "clear_label" and label in chosen:
            features = [*current, label]
            label = None

    renames: dict[str, str] = {}
    if args.new_names:
        names = dio.split_list(args.new_names)
        if len(names) != len(chosen):
            raise dio.UserError(
                f"{len(chosen)} columns were selected but {len(names)} new names were given; give one new name per column"
            )
        renames = dict(zip(chosen, names, strict=True))
        final = [renames.get(c, c) for c in df.columns]
        dupes = sorted({n for n in final if final.count(n) > 1})
        if dupes:
            raise dio.UserError(
                f"the new names would create two columns called '{dupes[0]}'; choose another name"
            )
        df = df.rename(columns=renames)
        label = renames.get(label, label) if label else None
        if features is not None:
            features = [renames.get(c, c) for c in features]

    dio.write_table(args.output, dio.Table(df, label, features, table.meta))
    print(f"edited {len(chosen)} columns; label: {label}")


if __name__ == "__main__":
    dio.main(run)
