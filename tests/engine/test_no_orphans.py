"""No process outlives its run: a runner killed with ``kill -9`` takes its steps with it at once.

Real processes throughout: ``designer run`` as a subprocess, a step that leaves grandchildren behind
(in its group, in a nested shell, and one that left the group with ``setsid``), ``kill -9`` of the
runner, then ``/proc`` within one second with nothing else run in between.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

from designer.engine.recovery import reap_steps

FORKER = """
type: pipeline
display_name: forker
jobs:
  forker:
    type: command
    outputs: {out: }
    environment: azureml:x@latest
    command: >-
      sleep 1000 & setsid sleep 1000 & bash -c 'sleep 1000 & sleep 1000' &
      echo started > ${{outputs.out}}/../../started.txt; wait
"""


def _state(pid: int) -> str | None:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[-1].split()[0]
    except OSError:
        return None


def _live_of(run_id: str, groups: set[int]) -> dict[int, str]:
    """Live (not zombie) processes carrying ``run_id`` or in one of ``groups``: pid -> command line."""
    marker = f"DESIGNER_RUN_ID={run_id}".encode()
    found: dict[int, str] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        pid = int(name)
        try:
            with open(f"/proc/{pid}/environ", "rb") as fh:
                env = fh.read().split(b"\0")
            pgid = os.getpgid(pid)
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                cmd = fh.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if (marker in env or pgid in groups) and _state(pid) not in (None, "Z"):
            found[pid] = cmd
    return found


def _wait_for(predicate, timeout: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def test_kill_9_of_designer_run_ends_every_step_process_within_a_second(designer_exe: list[str],
                                                                         workspace: Path) -> None:
    (workspace / "forker.yml").write_text(FORKER)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_")}
    runner = subprocess.Popen([*designer_exe, "run", "forker.yml", "--workspace", str(workspace)], cwd=workspace,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    run_id = ""
    try:
        started = _wait_for(lambda: next((workspace / ".designer" / "runs").glob("*/forker/started.txt"), None),
                            30, "the step to start")
        run_id = started.parents[1].name
        # Four sleeps (one of them in its own session), two shells: all of them up.

        def all_up() -> dict[int, str] | None:
            found = _live_of(run_id, set())
            return found if sum("sleep 1000" in c for c in found.values()) >= 4 else None

        procs = _wait_for(all_up, 10, "the step's grandchildren")
        groups = {os.getpgid(pid) for pid in procs}
        assert len(groups) >= 2, "the setsid grandchild should be in a group of its own"
        runner.kill()  # SIGKILL: the runner gets no chance to clean up
        killed_at = time.monotonic()
        runner.wait(timeout=10)
        left = _live_of(run_id, groups)
        while left and time.monotonic() - killed_at < 1.0:
            time.sleep(0.01)
            left = _live_of(run_id, groups)
        assert not left, f"still running {time.monotonic() - killed_at:.2f}s after kill -9 of the runner: {left}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            runner.send_signal(signal.SIGKILL)
        if run_id:
            reap_steps(run_id)  # never leave sleeps behind, even when the test fails
