"""A guard that ends the steps of a process when that process dies, however it dies (``kill -9`` too).

One small watcher process per runner process (not per step) holds the read end of a pipe whose write
end only the runner holds. The runner tells it, in a few bytes per step, which runs it serves and
which step process groups are alive. When the runner dies the kernel closes the write end, the
watcher's ``read`` returns end-of-file at once, and it SIGKILLs every process group still listed and
then every process on this machine that carries one of the runs' ``DESIGNER_RUN_ID`` (that catches
what left its group with ``setsid``, and a step started in the instant before it was listed).
It exits when done. The per-step cost is two short writes on a pipe, so the spawn stays the cost.

Why a pipe and not ``PR_SET_PDEATHSIG``: the death signal reaches only the direct child (not its
grandchildren), fires when the *thread* that forked exits (the UI starts steps from its loop thread,
Dask from worker threads), and needs ``preexec_fn``, which makes every spawn a slow fork.

The watcher is this file run as a script (``python -I -S supervise.py FD``): standard library only,
no site packages, so it starts in milliseconds and needs nothing installed. It lives in its own
session, so a terminal's Ctrl-C or a ``killpg`` of the runner's group does not take it first.

There is one guard per process (:func:`guard`), because what it watches is the life of this process;
a forked child gets a fresh one (the inherited pipe end is closed so the parent's death still shows).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

_READ = 4096


class Guard:
    """The runner side: starts the watcher on first use and keeps it told (thread-safe).

    If the watcher cannot be started or has gone, the steps still run (without the guard) and the
    guard tries again at the next step: losing protection must never fail a run.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fd: int | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._runs: set[str] = set()

    def _start(self) -> int | None:
        read, write = os.pipe()  # both ends close-on-exec: no step inherits the write end
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-I", "-S", os.path.abspath(__file__), str(read)],
                pass_fds=(read,), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True,
            )
        except OSError:
            os.close(write)
            return None
        finally:
            os.close(read)
        self._fd = write
        self._runs = set()
        return write

    def _send(self, line: str) -> None:
        with self._lock:
            fd = self._fd if self._fd is not None else self._start()
            if fd is None:
                return
            try:
                os.write(fd, line.encode() + b"\n")
            except OSError:  # the watcher is gone (killed by hand): start a new one and resend
                self._close_locked()
                runs, fd = set(self._runs), self._start()
                if fd is None:
                    return
                try:
                    for run_id in runs:
                        os.write(fd, f"r{run_id}\n".encode())
                    self._runs = runs
                    os.write(fd, line.encode() + b"\n")
                except OSError:
                    self._close_locked()

    def watch_run(self, run_id: str) -> None:
        """Make sure the watcher knows ``run_id`` (before the run's first step is spawned)."""
        if run_id in self._runs:
            return
        self._send(f"r{run_id}")
        self._runs.add(run_id)

    def add_group(self, pgid: int) -> None:
        """List a step's process group (right after it was spawned)."""
        self._send(f"+{pgid}")

    def drop_group(self, pgid: int) -> None:
        """Unlist a step's process group (it ended and its stragglers were killed)."""
        self._send(f"-{pgid}")

    @property
    def watcher_pid(self) -> int | None:
        """The watcher's process id, or None while none is running."""
        return self._proc.pid if self._proc is not None and self._fd is not None else None

    def _drop_pipe(self) -> None:
        if self._fd is not None:
            try:
                os.close(self._fd)
            except OSError:
                pass
        self._fd = None
        self._runs = set()

    def _close_locked(self) -> None:
        self._drop_pipe()
        if self._proc is not None:
            proc, self._proc = self._proc, None
            # The watcher exits as soon as it sees end-of-file; reap it without blocking.
            threading.Thread(target=proc.wait, daemon=True).start()

    def close(self) -> None:
        """Close the pipe: the watcher ends what is still listed and exits. Safe to call twice."""
        with self._lock:
            self._close_locked()

    def _after_fork(self) -> None:
        # The child must not keep the parent's pipe open (the parent's death would go unseen),
        # and it has no steps of its own yet; the watcher is the parent's, not the child's.
        self._lock = threading.Lock()
        self._drop_pipe()
        self._proc = None


_GUARD = Guard()
os.register_at_fork(after_in_child=_GUARD._after_fork)


def guard() -> Guard:
    """The guard of this process (one per process: it watches this process's life)."""
    return _GUARD


# ====================================================================================== the watcher


def _environ(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/environ", "rb") as fh:
            return fh.read()
    except OSError:  # gone, or not ours to read
        return b""


def _kill_group(pgid: int) -> None:
    if pgid > 1 and pgid != os.getpgrp():
        try:
            os.killpg(pgid, signal.SIGKILL)
        except OSError:  # already gone
            pass


def _sweep(runs: set[str]) -> None:
    """SIGKILL every process (and its group) carrying one of ``runs`` as ``DESIGNER_RUN_ID``."""
    markers = [b"\0DESIGNER_RUN_ID=" + r.encode() + b"\0" for r in runs]
    me = os.getpid()
    try:
        pids = [int(n) for n in os.listdir("/proc") if n.isdigit()]
    except OSError:  # no /proc: the listed groups are all we can end
        return
    for pid in pids:
        if pid == me:
            continue
        env = b"\0" + _environ(pid) + b"\0"
        if any(m in env for m in markers):
            try:
                _kill_group(os.getpgid(pid))
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


def watch(fd: int) -> None:
    """Read ``r<run>``/``+<pgid>``/``-<pgid>`` lines from ``fd``; at end-of-file end them all."""
    for sig in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_IGN)  # only the runner's death (end-of-file) ends the watch
    runs: set[str] = set()
    groups: set[int] = set()
    pending = b""
    while True:
        try:
            chunk = os.read(fd, _READ)
        except InterruptedError:
            continue
        except OSError:
            chunk = b""
        if not chunk:
            break
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for raw in lines:
            text = raw.decode(errors="replace")
            kind, value = text[:1], text[1:]
            if kind == "r" and value:
                runs.add(value)
            elif kind in "+-" and value.isdigit():
                (groups.add if kind == "+" else groups.discard)(int(value))
    for pgid in groups:
        _kill_group(pgid)
    if runs:
        # Twice: a process that forked during the first pass is caught by the second.
        _sweep(runs)
        _sweep(runs)


if __name__ == "__main__":
    watch(int(sys.argv[1]))
