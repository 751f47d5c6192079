"""Train one forecasting model per store (Azure's "many models" shape): the parallel step hands each
mini-batch as the rows of one partition, with the partition's key values in the context."""
import argparse
from pathlib import Path

import mlflow.sklearn
from azureml_user.parallel_run import EntryScript
from sklearn.linear_model import LinearRegression


def init():
    global models, logger
    parser = argparse.ArgumentParser()
    parser.add_argument("--models")
    args, _ = parser.parse_known_args()
    models = Path(args.models)
    logger = EntryScript().logger


def run(mini_batch, mini_batch_context):
    store = mini_batch_context.partition_key_value["store"]
    features = mini_batch[["week", "price"]]
    model = LinearRegression().fit(features, mini_batch["sales"])
    mlflow.sklearn.save_model(model, str(models / store),
                              serialization_format=mlflow.sklearn.SERIALIZATION_FORMAT_CLOUDPICKLE)
    logger.info("trained %s on %d rows", store, len(mini_batch))
    score = model.score(features, mini_batch["sales"])
    return [f"{store} {len(mini_batch)} {model.coef_[0]:.3f} {score:.4f}"]
