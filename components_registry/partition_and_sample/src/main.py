"""Partition and Sample: the first rows, a random sample, or folds for cross-validation."""

from __future__ import annotations

import designer_io as dio
import numpy as np
import pandas as pd

FOLD_COLUMN = "fold"


def assign_folds(df: pd.DataFrame, folds: int, stratify: str | None, rng: np.random.Generator) -> np.ndarray:
    """Fold number per row: round-robin over a shuffled order (within each class when stratified)."""
    out = np.zeros(len(df), dtype="int64")
    groups = [np.arange(len(df))]
    if stratify:
        codes = pd.factorize(df[stratify].astype(str), sort=True)[0]
        groups = [np.flatnonzero(codes == c) for c in np.unique(codes)]
    offset = 0
    for rows in groups:
        shuffled = rng.permutation(rows)
        out[shuffled] = (np.arange(len(shuffled)) + offset) % folds
        offset += len(shuffled)
    return out


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--input", required=True)
    p.add_argument(
        "--mode",
        default="sample_fraction",
        choices=["head", "sample_fraction", "sample_rows", "assign_folds", "pick_fold"],
    )
    p.add_argument("--rows", type=int, default=100)
    p.add_argument("--fraction", type=float, default=0.1)
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--fold", type=int, default=0)
    p.add_argument("--stratify-column", default=None)
    p.add_argument("--with-replacement", type=dio.to_bool, default=False)
    p.add_argument("--random-seed", type=int, default=42)
    p.add_argument("--output", required=True)
    args = p.parse_args()

    table = dio.read_table(args.input)
    df = table.df
    if args.stratify_column:
        dio.check_column(table, args.stratify_column)
    seed = args.random_seed
    rng = np.random.default_rng(seed)
    features = table.feature_columns()

    if args.mode == "head":
        out = df.head(args.rows)
    elif args.mode in ("sample_fraction", "sample_rows"):
        if args.mode == "sample_fraction":
            fraction = args.fraction
        else:
            rows = args.rows
            if rows > len(df) and not args.with_replacement:
                print(
                    f"note: asked for {rows} rows but the table has {len(df)}; returning all of them shuffled"
                )
                rows = len(df)
            fraction = rows / max(len(df), 1)
        if args.stratify_column:
            out = df.groupby(df[args.stratify_column].astype(str), group_keys=False, sort=True).sample(
                frac=fraction, replace=args.with_replacement, random_state=seed
            )
        else:
            out = df.sample(frac=fraction, replace=args.with_replacement, random_state=seed)
    elif args.mode == "assign_folds":
        out = df.copy()
        out[FOLD_COLUMN] = assign_folds(df, args.folds, args.stratify_column, rng)
    else:
        if FOLD_COLUMN not in df.columns:
            raise dio.UserError(
                "pick_fold needs the 'fold' column that mode assign_folds adds; put a Partition and Sample step "
                "with mode assign_folds before this one"
            )
        if args.fold not in set(df[FOLD_COLUMN].tolist()):
            raise dio.UserError(
                f"there is no fold {args.fold}; the folds are {sorted(set(df[FOLD_COLUMN].tolist()))}, pick one of them"
            )
        out = df[df[FOLD_COLUMN] == args.fold]
    dio.write_table(args.output, dio.Table(out, table.label, features, table.meta))
    print(f"{args.mode}: {len(out)} rows")


if __name__ == "__main__":
    dio.main(run)
