"""A Dask worker killed with ``kill -9`` takes its step's processes with it within a second: the
step's whole group (grandchildren included) and a grandchild that left the group with ``setsid``."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path
from typing import Any

from dask_helpers import Cluster, dask_target, start_worker, stop, wait_for_worker
from proc_helpers import FORKER_COMMAND, left_after_kill, live_of, step_tree_up

from designer.engine.recovery import reap_steps

FORKER = """
    type: pipeline
    settings: {default_compute: local}
    jobs:
      forker:
        type: command
        compute: doomed
        outputs: {out: }
        environment: azureml:x@latest
        command: "COMMAND"
""".replace("COMMAND", FORKER_COMMAND)


def test_kill_9_of_a_worker_ends_its_step_processes_within_a_second(cluster: Cluster, dask_logs: Path) -> None:
    worker = start_worker(cluster.address, "doomed-orphans", dask_logs, resources="DOOMED=1", nanny=False)
    seen: dict[str, Any] = {}

    async def during(handle: Any) -> None:
        seen["run_id"] = handle.run_id
        for _ in range(600):
            if (handle.run_dir / "forker" / "started.txt").exists() and step_tree_up(handle.run_id):
                break
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("step 'forker' and its grandchildren did not start")
        groups = {os.getpgid(pid) for pid in live_of(handle.run_id, set())}
        os.kill(worker.pid, signal.SIGKILL)
        seen["left"] = left_after_kill(handle.run_id, groups, time.monotonic())

    try:
        c = Cluster(cluster.root, cluster.address,
                    extra={"doomed": dask_target("doomed", cluster.address, resources={"DOOMED": 1.0})})
        result = c.run(c.write("p.yml", FORKER), during=during)
        assert seen.get("left") == {}, f"still running 1 s after kill -9 of the worker: {seen.get('left')}"
        assert result.steps["forker"].state == "failed"
    finally:
        if "run_id" in seen:
            reap_steps(seen["run_id"])
        stop(worker)
        wait_for_worker(cluster.address, "doomed-orphans", present=False)
