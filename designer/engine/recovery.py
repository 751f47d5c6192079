"""Recovery after a runner died: close its runs and end the step processes it left behind.

Each local step runs in its own process group, so a runner killed with ``kill -9`` leaves its
running steps behind. When a run is found dead (the store marks it ``interrupted``), the process
groups of its steps on this machine are ended too: they are found by the ``DESIGNER_RUN_ID`` every
step process carries, so nothing else is ever touched.
"""

from __future__ import annotations

import contextlib
import os
import signal
from typing import Protocol


class RunLedger(Protocol):
    """What recovery needs of the run store."""

    def mark_interrupted(self, stale_after_s: float) -> list[str]:
        """Mark dead runs ``interrupted``; return their ids."""
        ...


def _environ(pid: int) -> list[bytes]:
    try:
        with open(f"/proc/{pid}/environ", "rb") as fh:
            return fh.read().split(b"\0")
    except OSError:  # gone, or not ours to read
        return []


def reap_steps(run_id: str) -> list[int]:
    """SIGKILL the process groups on this machine whose processes carry ``run_id``'s step environment.

    The step processes are found by their ``DESIGNER_RUN_ID`` (not by recorded process ids, which a
    runner killed at the wrong moment may not have written yet). Returns the process groups ended.
    """
    marker = f"DESIGNER_RUN_ID={run_id}".encode()
    me = os.getpgrp()
    groups: set[int] = set()
    try:
        pids = [int(name) for name in os.listdir("/proc") if name.isdigit()]
    except OSError:  # no /proc: nothing to find
        return []
    for pid in pids:
        if marker in _environ(pid):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                groups.add(os.getpgid(pid))
    ended: list[int] = []
    for group in sorted(groups - {me, 0, 1}):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(group, signal.SIGKILL)
            ended.append(group)
    return ended


def recover(ledger: RunLedger, stale_after_s: float) -> list[str]:
    """Mark runs whose runner died as ``interrupted`` and end their leftover step processes.

    Returns the ids of the runs closed now. Every entry point that opens a workspace calls this.
    """
    closed = ledger.mark_interrupted(stale_after_s)
    for run_id in closed:
        reap_steps(run_id)
    return closed
