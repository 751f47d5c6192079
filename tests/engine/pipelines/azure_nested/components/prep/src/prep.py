import argparse

from csvutil import read_rows, write_rows

parser = argparse.ArgumentParser()
parser.add_argument("--raw_data")
parser.add_argument("--scale", type=float)
parser.add_argument("--prep_data")
args = parser.parse_args()

rows = read_rows(args.raw_data)
for row in rows:
    row["sepal_length"] = f"{float(row['sepal_length']) * args.scale:.3f}"
write_rows(args.prep_data, "prepped.csv", rows)
print(f"prepared {len(rows)} rows")
