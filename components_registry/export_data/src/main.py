"""Export Data: save a table as one CSV, TSV, Parquet or JSON file."""

from __future__ import annotations

import re
from pathlib import Path

import designer_io as dio

EXTENSIONS = {"csv": ".csv", "tsv": ".tsv", "parquet": ".parquet", "json": ".json"}


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--input", required=True)
    p.add_argument("--file-format", default="csv", choices=sorted(EXTENSIONS))
    p.add_argument("--file-name", default="data")
    p.add_argument("--output", required=True)
    args = p.parse_args()

    name = args.file_name.strip()
    for ext in EXTENSIONS.values():
        name = name.removesuffix(ext)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
        raise dio.UserError(
            f"the file name '{args.file_name}' is not allowed; use letters, digits, dots, dashes and underscores only"
        )
    table = dio.read_table(args.input)
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    target = out / (name + EXTENSIONS[args.file_format])
    df = table.df
    if args.file_format == "csv":
        df.to_csv(target, index=False)
    elif args.file_format == "tsv":
        df.to_csv(target, index=False, sep="\t")
    elif args.file_format == "parquet":
        df.to_parquet(target, index=False)
    else:
        df.to_json(target, orient="records", indent=2, date_format="iso")
    print(f"wrote {target.name}: {len(df)} rows, {df.shape[1]} columns")


if __name__ == "__main__":
    dio.main(run)
