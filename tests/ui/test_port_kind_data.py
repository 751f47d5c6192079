"""The canvas node data carries each port's kind, so compatible ports can light up while a wire is
dragged: an input's ``accepts``, an output's ``kinds`` (resolved through the pipeline)."""

from __future__ import annotations

from designer.registry import Registry
from designer.spec.loader import load_text
from designer.ui.session import node_dict

TEXT = """\
type: pipeline
jobs:
  data:
    component: azureml:sample_dataset:1
  algo:
    component: azureml:logistic_regression:1
  train:
    component: azureml:train_model:1
    inputs:
      untrained_model: ${{parent.jobs.algo.outputs.untrained_model}}
      training_data: ${{parent.jobs.data.outputs.output_data}}
  score:
    component: azureml:score_model:1
    inputs:
      trained_model: ${{parent.jobs.train.outputs.trained_model}}
      input_data: ${{parent.jobs.data.outputs.output_data}}
  pick:
    component: azureml:select_columns:1
    inputs:
      input_data: ${{parent.jobs.score.outputs.scored_data}}
      columns: all
"""


def test_ports_carry_their_kinds(tmp_path):
    doc = load_text(TEXT, str(tmp_path / "pipeline.yml"), Registry()).document
    nodes = {name: node_dict(job, (0, 0), [], doc.jobs) for name, job in doc.jobs.items()}
    train_in = {p["name"]: p for p in nodes["train"]["inputs"]}
    assert train_in["untrained_model"]["accepts"] == ["untrained_model"]
    assert train_in["training_data"]["accepts"] == ["table"]
    assert nodes["algo"]["outputs"][0]["kinds"] == ["untrained_model"]
    assert nodes["data"]["outputs"][0]["kinds"] == ["table"]
    score_in = {p["name"]: p for p in nodes["score"]["inputs"]}
    assert score_in["trained_model"]["accepts"] == ["trained_model", "trained_clustering_model"]
    assert score_in["trained_model"]["kind"] == "trained_model|trained_clustering_model"
    # Select Columns passes a scored table on: it still fits Evaluate Model (and any table input)
    assert nodes["pick"]["outputs"][0]["kinds"] == ["scored_table", "table"]
    assert nodes["pick"]["outputs"][0]["kind"] == "scored_table"
