"""Select Columns: keep only the named columns (in that order), or remove them."""

from __future__ import annotations

import designer_io as dio


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--input", required=True)
    p.add_argument("--columns", required=True)
    p.add_argument("--mode", default="keep", choices=["keep", "remove"])
    p.add_argument("--output", required=True)
    args = p.parse_args()

    table = dio.read_table(args.input)
    chosen = dio.select_columns(table, args.columns, default="")
    if not chosen:
        raise dio.UserError("the 'columns' parameter names no columns; type at least one column name")
    if args.mode == "keep":
        kept = chosen
    else:
        kept = [c for c in table.columns if c not in chosen]
        if not kept:
            raise dio.UserError("removing these columns would leave no columns at all; keep at least one")
    dio.write_table(args.output, table.with_df(table.df[kept]))
    print(f"kept {len(kept)} of {len(table.columns)} columns: {dio.describe_columns(kept)}")


if __name__ == "__main__":
    dio.main(run)
