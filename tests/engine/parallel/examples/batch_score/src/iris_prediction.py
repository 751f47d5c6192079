"""Score mini-batches of the iris table with an MLflow model (Azure's parallel entry script shape)."""
import argparse
from pathlib import Path

import mlflow.pyfunc
from azureml_user.parallel_run import EntryScript


def init():
    global model, logger
    parser = argparse.ArgumentParser()
    parser.add_argument("--model")
    args, _ = parser.parse_known_args()
    model = mlflow.pyfunc.load_model(str(Path(args.model) / "model"))
    logger = EntryScript().logger
    logger.info("model loaded")


def run(mini_batch):
    features = mini_batch.drop(columns=["target"])
    out = mini_batch[["target"]].copy()
    out["prediction"] = model.predict(features)
    logger.debug("scored %d rows", len(out))
    return out
