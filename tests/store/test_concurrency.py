"""Several processes on one SQLite file: writers never see "database is locked", a new database is
migrated once even when two processes open it at the same moment, and a follower sees events fast."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from store_worker import write_and_follow

from designer.store import Store

WORKER = Path(__file__).with_name("store_worker.py")


def spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(WORKER), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def answer(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    assert line.startswith(("ok", "ready")), line or (proc.stderr.read() if proc.stderr else "")
    return line


def test_two_processes_write_at_once_without_lock_errors(db_url: str) -> None:
    seen = write_and_follow(db_url, ["a", "b"], 2.5)
    assert "locked" not in seen.stderr and "busy" not in seen.stderr, seen.stderr
    assert seen.returncodes == [0, 0], seen.stderr
    with Store.open(db_url) as store:
        for tag, (ok, runs, logged) in zip(("a", "b"), seen.results, strict=True):
            assert ok == "ok"
            assert int(runs) >= 2  # both writers made progress (how many is a figure for tests/bench, not here)
            assert store.count_runs(pipeline=f"pipeline-{tag}") == int(runs)
            assert store.count_runs(pipeline=f"pipeline-{tag}", state="completed") == int(runs)
            mine = [e for e in store.events_since(None, 0, limit=1_000_000) if e[2]["run_id"].startswith(f"{tag}-")]
            assert len(mine) == int(logged)
    delays = seen.delays
    p50, p95 = statistics.median(delays), statistics.quantiles(delays, n=20)[-1]
    print(f"\n2 writers x 2.5 s: {seen.results[0][1]} + {seen.results[1][1]} runs, {len(delays)} step events; "
          f"emit-to-follower (20 ms polling) p50 {p50 * 1e3:.0f} ms, p95 {p95 * 1e3:.0f} ms")
    # Two writers flat out on 2 shared cores: how fast is a benchmark's question (tests/bench/bench_store.py
    # measures it against one writer alone). Here only: no event waited behind a lock for seconds.
    assert max(delays) < 5.0, f"an event reached the follower {max(delays):.1f} s after it was emitted"


def test_two_processes_open_a_new_database_at_the_same_moment(tmp_path: Path) -> None:
    openers = [spawn("open") for _ in range(2)]
    try:
        for proc in openers:
            assert answer(proc) == "ready"
        for i in range(5):
            url = f"sqlite:///{tmp_path / str(i) / 'designer.db'}"
            start_at = time.time() + 0.1
            for proc in openers:
                assert proc.stdin is not None
                proc.stdin.write(f"{url} {start_at}\n")
                proc.stdin.flush()
            for proc in openers:
                assert answer(proc) == "ok"
            with Store.open(url) as store, store.engine.connect() as conn:
                assert conn.exec_driver_sql("SELECT count(*) FROM alembic_version").scalar() == 1
    finally:
        for proc in openers:
            if proc.stdin is not None:
                proc.stdin.close()
            proc.wait(10)


def _child(store: Store) -> None:
    import os

    from storekit import started

    from designer.engine.events import RunFinished

    # the parent's store object, inherited through fork: it must get its own connections and writer
    store.emit(started("from-child", ("a",)))
    store.emit(RunFinished("from-child", "completed", time.time()))
    store.close()
    os._exit(0)


def test_a_forked_child_can_use_its_parents_store(store: Store) -> None:
    import multiprocessing

    from storekit import started

    store.emit(started("from-parent", ("a",)))
    store.emit(started("queued-before-fork", ("a",)))
    child = multiprocessing.get_context("fork").Process(target=_child, args=(store,))
    child.start()
    child.join(30)
    assert child.exitcode == 0
    store.emit(started("after-fork", ("a",)))  # the parent's writer and pool still work
    assert {r.id for r in store.list_runs()} == {"from-parent", "queued-before-fork", "from-child", "after-fork"}
