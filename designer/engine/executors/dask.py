"""Run steps on a Dask distributed cluster, each on a worker that has the resources its target asks for.

A compute target of kind ``dask`` names a scheduler address and the worker resources its steps need
(``[compute.gpu] kind = "dask"  address = "tcp://10.0.0.5:8786"  resources = { GPU = 1 }``, optionally
``workers = ["gpu-node-1"]`` to pin it to named workers). :class:`DaskExecutor` keeps one asynchronous
``distributed.Client`` per scheduler address, made on first use and closed by :meth:`DaskExecutor.close`.

One step on a worker (:func:`run_on_worker`, a Dask task submitted with ``pure=False`` and the
target's ``resources``):

- its code snapshot travels with the task as a tar archive and is unpacked once per content hash
  into a cache folder on the worker;
- the command runs as ``bash -c`` in its own process group, cwd = the snapshot, with the worker's
  environment plus the step's own variables (``DESIGNER_*``, ``MLFLOW_TRACKING_URI``, the job's
  ``environment_variables``); a watchdog in the group kills the group if the worker process dies,
  so no step outlives its worker;
- with a :class:`~designer.engine.storage.SharedFolder` it reads inputs, writes outputs and appends
  to the log files in place; with an :class:`~designer.engine.storage.ObjectStore` it stages inputs
  into a scratch folder, streams stdout/stderr back as Dask events (the runner appends them to the
  log files as they come) and uploads outputs on success (see :mod:`designer.engine.storage`).

Stopping: :meth:`DaskStep.terminate` / :meth:`DaskStep.kill` run a small function on the worker
(``client.run``) that signals the step's process group; a signal that arrives before the process
exists is kept and applied when it starts.

Failures: a scheduler that cannot be reached fails :meth:`DaskExecutor.prepare` (the runner's
pre-flight) with the address in the message. A step whose target asks for resources no worker offers
fails at once with the workers listed. A worker that dies mid-step fails the step ("worker tcp://...
died while running step 'x'") or, when the step allows retries, runs it again elsewhere. Retries come
from the job's ``properties: {retries: "2"}`` (Azure ML accepts a string map there and has no per-step
retry field), else from the target's ``retries`` in ``designer.toml``.

Workers need this package installed (the same version as the runner), plus fsspec and the driver of
an object store when one is used: the task function and the signal function are imported by name.

How a runner uses it: ``Runner(..., executors={"local": LocalExecutor(), "dask": dask})``, then
``await dask.prepare(plan)`` after planning and before ``Runner.start(plan)`` (the pre-flight; it also
learns each step's target and retries by step path), and ``await dask.close()`` at the end. When
:class:`~designer.engine.executors.Launch` carries ``target`` (and ``retries``), those win over what
``prepare`` learnt, so several runs of different pipelines can share one executor safely.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from designer.engine.executors import Launch
from designer.engine.storage import (
    ObjectStore,
    Published,
    SharedFolder,
    fetch,
    probe_read,
    storage_for,
    upload,
    write_marker,
)
from designer.errors import RunError
from designer.workspace import ComputeTarget, Settings

if TYPE_CHECKING:
    from distributed import Client

    from designer.engine.plan import RunPlan

_BASH = shutil.which("bash") or "/bin/bash"
_HEX64 = re.compile(r"[0-9a-f]{64}")
_SAFE_PATH = re.compile(r"[A-Za-z0-9_./+-]+")
# Run the command ("$1", evaluated as `bash -c` would) in a bash whose group also holds a watchdog: the
# watchdog blocks reading the pipe the worker holds open on fd 0, and kills the whole group when the
# worker process goes away (the pipe then reads end-of-file).
_WRAPPER = ('exec 3<&0 0</dev/null; { read -r _ <&3; kill -KILL 0; } & exec 3<&-; '
            '__designer_command=$1; set --; eval "$__designer_command"')
_SNAPSHOT_CACHE_BYTES = 256 << 20
_CHUNK = 1 << 16
_FLUSH_S = 0.1
_WATCH_S = 2.0
_LOG_DRAIN_S = 5.0


def fmt_resources(resources: dict[str, float]) -> str:
    """``{"GPU": 1.0}`` -> ``GPU=1``; empty -> ``no resources``."""
    if not resources:
        return "no resources"
    return ", ".join(f"{k}={v:g}" for k, v in sorted(resources.items()))


# ===================================================================================== worker side


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
            t.join(_LOG_DRAIN_S)  # a daemon that escaped the group may keep the pipe open: stop waiting
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
        env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
        env.update({k: here(v) for k, v in spec.env.items()})
        result = _run_command(worker, spec, here(spec.command), cwd, env)
        if scratch is not None:
            result["outputs"], result["side"] = _ship(spec, workdir, result["exit_code"] == 0)
        return result
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _run_command(worker: Any, spec: RemoteStep, command: str, cwd: Path, env: dict[str, str]) -> dict[str, Any]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC
    out: Any = subprocess.PIPE
    err: Any = subprocess.PIPE
    if spec.logs is not None:
        out = os.open(spec.logs[0], flags, 0o644)
        err = os.open(spec.logs[1], flags, 0o644)
    try:
        popen = subprocess.Popen([_BASH, "-c", _WRAPPER, _BASH, command], cwd=cwd, env=env,
                                 stdin=subprocess.PIPE, stdout=out, stderr=err, start_new_session=True)
    finally:
        if spec.logs is not None:
            os.close(out)
            os.close(err)
    with _RUNNING.lock:
        _RUNNING.groups[spec.token] = popen.pid
    pump = _Pump(worker, spec.topic, spec.token) if spec.logs is None else None
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
        if popen.stdin is not None:
            popen.stdin.close()
    chunks = pump.finish() if pump is not None else {}
    return {"exit_code": code, "worker": worker.address, "chunks": chunks, "outputs": {}, "side": None}


def _ship(spec: RemoteStep, workdir: Path, ok: bool) -> tuple[dict[str, dict[str, Any]], str | None]:
    """Upload metrics/mlruns always and the outputs on success; return their records and the side URL."""
    side = None
    extras = [p for p in (workdir / "metrics.jsonl", workdir / "mlruns") if p.exists()]
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


# ===================================================================================== runner side


@dataclass(frozen=True)
class WorkerInfo:
    """One worker of a Dask cluster as the scheduler reports it."""

    address: str
    name: str
    resources: dict[str, float]
    nthreads: int

    def offers(self, target: ComputeTarget) -> bool:
        """True when this worker may run steps of ``target`` (its resources and ``workers`` list)."""
        if target.workers and self.name not in target.workers and self.address not in target.workers:
            return False
        return all(self.resources.get(k, 0.0) >= v for k, v in target.resources.items())

    def label(self) -> str:
        """``name (address)``, or the address when the worker has no name of its own."""
        return self.address if self.name in ("", self.address) else f"{self.name} ({self.address})"


@dataclass(frozen=True)
class _Route:
    target: ComputeTarget
    retries: int
    external: tuple[str, ...] = ()  # local data paths the step reads (published to an object store)


class _Cluster:
    """One client connection to one scheduler, shared by every target that names its address."""

    def __init__(self, client: Client, address: str) -> None:
        self.client = client
        self.address = address
        self.topic = f"designer-steps-{secrets.token_hex(6)}"
        self.steps: dict[str, DaskStep] = {}  # attempt token -> step
        self.watched: set[str] = set()
        self.probed: set[str] = set()
        self.monitor: asyncio.Task[None] | None = None
        self._seen: tuple[float, list[WorkerInfo]] | None = None
        client.subscribe_topic(self.topic, self._on_step_event)

    async def workers(self, max_age: float = 0.0) -> list[WorkerInfo]:
        """The scheduler's workers (as seen at most ``max_age`` s ago). Raises OSError when unreachable."""
        if self._seen is not None and time.monotonic() - self._seen[0] <= max_age:
            return self._seen[1]
        info = await self._rpc().identity(n_workers=-1)
        found = [WorkerInfo(addr, str(w.get("name", addr)), {str(k): float(v) for k, v in (w.get("resources") or {}).items()},
                           int(w.get("nthreads", 0)))
                 for addr, w in sorted(info.get("workers", {}).items())]
        self._seen = (time.monotonic(), found)
        return found

    def _rpc(self) -> Any:
        if self.client.scheduler is None:
            raise OSError(f"not connected to the Dask scheduler at {self.address}")
        return self.client.scheduler

    def _on_step_event(self, event: tuple[float, dict[str, Any]]) -> None:
        msg = event[1]
        step = self.steps.get(msg.get("t", ""))
        if step is not None:
            step._on_event(msg)

    def watch(self, worker: str) -> None:
        """Hear at once when ``worker`` leaves; a poll every few seconds backs this up."""
        if worker not in self.watched:
            self.watched.add(worker)
            self.client.subscribe_topic(worker, lambda event: self._on_worker_event(worker, event[1]))
        if self.monitor is None or self.monitor.done():
            self.monitor = asyncio.ensure_future(self._monitor())

    def _on_worker_event(self, worker: str, msg: Any) -> None:
        if isinstance(msg, dict) and msg.get("action") in ("remove-worker", "close-worker"):
            for step in list(self.steps.values()):
                step._worker_gone(worker)

    async def _monitor(self) -> None:
        while self.steps:
            await asyncio.sleep(_WATCH_S)
            try:
                alive = set(await self._rpc().ncores())
            except OSError:
                continue  # the client reconnects; futures fail on their own if it cannot
            for step in list(self.steps.values()):
                if step._addr is not None and step._addr not in alive:
                    step._worker_gone(step._addr)

    async def signal(self, token: str, sig: int, worker: str | None) -> None:
        """Deliver ``sig`` to attempt ``token``: on its worker when known, else on every worker."""
        with contextlib.suppress(OSError, asyncio.TimeoutError):
            await self.client.run(signal_on_worker, token, sig, workers=[worker] if worker else None,
                                  on_error="ignore")


