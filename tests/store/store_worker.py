"""A separate process that uses the run store, driven by tests/store/test_concurrency.py.

    python store_worker.py open           prints "ready", then reads "URL START_AT" lines, opens URL at
                                          START_AT and prints "ok" for each
    python store_worker.py write URL SECONDS TAG
                                          prints "ready", waits for "go", then records runs for SECONDS
                                          and prints "ok RUNS LOGGED" (LOGGED: events that go to the log)

Any exception is printed as "error ..." and the exit code is 1.
"""

from __future__ import annotations

import os
import sys
import time
import traceback

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
