"""Apply Math Operation: apply a function such as log, sqrt, round or multiply to numeric columns."""

from __future__ import annotations

import designer_io as dio
import numpy as np
import pandas as pd

UNARY = {
    "abs": np.abs,
    "ceil": np.ceil,
    "floor": np.floor,
    "exp": np.exp,
    "log": np.log,
    "log10": np.log10,
    "log1p": np.log1p,
    "sqrt": np.sqrt,
    "square": np.square,
    "negate": np.negative,
    "sign": np.sign,
}
BINARY = {
    "add": np.add,
    "subtract": np.subtract,
    "multiply": np.multiply,
    "divide": np.divide,
    "power": np.power,
}


def apply(series: pd.Series, operation: str, operand: float, decimals: int) -> pd.Series:
    x = series.astype("float64").to_numpy()
    with np.errstate(all="ignore"):
        if operation == "round":
            y = np.round(x, decimals)
        elif operation in UNARY:
            y = UNARY[operation](x)
        else:
            y = BINARY[operation](x, operand)
    y = np.where(np.isfinite(y), y, np.nan)
    return pd.Series(y, index=series.index)


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--input", required=True)
    p.add_argument("--columns", default=None)
    p.add_argument("--operation", default="log1p", choices=sorted([*UNARY, *BINARY, "round"]))
    p.add_argument("--operand", type=float, default=1.0)
    p.add_argument("--decimals", type=int, default=0)
    p.add_argument("--output-mode", default="append", choices=["append", "replace"])
    p.add_argument("--output", required=True)
    args = p.parse_args()

    if args.operation == "divide" and args.operand == 0:
        raise dio.UserError("dividing by an operand of 0 is not possible; set operand to another number")
    table = dio.read_table(args.input)
    chosen = dio.select_columns(
        table, args.columns, default="features", numeric_only=True, purpose="Apply Math Operation"
    )
    df = table.df.copy()
    features = table.feature_columns()
    invalid = 0
    for col in chosen:
        result = apply(df[col], args.operation, args.operand, args.decimals)
        invalid += int((result.isna() & df[col].notna()).sum())
        if args.output_mode == "replace":
            df[col] = result
        else:
            name = dio.unique_names([*df.columns, f"{args.operation}_{col}"])[-1]
            df[name] = result
            if col in features:
                features.append(name)
    if invalid:
        print(
            f"note: {invalid} results were not valid numbers (e.g. log of a negative value) and were left empty"
        )
    dio.write_table(args.output, dio.Table(df, table.label, features, table.meta))
    print(f"{args.operation} applied to {len(chosen)} columns")


if __name__ == "__main__":
    dio.main(run)