class DaskExecutor:
    """Starts steps on Dask workers (implements ``Executor`` for compute targets of kind ``dask``).

    ``run_root`` is the runner's run folder root (``Workspace.runs_dir``). ``storage`` defaults to
    :func:`~designer.engine.storage.storage_for` of ``settings.artifact_root``. Building one connects
    to nothing; clients are made on first use.
    """

    def __init__(self, settings: Settings, run_root: str | Path, *,
                 storage: SharedFolder | ObjectStore | None = None, connect_timeout: float = 5.0) -> None:
        self.settings = settings
        self.run_root = Path(run_root).resolve()
        self.storage = storage or storage_for(settings.artifact_root, self.run_root)
        self.connect_timeout = connect_timeout
        self._clusters: dict[str, _Cluster] = {}
        self._connecting: dict[str, asyncio.Lock] = {}
        self._routes: dict[str, _Route] = {}
        self._archives: dict[str, bytes] = {}
        self._tasks: set[asyncio.Future[Any]] = set()

    # ------------------------------------------------------------------------------ connections

    async def _cluster(self, target: ComputeTarget) -> _Cluster:
        address = target.address or ""
        known = self._clusters.get(address)
        if known is not None:
            return known
        lock = self._connecting.setdefault(address, asyncio.Lock())
        async with lock:
            if address in self._clusters:
                return self._clusters[address]
            try:
                from distributed import Client
            except ImportError:
                raise RunError(f"compute target '{target.name}' is a Dask target, but dask.distributed is not "
                               "installed here; pip install 'pipeline-designer[dask]'") from None
            client = Client(address, asynchronous=True, timeout=self.connect_timeout, set_as_default=False)
            try:
                await asyncio.wait_for(client, self.connect_timeout + 5)
            except (OSError, TimeoutError, ValueError) as exc:
                with contextlib.suppress(OSError, RuntimeError, TimeoutError):  # a half-made client
                    await client.close()
                raise RunError(f"compute target '{target.name}': cannot reach the Dask scheduler at {address} "
                               f"({_reason(exc)}); start it, or fix compute.{target.name}.address in designer.toml "
                               f"(or DESIGNER_COMPUTE_{target.name.upper()}_ADDRESS)") from None
            cluster = self._clusters[address] = _Cluster(client, address)
            return cluster

    async def workers(self, target: ComputeTarget, max_age: float = 0.0) -> list[WorkerInfo]:
        """The workers of ``target``'s scheduler (seen at most ``max_age`` s ago).

        Raises :class:`RunError` when the scheduler cannot be reached.
        """
        cluster = await self._cluster(target)
        try:
            return await cluster.workers(max_age)
        except OSError as exc:
            raise RunError(f"compute target '{target.name}': lost the Dask scheduler at {target.address} "
                           f"({_reason(exc)})") from None

    async def check(self, target: ComputeTarget) -> list[WorkerInfo]:
        """Pre-flight for ``target``: its scheduler answers and its workers see the artifact storage.

        Returns the scheduler's workers. Raises :class:`RunError` naming the address when the
        scheduler cannot be reached, and the workers when they cannot read the storage. Workers that
        offer the target's resources are probed once per executor.
        """
        cluster = await self._cluster(target)
        workers = await self.workers(target)
        todo = [w.address for w in workers if w.offers(target) and w.address not in cluster.probed]
        if todo:
            try:
                where, token = await asyncio.to_thread(self.storage.probe)
            except (OSError, ValueError, ImportError) as exc:
                raise RunError(f"compute target '{target.name}': cannot write {self.storage.describe()} "
                               f"({_reason(exc)}); check [artifacts] root in designer.toml") from None
            try:
                answers = await cluster.client.run(probe_on_worker, where, token,
                                                   getattr(self.storage, "storage_options", {}),
                                                   workers=todo, on_error="return")
            finally:
                await asyncio.to_thread(self.storage.unprobe, where)
            bad = []
            for addr in todo:
                answer = answers.get(addr, "did not answer")
                if isinstance(answer, BaseException):
                    answer = (f"cannot run designer code ({_reason(answer)}); install pipeline-designer[dask] "
                              "on every worker, the same version as here")
                if answer is None:
                    cluster.probed.add(addr)
                else:
                    bad.append(f"{addr}: {answer}")
            if bad:
                hint = ("mount it at the same path on every worker, or set [artifacts] root to an fsspec URL "
                        "(s3://, abfs://, gs://)") if isinstance(self.storage, SharedFolder) else \
                    "give the workers access to it"
                raise RunError(f"compute target '{target.name}': workers of {target.address} cannot use "
                               f"{self.storage.describe()} ({'; '.join(bad)}); {hint}")
        return workers

    async def prepare(self, plan: RunPlan) -> None:
        """The runner's pre-flight: check every Dask target ``plan`` uses and learn each step's route.

        Call it after planning and before the run starts. Raises :class:`RunError` (naming every
        target at fault and its address) when a scheduler cannot be reached or its workers cannot see
        the artifact storage; nothing has started then.
        """
        from designer.spec.graph import ExternalData

        targets: dict[str, ComputeTarget] = {}
        for path, step in plan.steps.items():
            if step.target.kind != "dask":
                continue
            targets[step.target.name] = step.target
            external = tuple(src.path for src in step.inputs.values() if isinstance(src, ExternalData)
                             and "://" not in src.path)
            self._routes[path] = _Route(step.target, _retries(plan, path, step.target), external)
        results = await asyncio.gather(*(self.check(t) for t in targets.values()), return_exceptions=True)
        problems = [str(r) for r in results if isinstance(r, BaseException)]
        for r in results:
            if isinstance(r, BaseException) and not isinstance(r, RunError | OSError):
                raise r
        if problems:
            raise RunError("\n".join(problems))

    def _route(self, launch: Launch) -> _Route:
        target = getattr(launch, "target", None)
        known = self._routes.get(launch.step)
        if isinstance(target, ComputeTarget):
            if known is not None and known.target == target:
                return known
            return _Route(target, int(getattr(launch, "retries", None) or target.retries))
        if known is not None:
            return known
        dask_targets = [t for t in self.settings.compute.values() if t.kind == "dask"]
        if len(dask_targets) == 1:
            return _Route(dask_targets[0], dask_targets[0].retries)
        raise RunError(f"step '{launch.step}': cannot tell which Dask compute target it runs on; the runner "
                       "must call DaskExecutor.prepare(plan) before starting the run")

    # ------------------------------------------------------------------------------------ steps

    async def start(self, launch: Launch) -> DaskStep:
        """Start ``launch`` on a worker of its target; return once it runs there (its worker is known).

        Raises :class:`RunError` when no worker offers the target's resources, the scheduler cannot be
        reached, or the step cannot be prepared (inputs, code).
        """
        route = self._route(launch)
        cluster = await self._cluster(route.target)
        workers = await self.workers(route.target, max_age=1.0)
        if not any(w.offers(route.target) for w in workers):
            raise RunError(_no_worker(launch.step, route.target, workers))
        spec = await self._spec(launch, route, cluster)
        step = DaskStep(self, cluster, launch, route, spec)
        try:
            await step._begin()
        except BaseException:
            step._abandon()
            raise
        return step

    async def _spec(self, launch: Launch, route: _Route, cluster: _Cluster) -> RemoteStep:
        step_root = launch.stdout.parent.parent
        snapshot = None
        if launch.cwd.resolve() != step_root.resolve():
            snapshot = await asyncio.to_thread(self._archive, launch.cwd)
        env, unset = _env_delta(launch.env)
        staging = sorted(p for p in (step_root / "outputs").glob(".tmp-*") if p.is_dir())
        common: dict[str, Any] = {"token": "", "topic": cluster.topic, "step": launch.step, "unset": unset,
                                  "snapshot": snapshot}
        if isinstance(self.storage, SharedFolder):
            return RemoteStep(command=launch.command, env=env, workdir=str(step_root), placeholder=None,
                              logs=(str(launch.stdout), str(launch.stderr)), fresh=tuple(map(str, staging)),
                              **common)
        store = self.storage
        placeholder = f"@@designer-workdir-{secrets.token_hex(6)}@@"
        mapping = {str(step_root): placeholder}
        stage_in: list[tuple[str, str, str]] = []
        inputs = _inputs(launch, route, self.run_root, step_root)
        for i, local in enumerate(inputs):
            url, kind = await asyncio.to_thread(store.publish, Path(local))
            rel = f"inputs/{i}/{Path(local).name}"
            stage_in.append((url, f"{placeholder}/{rel}", kind))
            mapping[local] = f"{placeholder}/{rel}"
        stage_out = []
        for folder in staging:
            final = folder.with_name(folder.name[len(".tmp-"):])
            stage_out.append((f"{placeholder}/outputs/{folder.name}", store.base(final), store.marker(final)))
        return RemoteStep(
            command=_translate(launch.command, mapping),
            env={k: _translate(v, mapping) for k, v in env.items()},
            workdir=None, placeholder=placeholder, logs=None,
            fresh=tuple(f"{placeholder}/outputs/{f.name}" for f in staging),
            stage_in=tuple(stage_in), stage_out=tuple(stage_out),
            side_out=f"{store.url}/{store.key(step_root)}/side", storage_options=store.storage_options, **common)

    def _archive(self, folder: Path) -> tuple[str, bytes]:
        name = folder.resolve().name
        known = self._archives.get(name) if _HEX64.fullmatch(name) else None
        if known is not None:
            return name, known
        buf = io.BytesIO()
        # links are stored as the files they point to: their targets need not exist on the worker
        with tarfile.open(fileobj=buf, mode="w:gz", compresslevel=1, dereference=True) as tar:
            for entry in sorted(os.listdir(folder)):
                tar.add(folder / entry, arcname=entry,
                        filter=lambda info: None if "__pycache__" in info.name or info.name.endswith(".pyc") else info)
        data = buf.getvalue()
        digest = name if _HEX64.fullmatch(name) else hashlib.sha256(data).hexdigest()
        if sum(map(len, self._archives.values())) + len(data) > _SNAPSHOT_CACHE_BYTES:
            self._archives.clear()
        self._archives[digest] = data
        return digest, data

    def _track(self, fut: asyncio.Future[Any]) -> None:
        self._tasks.add(fut)
        fut.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        """Let pending signals and step endings finish (10 s at most), then close every client."""
        if self._tasks:
            _done, late = await asyncio.wait(list(self._tasks), timeout=10.0)
            for task in late:
                task.cancel()
            if late:
                await asyncio.wait(late, timeout=2.0)
        for cluster in self._clusters.values():
            if cluster.monitor is not None:
                cluster.monitor.cancel()
            with contextlib.suppress(OSError, asyncio.TimeoutError):
                await cluster.client.close()
        self._clusters.clear()


