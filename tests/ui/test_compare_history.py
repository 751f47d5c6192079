"""What the compare page reads: step-parameter changes, code and environment changes (the why rule),
metric directions and verdicts; runs written into a real SQLite store through the engine's events."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from designer.engine.events import MetricLogged, RunFinished, RunStarted, StepInfo, StepStateChanged
from designer.store import Store
from designer.ui.reads.compare import compare_runs, metric_direction, pipeline_objectives, verdict


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(f"sqlite:///{tmp_path / 'designer.db'}")
    yield s
    s.close()


def setting(value: Any, default: Any, source: str = "set") -> dict[str, Any]:
    return {"value": value, "default": default, "source": source, "input": None}


def record(store: Store, run_id: str, *, fraction: float | None, accuracy: float, loss: list[float],
           code: str = "c1", sklearn: str = "1.5.0", at: float = 0.0, pipeline: str = "p.yml") -> None:
    split_params = None if fraction is None else {"fraction": setting(fraction, 0.7),
                                                  "random_seed": setting(42, 42, "default")}
    train_params = None if fraction is None else {"label_column": setting("species", None)}
    steps = (StepInfo("split", "split", "split_data", "local", (), "Split Data", split_params),
             StepInfo("train", "train", "train_model", "local", ("split",), "Train Model", train_params))
    store.emit(RunStarted(run_id, pipeline, "Iris", "cli", {}, steps, f"/tmp/{run_id}", time.time() + at, 1,
                          inputs=None if fraction is None else {}))
    for info in steps:
        ingredients = None if fraction is None else {
            "v": 1, "params": {}, "upstream": {}, "data": {}, "env_vars": {}, "command": "python main.py",
            "timeout": None, "component": "x", "code_hash": code, "code": {"main.py": code},
            "env_lock": {"scikit-learn": sklearn}}
        store.emit(StepStateChanged(run_id, info.step, "completed", time.time(), ingredients=ingredients))
    for i, v in enumerate(loss):
        store.emit(MetricLogged(run_id, "train", "loss", v, i, time.time() + i * 1e-3))
    store.emit(MetricLogged(run_id, "train", "accuracy", accuracy, None, time.time()))
    store.emit(RunFinished(run_id, "completed", time.time()))


def test_what_changed_comes_from_the_recorded_parameters_and_ingredients(store: Store) -> None:
    record(store, "a", fraction=0.7, accuracy=0.9, loss=[0.9, 0.5])
    record(store, "b", fraction=0.8, accuracy=0.95, loss=[0.8, 0.6], code="c2", sklearn="1.6.1", at=1)

    data = compare_runs(store, ["a", "b"])

    assert [d.text for d in data.step_changes] == ["Split Data · fraction 0.7 → 0.8"]
    sentences = {(c.title, c.kind, c.sentence) for c in data.code_env}
    assert ("Split Data", "code", "code file `main.py` changed") in sentences
    assert ("Train Model", "environment", "package `scikit-learn` changed from 1.5.0 to 1.6.1") in sentences
    assert not data.not_recorded
    metrics = {m.name: m for m in data.metrics}
    assert metrics["accuracy"].direction == "up" and metrics["accuracy"].verdicts == [None, "better"]
    assert metrics["loss"].direction == "down" and metrics["loss"].verdicts == [None, "worse"]  # 0.5 -> 0.6
    assert metrics["loss"].charted and not metrics["accuracy"].charted


def test_the_same_runs_show_no_change_and_three_runs_line_up(store: Store) -> None:
    record(store, "a", fraction=0.7, accuracy=0.9, loss=[0.5])
    record(store, "b", fraction=0.7, accuracy=0.9, loss=[0.5], at=1)
    record(store, "c", fraction=0.9, accuracy=0.8, loss=[0.5], at=2)

    same = compare_runs(store, ["a", "b"])
    assert same.step_changes == [] and same.code_env == []
    assert {m.name: m.verdicts for m in same.metrics}["accuracy"] == [None, "same"]

    three = compare_runs(store, ["a", "b", "c"])
    assert [d.text for d in three.step_changes] == ["Split Data · fraction 0.7 → 0.7 → 0.9"]


def test_an_old_run_is_named_as_not_recorded(store: Store) -> None:
    record(store, "old", fraction=None, accuracy=0.9, loss=[0.5])
    record(store, "new", fraction=0.8, accuracy=0.9, loss=[0.5], at=1)

    data = compare_runs(store, ["old", "new"])

    assert data.not_recorded == ["old"]
    assert data.step_changes == [] and data.code_env == []  # nothing can be said about what the old run had


@pytest.mark.parametrize(("name", "expected"), [
    ("accuracy", "up"), ("val_accuracy", "up"), ("roc_auc", "up"), ("f1_score", "up"), ("r2", "up"),
    ("loss", "down"), ("val_loss", "down"), ("mean_absolute_error", "down"), ("rmse", "down"), ("log_loss", "down"),
    ("training_rows", None), ("epoch", None),
])
def test_a_metric_direction_is_read_from_its_name(name: str, expected: str | None) -> None:
    assert metric_direction(name) == expected


def test_a_sweep_objective_decides_the_direction(tmp_path: Path) -> None:
    f = tmp_path / "p.yml"
    f.write_text("type: pipeline\njobs:\n  tune:\n    type: sweep\n    objective: {primary_metric: accuracy, goal: minimize}\n")
    objectives = pipeline_objectives(str(f))
    assert objectives == {"accuracy": "down"}
    assert metric_direction("accuracy", objectives) == "down"
    assert verdict(0.9, 0.8, "down") == "better" and verdict(0.9, 0.8, None) == "differs"
    assert verdict(None, 0.8, "up") is None
