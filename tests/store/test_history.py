"""Run history in the store: effective parameters per step, a run's name and note, runs by metric; on real SQLite files."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from storekit import run_steps, started

from designer.engine.events import MetricLogged, RunStarted, StepInfo
from designer.errors import RunError
from designer.store import MetricFilter, Store, database, parse_metric_filters


def with_parameters(ev: RunStarted, fraction: float) -> RunStarted:
    """``ev`` whose steps carry effective parameters the way the scheduler builds them."""
    steps = (
        dataclasses.replace(ev.steps[0], title="Split Data", parameters={
            "fraction": {"value": fraction, "default": 0.7, "source": "set", "input": None},
            "random_seed": {"value": 42, "default": 42, "source": "default", "input": None}}),
        dataclasses.replace(ev.steps[1], title="Train Model", parameters={
            "label_column": {"value": "species", "default": None, "source": "input", "input": "label"}}),
    )
    return dataclasses.replace(ev, steps=steps, inputs={
        "label": {"value": "species", "default": "species", "source": "default", "input": None}})


def test_effective_parameters_are_recorded_per_step_and_read_back_typed(store: Store) -> None:
    store.emit(with_parameters(started("r1"), 0.8))
    run_steps(store, "r1", {"prep": "completed", "train": "completed"})

    params = store.run_parameters("r1")
    assert params.recorded
    assert params.titles == {"prep": "Split Data", "train": "Train Model"}
    assert list(params.steps) == ["prep", "train"]  # plan order
    prep = params.steps["prep"]
    assert prep is not None
    assert (prep["fraction"].value, prep["fraction"].default, prep["fraction"].is_default) == (0.8, 0.7, False)
    assert prep["random_seed"].is_default
    train = params.steps["train"]
    assert train is not None and train["label_column"].source == "input" and train["label_column"].input == "label"
    assert params.inputs is not None and params.inputs["label"].value == "species"
    record = store.step("r1", "prep")
    assert record is not None and record.title == "Split Data" and record.settings == prep
    run = store.get_run("r1")
    assert run is not None and run.input_settings == params.inputs


def test_a_run_without_parameters_reads_as_not_recorded(store: Store) -> None:
    store.emit(started("r1"))
    params = store.run_parameters("r1")
    assert not params.recorded
    assert params.steps == {"prep": None, "train": None}
    with pytest.raises(RunError, match="no run 'nope'"):
        store.run_parameters("nope")


def test_an_old_schema_database_is_upgraded_and_its_runs_say_not_recorded(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'designer.db'}"
    engine = database.connect(url)
    with database.writer(engine).begin() as conn:
        command.upgrade(database._alembic_config(conn), "0002")
    with database.writer(engine).begin() as conn:  # a run written by the previous version, in its own columns
        conn.execute(text(
            "INSERT INTO runs (id, pipeline_file, pipeline_name, source, state, parameters, started_at, run_dir,"
            " cancel_requested, steps_total, steps_done, steps_reused) VALUES ('old1', 'p.yml', 'demo', 'cli',"
            " 'completed', '{\"lr\": 0.1}', :at, '/tmp/old1', 0, 1, 1, 0)"), {"at": time.time() - 60})
        conn.execute(text(
            "INSERT INTO step_runs (run_id, step, position, job, component, compute, upstream, state, outputs)"
            " VALUES ('old1', 'split', 0, 'split', 'split_data', 'local', '[]', 'completed', '{}')"))
        conn.execute(text("INSERT INTO metrics (run_id, step, name, value, \"index\", at)"
                          " VALUES ('old1', 'split', 'accuracy', 0.91, NULL, :at)"), {"at": time.time() - 50})
    assert database.current_revision(engine) == "0002"
    engine.dispose()

    with Store.open(url) as store:
        assert database.current_revision(store.engine) == database.HEAD
        old = store.get_run("old1")
        assert old is not None
        assert (old.name, old.note, old.inputs, old.parameters) == (None, None, None, {"lr": 0.1})
        step = store.step("old1", "split")
        assert step is not None and step.settings is None and step.title is None
        assert not store.run_parameters("old1").recorded
        # the old run is still found by its metric, can be named, and lives next to new runs
        assert [r.id for r in store.list_runs(metrics=[MetricFilter("accuracy", ">", 0.9)])] == ["old1"]
        assert store.label_run("old1", name="before the upgrade") == ("before the upgrade", None)
        store.emit(with_parameters(started("new1"), 0.8))
        assert store.run_parameters("new1").recorded
        assert [r.id for r in store.list_runs(text="upgrade")] == ["old1"]


def test_a_run_is_named_and_noted_and_found_by_either(store: Store) -> None:
    store.emit(started("r1"))
    store.emit(started("r2"))
    assert store.label_run("r1", name="  baseline  ") == ("baseline", None)
    assert store.label_run("r1", note="fraction 0.8:\nmore rows to train on") == (
        "baseline", "fraction 0.8:\nmore rows to train on")
    record = store.get_run("r1")
    assert record is not None and (record.name, record.label) == ("baseline", "baseline")
    assert [r.id for r in store.list_runs(text="BASELINE")] == ["r1"]
    assert [r.id for r in store.list_runs(text="more rows")] == ["r1"]
    assert store.count_runs(text="baseline") == 1
    assert store.label_run("r1", name="") == (None, "fraction 0.8:\nmore rows to train on")  # "" clears
    again = store.get_run("r1")
    assert again is not None and again.label == "r1"


def test_bad_names_and_notes_are_refused_with_a_reason(store: Store) -> None:
    store.emit(started("r1"))
    with pytest.raises(RunError, match="one line; found a line break"):
        store.label_run("r1", name="two\nlines")
    with pytest.raises(RunError, match="at most 200 characters; found 201"):
        store.label_run("r1", name="x" * 201)
    with pytest.raises(RunError, match="at most 10,000 characters"):
        store.label_run("r1", note="x" * 10_001)
    with pytest.raises(RunError, match="no run 'r9'"):
        store.label_run("r9", name="x")
    record = store.get_run("r1")
    assert record is not None and record.name is None  # nothing half-written


def _metric(store: Store, run_id: str, name: str, *values: float) -> None:
    for i, v in enumerate(values):
        store.emit(MetricLogged(run_id, "train", name, v, i, time.time() + i * 1e-3))


def test_runs_are_filtered_and_sorted_by_the_last_value_of_a_metric(store: Store) -> None:
    now = time.time()
    for i, run_id in enumerate(("a", "b", "c", "d")):
        store.emit(started(run_id, at=now + i))
    _metric(store, "a", "accuracy", 0.5, 0.95)  # last value counts: 0.95
    _metric(store, "b", "accuracy", 0.97, 0.85)
    _metric(store, "c", "accuracy", 0.92)
    _metric(store, "a", "loss", 0.9, 0.2)
    _metric(store, "c", "loss", 0.4)
    # d logged nothing

    def ids(**kw: object) -> list[str]:
        return [r.id for r in store.list_runs(**kw)]  # type: ignore[arg-type]

    assert ids(metrics=[MetricFilter("accuracy", ">", 0.9)]) == ["c", "a"]  # newest first
    assert ids(metrics=parse_metric_filters("accuracy > 0.9, loss < 0.3")) == ["a"]
    assert store.count_runs(metrics=[MetricFilter("accuracy", "<=", 0.85)]) == 1
    assert ids(sort_metric="accuracy") == ["a", "c", "b", "d"]  # without it: last
    assert ids(sort_metric="accuracy", descending=False) == ["b", "c", "a", "d"]
    assert ids(sort_metric="loss", descending=False, limit=2) == ["a", "c"]
    assert store.metric_names() == ["accuracy", "loss"]
    assert store.last_metrics(["a", "b", "d"], ["accuracy", "loss"]) == {
        "a": {"accuracy": 0.95, "loss": 0.2}, "b": {"accuracy": 0.85}}


@pytest.mark.parametrize(("typed", "expected"), [
    ("accuracy > 0.9", [MetricFilter("accuracy", ">", 0.9)]),
    ("  auc>=0.8 and loss<1e-2 ", [MetricFilter("auc", ">=", 0.8), MetricFilter("loss", "<", 0.01)]),
    ("f1 == 1", [MetricFilter("f1", "=", 1.0)]),
    ("", []),
])
def test_metric_filters_read_as_people_type_them(typed: str, expected: list[MetricFilter]) -> None:
    assert parse_metric_filters(typed) == expected


@pytest.mark.parametrize(("typed", "message"), [
    ("accuracy", r"'accuracy' is not a metric filter; write a metric name, one of .* e\.g\. accuracy > 0\.9"),
    ("accuracy > high", r"'high' is not a number"),
    ("> 3", r"'> 3' is not a metric filter"),
    ("loss < nan", r"finite number"),
])
def test_bad_metric_filters_say_what_is_expected(typed: str, message: str) -> None:
    with pytest.raises(RunError, match=message):
        parse_metric_filters(typed)


def test_step_info_without_parameters_stays_valid(store: Store) -> None:
    # an event from an engine that does not know them (a Dask worker of an older version) is still recorded
    ev = started("r1")
    ev = dataclasses.replace(ev, steps=(StepInfo("solo", "solo", "c", "local"),))
    store.emit(ev)
    assert store.run_parameters("r1").steps == {"solo": None}
