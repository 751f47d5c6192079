"""Azure ML CLI v2 pipeline folders run unchanged: nested pipeline components, optional inputs,
pipeline inputs and outputs, compute bound from a pipeline input, registered components."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from engine_helpers import PIPELINES, Harness, states

from designer.engine.events import MetricLogged, RunStarted
from designer.workspace import ComputeTarget

NESTED = PIPELINES / "azure_nested"


@pytest.fixture
def nested(harness: Harness) -> Path:
    shutil.copytree(NESTED, harness.root / "nested")
    return harness.root / "nested" / "pipeline.yml"


def test_nested_pipeline_component_runs_as_flattened_steps(harness: Harness, nested: Path) -> None:
    harness.settings.compute["cpu-cluster"] = ComputeTarget("cpu-cluster", "local", 2)
    result = harness.run(nested)
    assert result.state == "completed", result.error
    assert states(result) == {"prep": "completed", "train_and_score/train": "completed",
                              "train_and_score/score": "completed"}
    started = harness.sink.of(RunStarted)[0]
    compute = {s.step: s.compute for s in started.steps}
    assert compute == {"prep": "local", "train_and_score/train": "cpu-cluster", "train_and_score/score": "local"}
    train_dir = result.run_dir / "train_and_score" / "train"
    command = (train_dir / "command.txt").read_text()
    assert "--learning_rate 0.1 " in command and "--init_model" not in command and "--verbose True" in command
    model = json.loads((Path(result.outputs["final_model"]) / "model.json").read_text())
    assert model["learning_rate"] == 0.1 and model["init"] is None
    assert json.loads(Path(result.outputs["final_report"]).read_text()) == {"rows": 6, "above": 3}
    losses = [m for m in harness.sink.of(MetricLogged) if m.name == "loss"]
    assert [m.index for m in losses] == [0, 1, 2, 3] and {m.step for m in losses} == {"train_and_score/train"}

    again = harness.run(nested, parameters={"learning_rate": "0.2"})
    assert states(again) == {"prep": "cached", "train_and_score/train": "completed",
                             "train_and_score/score": "completed"}


def test_unconfigured_compute_from_a_pipeline_input_runs_locally_with_a_warning(harness: Harness,
                                                                                nested: Path) -> None:
    result = harness.run(nested, parameters={"train_compute": "azureml:gpu-cluster"})
    assert result.state == "completed", result.error
    stderr = (result.run_dir / "train_and_score" / "train" / "logs" / "stderr.txt").read_text()
    assert "compute target 'gpu-cluster' is not configured; running on 'local'" in stderr


@pytest.mark.filterwarnings("ignore")
def test_the_fixture_loads_in_the_azure_sdk() -> None:
    ml = pytest.importorskip("azure.ai.ml")
    job = ml.load_job(NESTED / "pipeline.yml")
    assert job._validate().passed


def test_registered_component_at_latest(designer_exe: list[str], workspace: Path) -> None:
    from test_cli import cli

    shutil.copytree(NESTED, workspace / "proj")
    cli(designer_exe, workspace, "components", "register", "proj/components/train/train.yml", check=True)
    (workspace / "proj" / "registered.yml").write_text("""
$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json
type: pipeline
settings:
  default_compute: azureml:serverless
inputs:
  data:
    type: uri_folder
    path: ./data
jobs:
  train:
    type: command
    component: azureml:train_model@latest
    inputs:
      training_data: ${{parent.inputs.data}}
      max_epochs: 2
""")
    proc = cli(designer_exe, workspace, "run", "proj/registered.yml", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    model = json.loads((Path(data["steps"]["train"]["outputs"]["model_output"]) / "model.json").read_text())
    assert model["learning_rate"] == 0.01  # optional input left out: the script's own default
