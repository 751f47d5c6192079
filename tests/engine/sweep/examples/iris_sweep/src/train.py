"""Train an SVM on iris; mlflow.autolog() logs training_f1_score and friends."""
import argparse
from pathlib import Path

import mlflow
import mlflow.sklearn
import pandas as pd
from sklearn.svm import SVC

p = argparse.ArgumentParser()
p.add_argument("--data")
p.add_argument("--C", type=float)
p.add_argument("--kernel")
p.add_argument("--model_output")
a = p.parse_args()
frame = pd.read_csv(Path(a.data) / "iris.csv")
X, y = frame.drop(columns=["target"]), frame["target"]
mlflow.autolog(log_models=False)
with mlflow.start_run():
    model = SVC(C=a.C, kernel=a.kernel).fit(X, y)
mlflow.sklearn.save_model(model, str(Path(a.model_output) / "model"),
                         serialization_format=mlflow.sklearn.SERIALIZATION_FORMAT_CLOUDPICKLE)
print("trained", a.C, a.kernel)
