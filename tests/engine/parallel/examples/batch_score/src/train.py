"""Fit a logistic regression on the iris table and save it as an MLflow model."""
import argparse
from pathlib import Path

import mlflow.sklearn
import pandas as pd
from sklearn.linear_model import LogisticRegression

p = argparse.ArgumentParser()
p.add_argument("--table")
p.add_argument("--model")
a = p.parse_args()
frame = pd.read_csv(Path(a.table) / "iris.csv")
model = LogisticRegression(max_iter=500).fit(frame.drop(columns=["target"]), frame["target"])
mlflow.sklearn.save_model(model, str(Path(a.model) / "model"),
                         serialization_format=mlflow.sklearn.SERIALIZATION_FORMAT_CLOUDPICKLE)
