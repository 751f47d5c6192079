"""Load the best trial's MLflow model and score it on the data."""
import argparse
import json
from pathlib import Path

import mlflow.pyfunc
import pandas as pd

p = argparse.ArgumentParser()
p.add_argument("--model")
p.add_argument("--data")
p.add_argument("--report")
a = p.parse_args()
frame = pd.read_csv(Path(a.data) / "iris.csv")
model = mlflow.pyfunc.load_model(str(Path(a.model) / "model"))
accuracy = float((model.predict(frame.drop(columns=["target"])) == frame["target"]).mean())
(Path(a.report) / "report.json").write_text(json.dumps({"accuracy": accuracy}))
print("accuracy", accuracy)
