"""Split Data: divide the rows into two tables at random, stratified by a class, or by a condition."""

from __future__ import annotations

import re

import designer_io as dio
import numpy as np
import pandas as pd


def random_mask(n: int, fraction: float, rng: np.random.Generator) -> np.ndarray:
    order = rng.permutation(n)
    mask = np.zeros(n, dtype=bool)
    mask[order[: round(fraction * n)]] = True
    return mask


def stratified_mask(classes: pd.Series, fraction: float, rng: np.random.Generator) -> np.ndarray:
    """Take ``fraction`` of every class (rounded), so both parts keep the class shares."""
    mask = np.zeros(len(classes), dtype=bool)
    codes = pd.factorize(classes.astype(str).where(classes.notna(), "<missing>"), sort=True)[0]
    for code in np.unique(codes):
        rows = np.flatnonzero(codes == code)
        picked = rng.permutation(rows)[: round(fraction * len(rows))]
        mask[picked] = True
    return mask


def expression_mask(df: pd.DataFrame, expression: str) -> np.ndarray:
    try:
        result = df.eval(expression)
    except Exception as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        unknown = re.search(r"name '([^']+)' is not defined", detail)
        if unknown:
            name = unknown.group(1)
            raise dio.UserError(
                f"the expression '{expression}' uses '{name}', which is not a column{dio.did_you_mean(name, df.columns)}; "
                f"available columns: {dio.describe_columns(df.columns)}"
            ) from exc
        raise dio.UserError(
            f"the expression '{expression}' could not be evaluated ({detail}); write a condition using the "
            f"columns {dio.describe_columns(df.columns)}, e.g. {df.columns[0]} > 0"
        ) from exc
    if not isinstance(result, pd.Series) or not pd.api.types.is_bool_dtype(result.dtype):
        raise dio.UserError(
            f"the expression '{expression}' does not give true or false for each row; write a condition such as "
            f"{df.columns[0]} > 0"
        )
    return result.fillna(False).to_numpy(dtype=bool)


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--input", required=True)
    p.add_argument("--mode", default="random", choices=["random", "stratified", "expression"])
    p.add_argument("--fraction", type=float, default=0.7)
    p.add_argument("--random-seed", type=int, default=42)
    p.add_argument("--stratify-column", default=None)
    p.add_argument("--expression", default=None)
    p.add_argument("--output-1", required=True)
    p.add_argument("--output-2", required=True)
    args, _unknown = p.parse_known_args()

    table = dio.read_table(args.input)
    dio.require_rows(table)
    df = table.df
    rng = np.random.default_rng(args.random_seed)
    if args.mode == "expression":
        expression = dio.text_param("expression", args.expression)
        if not expression or not expression.strip():
            raise dio.UserError(
                "mode expression needs a condition in the 'expression' parameter, e.g. age >= 18"
            )
        mask = expression_mask(df, expression.strip())
    elif args.mode == "stratified":
        column = args.stratify_column or table.label
        if not column:
            raise dio.UserError(
                "stratified mode needs a column to balance; set stratify_column or mark a label with Edit Metadata"
            )
        dio.check_column(table, column)
        mask = stratified_mask(df[column], args.fraction, rng)
    else:
        mask = random_mask(len(df), args.fraction, rng)
    first = table.with_df(df[mask])
    second = table.with_df(df[~mask])
    if args.mode != "expression":
        # Shuffled order, as a random split is expected to give.
        order = rng.permutation(len(df))
        first = table.with_df(df.iloc[[i for i in order if mask[i]]])
        second = table.with_df(df.iloc[[i for i in order if not mask[i]]])
    dio.write_table(args.output_1, first)
    dio.write_table(args.output_2, second)
    print(f"{args.mode} split: {len(first.df)} rows / {len(second.df)} rows")


if __name__ == "__main__":
    dio.main(run)
