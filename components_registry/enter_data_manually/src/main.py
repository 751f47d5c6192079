"""Enter Data Manually: turn a small CSV-like text typed as a parameter into a table."""

from __future__ import annotations

import csv
import io

import designer_io as dio
import pandas as pd


def parse(text: str, separator: str, has_header: bool) -> pd.DataFrame:
    """Parse the typed text; raise UserError when it is empty or ragged."""
    # Values typed in a one-line field often carry a literal "\n"; treat it as a line break.
    if "\n" not in text and "\\n" in text:
        text = text.replace("\\n", "\n")
    lines = [line for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
    if not lines:
        raise dio.UserError("the 'data' parameter is empty; type at least one row of values")
    sep = "\t" if separator == "tab" else separator
    rows = list(csv.reader(lines, delimiter=sep, skipinitialspace=True))
    width = len(rows[0])
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != width:
            raise dio.UserError(
                f"line {number} of the typed data has {len(row)} values but line 1 has {width}; make every line "
                f"have the same number of values separated by '{separator}'"
            )
    try:
        df = pd.read_csv(
            io.StringIO("\n".join(lines)), sep=sep, header=0 if has_header else None, skipinitialspace=True
        )
    except pd.errors.ParserError as exc:
        detail = str(exc).strip().splitlines()[0]
        raise dio.UserError(
            f"the typed data could not be read ({detail}); make every line have the same number of "
            f"values separated by '{separator}'"
        ) from exc
    if has_header:
        df.columns = [str(c).strip() for c in df.columns]
    else:
        df.columns = [f"column_{i + 1}" for i in range(df.shape[1])]
    return df


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--data", required=True)
    p.add_argument("--separator", default=",")
    p.add_argument("--has-header", type=dio.to_bool, default=True)
    p.add_argument("--label-column", default=None)
    p.add_argument("--output", required=True)
    args, _unknown = p.parse_known_args()
    text = dio.text_param("data", args.data) or ""
    table = dio.Table(parse(text, args.separator, args.has_header))
    if args.label_column:
        table.label = dio.check_column(
            table, args.label_column.strip(), what="the typed data", kind="label column"
        )
    dio.write_table(args.output, table)
    print(f"{len(table.df)} rows, {table.df.shape[1]} columns: {', '.join(table.columns)}")


if __name__ == "__main__":
    dio.main(run)
