"""Benchmark of steps on Dask vs local processes, printed as a table (a script, not a timed test).

    python tests/bench/bench_dask.py [--quick]     (it reuses bench_runner.py from the same folder)

Uses the scheduler named by ``DESIGNER_TEST_DASK`` (it needs a worker named ``plain``), else starts a
scheduler and one worker (``plain``, 2 threads) on loopback and stops them at the end.

- the spawn floor (``python -c pass`` spawned one by one) and the Dask floor (a trivial
  ``client.submit`` round trip, one at a time);
- per step, a chain of trivial steps through the engine: on ``local``, on a Dask worker with a shared
  folder, and on a Dask worker with an fsspec store (``local://``: inputs staged, outputs uploaded);
- the same chain on the Dask worker in build mode, each step in an environment the worker built
  (built once before timing: what a cached environment costs a step on a worker);
- a 1+N+1 fan on the Dask worker;
- the pre-flight (connect, list workers, storage probe) of a fresh executor.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_runner import spawn_one_by_one, write_chain, write_fan

from designer.engine.executors.dask.executor import DaskExecutor
from designer.engine.executors.local import LocalExecutor
from designer.engine.memory import MemoryCache, MemorySink
from designer.engine.runner import Runner
from designer.workspace import ComputeTarget, Settings

# This measures the runner, not environments (bench_environments.py does): steps use the designer's
# own interpreter.
os.environ.setdefault("DESIGNER_ENVIRONMENTS", "current")


def on_target(path: Path, compute: str) -> Path:
    """A bench_runner pipeline moved to the compute target ``compute``."""
    path.write_text(path.read_text().replace("azureml:serverless", f"azureml:{compute}"))
    return path


def settings_for(root: Path, address: str, artifact_root: str | None = None) -> Settings:
    return Settings(db_url="sqlite://", artifact_root=artifact_root or str(root / ".designer" / "runs"),
                    compute={"local": ComputeTarget("local", "local", os.cpu_count() or 1),
                             "plain": ComputeTarget("plain", "dask", 64, address, workers=("plain",))})


async def engine_run(root: Path, pipeline: Path, address: str, artifact_root: str | None = None) -> float:
    """Seconds for a forced run of ``pipeline``, pre-flight excluded (the executor is warmed first)."""
    settings = settings_for(root, address, artifact_root)
    runs = root / ".designer" / "runs"
    dask = DaskExecutor(settings, runs)
    try:
        runner = Runner(settings, runs, MemorySink(), MemoryCache(), executors={"local": LocalExecutor(), "dask": dask})
        plan = runner.plan(pipeline, force_rerun=True)
        await dask.prepare(plan)
        start = time.perf_counter()
        result = await runner.run(plan)
        took = time.perf_counter() - start
        assert result.state == "completed", result.error
        return took
    finally:
        await dask.close()


async def preflight(root: Path, address: str) -> float:
    settings = settings_for(root, address)
    dask = DaskExecutor(settings, root / ".designer" / "runs")
    try:
        start = time.perf_counter()
        await dask.check(settings.compute["plain"])
        return time.perf_counter() - start
    finally:
        await dask.close()


async def dask_floor(address: str, n: int) -> float:
    """Seconds per trivial task submitted and awaited one at a time."""
    from distributed import Client

    async with Client(address, asynchronous=True, set_as_default=False) as client:
        await client.submit(abs, -1, pure=False)
        start = time.perf_counter()
        for i in range(n):
            await client.submit(abs, -i, pure=False)
        return (time.perf_counter() - start) / n


def start_cluster(tmp: Path) -> tuple[str, list[subprocess.Popen[bytes]]]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dask = [str(Path(sys.executable).with_name("dask"))]
    address = f"tcp://127.0.0.1:{port}"
    log = open(tmp / "cluster.log", "wb")  # noqa: SIM115 - the children keep it
    procs = [subprocess.Popen([*dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)]
    procs.append(subprocess.Popen([*dask, "worker", address, "--host", "127.0.0.1", "--nthreads", "2",
                                   "--no-dashboard", "--name", "plain", "--local-directory", str(tmp / "worker")],
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
    log.close()
    from distributed import Client

    with Client(address, timeout=30, set_as_default=False) as client:
        client.wait_for_workers(1, timeout=30)
    return address, procs


def main() -> None:
    quick = "--quick" in sys.argv
    chain_n, fan_w, repeat = (10, 20, 2) if quick else (30, 60, 3)
    tmp = Path(tempfile.mkdtemp(prefix="designer-bench-dask-"))
    procs: list[subprocess.Popen[bytes]] = []
    rows: list[tuple[str, str, str, str]] = []
    try:
        address = os.environ.get("DESIGNER_TEST_DASK") or ""
        os.environ.setdefault("DESIGNER_ENV_CACHE", str(tmp / "envs"))  # a worker started here builds there
        if not address:
            address, procs = start_cluster(tmp)
        spawn = statistics.median(spawn_one_by_one(20) / 20 for _ in range(repeat))
        rows.append(("spawn floor: python -c pass, one by one", f"{spawn * 1000:.1f} ms", "1.00x", ""))
        floor = min(asyncio.run(dask_floor(address, 50)) for _ in range(repeat))
        rows.append(("Dask floor: trivial task round trip, one by one", f"{floor * 1000:.1f} ms",
                     f"{floor / spawn:.2f}x", "scheduler + worker, no process"))

        def chain(label: str, compute: str, artifact_root: str | None = None) -> float:
            ws = tmp / f"chain-{label}"
            ws.mkdir()
            path = on_target(write_chain(ws / "chain.yml", chain_n), compute)
            per = min(asyncio.run(engine_run(ws, path, address, artifact_root)) / chain_n for _ in range(repeat))
            return per

        local = chain("local", "local")
        rows.append((f"per step, {chain_n}-step chain on local", f"{local * 1000:.1f} ms", f"{local / spawn:.2f}x",
                     f"overhead {(local - spawn) * 1000:.1f} ms"))
        shared = chain("shared", "plain")
        rows.append((f"per step, {chain_n}-step chain on Dask (shared folder)", f"{shared * 1000:.1f} ms",
                     f"{shared / spawn:.2f}x", f"overhead {(shared - spawn) * 1000:.1f} ms, "
                                               f"{(shared - local) * 1000:.1f} ms over local"))
        os.environ["DESIGNER_ENVIRONMENTS"] = "build"
        try:
            ws = tmp / "chain-env"
            ws.mkdir()
            (ws / "env.yml").write_text(f"dependencies:\n  - python={sys.version_info[0]}.{sys.version_info[1]}\n")
            path = on_target(write_chain(ws / "chain.yml", chain_n), "plain")
            path.write_text(path.read_text().replace("environment: azureml:x@latest", "environment: {conda_file: ./env.yml}"))
            asyncio.run(engine_run(ws, path, address))  # the worker builds it here, once
            built = min(asyncio.run(engine_run(ws, path, address)) / chain_n for _ in range(repeat))
        finally:
            os.environ["DESIGNER_ENVIRONMENTS"] = "current"
        rows.append((f"per step, {chain_n}-step chain on Dask, environment built by the worker (cached)",
                     f"{built * 1000:.1f} ms", f"{built / spawn:.2f}x",
                     f"{(built - shared) * 1000:+.1f} ms vs the worker's own interpreter"))
        store = chain("store", "plain", f"local://{tmp / 'store'}")
        rows.append((f"per step, {chain_n}-step chain on Dask (fsspec store)", f"{store * 1000:.1f} ms",
                     f"{store / spawn:.2f}x", f"overhead {(store - spawn) * 1000:.1f} ms, staging + upload"))

        ws = tmp / "fan"
        ws.mkdir()
        fan = on_target(write_fan(ws / "fan.yml", fan_w), "plain")
        fan_t = min(asyncio.run(engine_run(ws, fan, address)) for _ in range(repeat))
        serial = spawn * (fan_w + 2)
        rows.append((f"1+{fan_w}+1 fan on one Dask worker (2 threads)", f"{fan_t:.3f} s", f"{fan_t / serial:.2f}x",
                     f"vs {serial:.3f} s spawning one by one"))
        pre = min(asyncio.run(preflight(tmp, address)) for _ in range(repeat))
        rows.append(("pre-flight of a fresh executor (connect, workers, probe)", f"{pre * 1000:.0f} ms", "", ""))
    finally:
        for proc in reversed(procs):
            with contextlib.suppress(ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>10}  {'vs spawn':>8}  note")
    for name, value, ratio, note in rows:
        print(f"{name:<{width}}  {value:>10}  {ratio:>8}  {note}")
    print(f"\n{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} (other work on the machine inflates figures)")


if __name__ == "__main__":
    main()
