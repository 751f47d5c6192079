"""Every engine event lands in the store's records and in its events log."""

from __future__ import annotations

import json
import statistics
import time

import pytest
from storekit import started

from designer.engine.events import (
    ArtifactRecorded,
    Heartbeat,
    MetricLogged,
    RunFinished,
    StepStateChanged,
    event_to_dict,
)
from designer.errors import RunError, StoreError
from designer.store import Store


def test_run_started_creates_the_run_and_pending_steps(store: Store) -> None:
    ev = started("r1", ("prep", "outer/train"), rerun_of="r0")
    store.emit(ev)
    run = store.get_run("r1")
    assert run is not None
    assert (run.id, run.pipeline_file, run.pipeline_name, run.source, run.state) == (
        "r1", "pipelines/demo.yml", "demo", "cli", "running")
    assert run.parameters == {"lr": 0.1, "epochs": 3}
    assert run.started_at == ev.at and run.heartbeat_at == ev.at and run.ended_at is None and run.duration is None
    assert (run.pid, run.host, run.run_dir, run.rerun_of) == (ev.pid, store.host, "/tmp/runs/r1", "r0")
    assert (run.steps_total, run.steps_done, run.steps_reused, run.cancel_requested) == (2, 0, 0, False)
    steps = store.steps("r1")
    assert [(s.step, s.job, s.component, s.compute, s.upstream, s.state) for s in steps] == [
        ("prep", "prep", "prep_component", "local", (), "pending"),
        ("outer/train", "train", "train_component", "local", ("prep",), "pending"),
    ]


def test_step_state_changes_fill_in_the_step(store: Store) -> None:
    store.emit(started("r1"))
    store.emit(StepStateChanged("r1", "prep", "queued", 100.0))
    store.emit(StepStateChanged("r1", "prep", "running", 101.0, fingerprint="f" * 64, command="python prep.py",
                                worker="local:1234"))
    store.emit(StepStateChanged("r1", "prep", "completed", 103.5, exit_code=0, fingerprint="f" * 64,
                                outputs={"data": "/tmp/runs/r1/prep/outputs/data"}))
    store.emit(StepStateChanged("r1", "train", "cached", 104.0, fingerprint="e" * 64, reused_from_run="r0",
                                reused_from_step="train", outputs={"model": "/tmp/runs/r0/train/outputs/model"},
                                message="reused"))
    prep = store.step("r1", "prep")
    assert prep is not None
    assert (prep.state, prep.started_at, prep.ended_at, prep.duration, prep.exit_code) == (
        "completed", 101.0, 103.5, 2.5, 0)
    assert (prep.fingerprint, prep.command, prep.worker) == ("f" * 64, "python prep.py", "local:1234")
    assert prep.outputs == {"data": "/tmp/runs/r1/prep/outputs/data"}
    train = store.step("r1", "train")
    assert train is not None
    assert (train.state, train.started_at, train.ended_at, train.duration) == ("cached", None, 104.0, None)
    assert (train.reused_from_run, train.reused_from_step, train.message) == ("r0", "train", "reused")
    run = store.get_run("r1")
    assert run is not None and (run.steps_done, run.steps_reused) == (2, 1)
    assert store.step("r1", "nope") is None


def test_a_step_the_plan_did_not_announce_is_recorded(store: Store) -> None:
    store.emit(started("r1", ("a",)))
    store.emit(StepStateChanged("r1", "extra", "failed", 5.0, exit_code=3))
    assert [(s.step, s.state, s.exit_code) for s in store.steps("r1")] == [("a", "pending", None), ("extra", "failed", 3)]


