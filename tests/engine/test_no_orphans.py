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
from typing import Any

from proc_helpers import FORKER_COMMAND, left_after_kill, step_tree_up, wait_for

from designer.engine.recovery import reap_steps

FORKER = """
type: pipeline
display_name: forker
jobs:
  forker:
    type: command
    outputs: {out: }
    environment: azureml:x@latest
    command: "COMMAND"
""".replace("COMMAND", FORKER_COMMAND)


def test_kill_9_of_designer_run_ends_every_step_process_within_a_second(designer_exe: list[str],
                                                                         workspace: Path) -> None:
    (workspace / "forker.yml").write_text(FORKER)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_") or k == "DESIGNER_ENVIRONMENTS"}
    runner = subprocess.Popen([*designer_exe, "run", "forker.yml", "--workspace", str(workspace)], cwd=workspace,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    run_id = ""
    try:
        started = wait_for(lambda: next((workspace / ".designer" / "runs").glob("*/forker/started.txt"), None),
                           30, "the step to start")
        run_id = started.parents[1].name
        # Four sleeps (one of them in its own session), two shells: all of them up.
        # The setsid grandchild may be seen before it has left the step's group: wait for that too.
        procs = wait_for(lambda: _with_own_group(step_tree_up(run_id)), 10, "the step's grandchildren")
        groups = {os.getpgid(pid) for pid in procs}
        assert len(groups) >= 2, "the setsid grandchild should be in a group of its own"
        runner.kill()  # SIGKILL: the runner gets no chance to clean up
        killed_at = time.monotonic()
        runner.wait(timeout=10)
        left = left_after_kill(run_id, groups, killed_at)
        assert not left, f"still running {time.monotonic() - killed_at:.2f}s after kill -9 of the runner: {left}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            runner.send_signal(signal.SIGKILL)
        if run_id:
            reap_steps(run_id)  # never leave sleeps behind, even when the test fails


def _with_own_group(procs: Any) -> Any:
    """``procs`` once they span two process groups at least (the setsid one has left), else None."""
    if not procs:
        return None
    try:
        return procs if len({os.getpgid(pid) for pid in procs}) >= 2 else None
    except ProcessLookupError:
        return None
