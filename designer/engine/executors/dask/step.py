"""The driver of one step on a Dask cluster: submit, follow, retry on a lost worker, collect its logs and outputs."""

from __future__ import annotations

import asyncio
import contextlib
import re
import secrets
import signal
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from designer.engine.artifacts import StepDirs
from designer.engine.executors import Launch
from designer.engine.executors.dask.cluster import WATCH_S, Cluster, Route, no_worker, reason
from designer.engine.executors.dask.storage import ObjectStore, Published, SharedFolder
from designer.engine.executors.dask.worker import LOG_DRAIN_S, RemoteStep, run_on_worker
from designer.errors import RunError


class DaskStep:
    """A step running on a Dask worker (implements ``StepProcess``).

    One driver task follows it through messages: the worker's ``start`` event, a worker leaving, the
    task's result, a failed offer check, or the runner abandoning it. A worker that dies while the
    step runs is replaced by Dask's own rescheduling of the task (same attempt token) when retries
    are left; otherwise the task is dropped (canceled, and killed wherever Dask had restarted it).
    """

    def __init__(self, cluster: Cluster, launch: Launch, route: Route, spec: RemoteStep, *,
                 storage: SharedFolder | ObjectStore, track: Callable[[asyncio.Future[Any]], None]) -> None:
        loop = asyncio.get_running_loop()
        self._storage = storage
        self._track = track
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
        self._track(asyncio.ensure_future(self._cluster.signal(self._token, sig, self._addr)))

    # ------------------------------------------------------------------------------- lifecycle

    async def _begin(self) -> None:
        self._track(asyncio.ensure_future(self._drive()))
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
                f"{reason(exc)}")
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
                f"step '{self._launch.step}' could not run on {where}: {reason(exc)}")))

    async def _offer(self, token: str) -> None:
        """While it waits for a worker: post an error when no worker offers the target any more."""
        while self._addr is None and token == self._token:
            await asyncio.sleep(WATCH_S)
            if self._addr is not None or token != self._token:
                return
            try:
                workers = await self._cluster.workers()
            except OSError:
                continue
            if not any(w.offers(self._route.target) for w in workers):
                text = no_worker(self._launch.step, self._route.target, workers, lost=self._lost)
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
        store = self._storage
        if isinstance(store, ObjectStore):
            await asyncio.to_thread(self._fetch_back, store, result)
        return code

    def _fetch_back(self, store: ObjectStore, result: dict[str, Any]) -> None:
        step_root = StepDirs.of_log(self._launch.stdout).root
        side = result.get("side")
        if side:
            dirs = StepDirs(step_root)
            for local in (dirs.metrics, dirs.mlruns):
                with contextlib.suppress(FileNotFoundError):
                    store.download(f"{side}/{local.name}", local)
        for path, info in (result.get("outputs") or {}).items():
            rel = path.replace(self._spec.placeholder or "\0", "").lstrip("/")
            staging = step_root / rel
            if info["files"]:
                store.download(info["location"], staging, "dir")
            final = StepDirs.final_of(staging)
            store.remember(final, Published(info["location"], info["kind"], info["files"]))

    async def _drain(self, chunks: dict[str, int]) -> None:
        """Wait (a little) until every log chunk the worker sent has been written here."""
        deadline = time.monotonic() + LOG_DRAIN_S
        got = self._received.get(self._token, {})
        while any(got.get(k, 0) < n for k, n in chunks.items()) and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        missing = sum(max(0, n - got.get(k, 0)) for k, n in chunks.items())
        if missing:
            self._note(f"designer: {missing} chunk(s) of this step's log did not arrive from its worker")

    # ---------------------------------------------------------------------------------- events

    def on_event(self, msg: dict[str, Any]) -> None:
        """A message of its worker: the start of an attempt, or a chunk of its stdout/stderr."""
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

    def worker_gone(self, worker: str) -> None:
        """Worker ``worker`` left: the driver retries the step elsewhere or fails it."""
        if not self._done.done():
            self._inbox.put_nowait(("gone", self._token, worker))

    def _note(self, text: str) -> None:
        with contextlib.suppress(OSError), open(self._launch.stderr, "a", encoding="utf-8") as fh:
            fh.write(text + "\n")
