"""The Dask executor against the Executor / StepProcess protocols, on a real cluster."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import pytest
from dask_helpers import Cluster, dask_target, free_port

from designer.engine.artifacts import StepDirs, prepare_outputs
from designer.engine.executors import Launch
from designer.engine.executors.dask.executor import DaskExecutor, _translate
from designer.errors import RunError
from designer.workspace import ComputeTarget, Settings

pytestmark = pytest.mark.dask
T = TypeVar("T")


def make_launch(c: Cluster, step: str, command: str, *, code: Path | None = None, outputs: tuple[str, ...] = (),
                env: dict[str, str] | None = None) -> Launch:
    dirs = StepDirs(c.runs / "run1" / step)
    prepare_outputs(dirs, {name: "uri_folder" for name in outputs})
    full = dict(os.environ)
    full["PATH"] = os.path.dirname(sys.executable) + os.pathsep + full.get("PATH", "")
    full.update(env or {})
    full["DESIGNER_STEP"] = step
    return Launch("run1", step, command, code or dirs.root, full, dirs.stdout, dirs.stderr)


def launch_on(c: Cluster, target: str, launch: Launch, body: Callable[[DaskExecutor, Launch], Awaitable[T]]) -> T:
    """Run ``body(executor, launch)`` with ``launch`` naming the compute target ``target``."""

    async def go() -> T:
        ex = DaskExecutor(c.settings, c.runs, connect_timeout=3.0)
        try:
            return await body(ex, replace(launch, target=c.settings.compute[target]))
        finally:
            await ex.close()

    return asyncio.run(go())


def test_runs_on_the_gpu_worker_with_logs_outputs_code_and_env(cluster: Cluster) -> None:
    code = cluster.root / "code"
    code.mkdir()
    (code / "main.py").write_text("import os, sys\nprint('hello from', os.environ['DESIGNER_STEP'])\n"
                                  "print('to stderr', file=sys.stderr)\n"
                                  "open(sys.argv[1] + '/v.txt', 'w').write(os.environ['MY_VAR'])\n")
    out = cluster.runs / "run1" / "train" / "outputs" / ".tmp-model"
    launch = make_launch(cluster, "train", f"python main.py {out} && pwd", code=code, outputs=("model",),
                         env={"MY_VAR": "set by the step"})

    async def body(ex: DaskExecutor, launch: Launch) -> tuple[int, str]:
        proc = await ex.start(launch)
        return await proc.wait(), proc.worker

    code_, worker = launch_on(cluster, "gpu", launch, body)
    assert code_ == 0
    assert worker.startswith("gpu (tcp://127.0.0.1:")
    stdout = launch.stdout.read_text()
    assert "hello from train" in stdout
    assert "snapshots" in stdout  # cwd: the unpacked code snapshot on the worker
    assert "to stderr" in launch.stderr.read_text()
    assert (out / "v.txt").read_text() == "set by the step"


def test_exit_code_and_unknown_resource(cluster: Cluster) -> None:
    launch = make_launch(cluster, "bad", "echo failing >&2; exit 7")

    async def body(ex: DaskExecutor, launch: Launch) -> int:
        return await (await ex.start(launch)).wait()

    assert launch_on(cluster, "plain", launch, body) == 7
    assert "failing" in launch.stderr.read_text()

    tpu = make_launch(cluster, "tpu_step", "echo never")
    with pytest.raises(RunError) as info:
        launch_on(cluster, "tpu", tpu, body)
    text = str(info.value)
    assert "step 'tpu_step' needs TPU=1 (compute target 'tpu')" in text
    assert "gpu (tcp://" in text and "GPU=1" in text and cluster.address in text


def test_terminate_and_kill_end_the_remote_process_group(cluster: Cluster) -> None:
    pidfile = cluster.root / "child.pid"
    launch = make_launch(cluster, "long", f"sleep 60 & echo $! > {pidfile}; wait")

    async def body(ex: DaskExecutor, launch: Launch) -> tuple[int, float]:
        proc = await ex.start(launch)
        for _ in range(100):
            if pidfile.exists() and pidfile.read_text().strip():
                break
            await asyncio.sleep(0.05)
        started = time.monotonic()
        proc.terminate()
        code = await asyncio.wait_for(proc.wait(), 10)
        proc.kill()  # safe after the end
        return code, time.monotonic() - started

    code, took = launch_on(cluster, "plain", launch, body)
    assert code == -15
    assert took < 10
    pid = int(pidfile.read_text())
    _gone(pid)

    stubborn = make_launch(cluster, "stubborn", f"trap '' TERM; sleep 60 & echo $! > {pidfile}; wait; wait")
    pidfile.unlink()

    async def kill_it(ex: DaskExecutor, launch: Launch) -> int:
        proc = await ex.start(launch)
        for _ in range(100):
            if pidfile.exists() and pidfile.read_text().strip():
                break
            await asyncio.sleep(0.05)
        proc.terminate()
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(proc.wait(), 1.0)
        proc.kill()
        return await asyncio.wait_for(proc.wait(), 10)

    assert launch_on(cluster, "plain", stubborn, kill_it) == -9
    _gone(int(pidfile.read_text()))


def _gone(pid: int) -> None:
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    raise AssertionError(f"process {pid} is still alive")


def test_unreachable_scheduler_is_named() -> None:
    address = f"tcp://127.0.0.1:{free_port()}"
    settings = Settings("sqlite://", "/tmp/unused", {"local": ComputeTarget("local"),
                                                     "far": dask_target("far", address)})

    async def go() -> None:
        ex = DaskExecutor(settings, "/tmp/unused", connect_timeout=1.0)
        try:
            await ex.check(settings.compute["far"])
        finally:
            await ex.close()

    started = time.monotonic()
    with pytest.raises(RunError) as info:
        asyncio.run(go())
    assert f"cannot reach the Dask scheduler at {address}" in str(info.value)
    assert "compute target 'far'" in str(info.value)
    assert time.monotonic() - started < 15


def test_translate_replaces_whole_paths_only() -> None:
    mapping = {"/data/in": "@W@/inputs/0/in", "/runs/r/s": "@W@"}
    cmd = "cat /data/in/x.csv /data/input2 '/data/in' > /runs/r/s/outputs/.tmp-o/y --m=/data/in"
    assert _translate(cmd, mapping) == (
        "cat @W@/inputs/0/in/x.csv /data/input2 '@W@/inputs/0/in' > @W@/outputs/.tmp-o/y --m=@W@/inputs/0/in")


def test_dask_target_settings_from_toml_and_environment(tmp_path: Path) -> None:
    from designer.errors import ConfigError
    from designer.workspace import load_settings

    (tmp_path / "designer.toml").write_text(
        '[compute.gpu]\nkind = "dask"\naddress = "tcp://10.0.0.5:8786"\nresources = { GPU = 1 }\n'
        'workers = ["gpu-1"]\nretries = 2\n')
    gpu = load_settings(tmp_path, {}).compute["gpu"]
    assert (gpu.kind, gpu.address, gpu.resources, gpu.workers, gpu.retries) == (
        "dask", "tcp://10.0.0.5:8786", {"GPU": 1.0}, ("gpu-1",), 2)
    env = {"DESIGNER_COMPUTE_BIG_ADDRESS": "tcp://h:1", "DESIGNER_COMPUTE_BIG_RESOURCES": "MEM=64,CPU=16",
           "DESIGNER_COMPUTE_BIG_WORKERS": "a, b", "DESIGNER_COMPUTE_BIG_RETRIES": "1"}
    big = load_settings(tmp_path, env).compute["big"]
    assert (big.kind, big.resources, big.workers, big.retries) == ("dask", {"MEM": 64.0, "CPU": 16.0}, ("a", "b"), 1)
    with pytest.raises(ConfigError, match="retries must be a whole number"):
        load_settings(tmp_path, {"DESIGNER_COMPUTE_GPU_RETRIES": "many"})
