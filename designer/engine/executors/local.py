"""Run steps as local processes, each in its own process group.

The child runs ``bash -c <command>`` with ``start_new_session=True`` (so a signal to its group
reaches everything it started) and writes stdout and stderr straight into the log files: there is
no pipe for the runner to copy, the logs are live, and the runner's cost per step stays a spawn.
The exit is watched with a pidfd registered on the event loop (no thread per child); where pidfds
are missing, a worker thread waits instead.

When a step's main process ends, whatever it left running in its group is killed, so no step
outlives its run. When the runner itself dies (``kill -9`` included), the process's guard
(:mod:`designer.engine.executors.supervise`) ends every step group still running within
milliseconds, grandchildren and ``setsid`` escapees included.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess

from designer.engine.executors import Launch
from designer.engine.executors.supervise import guard

_BASH = shutil.which("bash") or "/bin/bash"


class LocalProcess:
    """A step running as a local process group (implements ``StepProcess``)."""

    def __init__(self, popen: subprocess.Popen[bytes], loop: asyncio.AbstractEventLoop) -> None:
        self._popen = popen
        self._pgid = popen.pid
        self._done: asyncio.Future[int] = loop.create_future()
        self._loop = loop
        self._fd: int | None = None
        try:
            self._fd = os.pidfd_open(popen.pid)
            loop.add_reader(self._fd, self._on_exit)
        except (AttributeError, OSError, NotImplementedError):
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
            fut = loop.run_in_executor(None, popen.wait)
            fut.add_done_callback(lambda f: self._finish(f.result()))

    @property
    def pid(self) -> int:
        """The process id (also the process group id)."""
        return self._popen.pid

    @property
    def worker(self) -> str:
        """``local:<pid>``."""
        return f"local:{self._popen.pid}"

    def _on_exit(self) -> None:
        assert self._fd is not None
        self._loop.remove_reader(self._fd)
        os.close(self._fd)
        self._fd = None
        self._finish(self._popen.wait())

    def _finish(self, code: int) -> None:
        self._signal(signal.SIGKILL)  # stragglers left in the group
        if not self._done.done():
            guard().drop_group(self._pgid)
            self._done.set_result(code)

    async def wait(self) -> int:
        """Wait for the exit code (negative: killed by that signal)."""
        return await asyncio.shield(self._done)

    def _signal(self, sig: int) -> None:
        try:
            os.killpg(self._pgid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def terminate(self) -> None:
        """SIGTERM to the whole process group."""
        self._signal(signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL to the whole process group."""
        self._signal(signal.SIGKILL)


class LocalExecutor:
    """Starts steps as local processes (implements ``Executor``)."""

    async def start(self, launch: Launch) -> LocalProcess:
        """Start ``launch`` with its logs written directly by the child; raises OSError on failure."""
        # The guard learns the run before its first step exists, so a runner killed between the
        # spawn and the listing below still has that step found (by its DESIGNER_RUN_ID).
        guard().watch_run(launch.run_id)
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC
        out = os.open(launch.stdout, flags, 0o644)
        try:
            err = os.open(launch.stderr, flags, 0o644)
            try:
                popen = subprocess.Popen(
                    [_BASH, "-c", launch.command],
                    cwd=launch.cwd,
                    env=launch.env,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=err,
                    start_new_session=True,
                    close_fds=True,
                )
            finally:
                os.close(err)
        finally:
            os.close(out)
        guard().add_group(popen.pid)
        return LocalProcess(popen, asyncio.get_running_loop())

    async def close(self) -> None:
        """Nothing to release."""
