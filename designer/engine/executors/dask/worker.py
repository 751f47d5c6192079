"""The worker side of the Dask executor: what runs inside a Dask worker process.

Dask pickles :func:`run_on_worker` (the task of one step attempt) and the functions run through
``client.run`` (:func:`signal_on_worker`, :func:`probe_on_worker`) by reference, so a worker imports
them by module and name. :data:`__all__` lists those names: renaming or moving one breaks every
worker that runs an older or newer copy of this module, so it is a contract (``tests/dask`` checks
it). Nothing here imports the runner side of the executor.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tarfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from designer.engine.artifacts import StepDirs
from designer.engine.executors.dask.storage import fetch, probe_read, upload, write_marker
from designer.engine.executors.supervise import guard

if TYPE_CHECKING:
    from designer.engine.environments import EnvDefinition
    from designer.engine.executors.dask.worker_env import EnvTask

__all__ = ["RemoteStep", "env_probe_on_worker", "prepare_env_on_worker", "probe_on_worker", "run_on_worker",
           "signal_on_worker"]

_BASH = shutil.which("bash") or "/bin/bash"
_SAFE_PATH = re.compile(r"[A-Za-z0-9_./+-]+")
# Run the command ("$1", evaluated as `bash -c` would) in a bash whose group also holds a watchdog: the
# watchdog blocks reading the pipe the worker holds open on fd 0, and kills the whole group when the
# worker process goes away (the pipe then reads end-of-file).
_WRAPPER = ('exec 3<&0 0</dev/null; { read -r _ <&3; kill -KILL 0; } & exec 3<&-; '
            '__designer_command=$1; set --; eval "$__designer_command"')
_CHUNK = 1 << 16
_FLUSH_S = 0.1
#: How long the end of a step waits for its log chunks (worker and runner side).
LOG_DRAIN_S = 5.0


@dataclass(frozen=True)
class RemoteStep:
    """Everything a worker needs to run one attempt of a step (pickled into the Dask task).

    Paths may contain :attr:`placeholder`, which the worker replaces by its scratch folder (object
    store mode); in shared-folder mode they are the runner's own paths.
    """

    token: str
    topic: str
    step: str
    command: str
    env: dict[str, str]
    unset: tuple[str, ...]
    workdir: str | None  # the step folder as the worker sees it; None: a scratch folder
    placeholder: str | None
    snapshot: tuple[str, bytes] | None  # (content hash, tar archive) of the code folder
    logs: tuple[str, str] | None  # stdout and stderr files to append to; None: stream them as events
    fresh: tuple[str, ...] = ()  # output staging folders, emptied before the command
    stage_in: tuple[tuple[str, str, str], ...] = ()  # (URL, path, kind) copied in before the command
    stage_out: tuple[tuple[str, str, str], ...] = ()  # (path, upload base URL, marker URL) on success
    side_out: str | None = None  # base URL for metrics.jsonl and mlruns/ (object store mode)
    storage_options: dict[str, Any] = field(default_factory=dict)
    # the step's environment, found or built on the worker (None: the worker's own interpreter), and
    # the lock hash the runner's fingerprint used (from prepare_env_on_worker)
    environment: EnvDefinition | None = None
    env_lock: str | None = None


class _Running:
    """The steps this worker process runs, so that the runner's signals (via ``client.run``) find them.

    Module state on purpose: it lives in the worker process, which is shared by the task threads and
    the functions ``client.run`` executes; nothing on the runner side uses it.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.groups: dict[str, int] = {}  # token -> process group id
        self.pending: dict[str, tuple[int, float]] = {}  # token -> (signal, when) sent before it started

    def take_pending(self, token: str) -> int | None:
        with self.lock:
            now = time.time()
            for stale in [t for t, (_s, at) in self.pending.items() if now - at > 3600]:
                del self.pending[stale]
            item = self.pending.pop(token, None)
        return item[0] if item else None


