"""A published-style step that names Azure's curated sklearn-1.5 and needs pandas 1.x runs unchanged.

This is the suite's one realistic environment (pandas 1.5, scikit-learn 1.5, numpy 1.22, scipy 1.10
and matplotlib 3.5 on Python 3.10): built once per CI run from uv's warm cache.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from designer.engine.memory import MemoryCache, MemorySink
from designer.engine.runner import Runner
from designer.workspace import Workspace

pytestmark = pytest.mark.environments

TRAIN = '''\
import json, sys
import pandas as pd
import sklearn
from sklearn.linear_model import LinearRegression

df = pd.DataFrame({"x": [1.0, 2.0], "y": [2.0, 4.1]})
df = df.append({"x": 3.0, "y": 6.0}, ignore_index=True)  # removed in pandas 2.0
model = LinearRegression().fit(df[["x"]], df["y"])
with open(sys.argv[1] + "/versions.json", "w") as fh:
    json.dump({"pandas": pd.__version__, "sklearn": sklearn.__version__, "python": sys.version.split()[0],
               "rows": len(df), "coef": float(model.coef_[0])}, fh)
'''


def test_curated_sklearn_step_runs_code_that_needs_pandas_1(workspace: Path, env_cache: Path) -> None:
    (workspace / "src").mkdir()
    (workspace / "src" / "train.py").write_text(TRAIN, encoding="utf-8")
    (workspace / "train.yml").write_text(
        "$schema: https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json\n"
        "type: command\nname: train\nversion: '1'\ncode: ./src\n"
        "environment: azureml://registries/azureml/environments/sklearn-1.5/labels/latest\n"
        "outputs:\n  model: {type: uri_folder}\n"
        "command: python train.py ${{outputs.model}}\n", encoding="utf-8")
    (workspace / "pipeline.yml").write_text(
        "$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json\ntype: pipeline\n"
        "jobs:\n  train:\n    type: command\n    component: ./train.yml\n", encoding="utf-8")
    ws = Workspace(workspace)
    runner = Runner(ws.settings, ws.runs_dir, MemorySink(), MemoryCache(), state_dir=ws.state_dir)
    result = asyncio.run(runner.run(workspace / "pipeline.yml"))
    log = (result.run_dir / "train" / "logs" / "stderr.txt").read_text(encoding="utf-8")
    assert result.ok, log[-3000:]
    versions = json.loads((Path(result.steps["train"].outputs["model"]) / "versions.json").read_text(encoding="utf-8"))
    assert versions["pandas"].startswith("1.5.") and versions["sklearn"].startswith("1.5.")
    assert versions["python"].startswith("3.10.") and versions["rows"] == 3
    assert "curated environment 'sklearn-1.5'" in log