def test_artifacts_metrics_and_heartbeats(store: Store) -> None:
    store.emit(started("r1"))
    store.emit(ArtifactRecorded("r1", "prep", "raw", "input", "uri_file", "/data/raw.csv", 12, "sha:a"))
    store.emit(ArtifactRecorded("r1", "prep", "data", "output", "uri_folder", "/tmp/runs/r1/prep/outputs/data", 34,
                                "sha:b", produced_by_run="r1", produced_by_step="prep"))
    store.emit(ArtifactRecorded("r1", "train", "data", "input", "uri_folder", "/tmp/runs/r1/prep/outputs/data", 34,
                                "sha:b", produced_by_run="r1", produced_by_step="prep"))
    for i in range(3):
        store.emit(MetricLogged("r1", "train", "loss", 1.0 / (i + 1), i, 10.0 + i))
    store.emit(MetricLogged("r1", "prep", "rows", 100.0, None, 9.0))
    store.emit(Heartbeat("r1", 1e10))
    store.emit(Heartbeat("r1", 1e10 + 2))
    arts = store.artifacts("r1")
    assert [(a.step, a.name, a.direction) for a in arts] == [("prep", "raw", "input"), ("prep", "data", "output"),
                                                             ("train", "data", "input")]
    assert arts[1].type == "uri_folder" and arts[1].size == 34 and arts[1].content_hash == "sha:b"
    assert (arts[2].produced_by_run, arts[2].produced_by_step) == ("r1", "prep")
    assert [a.name for a in store.artifacts("r1", "prep")] == ["raw", "data"]
    assert [(m.name, m.value, m.index, m.at) for m in store.metrics("r1", "train")] == [
        ("loss", 1.0, 0, 10.0), ("loss", 0.5, 1, 11.0), ("loss", pytest.approx(1 / 3), 2, 12.0)]
    assert [(m.step, m.index) for m in store.metrics("r1")][-1] == ("prep", None)
    run = store.get_run("r1")
    assert run is not None and run.heartbeat_at == 1e10 + 2


def test_run_finished_sets_the_state_and_closes_steps_left_open(store: Store) -> None:
    store.emit(started("r1", ("a", "b", "c")))
    store.emit(StepStateChanged("r1", "a", "running", 1.0))
    store.emit(StepStateChanged("r1", "a", "failed", 2.0, exit_code=1))
    store.emit(StepStateChanged("r1", "b", "skipped", 2.0))
    store.emit(StepStateChanged("r1", "c", "running", 1.5))
    store.emit(RunFinished("r1", "failed", 3.0, error="step 'a' failed: exit code 1"))
    run = store.get_run("r1")
    assert run is not None
    assert (run.state, run.ended_at, run.error, run.steps_done) == ("failed", 3.0, "step 'a' failed: exit code 1", 3)
    c = store.step("r1", "c")
    assert c is not None and (c.state, c.ended_at, c.duration) == ("canceled", 3.0, 1.5)
    assert c.message is not None and "ended" in c.message
    with pytest.raises(StoreError, match="cannot finish in state 'running'"):
        store.emit(RunFinished("r1", "running", 4.0))  # type: ignore[arg-type]


def test_every_event_is_logged_in_order(store: Store) -> None:
    first = store.latest_seq()
    events = [started("r1", ("a",)), StepStateChanged("r1", "a", "running", 1.0),
              MetricLogged("r1", "a", "acc", 0.9, None, 1.1),
              ArtifactRecorded("r1", "a", "out", "output", "uri_folder", "/o", 1, "h"),
              Heartbeat("r1", 1.2), StepStateChanged("r1", "a", "completed", 1.3, exit_code=0),
              RunFinished("r1", "completed", 1.4)]
    for ev in events:
        store.emit(ev)
    store.emit(started("r2", ("a",)))
    logged = store.events_since("r1", first)
    expected = [ev for ev in events if not isinstance(ev, Heartbeat)]  # heartbeats only touch the run row
    assert [kind for _, kind, _ in logged] == [type(ev).__name__ for ev in expected]
    assert [payload for _, _, payload in logged] == [json.loads(json.dumps(event_to_dict(ev))) for ev in expected]
    seqs = [seq for seq, _, _ in logged]
    assert seqs == sorted(seqs) and seqs[0] > first
    assert store.events_since("r1", seqs[2]) == logged[3:]
    everything = store.events_since(None, first)
    assert [k for _, k, _ in everything][-1] == "RunStarted" and store.latest_seq() == everything[-1][0]
    assert store.events_since("unknown", 0) == []


