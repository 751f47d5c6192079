"""Import Data: read a CSV, TSV, Parquet or JSON file into a table."""

from __future__ import annotations

from pathlib import Path

import designer_io as dio


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--source", required=True)
    p.add_argument("--file-format", default="auto", choices=["auto", "csv", "tsv", "parquet", "json"])
    p.add_argument("--separator", default=None)
    p.add_argument("--has-header", type=dio.to_bool, default=True)
    p.add_argument("--label-column", default=None)
    p.add_argument("--output", required=True)
    args = p.parse_args()

    source = Path(args.source)
    if not source.exists():
        raise dio.UserError(f"the file {source} does not exist; check the path of the 'source' input")
    if source.is_dir():
        # Azure may hand over the folder that holds the file: take the single data file in it.
        files = sorted(f for f in source.iterdir() if f.suffix.lower() in dio.TABLE_SUFFIXES)
        if not files:
            raise dio.UserError(
                f"the folder {source} holds no CSV, TSV, Parquet or JSON file; point 'source' at a file"
            )
        source = files[0]
    df = dio.read_data_file(
        source, fmt=args.file_format, separator=args.separator, header=args.has_header, what="the source file"
    )
    if not args.has_header:
        df.columns = [f"column_{i + 1}" for i in range(df.shape[1])]
    df.columns = [str(c).strip() for c in df.columns]
    table = dio.Table(df)
    if args.label_column:
        table.label = dio.check_column(
            table, args.label_column.strip(), what="the imported file", kind="label column"
        )
    dio.write_table(args.output, table)
    print(f"imported {source.name}: {len(df)} rows, {df.shape[1]} columns")


if __name__ == "__main__":
    dio.main(run)
