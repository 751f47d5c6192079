"""Helpers of the scale-out tests: start and stop Dask processes, and a runner harness over a cluster.

The in-memory sink and cache are the engine's own :mod:`designer.engine.memory`.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

from designer.engine.executors.dask.executor import DaskExecutor
from designer.engine.executors.local import LocalExecutor
from designer.engine.memory import MemoryCache, MemorySink
from designer.engine.runner import Runner, RunResult
from designer.workspace import ComputeTarget, Settings


def dask_cli() -> list[str]:
    exe = Path(sys.executable).with_name("dask")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "dask"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_worker(address: str, name: str, logdir: Path, *, resources: str | None = None,
                 nanny: bool = True, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """Start ``dask worker`` for ``address`` named ``name`` (2 threads) and wait until it has joined.

    ``env`` is added to (or overrides) this process's environment for the worker.
    """
    cmd = [*dask_cli(), "worker", address, "--host", "127.0.0.1", "--nthreads", "2", "--nworkers", "1",
           "--no-dashboard", "--name", name, "--local-directory", str(logdir / f"worker-{name}")]
    if resources:
        cmd += ["--resources", resources]
    if not nanny:
        cmd.append("--no-nanny")
    log = open(logdir / f"worker-{name}.log", "wb")  # noqa: SIM115 - the child keeps it
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                            env={**os.environ, **env} if env else None)
    log.close()
    try:
        wait_for_worker(address, name, present=True)
    except BaseException:
        stop(proc)  # a worker that joined too late must not outlive the session that gave up on it
        raise
    return proc


def worker_names(address: str) -> dict[str, str]:
    """name -> address of the workers the scheduler at ``address`` knows."""
    from distributed import Client

    with Client(address, timeout=10, set_as_default=False) as client:
        info = client.scheduler_info(n_workers=-1)
    return {str(w.get("name")): addr for addr, w in info.get("workers", {}).items()}


def wait_for_worker(address: str, name: str, *, present: bool, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if (name in worker_names(address)) == present:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"worker {name} did not {'join' if present else 'leave'} {address} in {timeout} s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group of ``proc``, SIGKILL after 10 s."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass


# ------------------------------------------------------------------------------------------ harness


def dask_target(name: str, address: str, **kwargs: Any) -> ComputeTarget:
    return ComputeTarget(name, "dask", kwargs.pop("max_parallel", 8), address, **kwargs)


class Cluster:
    """A workspace whose pipelines run on ``local`` and on Dask targets of one scheduler.

    Targets: ``plain`` (pinned to the worker named plain), ``gpu`` (GPU=1), ``tpu`` (TPU=1, which no
    worker has). ``artifact_root`` defaults to the workspace's run folder (a shared folder: every
    worker is on this machine); pass a URL for object-store mode.
    """

    def __init__(self, root: Path, address: str, *, artifact_root: str | None = None,
                 extra: dict[str, ComputeTarget] | None = None) -> None:
        self.root = root
        self.address = address
        self.runs = root / ".designer" / "runs"
        self.settings = Settings(
            db_url=f"sqlite:///{root / 'db'}",
            artifact_root=artifact_root or str(self.runs),
            compute={"local": ComputeTarget("local", "local", 4),
                     "plain": dask_target("plain", address, workers=("plain",)),
                     "gpu": dask_target("gpu", address, resources={"GPU": 1.0}),
                     "tpu": dask_target("tpu", address, resources={"TPU": 1.0}),
                     **(extra or {})},
            heartbeat_s=0.2)
        self.cache = MemoryCache()
        self.sink = MemorySink()

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return path

    def executor(self) -> DaskExecutor:
        return DaskExecutor(self.settings, self.runs, connect_timeout=3.0)

    async def run_async(self, pipeline: Path, *, during: Any = None, **kwargs: Any) -> RunResult:
        """Plan, pre-flight, run: what ``designer run`` does with Dask targets."""
        self.sink = MemorySink()
        dask = self.executor()
        runner = Runner(self.settings, self.runs, self.sink, self.cache,
                        executors={"local": LocalExecutor(), "dask": dask}, grace_s=kwargs.pop("grace_s", 2.0))
        try:
            plan = runner.plan(pipeline)
            await dask.prepare(plan)
            handle = await runner.start(plan, **kwargs)
            if during is not None:
                await during(handle)
            return await handle.wait()
        finally:
            await dask.close()

    def run(self, pipeline: Path, **kwargs: Any) -> RunResult:
        return asyncio.run(self.run_async(pipeline, **kwargs))
