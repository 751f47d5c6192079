"""Pipelines whose steps run on local processes and on Dask workers, through the real runner."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from dask_helpers import Cluster, dask_target, free_port, start_worker, stop, wait_for_worker

from designer.engine.events import MetricLogged, RunStarted
from designer.engine.runner import RunResult
from designer.errors import RunError

pytestmark = pytest.mark.dask

MIXED = """
    type: pipeline
    settings:
      default_compute: azureml:local
    jobs:
      prep:
        type: command
        outputs: {data: }
        environment: azureml:x@latest
        command: echo raw > ${{outputs.data}}/v.txt
      clean:
        type: command
        compute: azureml:plain
        inputs:
          x: ${{parent.jobs.prep.outputs.data}}
        outputs: {data: }
        environment: azureml:x@latest
        command: >-
          cat ${{inputs.x}}/v.txt > ${{outputs.data}}/v.txt && echo cleaned >> ${{outputs.data}}/v.txt
          && echo "clean ran in $(pwd)" && echo '{"name": "rows", "value": 3}' >> "$DESIGNER_METRICS"
      train:
        type: command
        compute: gpu
        code: ./src
        inputs:
          x: ${{parent.jobs.clean.outputs.data}}
        outputs: {model: {type: uri_file}}
        environment: azureml:x@latest
        environment_variables: {TRAIN_SLEEP: "0"}
        command: python train.py ${{inputs.x}} ${{outputs.model}}
      report:
        type: command
        compute: local
        inputs:
          m: {type: uri_file, path: "${{parent.jobs.train.outputs.model}}"}
        outputs: {out: }
        environment: azureml:x@latest
        command: cat ${{inputs.m}} > ${{outputs.out}}/report.txt && echo reported >> ${{outputs.out}}/report.txt
"""

TRAIN = """
    import sys, time
    print("training on", sys.argv[1], flush=True)
    time.sleep(float(__import__("os").environ.get("TRAIN_SLEEP", "0")))
    print("still training", flush=True)
    with open(sys.argv[1] + "/v.txt") as src, open(sys.argv[2], "w") as dst:
        dst.write(src.read() + "trained\\n")
"""


def mixed(c: Cluster) -> Path:
    c.write("src/train.py", TRAIN)
    return c.write("mixed.yml", MIXED)


def workers_of(c: Cluster) -> dict[str, str]:
    """step -> the worker its 'running' event named."""
    return {step: ev.worker or "" for step in ("prep", "clean", "train", "report")
            for ev in c.sink.changes(step) if ev.state == "running"}


def test_steps_run_where_they_name_outputs_flow_and_a_rerun_reuses_everything(cluster: Cluster) -> None:
    path = mixed(cluster)
    result = cluster.run(path)
    assert result.state == "completed", result.error
    where = workers_of(cluster)
    assert where["prep"].startswith("local:") and where["report"].startswith("local:")
    assert where["clean"].startswith("plain (tcp://127.0.0.1:")
    assert where["train"].startswith("gpu (tcp://127.0.0.1:")
    assert result.steps["train"].worker == where["train"]
    report = Path(result.steps["report"].outputs["out"]) / "report.txt"
    assert report.read_text() == "raw\ncleaned\ntrained\nreported\n"
    logs = result.run_dir / "train" / "logs" / "stdout.txt"
    assert "training on" in logs.read_text()
    assert any(isinstance(e, MetricLogged) and e.step == "clean" and e.value == 3 for e in cluster.sink.events)

    again = cluster.run(path)
    assert again.state == "completed"
    assert {n: r.state for n, r in again.steps.items()} == dict.fromkeys(("prep", "clean", "train", "report"), "cached")
    assert again.steps["train"].reused_from == result.run_id


def test_reuse_crosses_compute_targets(cluster: Cluster) -> None:
    path = mixed(cluster)
    first = cluster.run(path)
    assert first.state == "completed"
    # the same steps moved to other targets are still the same steps
    moved = path.read_text().replace("compute: azureml:plain", "compute: gpu").replace("compute: gpu\n        code",
                                                                                        "compute: local\n        code")
    path.write_text(moved)
    second = cluster.run(path)
    assert {n: r.state for n, r in second.steps.items()} == dict.fromkeys(("prep", "clean", "train", "report"), "cached")


def test_a_resource_no_worker_has_fails_that_step_clearly(cluster: Cluster) -> None:
    path = cluster.write("p.yml", """
        type: pipeline
        settings: {default_compute: local, continue_on_step_failure: true}
        jobs:
          fine:
            type: command
            compute: plain
            outputs: {out: }
            environment: azureml:x@latest
            command: echo ok > ${{outputs.out}}/v.txt
          tensor:
            type: command
            compute: azureml:tpu
            outputs: {out: }
            environment: azureml:x@latest
            command: echo never > ${{outputs.out}}/v.txt
    """)
    started = time.monotonic()
    result = cluster.run(path)
    assert time.monotonic() - started < 30
    assert result.state == "failed"
    assert result.steps["fine"].state == "completed"
    step = result.steps["tensor"]
    assert step.state == "failed"
    assert step.message is not None
    assert "needs TPU=1 (compute target 'tpu')" in step.message
    assert cluster.address in step.message and "GPU=1" in step.message
    assert "needs TPU=1" in (result.error or "")


def test_an_unreachable_scheduler_fails_before_any_step_starts(cluster: Cluster) -> None:
    far = f"tcp://127.0.0.1:{free_port()}"
    c = Cluster(cluster.root, cluster.address, extra={"far": dask_target("far", far)})
    path = c.write("p.yml", """
        type: pipeline
        jobs:
          first:
            type: command
            compute: local
            outputs: {out: }
            environment: azureml:x@latest
            command: echo ran > ${{outputs.out}}/v.txt
          remote:
            type: command
            compute: azureml:far
            inputs: {x: "${{parent.jobs.first.outputs.out}}"}
            environment: azureml:x@latest
            command: cat ${{inputs.x}}/v.txt
    """)
    with pytest.raises(RunError) as info:
        c.run(path)
    assert f"cannot reach the Dask scheduler at {far}" in str(info.value)
    assert "compute target 'far'" in str(info.value)
    assert not [e for e in c.sink.events if isinstance(e, RunStarted)]
    assert not c.runs.exists() or not any(c.runs.iterdir())


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _wait_gone(pid: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while _pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _pid_alive(pid), f"step process {pid} outlived its worker"


LONG = """
    type: pipeline
    settings: {default_compute: local, continue_on_step_failure: true}
    jobs:
      first:
        type: command
        outputs: {out: }
        environment: azureml:x@latest
        command: echo kept > ${{outputs.out}}/v.txt
      long:
        type: command
        compute: doomed
        inputs: {x: "${{parent.jobs.first.outputs.out}}"}
        outputs: {out: }
        environment: azureml:x@latest
        PROPS
        command: >-
          echo "attempt on $DESIGNER_STEP" && cat ${{inputs.x}}/v.txt > ${{outputs.out}}/v.txt
          && cd ${{outputs.out}}/../.. && if [ ! -e first-attempt ]; then touch first-attempt;
          sleep 60 & echo $! > child.pid; wait; fi