_RUNNING = _Running()


def signal_on_worker(token: str, sig: int) -> bool:
    """Run by ``client.run`` on a worker: signal the process group of step attempt ``token``.

    Returns True when a running group was signalled; otherwise the signal is kept for an attempt that
    has not started yet.
    """
    with _RUNNING.lock:
        pgid = _RUNNING.groups.get(token)
        if pgid is None:
            _RUNNING.pending[token] = (sig, time.time())
            return False
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)
    return True


def probe_on_worker(where: str, token: str, options: dict[str, Any]) -> str | None:
    """Run by ``client.run`` at pre-flight: None when this worker sees the artifact storage, else why not."""
    return probe_read(where, token, options)


async def env_probe_on_worker(minors: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Run by ``client.run`` at pre-flight: this worker's uv (or why there is none), its Pythons and env cache.

    ``minors``: the Python versions to look for (default: the usual ones, 3.8 to 3.14). A coroutine,
    so that the worker runs it on its event loop and the probe's subprocesses run in a thread, not on it.
    """
    import asyncio

    from designer.engine.executors.dask import worker_env

    return await asyncio.to_thread(worker_env.probe, tuple(minors) if minors else worker_env.PROBED_PYTHONS)


def prepare_env_on_worker(task: EnvTask) -> dict[str, Any]:
    """The Dask task that finds or builds a step's environment on a worker, before the step's fingerprint.

    Progress lines go to the runner as events (the step shows ``preparing``); the build log is
    appended to the step's log (shared folder) or returned whole as ``"log"``. Returns the built
    environment's data (:func:`~designer.engine.executors.dask.worker_env.describe`) plus
    ``"worker"``/``"name"``; raises the builder's error (the runner fails the step with it).
    """
    from distributed import get_worker

    from designer.engine.executors.dask import worker_env

    worker = get_worker()

    def progress(text: str) -> None:
        worker.log_event(task.topic, {"t": task.token, "k": "progress", "d": text})

    scratch: Path | None = None
    if task.log is None:
        scratch = Path(worker.local_directory) / "designer" / "env-logs" / f"{task.token}.log"
        scratch.parent.mkdir(parents=True, exist_ok=True)
    log = scratch or Path(task.log or "")
    try:
        built = worker_env.ensure(task.definition, log, progress)
        out = worker_env.describe(built)
        if scratch is not None and scratch.exists():
            out["log"] = scratch.read_bytes()[-(1 << 18):].decode(errors="replace")
    finally:
        if scratch is not None:
            scratch.unlink(missing_ok=True)
    out["worker"], out["name"] = worker.address, str(worker.name)
    return out


def _step_env(spec: RemoteStep, env: dict[str, str], log: Path) -> str:
    """Put the step's environment (found or built on this worker) first on ``env``'s PATH; returns a log note."""
    from designer.engine.executors.dask import worker_env

    assert spec.environment is not None
    built = worker_env.ensure(spec.environment, log)
    env["PATH"] = str(built.bin_dir) + os.pathsep + env.get("PATH", "")
    env["VIRTUAL_ENV"] = str(built.root or built.bin_dir.parent)
    env.pop("PYTHONHOME", None)
    if spec.env_lock is not None and built.lock_hash != spec.env_lock:
        return (f"designer: note: this worker's environment {built.key[:12]} has lock {built.lock_hash[:12]}, not "
                f"{spec.env_lock[:12]} (the one the step's fingerprint used, built on another worker): an unpinned "
                "package resolved differently; pin it in the conda file to make the workers agree\n")
    return ""


def _unpack(base: Path, digest: str, archive: bytes) -> Path:
    dest = base / "snapshots" / digest
    if dest.is_dir():
        return dest
    tmp = dest.with_name(f".tmp-{digest}-{secrets.token_hex(4)}")
    tmp.mkdir(parents=True)
    try:
        with tarfile.open(fileobj=io.BytesIO(archive), mode="r:*") as tar:
            tar.extractall(tmp, filter="data")
        try:
            os.rename(tmp, dest)
        except OSError:
            if not dest.is_dir():  # else another task unpacked the same hash meanwhile
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return dest


class _Pump:
    """Ships a child's stdout and stderr to the runner as Dask events, in ordered chunks."""

    def __init__(self, worker: Any, topic: str, token: str) -> None:
        self.worker, self.topic, self.token = worker, topic, token
        self.lock = threading.Lock()
        self.buffers: dict[str, bytearray] = {"o": bytearray(), "e": bytearray()}
        self.sent: dict[str, int] = {"o": 0, "e": 0}
        self.threads: list[threading.Thread] = []
        self.done = threading.Event()

    def start(self, popen: subprocess.Popen[bytes]) -> None:
        assert popen.stdout is not None and popen.stderr is not None
        for stream, fh in (("o", popen.stdout), ("e", popen.stderr)):
            t = threading.Thread(target=self._read, args=(stream, fh), daemon=True, name=f"designer-log-{stream}")
            t.start()
            self.threads.append(t)
        flusher = threading.Thread(target=self._tick, daemon=True, name="designer-log-flush")
        flusher.start()
        self.threads.append(flusher)

    def _read(self, stream: str, fh: Any) -> None:
        fd = fh.fileno()
        while True:
            data = os.read(fd, _CHUNK)
            if not data:
                break
            with self.lock:
                self.buffers[stream] += data
                big = len(self.buffers[stream]) >= _CHUNK
            if big:
                self.flush()
        fh.close()

    def _tick(self) -> None:
        while not self.done.wait(_FLUSH_S):
            self.flush()

    def flush(self) -> None:
        with self.lock:
            for stream, buf in self.buffers.items():
                if buf:
                    self.worker.log_event(self.topic, {"t": self.token, "k": stream, "n": self.sent[stream],
                                                       "d": bytes(buf)})
                    self.sent[stream] += 1
                    buf.clear()

    def finish(self) -> dict[str, int]:
        for t in self.threads[:2]:
            t.join(LOG_DRAIN_S)  # a daemon that escaped the group may keep the pipe open: stop waiting
        self.done.set()
        self.threads[2].join()
        self.flush()
        return dict(self.sent)


def run_on_worker(spec: RemoteStep) -> dict[str, Any]:
    """The Dask task of one step attempt: prepare, run the command, ship the results.

    Returns ``{"exit_code", "worker", "chunks", "outputs", "side"}``. Raises when the step cannot be
    prepared (snapshot, inputs) or its outputs cannot be uploaded; the runner reports that as the
    step's failure.
    """
    from distributed import get_worker

    worker = get_worker()
    base = Path(worker.local_directory) / "designer"
    early = _RUNNING.take_pending(spec.token)
    if early is not None:
        return {"exit_code": -early, "worker": worker.address, "chunks": {}, "outputs": {}, "side": None}
    scratch: Path | None = None
    if spec.workdir is None:
        scratch = base / "steps" / spec.token
        if not _SAFE_PATH.fullmatch(str(scratch)):  # it is pasted into a shell command
            import tempfile

            scratch = Path(tempfile.mkdtemp(prefix="designer-step-"))
        scratch.mkdir(parents=True, exist_ok=True)
    workdir = scratch or Path(str(spec.workdir))

    def here(text: str) -> str:
        return text.replace(spec.placeholder, str(workdir)) if spec.placeholder else text

    try:
        cwd = _unpack(base, *spec.snapshot) if spec.snapshot else workdir
        for folder in spec.fresh:
            path = Path(here(folder))
            if path.exists():
                shutil.rmtree(path)
            path.mkdir(parents=True)
        for url, dest, kind in spec.stage_in:
            fetch(url, here(dest), spec.storage_options, kind)
        env = dict(os.environ)
        for key in spec.unset:
            env.pop(key, None)
        if spec.environment is None:
            env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
        env.update({k: here(v) for k, v in spec.env.items()})
        preface = ""
        if spec.environment is not None:
            env_log = Path(spec.logs[1]) if spec.logs is not None else workdir / "environment.log"
            preface = _step_env(spec, env, env_log)
            if spec.logs is None and env_log.exists():  # built here now: its log goes first in the streamed stderr
                preface = env_log.read_text(encoding="utf-8", errors="replace") + preface
            elif spec.logs is not None and preface:
                with open(spec.logs[1], "a", encoding="utf-8") as fh:
                    fh.write(preface)
                preface = ""
        result = _run_command(worker, spec, here(spec.command), cwd, env, preface.encode())
        if scratch is not None:
            result["outputs"], result["side"] = _ship(spec, workdir, result["exit_code"] == 0)
        return result
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _run_command(worker: Any, spec: RemoteStep, command: str, cwd: Path, env: dict[str, str],
                 preface: bytes = b"") -> dict[str, Any]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC
    out: Any = subprocess.PIPE
    err: Any = subprocess.PIPE
    if spec.logs is not None:
        out = os.open(spec.logs[0], flags, 0o644)
        err = os.open(spec.logs[1], flags, 0o644)
    # The wrapper's watchdog ends the step's group when this worker dies; the worker's guard (the
    # local executor's) also ends what left the group (setsid), found by its DESIGNER_RUN_ID.
    run_id = env.get("DESIGNER_RUN_ID")
    if run_id:
        guard().watch_run(run_id)
    try:
        popen = subprocess.Popen([_BASH, "-c", _WRAPPER, _BASH, command], cwd=cwd, env=env,
                                 stdin=subprocess.PIPE, stdout=out, stderr=err, start_new_session=True)
    finally:
        if spec.logs is not None:
            os.close(out)
            os.close(err)
    guard().add_group(popen.pid)
    with _RUNNING.lock:
        _RUNNING.groups[spec.token] = popen.pid
    pump = _Pump(worker, spec.topic, spec.token) if spec.logs is None else None
    if pump is not None:
        pump.buffers["e"] += preface
    try:
        if pump is not None:
            pump.start(popen)
        worker.log_event(spec.topic, {"t": spec.token, "k": "start", "worker": worker.address,
                                      "name": str(worker.name), "pid": popen.pid})
        early = _RUNNING.take_pending(spec.token)
        if early is not None:
            os.killpg(popen.pid, early)
        code = popen.wait()
    finally:
        with _RUNNING.lock:
            _RUNNING.groups.pop(spec.token, None)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(popen.pid, signal.SIGKILL)  # stragglers and the watchdog
        guard().drop_group(popen.pid)
        if popen.stdin is not None:
            popen.stdin.close()
    chunks = pump.finish() if pump is not None else {}
    return {"exit_code": code, "worker": worker.address, "chunks": chunks, "outputs": {}, "side": None}


def _ship(spec: RemoteStep, workdir: Path, ok: bool) -> tuple[dict[str, dict[str, Any]], str | None]:
    """Upload metrics/mlruns always and the outputs on success; return their records and the side URL."""
    side = None
    remote = StepDirs(workdir)
    extras = [p for p in (remote.metrics, remote.mlruns) if p.exists()]
    if extras and spec.side_out:
        side = f"{spec.side_out}.{spec.token}"
        for p in extras:
            upload(str(p), f"{side}/{p.name}", spec.storage_options)
    outputs: dict[str, dict[str, Any]] = {}
    if ok:
        for path, base_url, marker in spec.stage_out:
            local = path.replace(spec.placeholder or "\0", str(workdir))
            record = upload(local, f"{base_url}.{spec.token}", spec.storage_options)
            write_marker(marker, record, spec.storage_options)
            outputs[path] = {"location": record.location, "kind": record.kind, "files": record.files}
    return outputs, side
