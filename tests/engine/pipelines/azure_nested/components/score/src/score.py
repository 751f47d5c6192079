import argparse
import csv
import json
import os

parser = argparse.ArgumentParser()
parser.add_argument("--model_input")
parser.add_argument("--test_data")
parser.add_argument("--score_report")
args = parser.parse_args()

with open(os.path.join(args.model_input, "model.json")) as fh:
    model = json.load(fh)
data = os.path.join(args.test_data, sorted(os.listdir(args.test_data))[0])
with open(data, newline="") as fh:
    rows = list(csv.DictReader(fh))
above = sum(float(r["sepal_length"]) > model["threshold"] for r in rows)
with open(args.score_report, "w") as fh:
    json.dump({"rows": len(rows), "above": above}, fh)
