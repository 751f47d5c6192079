"""Reading ``/proc`` in tests: which processes of a run are still alive (zombies have ended)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# A step command that leaves four `sleep 1000` behind: two in its group, one in a nested shell, one
# in a session of its own (setsid); it writes started.txt next to its outputs folder when launched.
FORKER_COMMAND = ("sleep 1000 & setsid sleep 1000 & bash -c 'sleep 1000 & sleep 1000' & "
                  "echo started > ${{outputs.out}}/../../started.txt; wait")


def state(pid: int) -> str | None:
    """The one-letter state of ``pid`` (``Z`` for a zombie), or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[-1].split()[0]
    except OSError:
        return None


def live_of(run_id: str, groups: set[int]) -> dict[int, str]:
    """Live processes carrying ``run_id`` as DESIGNER_RUN_ID or in one of ``groups``: pid -> command line."""
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
        if (marker in env or pgid in groups) and state(pid) not in (None, "Z"):
            found[pid] = cmd
    return found


def wait_for(predicate: Callable[[], T | None], timeout: float, what: str) -> T:
    """Poll ``predicate`` every 20 ms until it returns something truthy; raise after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def step_tree_up(run_id: str, sleeps: int = 4) -> dict[int, str] | None:
    """The run's processes once ``sleeps`` ``sleep 1000`` grandchildren are up, else None."""
    found = live_of(run_id, set())
    return found if sum("sleep 1000" in c for c in found.values()) >= sleeps else None


def left_after_kill(run_id: str, groups: set[int], killed_at: float, within: float = 1.0) -> dict[int, str]:
    """Poll until nothing of the run is alive or ``within`` s passed since ``killed_at``; what is left."""
    left = live_of(run_id, groups)
    while left and time.monotonic() - killed_at < within:
        time.sleep(0.01)
        left = live_of(run_id, groups)
    return left