class DaskStep:
    """A step running on a Dask worker (implements ``StepProcess``).

    One driver task follows it through messages: the worker's ``start`` event, a worker leaving, the
    task's result, a failed offer check, or the runner abandoning it. A worker that dies while the
    step runs is replaced by Dask's own rescheduling of the task (same attempt token) when retries
    are left; otherwise the task is dropped (canceled, and killed wherever Dask had restarted it).
    """

    def __init__(self, executor: DaskExecutor, cluster: _Cluster, launch: Launch, route: _Route,
                 spec: RemoteStep) -> None:
        loop = asyncio.get_running_loop()
        self._executor = executor
        self._cluster = cluster
        self._launch = launch
        self._route = route
        self._spec = spec
        self._addr: str | None = None
        self._name = ""
        self._lost: str | None = None  # the last worker that died under it
        self._token = ""
        self._future: Any = None
        self._stop_sig: int | None = None
        self._started: asyncio.Future[None] = loop.create_future()
        self._done: asyncio.Future[int] = loop.create_future()
        self._inbox: asyncio.Queue[tuple[str, str, Any]] = asyncio.Queue()  # (kind, token, value)
        self._waiters: list[asyncio.Future[Any]] = []
        self._received: dict[str, dict[str, int]] = {}
        self._files: dict[str, Any] = {}

    # ---------------------------------------------------------------------------- StepProcess

    @property
    def worker(self) -> str:
        """``name (tcp://address)`` of the worker it runs on (or ran on last)."""
        if self._addr is None:
            return f"dask:{self._cluster.address}"
        return self._addr if self._name in ("", self._addr) else f"{self._name} ({self._addr})"

    @property
    def address(self) -> str | None:
        """The address of the worker it runs on, once known."""
        return self._addr

    async def wait(self) -> int:
        """Wait for the end; return the exit code (negative: killed by that signal).

        Raises :class:`RunError` when its worker died (and no retry is left) or the step could not
        be prepared or shipped on the worker.
        """
        return await asyncio.shield(self._done)

    def terminate(self) -> None:
        """SIGTERM to the step's process group on its worker."""
        self._signal(signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL to the step's process group on its worker."""
        self._signal(signal.SIGKILL)

    def _signal(self, sig: int) -> None:
        if self._done.done() or not self._token:
            return
        if self._stop_sig != signal.SIGKILL:
            self._stop_sig = sig
        self._executor._track(asyncio.ensure_future(self._cluster.signal(self._token, sig, self._addr)))

    # ------------------------------------------------------------------------------- lifecycle

    async def _begin(self) -> None:
        self._executor._track(asyncio.ensure_future(self._drive()))
        await asyncio.shield(self._started)

    def _abandon(self) -> None:
        """start() was canceled or failed: make sure nothing keeps running for it."""
        self._stop_sig = signal.SIGKILL
        self._inbox.put_nowait(("abandon", self._token, None))

    def _submit(self) -> None:
        """Submit a new attempt (a new token) and watch its result and, until it starts, the offer."""
        if self._token:
            self._cluster.steps.pop(self._token, None)
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", self._launch.step)
        self._token = token = f"{self._launch.run_id}-{safe}-{secrets.token_hex(4)}"
        self._addr = None
        self._cluster.steps[token] = self
        target = self._route.target
        self._future = self._cluster.client.submit(
            run_on_worker, replace(self._spec, token=token), key=f"designer-{token}",
            resources=dict(target.resources) or None, workers=list(target.workers) or None,
            allow_other_workers=False, pure=False, retries=0)
        self._waiters.append(asyncio.ensure_future(self._result(self._future, token)))
        self._watch_offer()

    def _watch_offer(self) -> None:
        self._waiters = [w for w in self._waiters if not w.done()]
        self._waiters.append(asyncio.ensure_future(self._offer(self._token)))

    async def _drive(self) -> None:
        allowed = 1 + max(0, self._route.retries)
        runs = 0  # how many workers have started it
        try:
            self._submit()
            while True:
                kind, token, value = await self._inbox.get()
                if kind == "abandon":
                    await self._drop()
                    self._started.cancel()
                    self._done.cancel()
                    return
                if token != self._token:
                    continue  # about an attempt given up earlier
                if kind == "exit":
                    code = await self._finish(value)
                    self._set_started()
                    self._done.set_result(code)
                    return
                if kind == "error":
                    await self._drop()
                    raise value
                if kind == "start":
                    worker, name = value
                    if self._addr is not None and worker != self._addr:
                        # Dask re-ran the task elsewhere before we heard that its worker left
                        self._inbox.put_nowait(("start", token, value))
                        kind, value = "gone", self._addr
                    else:
                        runs += 1
                        self._addr, self._name = worker, name
                        self._cluster.watch(worker)
                        if runs > 1:  # the runner recorded the first worker: say where it runs now
                            self._note(f"designer: step '{self._launch.step}' now runs on {self.worker}")
                        self._set_started()
                        continue
                if kind in ("gone", "given-up") and (value == self._addr or kind == "given-up"):
                    self._lost, self._addr = value, None
                    if self._stop_sig is not None:  # it was being stopped anyway
                        await self._drop()
                        self._set_started()
                        self._done.set_result(-self._stop_sig)
                        return
                    if runs >= allowed:
                        await self._drop()
                        tries = f" (attempt {runs} of {allowed})" if allowed > 1 else ""
                        raise RunError(f"worker {value} died while running step '{self._launch.step}'{tries}")
                    self._note(f"designer: worker {value} died while running step '{self._launch.step}'; "
                               f"running it again (attempt {runs + 1} of {allowed})")
                    if kind == "given-up":  # Dask stopped rescheduling it: a new task
                        self._submit()
                    else:  # Dask reschedules the same task; fail if no worker can take it
                        self._watch_offer()
        except asyncio.CancelledError:
            self._started.cancel()
            self._done.cancel()
            raise
        except Exception as exc:
            error = exc if isinstance(exc, RunError) else RunError(
                f"step '{self._launch.step}' could not be run on the Dask cluster at {self._cluster.address}: "
                f"{_reason(exc)}")
            self._note(f"designer: {error}")
            # start() raises it when the step never started, wait() otherwise
            (self._done if self._started.done() else self._started).set_exception(error)
            if not self._done.done():
                self._done.cancel()
        finally:
            for waiter in self._waiters:
                waiter.cancel()
            self._cluster.steps.pop(self._token, None)
            for fh in self._files.values():
                fh.close()
            self._files.clear()

    def _set_started(self) -> None:
        if not self._started.done():
            self._started.set_result(None)

    async def _result(self, future: Any, token: str) -> None:
        """Post the task's outcome: ``exit``, ``given-up`` (Dask's KilledWorker) or ``error``."""
        from distributed.client import FutureCancelledError
        from distributed.scheduler import KilledWorker

        try:
            self._inbox.put_nowait(("exit", token, await future))
        except KilledWorker:
            self._inbox.put_nowait(("given-up", token, self._addr or "(unknown)"))
        except FutureCancelledError:
            if self._stop_sig is not None:
                self._inbox.put_nowait(("exit", token, {"exit_code": -self._stop_sig}))
            elif self._cluster.client.status != "running":
                self._inbox.put_nowait(("error", token, RunError(
                    f"lost the Dask scheduler at {self._cluster.address} while running step '{self._launch.step}'")))
            else:
                self._inbox.put_nowait(("error", token, RunError(
                    f"step '{self._launch.step}' was canceled on the Dask cluster at {self._cluster.address}")))
        except Exception as exc:
            where = self.worker if self._addr else f"the Dask cluster at {self._cluster.address}"
            self._inbox.put_nowait(("error", token, RunError(
                f"step '{self._launch.step}' could not run on {where}: {_reason(exc)}")))

    async def _offer(self, token: str) -> None:
        """While it waits for a worker: post an error when no worker offers the target any more."""
        while self._addr is None and token == self._token:
            await asyncio.sleep(_WATCH_S)
            if self._addr is not None or token != self._token:
                return
            try:
                workers = await self._cluster.workers()
            except OSError:
                continue
            if not any(w.offers(self._route.target) for w in workers):
                text = _no_worker(self._launch.step, self._route.target, workers, lost=self._lost)
                self._inbox.put_nowait(("error", token, RunError(text)))
                return

    async def _drop(self) -> None:
        """Forget the current attempt on the cluster: cancel its task and kill it wherever it runs."""
        if not self._token:
            return
        with contextlib.suppress(OSError, asyncio.TimeoutError):
            await self._cluster.client.cancel([self._future], force=True)
        await self._cluster.signal(self._token, signal.SIGKILL, None)

    async def _finish(self, result: dict[str, Any]) -> int:
        code = int(result["exit_code"])
        await self._drain(result.get("chunks") or {})
        store = self._executor.storage
        if isinstance(store, ObjectStore):
            await asyncio.to_thread(self._fetch_back, store, result)
        return code

    def _fetch_back(self, store: ObjectStore, result: dict[str, Any]) -> None:
        step_root = self._launch.stdout.parent.parent
        side = result.get("side")
        if side:
            for name in ("metrics.jsonl", "mlruns"):
                with contextlib.suppress(FileNotFoundError):
                    store.download(f"{side}/{name}", step_root / name)
        for path, info in (result.get("outputs") or {}).items():
            rel = path.replace(self._spec.placeholder or "\0", "").lstrip("/")
            staging = step_root / rel
            if info["files"]:
                store.download(info["location"], staging, "dir")
            final = staging.with_name(staging.name[len(".tmp-"):])
            store.remember(final, Published(info["location"], info["kind"], info["files"]))

    async def _drain(self, chunks: dict[str, int]) -> None:
        """Wait (a little) until every log chunk the worker sent has been written here."""
        deadline = time.monotonic() + _LOG_DRAIN_S
        got = self._received.get(self._token, {})
        while any(got.get(k, 0) < n for k, n in chunks.items()) and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        missing = sum(max(0, n - got.get(k, 0)) for k, n in chunks.items())
        if missing:
            self._note(f"designer: {missing} chunk(s) of this step's log did not arrive from its worker")

    # ---------------------------------------------------------------------------------- events

    def _on_event(self, msg: dict[str, Any]) -> None:
        token = msg.get("t")
        kind = msg.get("k")
        if not isinstance(token, str):
            return
        if kind == "start":
            self._inbox.put_nowait(("start", token, (str(msg.get("worker")), str(msg.get("name") or ""))))
        elif kind in ("o", "e"):
            got = self._received.setdefault(token, {})
            got[kind] = got.get(kind, 0) + 1
            fh = self._files.get(kind)
            if fh is None:  # kept open while the step runs; closed when it ends
                path = self._launch.stdout if kind == "o" else self._launch.stderr
                fh = self._files[kind] = open(path, "ab", buffering=0)  # noqa: SIM115
            fh.write(msg.get("d") or b"")

    def _worker_gone(self, worker: str) -> None:
        if not self._done.done():
            self._inbox.put_nowait(("gone", self._token, worker))

    def _note(self, text: str) -> None:
        with contextlib.suppress(OSError), open(self._launch.stderr, "a", encoding="utf-8") as fh:
            fh.write(text + "\n")


# ========================================================================================= helpers


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _no_worker(step: str, target: ComputeTarget, workers: list[WorkerInfo], lost: str | None = None) -> str:
    """Why ``step`` cannot run: no worker offers what its target asks for (after ``lost`` died, if given)."""
    pinned = f" among {', '.join(target.workers)}" if target.workers else ""
    known = "; ".join(f"{w.label()}: {fmt_resources(w.resources)}" for w in workers) or "none"
    needs = f"{fmt_resources(target.resources)} (compute target '{target.name}')"
    if lost:
        return (f"worker {lost} died while running step '{step}', and no other worker{pinned} of the Dask "
                f"scheduler at {target.address} offers {needs}; its workers: {known}")
    return (f"step '{step}' needs {needs}, but no worker{pinned} of the Dask scheduler at {target.address} "
            f"offers that; its workers: {known}")


def _retries(plan: RunPlan, path: str, target: ComputeTarget) -> int:
    """The job's ``properties.retries`` (a string, as Azure ML stores properties), else the target's."""
    jobs: Any = plan.pipeline.jobs
    job: Any = None
    for part in path.split("/"):
        job = jobs.get(part) if isinstance(jobs, dict) else None
        if job is None:
            break
        jobs = getattr(getattr(job, "resolved", None), "jobs", None)
    props = (getattr(job, "extra", None) or {}).get("properties") if job is not None else None
    if isinstance(props, dict) and "retries" in props:
        try:
            return max(0, int(str(props["retries"]).strip()))
        except ValueError:
            raise RunError(f"step '{path}': properties.retries is '{props['retries']}'; expected a whole "
                           "number such as \"2\"") from None
    return target.retries


def _env_delta(env: dict[str, str]) -> tuple[dict[str, str], tuple[str, ...]]:
    """What the step's environment adds to or removes from the runner's: the part that travels.

    The rest of a remote step's environment is the worker's own; ``PATH`` gets the worker
    interpreter's folder in front, as the runner does here.
    """
    here = os.environ
    default_path = os.path.dirname(sys.executable) + os.pathsep + here.get("PATH", "")
    delta = {k: v for k, v in env.items() if here.get(k) != v and not (k == "PATH" and v == default_path)}
    unset = tuple(sorted(k for k in here if k not in env))
    return delta, unset


def _inputs(launch: Launch, route: _Route, run_root: Path, step_root: Path) -> list[str]:
    """Local paths the command reads: the plan's external data and run-folder paths in the command."""
    import shlex

    root, own = str(run_root) + os.sep, str(step_root) + os.sep
    declared = getattr(launch, "inputs", None)
    if isinstance(declared, dict):
        found = {str(p) for p in declared.values() if p and "://" not in str(p)}
    else:
        found = set(route.external)
        try:
            tokens = shlex.split(launch.command)
        except ValueError:
            tokens = launch.command.split()
        for token in tokens:
            for text in (token, token.partition("=")[2]):
                if text.startswith(root) and not text.startswith(own) and os.path.exists(text):
                    found.add(text)
    # an upstream output travels whole (its committed folder), and a path inside another input with it
    paths = sorted({_output_folder(p) if p.startswith(root) else p for p in found}, key=len)
    return [p for i, p in enumerate(paths) if not any(p.startswith(q + os.sep) for q in paths[:i])]


def _output_folder(path: str) -> str:
    """The committed output folder (``<step>/outputs/<name>``) holding ``path``, else ``path``."""
    for folder in (Path(path), *Path(path).parents):
        if folder.parent.name == "outputs" and (folder.parent.parent / "logs").is_dir():
            return str(folder)
    return path


def _translate(text: str, mapping: dict[str, str]) -> str:
    """Replace runner paths by worker paths (longest first, whole path components only)."""
    for src in sorted(mapping, key=len, reverse=True):
        dest = mapping[src]
        text = re.sub(re.escape(src) + r"(?=$|[/\s'\";|&)<>=,:])", lambda _m: dest, text)  # noqa: B023
    return text

