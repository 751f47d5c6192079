"""A small workspace for the run pages' tests, screenshots and benchmark (no tests in this module).

Its components are tiny Python scripts that write what the run pages show: a CSV table, a Parquet
file, a JSON report, a PNG chart, metrics over epochs, a log that grows slowly, and a step that
fails with a traceback. :func:`make_workspace` writes it; :func:`designer_run` runs a pipeline of
it through the real CLI in another process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]

MAKE_TABLE = r'''
import argparse, csv, os, random
p = argparse.ArgumentParser()
p.add_argument("--rows", type=int)
p.add_argument("--out")
a = p.parse_args()
os.makedirs(a.out, exist_ok=True)
random.seed(7)
cities = ["Lisbon", "Oslo", "Kyoto", "Lima", "Accra"]
with open(os.path.join(a.out, "data.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "age", "income", "city", "churned"])
    for i in range(a.rows):
        w.writerow([i, random.randint(18, 80), round(random.uniform(20, 150), 2), random.choice(cities),
                    random.random() < 0.3])
print(f"wrote {a.rows} rows to data.csv")
'''

TRAIN = r'''
import argparse, json, math, os, sys, time
p = argparse.ArgumentParser()
p.add_argument("--data")
p.add_argument("--epochs", type=int)
p.add_argument("--learning_rate", type=float)
p.add_argument("--delay", type=float)
p.add_argument("--model")
a = p.parse_args()
rows = sum(1 for _ in open(os.path.join(a.data, "data.csv"))) - 1
print(f"training on {rows} rows, learning rate {a.learning_rate}", flush=True)
metrics = open(os.environ["DESIGNER_METRICS"], "a")
for epoch in range(1, a.epochs + 1):
    loss = 1.0 / (1 + a.learning_rate * 10 * epoch) + 0.01 * math.sin(epoch)
    accuracy = 1 - loss / 2
    print(f"epoch {epoch}/{a.epochs}  loss={loss:.4f}  accuracy={accuracy:.4f}", flush=True)
    metrics.write(json.dumps({"name": "loss", "value": loss, "step": epoch}) + "\n")
    metrics.write(json.dumps({"name": "accuracy", "value": accuracy, "step": epoch}) + "\n")
    metrics.flush()
    time.sleep(a.delay)
os.makedirs(a.model, exist_ok=True)
json.dump({"kind": "toy", "epochs": a.epochs, "learning_rate": a.learning_rate},
          open(os.path.join(a.model, "model.json"), "w"))
print("saved the model", flush=True)
'''

EVALUATE = r'''
import argparse, json, os
p = argparse.ArgumentParser()
p.add_argument("--model")
p.add_argument("--data")
p.add_argument("--report")
p.add_argument("--predictions")
a = p.parse_args()
model = json.load(open(os.path.join(a.model, "model.json")))
auc = round(0.7 + 0.02 * model["epochs"] * model["learning_rate"] * 10, 4)
os.makedirs(a.report, exist_ok=True)
json.dump({"auc": auc, "model": model, "classes": ["stay", "churn"]}, open(os.path.join(a.report, "metrics.json"), "w"))
with open(os.environ["DESIGNER_METRICS"], "a") as m:
    m.write(json.dumps({"name": "auc", "value": auc}) + "\n")
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
xs = [i / 20 for i in range(21)]
fig, ax = plt.subplots(figsize=(4, 3), dpi=80)
ax.plot(xs, [x ** (1 - auc + 0.3) for x in xs], label=f"AUC {auc}")
ax.plot([0, 1], [0, 1], "--", color="grey")
ax.set_xlabel("false positive rate"); ax.set_ylabel("true positive rate"); ax.legend(loc="lower right")
fig.tight_layout()
fig.savefig(os.path.join(a.report, "roc.png"))
import pandas as pd
df = pd.read_csv(os.path.join(a.data, "data.csv"))
df["score"] = (df["age"] / 100).round(3)
os.makedirs(a.predictions, exist_ok=True)
df.to_parquet(os.path.join(a.predictions, "data.parquet"))
print(f"auc={auc}")
'''

BROKEN = r'''
import argparse, sys
p = argparse.ArgumentParser()
p.add_argument("--data")
a = p.parse_args()
print("checking the columns of the table")
print("found columns: id, age, income, city, churned")
def check(column):
    raise ValueError(f"column {column!r} has negative values; clean it first")
check("age")
'''

COMPONENTS = {
    "make_table": ("Make Table", "Toy Data", "dataset", {"rows": {"type": "integer", "default": 50}},
                   {"table": {"type": "uri_folder"}},
                   "python make_table.py --rows ${{inputs.rows}} --out ${{outputs.table}}", MAKE_TABLE),
    "train": ("Train Model", "Toy Training", "model_training",
              {"data": {"type": "uri_folder"}, "epochs": {"type": "integer", "default": 5},
               "learning_rate": {"type": "number", "default": 0.1}, "delay": {"type": "number", "default": 0.0}},
              {"model": {"type": "uri_folder"}},
              "python train.py --data ${{inputs.data}} --epochs ${{inputs.epochs}} "
              "--learning_rate ${{inputs.learning_rate}} --delay ${{inputs.delay}} --model ${{outputs.model}}",
              TRAIN),
    "evaluate": ("Evaluate Model", "Toy Evaluation", "fact_check",
                 {"model": {"type": "uri_folder"}, "data": {"type": "uri_folder"}},
                 {"report": {"type": "uri_folder"}, "predictions": {"type": "uri_folder"}},
                 "python evaluate.py --model ${{inputs.model}} --data ${{inputs.data}} "
                 "--report ${{outputs.report}} --predictions ${{outputs.predictions}}", EVALUATE),
    "broken": ("Check Columns", "Toy Evaluation", "rule", {"data": {"type": "uri_folder"}},
               {"checked": {"type": "uri_folder"}}, "python broken.py --data ${{inputs.data}}", BROKEN),
}


def _component_yaml(name: str) -> str:
    display, category, icon, inputs, outputs, command, _ = COMPONENTS[name]
    return json.dumps({
        "$schema": "https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json",
        "type": "command", "name": name, "version": "1", "display_name": display,
        "tags": {"category": category, "icon": icon}, "inputs": inputs, "outputs": outputs,
        "code": "./src", "environment": {"image": "python:3.11-slim"}, "command": command,
    }, indent=2)


def _pipeline(display: str, jobs: dict[str, Any], inputs: dict[str, Any]) -> str:
    return json.dumps({
        "$schema": "https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json",
        "type": "pipeline", "display_name": display, "settings": {"default_compute": "azureml:serverless"},
        "inputs": inputs, "jobs": jobs,
    }, indent=2)


def make_workspace(root: Path) -> Path:
    """Write the toy workspace into ``root`` (created) and return it.

    Pipelines: ``churn.yml`` (make -> train -> evaluate; inputs rows, epochs, learning_rate, delay)
    and ``failing.yml`` (make -> broken, which fails with a traceback).
    """
    (root / "components" / "src").mkdir(parents=True, exist_ok=True)
    for name, spec in COMPONENTS.items():
        (root / "components" / f"{name}.yml").write_text(_component_yaml(name))
        (root / "components" / "src" / f"{name}.py").write_text(spec[-1].lstrip())
    make = {"type": "command", "component": "./components/make_table.yml", "inputs": {"rows": "${{parent.inputs.rows}}"}}
    (root / "churn.yml").write_text(_pipeline("Churn model", {
        "make": make,
        "train": {"type": "command", "component": "./components/train.yml",
                  "inputs": {"data": "${{parent.jobs.make.outputs.table}}", "epochs": "${{parent.inputs.epochs}}",
                             "learning_rate": "${{parent.inputs.learning_rate}}", "delay": "${{parent.inputs.delay}}"}},
        "evaluate": {"type": "command", "component": "./components/evaluate.yml",
                     "inputs": {"model": "${{parent.jobs.train.outputs.model}}",
                                "data": "${{parent.jobs.make.outputs.table}}"}},
    }, {"rows": 40, "epochs": 5, "learning_rate": 0.1, "delay": 0.0}))
    (root / "failing.yml").write_text(_pipeline("Column check", {
        "make": make,
        "check": {"type": "command", "component": "./components/broken.yml",
                  "inputs": {"data": "${{parent.jobs.make.outputs.table}}"}},
    }, {"rows": 10}))
    return root


def designer_run(workspace: Path, pipeline: str, *sets: str, wait: bool = True,
                 env: dict[str, str] | None = None) -> Any:
    """Run ``pipeline`` with ``designer run --json`` in another process.

    With ``wait``, returns the parsed JSON result; otherwise the started ``Popen`` (stdout piped).
    """
    args = [sys.executable, "-m", "designer", "run", str(workspace / pipeline), "--json",
            "--workspace", str(workspace)]
    for item in sets:
        args += ["--set", item]
    environment = {**os.environ, **(env or {})}
    environment.pop("PYTEST_CURRENT_TEST", None)
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    if not wait:
        return subprocess.Popen(args, cwd=workspace, env=environment, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    done = subprocess.run(args, cwd=workspace, env=environment, capture_output=True, text=True, timeout=180)
    try:
        return json.loads(done.stdout)
    except ValueError:
        raise AssertionError(f"designer run printed no JSON (exit {done.returncode}):\n"
                             f"{done.stdout}\n{done.stderr}") from None
