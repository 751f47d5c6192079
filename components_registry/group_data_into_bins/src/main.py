"""Group Data into Bins: replace numbers by the range (bin) they fall in."""

from __future__ import annotations

import itertools

import designer_io as dio
import pandas as pd


def parse_edges(text: str | None) -> list[float]:
    items = dio.split_list(text)
    try:
        edges = [float(x) for x in items]
    except ValueError as exc:
        raise dio.UserError(
            f"the edges '{text}' must be numbers separated by commas, e.g. 0, 18, 65, 120"
        ) from exc
    if len(edges) < 2 or any(b <= a for a, b in itertools.pairwise(edges)):
        raise dio.UserError("custom_edges needs at least two edges in increasing order, e.g. 0, 18, 65, 120")
    return edges


def bin_column(series: pd.Series, method: str, bins: int, edges: list[float] | None) -> pd.Series:
    x = series.astype("float64")
    if method == "quantile":
        return pd.qcut(x, q=bins, duplicates="drop")
    if method == "equal_width":
        if x.nunique() < 2:
            return pd.cut(x, bins=1, include_lowest=True)
        return pd.cut(x, bins=bins, include_lowest=True)
    return pd.cut(x, bins=edges, include_lowest=True)


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--input", required=True)
    p.add_argument("--columns", default=None)
    p.add_argument("--method", default="quantile", choices=["quantile", "equal_width", "custom_edges"])
    p.add_argument("--bins", type=int, default=5)
    p.add_argument("--edges", default=None)
    p.add_argument("--labels", default="ordinal", choices=["ordinal", "interval"])
    p.add_argument("--output-mode", default="append", choices=["append", "replace"])
    p.add_argument("--output", required=True)
    args = p.parse_args()

    edges = parse_edges(args.edges) if args.method == "custom_edges" else None
    table = dio.read_table(args.input)
    default = "features"
    chosen = dio.select_columns(
        table, args.columns, default=default, numeric_only=True, purpose="Group Data into Bins"
    )
    chosen = [c for c in chosen if not pd.api.types.is_bool_dtype(table.df[c].dtype)]
    df = table.df.copy()
    features = table.feature_columns()
    outside = 0
    for col in chosen:
        binned = bin_column(df[col], args.method, args.bins, edges)
        outside += int((binned.isna() & df[col].notna()).sum())
        if args.labels == "ordinal":
            codes = pd.Series(binned.cat.codes, index=df.index).astype("int64")
            values = codes.where(codes >= 0).astype("Int64") if (codes < 0).any() else codes
        else:
            values = binned.astype(str).where(binned.notna(), None).astype(object)
        if args.output_mode == "replace":
            df[col] = values
        else:
            name = dio.unique_names([*df.columns, f"{col}_bin"])[-1]
            df[name] = values
            if col in features:
                features.append(name)
    if outside:
        print(f"note: {outside} values fell outside the edges and were left empty")
    dio.write_table(args.output, dio.Table(df, table.label, features, table.meta))
    count = len(edges) - 1 if edges else args.bins
    print(f"binned {len(chosen)} columns ({args.method}, {count} bins)")


if __name__ == "__main__":
    dio.main(run)
