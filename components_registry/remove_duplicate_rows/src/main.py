"""Remove Duplicate Rows: keep the first (or last) row of each group of identical rows."""

from __future__ import annotations

import designer_io as dio


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--input", required=True)
    p.add_argument("--columns", default=None)
    p.add_argument("--keep", default="first", choices=["first", "last"])
    p.add_argument("--output", required=True)
    args = p.parse_args()

    table = dio.read_table(args.input)
    keys = dio.select_columns(table, args.columns, default="all")
    out = table.df.drop_duplicates(subset=keys, keep=args.keep)
    dio.write_table(args.output, table.with_df(out))
    print(f"removed {len(table.df) - len(out)} duplicate rows; {len(out)} rows left")


if __name__ == "__main__":
    dio.main(run)
