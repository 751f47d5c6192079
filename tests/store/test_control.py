"""Cancel requests, interrupted runs, deleting runs without breaking reuse, registered components."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from sqlalchemy import update
from storekit import run_steps, started

from designer.engine.cache import CacheEntry
from designer.engine.events import ArtifactRecorded, Heartbeat, RunFinished, StepStateChanged
from designer.errors import RunError
from designer.store import Store
from designer.store import tables as t


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_cancel_requests(store: Store) -> None:
    store.emit(started("r1"))
    assert store.cancel_requested("r1") is False
    store.request_cancel("r1")
    assert store.cancel_requested("r1") is True
    run = store.get_run("r1")
    assert run is not None and run.cancel_requested


def test_mark_interrupted_closes_stale_and_orphaned_runs_only(store: Store) -> None:
    now = time.time()
    store.emit(started("stale", ("a", "b", "c"), at=now - 100))
    store.emit(StepStateChanged("stale", "a", "completed", now - 90, exit_code=0))
    store.emit(StepStateChanged("stale", "b", "running", now - 80))
    store.emit(started("orphan", ("a",), pid=dead_pid()))
    store.emit(started("alive", ("a",)))
    store.emit(Heartbeat("alive", now))
    store.emit(started("finished", ("a",), at=now - 100))
    store.emit(RunFinished("finished", "completed", now - 99))
    store.emit(started("elsewhere", ("a",), pid=dead_pid()))  # a dead pid, but on another machine
    store.flush()
    with store.engine.begin() as conn:
        conn.execute(update(t.runs).where(t.runs.c.id == "elsewhere").values(host="another-host"))
    after = store.latest_seq()

    assert sorted(store.mark_interrupted(stale_after_s=30)) == ["orphan", "stale"]
    assert store.mark_interrupted(stale_after_s=30) == []  # once

    states = {r.id: r.state for r in store.list_runs()}
    assert states == {"stale": "interrupted", "orphan": "interrupted", "alive": "running", "finished": "completed",
                      "elsewhere": "running"}
    stale = store.get_run("stale")
    assert stale is not None and stale.ended_at is not None and stale.steps_done == 3
    assert stale.error is not None and "no heartbeat" in stale.error
    orphan = store.get_run("orphan")
    assert orphan is not None and orphan.error is not None and "is gone" in orphan.error
    steps = {s.step: s for s in store.steps("stale")}
    assert [steps[k].state for k in "abc"] == ["completed", "canceled", "canceled"]
    assert steps["b"].message is not None and "interrupted" in steps["b"].message
    assert steps["b"].duration is not None and steps["b"].duration > 70
    logged = [(p["run_id"], kind, p.get("step"), p["state"]) for _, kind, p in store.events_since(None, after)]
    assert ("stale", "StepStateChanged", "b", "canceled") in logged
    assert ("stale", "RunFinished", None, "interrupted") in logged
    assert logged.index(("stale", "StepStateChanged", "b", "canceled")) < logged.index(
        ("stale", "RunFinished", None, "interrupted"))


def _two_runs_sharing_prep(store: Store) -> None:
    """r1 runs prep and train; r2 reuses r1's prep and runs its own train."""
    r1, r2 = "/runs/r1", "/runs/r2"
    store.emit(started("r1", ("prep", "train"), run_dir=r1, at=1.0))
    store.emit(StepStateChanged("r1", "prep", "completed", 2.0, outputs={"data": f"{r1}/prep/outputs/data"}))
    store.emit(StepStateChanged("r1", "train", "completed", 3.0, outputs={"model": f"{r1}/train/outputs/model"}))
    store.emit(ArtifactRecorded("r1", "train", "model", "output", "uri_folder", f"{r1}/train/outputs/model", 1, "m1",
                                "r1", "train"))
    store.commit(CacheEntry("p" * 64, "r1", "prep", {"data": f"{r1}/prep/outputs/data"}, {"data": "d1"}, 2.0))
    store.commit(CacheEntry("t" * 64, "r1", "train", {"model": f"{r1}/train/outputs/model"}, {"model": "m1"}, 3.0))
    store.emit(RunFinished("r1", "completed", 3.0))

    store.emit(started("r2", ("prep", "train"), run_dir=r2, at=10.0, rerun_of="r1"))
    store.emit(StepStateChanged("r2", "prep", "cached", 11.0, reused_from_run="r1", reused_from_step="prep",
                                outputs={"data": f"{r1}/prep/outputs/data"}))
    store.emit(ArtifactRecorded("r2", "train", "data", "input", "uri_folder", f"{r1}/prep/outputs/data", 1, "d1",
                                "r1", "prep"))
    store.emit(StepStateChanged("r2", "train", "completed", 12.0, outputs={"model": f"{r2}/train/outputs/model"}))
    store.commit(CacheEntry("u" * 64, "r2", "train", {"model": f"{r2}/train/outputs/model"}, {"model": "m2"}, 12.0))
    store.emit(RunFinished("r2", "completed", 12.0))


def test_delete_run_keeps_outputs_that_other_runs_reuse(store: Store) -> None:
    _two_runs_sharing_prep(store)
    assert store.cache_users("r1") == ["r2"]
    assert store.cache_users("r2") == []
    run = store.get_run("r2")
    assert run is not None and run.steps_reused == 1

    assert store.delete_run("r1") == ["/runs/r1/train"]  # prep's outputs are r2's too
    assert store.get_run("r1") is None
    assert store.events_since("r1", 0) == []
    entry = store.lookup("p" * 64)
    assert entry is not None and entry.run_id == "r1"  # still reusable by the next run
    assert store.lookup("t" * 64) is None  # nobody reused r1's train: its entry goes with it
    assert [s.state for s in store.steps("r2")] == ["cached", "completed"]

    assert store.delete_run("r2") == ["/runs/r2"]
    assert store.lookup("u" * 64) is None
    assert store.count_runs() == 0


def test_delete_run_of_a_run_nobody_reused_frees_its_whole_folder(store: Store) -> None:
    store.emit(started("r1", ("a", "b"), run_dir="/runs/r1/"))
    run_steps(store, "r1", {"a": "completed", "b": "failed"})
    store.commit(CacheEntry("a" * 64, "r1", "a", {"o": "/runs/r1/a/outputs/o"}, {"o": "h"}, 1.0))
    store.request_cancel("r1")
    assert store.delete_run("r1") == ["/runs/r1"]
    assert store.lookup("a" * 64) is None
    with pytest.raises(RunError, match="no run 'r1'"):
        store.steps("r1")


def test_a_running_run_cannot_be_deleted(store: Store) -> None:
    store.emit(started("r1"))
    with pytest.raises(RunError, match="still running; cancel it first"):
        store.delete_run("r1")
    assert store.get_run("r1") is not None


def test_registered_components(store: Store) -> None:
    first = store.add_component("scale", "1", "/c/scale/1", registered_at=5.0)
    assert (first.name, first.version, first.path, first.registered_at) == ("scale", "1", "/c/scale/1", 5.0)
    store.add_component("scale", "2", "/c/scale/2", registered_at=6.0)
    store.add_component("clip", "1", "/c/clip/1")
    assert store.add_component("scale", "1", "/elsewhere") == first  # already there: unchanged
    assert [(c.name, c.version) for c in store.components()] == [("clip", "1"), ("scale", "1"), ("scale", "2")]
    assert [c.version for c in store.components("scale")] == ["1", "2"]
