"""A Dask worker killed with ``kill -9`` takes its step's processes with it within a second: the
step's whole group (grandchildren included) and a grandchild that left the group with ``setsid``."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest
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


def _ppid(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as fh:
        return int(fh.read().rsplit(")", 1)[-1].split()[1])


@pytest.mark.parametrize("victim", ["nanny", "worker process"])
def test_kill_9_of_a_nanny_or_of_its_worker_process_ends_the_step_processes_within_a_second(
        cluster: Cluster, dask_logs: Path, victim: str) -> None:
    """``dask worker`` with a nanny (the default): the step dies whichever of the two processes is killed."""
    name = f"doomed-{victim.split()[0]}"
    nanny = start_worker(cluster.address, name, dask_logs, resources="DOOMED=1", nanny=True)
    seen: dict[str, Any] = {}

    async def during(handle: Any) -> None:
        seen["run_id"] = handle.run_id
        for _ in range(600):
            if (handle.run_dir / "forker" / "started.txt").exists() and step_tree_up(handle.run_id):
                break
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("step 'forker' and its grandchildren did not start")
        live = live_of(handle.run_id, set())
        groups = {os.getpgid(pid) for pid in live}
        # the step's group leader is the wrapper bash; its parent is the worker process, the nanny's child
        leader = next(pid for pid, cmd in live.items() if os.getpgid(pid) == pid and "bash" in cmd)
        worker_process = _ppid(leader)
        assert _ppid(worker_process) == nanny.pid, "the step's parent is not the nanny's worker process"
        os.kill(nanny.pid if victim == "nanny" else worker_process, signal.SIGKILL)
        seen["left"] = left_after_kill(handle.run_id, groups, time.monotonic())

    try:
        c = Cluster(cluster.root, cluster.address,
                    extra={"doomed": dask_target("doomed", cluster.address, resources={"DOOMED": 1.0})})
        result = c.run(c.write("p.yml", FORKER), during=during)
        assert seen.get("left") == {}, f"still running 1 s after kill -9 of the {victim}: {seen.get('left')}"
        assert result.steps["forker"].state == "failed"
    finally:
        if "run_id" in seen:
            reap_steps(seen["run_id"])
        stop(nanny)
        wait_for_worker(cluster.address, name, present=False)
