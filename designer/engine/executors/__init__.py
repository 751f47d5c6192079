"""Executors start, watch and stop one step each; the scheduler decides what runs when.

An executor gets a :class:`Launch` (the rendered command, working folder, environment and log files)
and returns a :class:`StepProcess`. The executor is responsible for getting the step's stdout and
stderr into the two log files as they are produced (the local executor lets the child write to them
directly). The scheduler enforces timeouts and cancellation through :meth:`StepProcess.terminate`
and :meth:`StepProcess.kill`.

The Dask executor (the ``executors/dask/`` package) implements the same two protocols.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from designer.engine.environments import EnvDefinition
    from designer.workspace import ComputeTarget


@dataclass(frozen=True)
class Launch:
    """What to run for one step and where its logs go."""

    run_id: str
    step: str
    command: str
    cwd: Path
    env: dict[str, str]
    stdout: Path
    stderr: Path
    target: ComputeTarget | None = None
    retries: int | None = None
    # the step's environment when the executor's machine builds it (a Dask worker); None: ``env`` is complete
    environment: EnvDefinition | None = None


class StepProcess(Protocol):
    """A started step."""

    @property
    def worker(self) -> str:
        """Where it runs (``local:<pid>``, a Dask worker address, ...)."""
        ...

    async def wait(self) -> int:
        """Wait until it ends; return its exit code (negative: killed by that signal)."""
        ...

    def terminate(self) -> None:
        """Ask it to stop (SIGTERM to its whole process group). Safe to call after it ended."""
        ...

    def kill(self) -> None:
        """Stop it now (SIGKILL to its whole process group). Safe to call after it ended."""
        ...


class Executor(Protocol):
    """Starts steps on one kind of compute target."""

    async def start(self, launch: Launch) -> StepProcess:
        """Start ``launch``; raises OSError when it cannot be started."""
        ...

    async def close(self) -> None:
        """Release resources (connections, pools) when the runner is done with it."""
        ...
