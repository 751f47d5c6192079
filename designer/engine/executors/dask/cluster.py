"""One client connection per Dask scheduler, and what the scheduler reports: its workers and step events."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from designer.engine.executors.dask.worker import signal_on_worker
from designer.workspace import ComputeTarget

if TYPE_CHECKING:
    from distributed import Client

#: How often a running step's worker is polled for (backing up the worker-left events).
WATCH_S = 2.0


def fmt_resources(resources: dict[str, float]) -> str:
    """``{"GPU": 1.0}`` -> ``GPU=1``; empty -> ``no resources``."""
    if not resources:
        return "no resources"
    return ", ".join(f"{k}={v:g}" for k, v in sorted(resources.items()))


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
class Route:
    """Where one step runs: its target, how many retries it has, the local data it reads."""

    target: ComputeTarget
    retries: int
    external: tuple[str, ...] = ()  # local data paths the step reads (published to an object store)


class StepListener(Protocol):
    """What a :class:`Cluster` tells a step that runs on it (implemented by ``DaskStep``)."""

    @property
    def address(self) -> str | None:
        """The worker the step runs on, once known."""
        ...

    def on_event(self, msg: dict[str, Any]) -> None:
        """A message the step's worker sent on the cluster's topic."""
        ...

    def worker_gone(self, worker: str) -> None:
        """Worker ``worker`` left the cluster."""
        ...


class Cluster:
    """One client connection to one scheduler, shared by every target that names its address."""

    def __init__(self, client: Client, address: str) -> None:
        self.client = client
        self.address = address
        self.topic = f"designer-steps-{secrets.token_hex(6)}"
        self.steps: dict[str, StepListener] = {}  # attempt token -> step
        self.watched: set[str] = set()
        self.probed: set[str] = set()
        self.env_probes: dict[str, dict[str, Any]] = {}  # worker -> what it builds environments with
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
            step.on_event(msg)

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
                step.worker_gone(worker)

    async def _monitor(self) -> None:
        while self.steps:
            await asyncio.sleep(WATCH_S)
            try:
                alive = set(await self._rpc().ncores())
            except OSError:
                continue  # the client reconnects; futures fail on their own if it cannot
            for step in list(self.steps.values()):
                where = step.address
                if where is not None and where not in alive:
                    step.worker_gone(where)

    async def signal(self, token: str, sig: int, worker: str | None) -> None:
        """Deliver ``sig`` to attempt ``token``: on its worker when known, else on every worker."""
        with contextlib.suppress(OSError, asyncio.TimeoutError):
            await self.client.run(signal_on_worker, token, sig, workers=[worker] if worker else None,
                                  on_error="ignore")


def reason(exc: BaseException) -> str:
    """``Type: first line of the message`` of ``exc``, for error sentences."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def no_worker(step: str, target: ComputeTarget, workers: list[WorkerInfo], lost: str | None = None) -> str:
    """Why ``step`` cannot run: no worker offers what its target asks for (after ``lost`` died, if given)."""
    pinned = f" among {', '.join(target.workers)}" if target.workers else ""
    known = "; ".join(f"{w.label()}: {fmt_resources(w.resources)}" for w in workers) or "none"
    needs = f"{fmt_resources(target.resources)} (compute target '{target.name}')"
    if lost:
        return (f"worker {lost} died while running step '{step}', and no other worker{pinned} of the Dask "
                f"scheduler at {target.address} offers {needs}; its workers: {known}")
    return (f"step '{step}' needs {needs}, but no worker{pinned} of the Dask scheduler at {target.address} "
            f"offers that; its workers: {known}")