def test_events_of_unknown_runs_and_duplicate_runs_are_errors(store: Store) -> None:
    store.emit(started("r1"))
    with pytest.raises(StoreError, match="already in the run store"):
        store.emit(started("r1"))
    store.emit(StepStateChanged("ghost", "a", "running", 1.0))  # asynchronous: reported by the next call
    with pytest.raises(StoreError, match=r"StepStateChanged of run 'ghost'.*no such run"):
        store.flush()
    store.flush()  # reported once
    # a bad event does not cost the good ones written in the same batch
    store.emit(StepStateChanged("r1", "prep", "running", 1.0))
    store.emit(MetricLogged("ghost", "a", "m", 1.0, None, 1.0))
    store.emit(StepStateChanged("r1", "prep", "completed", 2.0))
    with pytest.raises(StoreError, match="ghost"):
        store.flush()
    prep = store.step("r1", "prep")
    assert prep is not None and prep.state == "completed"


def test_unknown_runs_raise_run_error(store: Store) -> None:
    store.emit(started("20250101-120000-abcdef"))
    assert store.get_run("nope") is None
    for call in (lambda: store.steps("nope"), lambda: store.step("nope", "a"), lambda: store.metrics("nope"),
                 lambda: store.artifacts("nope"), lambda: store.cancel_requested("nope"),
                 lambda: store.request_cancel("nope"), lambda: store.delete_run("nope"),
                 lambda: store.cache_users("nope")):
        with pytest.raises(RunError, match=r"no run 'nope'; see 'designer runs list'"):
            call()
    with pytest.raises(RunError, match=r"no run '20250101-1200'; did you mean '20250101-120000-abcdef'\?"):
        store.steps("20250101-1200")


def test_a_closed_store_refuses_events(db_url: str) -> None:
    s = Store.open(db_url)
    s.emit(started("r1"))
    s.emit(StepStateChanged("r1", "prep", "running", 1.0))
    s.close()  # writes what was queued
    with pytest.raises(StoreError, match="closed"):
        s.emit(StepStateChanged("r1", "prep", "completed", 2.0))
    with Store.open(db_url) as again:
        prep = again.step("r1", "prep")
        assert prep is not None and prep.state == "running"


def test_emit_is_fast_and_reaches_another_connection_quickly(db_url: str) -> None:
    """emit returns in microseconds; another store (as another process would) sees it in milliseconds."""
    writer, reader = Store.open(db_url), Store.open(db_url)
    try:
        steps = tuple(f"s{i:03d}" for i in range(100))
        writer.emit(started("r1", steps))
        after = reader.latest_seq()
        emit_s: list[float] = []
        seen_s: list[float] = []
        for step in steps[:40]:
            t0 = time.perf_counter()
            writer.emit(StepStateChanged("r1", step, "running", time.time()))
            emit_s.append(time.perf_counter() - t0)
            while True:
                new = reader.events_since("r1", after)
                if new:
                    seen_s.append(time.perf_counter() - t0)
                    after = new[-1][0]
                    break
                time.sleep(0.0005)
        # a burst: 100 steps change state at once (group commit keeps it to a few transactions)
        batches = writer._writer.batches
        t0 = time.perf_counter()
        for step in steps:
            writer.emit(StepStateChanged("r1", step, "completed", time.time(), exit_code=0))
        burst_emit = time.perf_counter() - t0
        writer.flush()
        burst_total = time.perf_counter() - t0
        burst_batches = writer._writer.batches - batches
    finally:
        writer.close()
        reader.close()
    p50, p95 = statistics.median(seen_s), statistics.quantiles(seen_s, n=20)[-1]
    print(f"\nemit: median {statistics.median(emit_s) * 1e6:.0f} us, max {max(emit_s) * 1e6:.0f} us; "
          f"visible to another connection: p50 {p50 * 1e3:.1f} ms, p95 {p95 * 1e3:.1f} ms; "
          f"100-event burst: emit {burst_emit * 1e3:.1f} ms, written {burst_total * 1e3:.1f} ms "
          f"in {burst_batches} transactions")
    assert statistics.median(emit_s) < 0.001
    assert p95 < 0.15
    assert burst_batches <= 10
