"""A separate process that uses the run store, driven by tests/store/test_concurrency.py.

    python store_worker.py open           prints "ready", then reads "URL START_AT" lines, opens URL at
                                          START_AT and prints "ok" for each
    python store_worker.py write URL SECONDS TAG
                                          prints "ready", waits for "go", then records runs for SECONDS
                                          and prints "ok RUNS LOGGED" (LOGGED: events that go to the log)

Any exception is printed as "error ..." and the exit code is 1. :func:`write_and_follow` drives writers
from another process (the concurrency test and ``tests/bench/bench_store.py``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass, field

from designer.engine.cache import CacheEntry
from designer.engine.events import (
    Heartbeat,
    MetricLogged,
    RunFinished,
    RunStarted,
    StepInfo,
    StepStateChanged,
)
from designer.store import Store


def open_at_once() -> None:
    print("ready", flush=True)
    for line in sys.stdin:
        url, start_at = line.split()
        time.sleep(max(0.0, float(start_at) - time.time()))
        Store.open(url).close()
        print("ok", flush=True)


def write(url: str, seconds: float, tag: str) -> None:
    store = Store.open(url)
    print("ready", flush=True)
    sys.stdin.readline()
    end = time.time() + seconds
    runs = logged = 0
    steps = tuple(f"s{i}" for i in range(5))
    while time.time() < end:
        run_id = f"{tag}-{runs:05d}"
        store.emit(RunStarted(run_id, "p.yml", f"pipeline-{tag}", "cli", {"n": runs},
                              tuple(StepInfo(s, s, "c", "local") for s in steps), f"/runs/{run_id}", time.time(),
                              os.getpid()))
        logged += 1
        for step in steps:
            store.emit(StepStateChanged(run_id, step, "running", time.time()))
            store.emit(MetricLogged(run_id, step, "loss", 0.5, None, time.time()))
            store.emit(StepStateChanged(run_id, step, "completed", time.time(), exit_code=0))
            store.emit(Heartbeat(run_id, time.time()))
            store.commit(CacheEntry(f"{tag}{runs}{step}", run_id, step, {"o": "/x"}, {"o": "h"}, time.time()))
            logged += 3
        if runs % 5 == 0:  # the other writes and reads a UI or a second CLI does meanwhile
            store.request_cancel(run_id)
            store.mark_interrupted(stale_after_s=3600)
            store.add_component(f"comp-{tag}", str(runs), "/c")
            store.list_runs(limit=20)
            store.lookup(f"{tag}{runs}s0")
        store.emit(RunFinished(run_id, "completed", time.time()))
        logged += 1
        runs += 1
    store.close()
    print("ok", runs, logged, flush=True)


@dataclass
class Followed:
    """What :func:`write_and_follow` saw: each writer's ``ok RUNS LOGGED`` line, exit code and stderr, and
    the emit-to-follower delay (s) of every step state event the follower read."""

    results: list[list[str]] = field(default_factory=list)
    returncodes: list[int] = field(default_factory=list)
    stderr: str = ""
    delays: list[float] = field(default_factory=list)


def write_and_follow(url: str, tags: list[str], seconds: float) -> Followed:
    """Start a ``write`` worker per tag on ``url`` together and follow the event log every 20 ms meanwhile,
    as the runs page of another process does."""
    procs = [subprocess.Popen([sys.executable, __file__, "write", url, str(seconds), tag], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for tag in tags]
    follower = Store.open(url)
    seen = Followed()
    try:
        for proc in procs:
            assert proc.stdout is not None
            line = proc.stdout.readline().strip()
            assert line == "ready", line or (proc.stderr.read() if proc.stderr else "")
        after = follower.latest_seq()
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        while any(proc.poll() is None for proc in procs):
            for seq, kind, payload in follower.events_since(None, after):
                if kind == "StepStateChanged":
                    seen.delays.append(time.time() - payload["at"])
                after = max(after, seq)
            time.sleep(0.02)
        for proc in procs:
            assert proc.stdout is not None
            seen.results.append(proc.stdout.readline().split())
            seen.returncodes.append(proc.wait())
            seen.stderr += proc.stderr.read() if proc.stderr else ""
        return seen
    finally:
        follower.close()
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait()


def main() -> None:
    try:
        if sys.argv[1] == "open":
            open_at_once()
        else:
            write(sys.argv[2], float(sys.argv[3]), sys.argv[4])
    except Exception:
        print("error " + traceback.format_exc().replace("\n", " | "), flush=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
