"""Convert to Indicator Values: one 0/1 column per category (one-hot encoding)."""

from __future__ import annotations

import designer_io as dio
import pandas as pd


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--input", required=True)
    p.add_argument("--columns", default=None)
    p.add_argument("--keep-original-columns", type=dio.to_bool, default=False)
    p.add_argument("--drop-first", type=dio.to_bool, default=False)
    p.add_argument("--max-categories", type=int, default=100)
    p.add_argument("--output", required=True)
    args = p.parse_args()

    table = dio.read_table(args.input)
    if dio.split_list(args.columns):
        chosen = dio.select_columns(table, args.columns)
    else:
        chosen = [c for c in table.feature_columns() if not dio.is_numeric(table.df[c])]
    df = table.df.copy()
    old_features = table.feature_columns()
    features = list(old_features)
    parts = []
    for col in chosen:
        values = df[col]
        n = values.nunique(dropna=True)
        if n > args.max_categories:
            raise dio.UserError(
                f"column '{col}' has {n} distinct values, more than max_categories ({args.max_categories}); leave it "
                "out of the columns (it looks like an ID or free text) or raise max_categories"
            )
        categories = sorted(values.dropna().unique().tolist(), key=str)
        if args.drop_first:
            categories = categories[1:]
        names = dio.unique_names([f"{col}_{v}" for v in categories])
        block = pd.DataFrame(
            {name: (values == v).astype("int64") for name, v in zip(names, categories, strict=True)}
        )
        parts.append((col, block))
    for col, block in parts:
        df = pd.concat([df, block.set_index(df.index)], axis=1)
        position = features.index(col) if col in features else len(features)
        if col in features and not args.keep_original_columns:
            features.remove(col)
        if col in old_features:
            features[position:position] = list(block.columns)
    if not args.keep_original_columns:
        df = df.drop(columns=[col for col, _ in parts])
    label = table.label if table.label in df.columns else None
    dio.write_table(args.output, dio.Table(df, label, features, table.meta))
    print(f"encoded {len(parts)} columns into {sum(b.shape[1] for _, b in parts)} indicator columns")


if __name__ == "__main__":
    dio.main(run)
