"""``designer run`` and ``designer runs ...`` as a user runs them: real processes, the real store."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from engine_helpers import PIPELINES

SLOW = """
type: pipeline
display_name: slow
jobs:
  quick:
    type: command
    outputs: {out: }
    environment: azureml:x@latest
    command: echo quick > ${{outputs.out}}/value.txt
  long:
    type: command
    inputs:
      x: ${{parent.jobs.quick.outputs.out}}
    outputs: {out: }
    environment: azureml:x@latest
    command: echo $$ > ${{outputs.out}}/../../pid.txt; sleep 60; echo late > ${{outputs.out}}/value.txt
"""


def cli(exe: list[str], ws: Path, *args: str, check: bool = False, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_") or k == "DESIGNER_ENVIRONMENTS"}
    proc = subprocess.run([*exe, *args, "--workspace", str(ws)], capture_output=True, text=True, cwd=ws, env=env,
                          timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"{args} exited {proc.returncode}: {proc.stderr}")
    return proc


def start(exe: list[str], ws: Path, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_") or k == "DESIGNER_ENVIRONMENTS"}
    return subprocess.Popen([*exe, *args, "--workspace", str(ws)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=ws, env=env)


def runs(exe: list[str], ws: Path) -> list[dict[str, Any]]:
    return json.loads(cli(exe, ws, "runs", "list", "--json", check=True).stdout)["runs"]


def wait_for(predicate: Any, timeout: float = 20, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def running_step_pid(ws: Path) -> tuple[str, int]:
    def find() -> tuple[str, int] | None:
        for pid_file in (ws / ".designer" / "runs").glob("*/long/pid.txt"):
            text = pid_file.read_text().strip()
            if text:
                return pid_file.parents[1].name, int(text)
        return None

    return wait_for(find, what="the long step to start")


def gone(pid: int, within: float = 10) -> bool:
    def dead() -> bool:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except OSError:
            return True
        return state == "Z"

    try:
        wait_for(dead, within, "the process to end")
    except AssertionError:
        return False
    return True


@pytest.fixture
def diamond(workspace: Path) -> Path:
    shutil.copytree(PIPELINES / "toy", workspace / "toy")
    return workspace / "toy" / "diamond.yml"


def test_run_json_shape_and_exit_codes(designer_exe: list[str], workspace: Path, diamond: Path) -> None:
    ok = cli(designer_exe, workspace, "run", str(diamond), "--json")
    assert ok.returncode == 0, ok.stderr
    data = json.loads(ok.stdout)  # stdout holds only the JSON object
    assert set(data) == {"run_id", "status", "steps"}
    assert data["status"] == "completed"
    assert set(data["steps"]) == {"top", "left", "right", "bottom"}
    for step in data["steps"].values():
        assert set(step) == {"status", "reused_from", "duration_s", "outputs"}
        assert step["status"] == "completed" and step["reused_from"] is None
        assert all(Path(p).is_absolute() and Path(p).exists() for p in step["outputs"].values())

    failed = cli(designer_exe, workspace, "run", str(diamond), "--json", "--set", "fail_left=true")
    assert failed.returncode == 1
    data2 = json.loads(failed.stdout)
    assert data2["status"] == "failed"
    assert data2["steps"]["top"] == {**data["steps"]["top"], "status": "cached", "reused_from": data["run_id"],
                                     "duration_s": data2["steps"]["top"]["duration_s"]}
    assert "step 'left' failed" in data2["error"] and "asked to fail" in data2["error"]

    shown = json.loads(cli(designer_exe, workspace, "runs", "show", data2["run_id"], "--json", check=True).stdout)
    assert shown["status"] == "failed" and shown["steps"]["left"]["status"] == "failed"
    listed = runs(designer_exe, workspace)
    assert [r["run_id"] for r in listed] == [data2["run_id"], data["run_id"]]
    logs = cli(designer_exe, workspace, "runs", "logs", data2["run_id"], "left", check=True)
    assert "asked to fail" in logs.stderr


def test_invalid_input_exits_2_with_located_problems(designer_exe: list[str], workspace: Path, diamond: Path) -> None:
    bad = workspace / "bad.yml"
    bad.write_text("type: pipeline\njobs:\n  a:\n    component: ./nope.yml\n")
    proc = cli(designer_exe, workspace, "run", str(bad), "--json")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert f"{bad}:4:" in proc.stderr and "Traceback" not in proc.stderr
    unknown = cli(designer_exe, workspace, "run", str(diamond), "--set", "top_lable=x")
    assert unknown.returncode == 2
    assert "did you mean 'top_label'" in unknown.stderr and "Traceback" not in unknown.stderr
    typed = cli(designer_exe, workspace, "run", str(diamond), "--set", "sleep=soon")
    assert typed.returncode == 2 and "expected a number" in typed.stderr


def test_sigint_cancels_the_run(designer_exe: list[str], workspace: Path) -> None:
    (workspace / "slow.yml").write_text(SLOW)
    proc = start(designer_exe, workspace, "run", "slow.yml", "--json")
    run_id, pid = running_step_pid(workspace)
    proc.send_signal(signal.SIGINT)
    stdout, _ = proc.communicate(timeout=30)
    assert proc.returncode == 1
    data = json.loads(stdout)
    assert data["run_id"] == run_id and data["status"] == "canceled"
    assert data["steps"] == {"quick": data["steps"]["quick"], "long": {**data["steps"]["long"], "status": "canceled"}}
    assert gone(pid)
    assert runs(designer_exe, workspace)[0]["status"] == "canceled"


def test_runs_cancel_from_another_process(designer_exe: list[str], workspace: Path) -> None:
    (workspace / "slow.yml").write_text(SLOW)
    proc = start(designer_exe, workspace, "run", "slow.yml", "--json")
    run_id, pid = running_step_pid(workspace)
    asked = cli(designer_exe, workspace, "runs", "cancel", run_id, check=True)
    assert "cancel requested" in asked.stdout
    stdout, _ = proc.communicate(timeout=30)
    assert proc.returncode == 1 and json.loads(stdout)["status"] == "canceled"
    assert gone(pid)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"  # a zombie has ended
    except OSError:
        return False


def test_kill_9_then_recovery_reuses_completed_steps(designer_exe: list[str], workspace: Path) -> None:
    (workspace / "slow.yml").write_text(SLOW)
    proc = start(designer_exe, workspace, "run", "slow.yml")
    run_id, pid = running_step_pid(workspace)
    # The store writes a few milliseconds behind the runner: kill it once 'quick' is on record.
    wait_for(lambda: json.loads(cli(designer_exe, workspace, "runs", "show", run_id, "--json", check=True).stdout)
             ["steps"]["quick"]["status"] == "completed", what="'quick' recorded as completed")
    proc.kill()
    proc.wait(timeout=10)
    try:
        listed = runs(designer_exe, workspace)  # opening the workspace recovers the dead run
        assert listed[0]["run_id"] == run_id and listed[0]["status"] == "interrupted"
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(pid), "recovery left the dead runner's step running"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
    shown = json.loads(cli(designer_exe, workspace, "runs", "show", run_id, "--json", check=True).stdout)
    assert shown["steps"]["quick"]["status"] == "completed" and shown["steps"]["long"]["status"] == "canceled"
    (workspace / "slow.yml").write_text(SLOW.replace("sleep 60", "sleep 0"))
    again = cli(designer_exe, workspace, "run", "slow.yml", "--json")
    assert again.returncode == 0, again.stderr
    steps = json.loads(again.stdout)["steps"]
    assert steps["quick"]["status"] == "cached" and steps["quick"]["reused_from"] == run_id
    assert steps["long"]["status"] == "completed"


def test_two_concurrent_runs_on_one_workspace(designer_exe: list[str], workspace: Path, diamond: Path) -> None:
    procs = [start(designer_exe, workspace, "run", str(diamond), "--json", "--set", f"sleep={0.3 + i / 10}")
             for i in range(2)]
    outs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1] for o in outs]
    ids = {json.loads(o[0])["run_id"] for o in outs}
    assert len(ids) == 2
    listed = runs(designer_exe, workspace)
    assert {r["run_id"] for r in listed} == ids and all(r["status"] == "completed" for r in listed)
    third = json.loads(cli(designer_exe, workspace, "run", str(diamond), "--json", "--set", "sleep=0.3").stdout)
    assert {s["status"] for s in third["steps"].values()} == {"cached"}


def test_run_does_not_import_nicegui(workspace: Path, diamond: Path) -> None:
    code = ("import sys; from designer.cli import main; sys.argv = ['designer', 'run', sys.argv[1], '--json', "
            "'--workspace', sys.argv[2]];\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
            "assert 'nicegui' not in sys.modules, 'nicegui imported'")
    proc = subprocess.run([sys.executable, "-c", code, str(diamond), str(workspace)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