"""


def run_and_kill_a_worker(cluster: Cluster, logdir: Path, names: tuple[str, ...], props: str = "") -> tuple[RunResult, str]:
    """Start workers ``names`` (DOOMED=1, no nanny), run LONG on them and SIGKILL the worker running
    step 'long' once it runs; return the result and the address of the killed worker."""
    procs = {n: start_worker(cluster.address, n, logdir, resources="DOOMED=1", nanny=False) for n in names}
    killed: list[str] = []

    async def during(handle: Any) -> None:
        pidfile = handle.run_dir / "long" / "child.pid"
        for _ in range(400):
            if handle.steps["long"].state == "running" and pidfile.exists() and pidfile.read_text().strip():
                break
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("step 'long' did not start")
        worker = handle.steps["long"].worker or ""
        os.kill(procs[worker.split(" ", 1)[0]].pid, signal.SIGKILL)
        killed.append(worker.split("(", 1)[1].rstrip(")"))

    try:
        c = Cluster(cluster.root, cluster.address,
                    extra={"doomed": dask_target("doomed", cluster.address, resources={"DOOMED": 1.0})})
        path = c.write("p.yml", LONG.replace("PROPS", props))
        started = time.monotonic()
        result = c.run(path, during=during)
        assert time.monotonic() - started < 30
        # whatever happened, the step's process did not outlive the worker it ran on
        _wait_gone(int((result.run_dir / "long" / "child.pid").read_text()))
        return result, killed[0]
    finally:
        for name, proc in procs.items():
            stop(proc)
            wait_for_worker(cluster.address, name, present=False)


def test_a_worker_that_dies_mid_step_fails_that_step_cleanly(cluster: Cluster, dask_logs: Path) -> None:
    result, address = run_and_kill_a_worker(cluster, dask_logs, ("doomed-1",))
    step = result.steps["long"]
    assert step.state == "failed"
    assert step.message == f"worker {address} died while running step 'long'"
    assert result.state == "failed"
    assert "died while running step 'long'" in (result.error or "")
    # nothing already completed is lost
    assert result.steps["first"].state == "completed"
    assert (Path(result.steps["first"].outputs["out"]) / "v.txt").read_text() == "kept\n"
    assert not (result.run_dir / "long" / "outputs" / "out").exists()


def test_a_retry_with_no_worker_left_fails_clearly(cluster: Cluster, dask_logs: Path) -> None:
    result, address = run_and_kill_a_worker(cluster, dask_logs, ("doomed-2",), 'properties: {retries: "3"}')
    step = result.steps["long"]
    assert step.state == "failed"
    assert step.message is not None
    assert step.message.startswith(f"worker {address} died while running step 'long', and no other worker")
    assert "offers DOOMED=1 (compute target 'doomed')" in step.message


def test_a_step_with_retries_runs_again_on_another_worker(cluster: Cluster, dask_logs: Path) -> None:
    names = ("retry-a", "retry-b")
    result, address = run_and_kill_a_worker(cluster, dask_logs, names, 'properties: {retries: "1"}')
    step = result.steps["long"]
    assert step.state == "completed", step.message
    # the result names the worker that finished the step: the one that did not die
    assert step.worker is not None and address not in step.worker
    other = next(n for n in names if step.worker.startswith(n))
    stderr = (result.run_dir / "long" / "logs" / "stderr.txt").read_text()
    assert f"worker {address} died while running step 'long'; running it again (attempt 2 of 2)" in stderr
    assert f"step 'long' now runs on {other} (tcp://" in stderr
    assert (result.run_dir / "long" / "logs" / "stdout.txt").read_text().count("attempt on long") == 2
    assert (Path(step.outputs["out"]) / "v.txt").read_text() == "kept\n"


def test_object_store_stages_inputs_streams_logs_and_commits_outputs(cluster: Cluster, tmp_path: Path) -> None:
    store = tmp_path / "store"
    c = Cluster(cluster.root, cluster.address, artifact_root=f"local://{store}")
    path = mixed(c)
    seen_live: list[str] = []

    async def during(handle: Any) -> None:
        log = handle.run_dir / "train" / "logs" / "stdout.txt"
        for _ in range(400):
            text = log.read_text() if log.exists() else ""
            if "training on" in text:
                seen_live.append(handle.steps["train"].state)
                return
            await asyncio.sleep(0.025)

    path.write_text(path.read_text().replace('TRAIN_SLEEP: "0"', 'TRAIN_SLEEP: "1.5"'))
    result = c.run(path, during=during)
    assert result.state == "completed", result.error
    assert seen_live == ["running"]  # the log arrived while the step still ran
    assert (Path(result.steps["report"].outputs["out"]) / "report.txt").read_text() == "raw\ncleaned\ntrained\nreported\n"
    stdout = (result.run_dir / "clean" / "logs" / "stdout.txt").read_text()
    assert "clean ran in" in stdout and str(result.run_dir) not in stdout  # a scratch folder on the worker
    assert any(isinstance(e, MetricLogged) and e.step == "clean" and e.value == 3 for e in c.sink.events)
    markers = sorted(p.relative_to(store).as_posix() for p in (store / ".markers").rglob("*.json"))
    assert markers == [f".markers/{result.run_id}/clean/outputs/data.json",
                       f".markers/{result.run_id}/prep/outputs/data.json",
                       f".markers/{result.run_id}/train/outputs/model.json"]
    record = json.loads((store / markers[2]).read_text())
    assert record["kind"] == "dir" and record["files"] == [["model", len("raw\ncleaned\ntrained\n")]]

    again = c.run(path)
    assert {n: r.state for n, r in again.steps.items()} == dict.fromkeys(("prep", "clean", "train", "report"), "cached")


def test_timeout_and_cancel_stop_remote_steps(cluster: Cluster) -> None:
    path = cluster.write("p.yml", """
        type: pipeline
        jobs:
          slow:
            type: command
            compute: plain
            outputs: {out: }
            environment: azureml:x@latest
            limits: {timeout: 1}
            command: sleep 30 & echo $! > ${{outputs.out}}/../../child.pid; wait
    """)
    started = time.monotonic()
    result = cluster.run(path)
    assert time.monotonic() - started < 30
    step = result.steps["slow"]
    assert step.state == "failed" and step.message is not None and "timed out after 1 s" in step.message
    _wait_gone(int((result.run_dir / "slow" / "child.pid").read_text()))

    path.write_text(path.read_text().replace("limits: {timeout: 1}", "limits: {timeout: 60}"))

    async def cancel_when_running(handle: Any) -> None:
        pidfile = handle.run_dir / "slow" / "child.pid"
        for _ in range(400):
            if handle.steps["slow"].state == "running" and pidfile.exists() and pidfile.read_text().strip():
                break
            await asyncio.sleep(0.05)
        handle.cancel()

    started = time.monotonic()
    result = cluster.run(path, during=cancel_when_running)
    assert time.monotonic() - started < 30
    assert result.state == "canceled" and result.steps["slow"].state == "canceled"
    _wait_gone(int((result.run_dir / "slow" / "child.pid").read_text()))
