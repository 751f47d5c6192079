import argparse
import json
import os

from csvutil import read_rows

parser = argparse.ArgumentParser()
parser.add_argument("--training_data")
parser.add_argument("--max_epochs", type=int)
parser.add_argument("--learning_rate", type=float, default=0.01)
parser.add_argument("--init_model")
parser.add_argument("--verbose", choices=["True", "False"])
parser.add_argument("--model_output")
args = parser.parse_args()

rows = read_rows(args.training_data)
threshold = sum(float(r["sepal_length"]) for r in rows) / len(rows)
with open(os.environ["DESIGNER_METRICS"], "a") as fh:
    for epoch in range(args.max_epochs):
        fh.write(json.dumps({"name": "loss", "value": 1.0 / (1 + epoch * args.learning_rate), "step": epoch}) + "\n")
with open(os.path.join(args.model_output, "model.json"), "w") as fh:
    json.dump({"threshold": threshold, "learning_rate": args.learning_rate, "init": args.init_model}, fh)
print("trained; threshold", threshold)
