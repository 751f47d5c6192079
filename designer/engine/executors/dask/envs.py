"""The runner side of steps' environments on Dask workers: built there before the step, checked at pre-flight.

Before a Dask step's fingerprint is made, :meth:`RemoteEnvs.ensure` sends its normalised definition
to a worker of its target (a Dask task with the target's resources), which finds or builds it in its
own cache (:mod:`designer.engine.executors.dask.worker_env`) and answers with the lock of what it
installed: that lock is what the fingerprint and the run's record hold. The step shows
``preparing`` while the worker builds; the build log goes into the step's log. One request per
environment, target and run: the trials of a sweep (or several steps with one environment) share it.
The step's own task then finds the environment on its worker (or builds it there, when Dask placed it
on another worker) and runs the command with that environment's ``python``.

:meth:`RemoteEnvs.check` is the pre-flight: every worker that may run such a step must have uv and the
Python versions the environments ask for; otherwise the run fails before any step starts, naming
the workers and what to install.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import secrets
from collections import OrderedDict
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from designer.engine.environments import BuiltEnv, EnvDefinition
from designer.engine.executors.dask.cluster import WATCH_S, Cluster, WorkerInfo, no_worker, reason
from designer.engine.executors.dask.worker import env_probe_on_worker, prepare_env_on_worker
from designer.engine.executors.dask.worker_env import PROBED_PYTHONS, EnvTask, built_from
from designer.errors import RunError
from designer.workspace import ComputeTarget

_MEMO = 512  # remembered (run, target, environment) answers; one run needs a handful


class _EnvListener:
    """Hears one environment request's progress events (registered in ``Cluster.steps`` by token)."""

    def __init__(self, on_progress: Callable[[str], None]) -> None:
        self.on_progress = on_progress

    @property
    def address(self) -> str | None:
        return None  # not a running step: a worker that leaves fails the task, which Dask reruns

    def on_event(self, msg: dict[str, Any]) -> None:
        if msg.get("k") == "progress":
            self.on_progress(str(msg.get("d") or ""))

    def worker_gone(self, worker: str) -> None:
        return None


class RemoteEnvs:
    """Environments of Dask steps, one request per (run, target, environment); ``shared_logs``: the
    workers append build logs to the step's log file themselves (a shared folder)."""

    def __init__(self, shared_logs: bool) -> None:
        self.shared_logs = shared_logs
        self._asked: OrderedDict[tuple[str, str, str], asyncio.Future[BuiltEnv]] = OrderedDict()
        self._building: set[tuple[str, str, str]] = set()
        self._locks: OrderedDict[tuple[str, str], str] = OrderedDict()  # (run, step) -> lock hash used
        self._last: dict[tuple[str, str], str] = {}  # (target, definition digest) -> the lock answered last

    def known_lock(self, target: ComputeTarget, definition: EnvDefinition) -> str | None:
        """The lock hash a worker of ``target`` answered last for ``definition`` (None: not asked yet)."""
        return self._last.get((target.name, definition.digest()))

    def lock_of(self, run_id: str, step: str) -> str | None:
        """The lock hash the step's fingerprint used (what its task compares its own build with)."""
        return self._locks.get((run_id, step))

    async def ensure(self, cluster: Cluster, run_id: str, step: str, target: ComputeTarget,
                     definition: EnvDefinition, log: Path, preparing: Callable[[str], None]) -> BuiltEnv:
        """The environment of ``step`` as a worker of ``target`` built (or found) it.

        Calls ``preparing(message)`` while the worker builds. Raises :class:`RunError` with the
        installer's message (or the missing Python) and the worker's name.
        """
        memo = (run_id, target.name, definition.digest())
        known = self._asked.get(memo)
        if known is None:
            known = self._asked[memo] = asyncio.ensure_future(
                self._ask(cluster, memo, step, target, definition, log, preparing))
            known.add_done_callback(lambda f: f.cancelled() or f.exception())  # no "never retrieved" warning
            while len(self._asked) > _MEMO:
                self._asked.popitem(last=False)
        elif not known.done():
            if memo in self._building:
                preparing(f"waiting for its environment ({definition.describe()}), built on a worker for another step")
            _append(log, f"[environment] waiting for environment {definition.digest()[:12]}, requested on "
                         f"compute target '{target.name}' for another step of this run\n")
        built = await asyncio.shield(known)
        self._locks[(run_id, step)] = built.lock_hash
        self._last[(target.name, memo[2])] = built.lock_hash
        while len(self._locks) > 16 * _MEMO:
            self._locks.popitem(last=False)
        return built

    async def _ask(self, cluster: Cluster, memo: tuple[str, str, str], step: str, target: ComputeTarget,
                   definition: EnvDefinition, log: Path, preparing: Callable[[str], None]) -> BuiltEnv:
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", step)
        token = f"{memo[0]}-{safe}-env-{secrets.token_hex(4)}"

        def progress(text: str) -> None:
            self._building.add(memo)
            preparing(f"building its environment on a worker ({definition.describe()}): {text}")

        cluster.steps[token] = _EnvListener(progress)
        task = EnvTask(token, cluster.topic, step, definition, str(log) if self.shared_logs else None)
        try:
            await _offered(cluster, step, target)
            future = cluster.client.submit(
                prepare_env_on_worker, task, key=f"designer-{token}", resources=dict(target.resources) or None,
                workers=list(target.workers) or None, allow_other_workers=False, pure=False, retries=1)
            try:
                answer = await _answer(cluster, future, step, target)
            except (asyncio.CancelledError, _NoWorker):
                with contextlib.suppress(OSError, asyncio.TimeoutError):
                    await cluster.client.cancel([future], force=True)
                raise
            except Exception as exc:
                raise RunError(f"step '{step}': its environment ({definition.describe()}) could not be prepared "
                               f"on a worker of compute target '{target.name}' ({target.address}): "
                               f"{reason(exc)}") from None
        finally:
            cluster.steps.pop(token, None)
            self._building.discard(memo)
        if answer.get("log"):
            _append(log, str(answer["log"]))
        where = str(answer.get("name") or answer.get("worker"))
        built = built_from(answer)
        if built.reused:
            _append(log, f"[environment] environment {built.key[:12]} is ready on worker {where} "
                         f"({definition.describe()})\n")
        return built

    async def probe(self, cluster: Cluster, workers: list[WorkerInfo],
                    minors: Collection[str] = ()) -> dict[str, dict[str, Any]]:
        """What each of ``workers`` builds environments with, its Pythons among the usual ones and ``minors``.

        A worker is asked again only for versions it was not asked about on this connection. Returns
        worker address -> :func:`~designer.engine.executors.dask.worker_env.probe`'s answer; a worker that
        cannot run designer code answers ``uv: None`` with the reason in ``uv_error``.
        """
        wanted = {*PROBED_PYTHONS, *minors}
        groups: dict[tuple[str, ...], list[str]] = {}
        for w in workers:
            asked = set((cluster.env_probes.get(w.address) or {}).get("asked") or ())
            if w.address not in cluster.env_probes or not wanted <= asked:
                groups.setdefault(tuple(sorted(wanted - asked, key=_vkey)), []).append(w.address)
        for need, todo in groups.items():
            answers = await cluster.client.run(env_probe_on_worker, need, workers=todo, on_error="return")
            for addr in todo:
                answer = answers.get(addr)
                known = cluster.env_probes.get(addr)
                if isinstance(answer, dict):
                    if known is not None and known.get("uv") is not None:  # add the versions asked now
                        answer["pythons"] = {**(known.get("pythons") or {}), **(answer.get("pythons") or {})}
                        answer["asked"] = sorted({*(known.get("asked") or ()), *(answer.get("asked") or ())}, key=_vkey)
                    cluster.env_probes[addr] = answer
                else:
                    why = reason(answer) if isinstance(answer, BaseException) else "it did not answer"
                    cluster.env_probes[addr] = {"uv": None, "pythons": {}, "asked": sorted(wanted), "uv_error": (
                        f"cannot run designer code ({why}); install pipeline-designer[dask] on every worker, "
                        "the same version as here")}
        return {w.address: cluster.env_probes[w.address] for w in workers}

    @staticmethod
    def no_uv(worker: WorkerInfo, found: dict[str, Any]) -> str:
        """The sentence for a worker without uv."""
        return (f"worker {worker.label()} has no uv ({found.get('uv_error') or 'not found'}); "
                "install it in the worker's environment (pip install uv)")

    async def check(self, cluster: Cluster, target: ComputeTarget, workers: list[WorkerInfo],
                    pythons: set[str | None]) -> None:
        """Pre-flight: the workers of ``target`` have uv and every Python in ``pythons`` (None: their own).

        Each worker is asked once per cluster connection. Raises :class:`RunError` naming each
        worker at fault and what to install.
        """
        fits = [w for w in workers if w.offers(target)]
        await self.probe(cluster, fits, {p for p in pythons if p is not None})
        bad: list[str] = []
        for w in fits:
            found = cluster.env_probes[w.address]
            if not found.get("uv"):
                bad.append(self.no_uv(w, found))
                continue
            missing = sorted(p for p in pythons if p is not None and p not in (found.get("pythons") or {}))
            if missing:
                have = ", ".join(sorted(found.get("pythons") or {}, key=_vkey)) or "none found"
                bad.append(f"worker {w.label()} has no Python {', '.join(missing)} (it has {have}); install it there "
                           f"(e.g. uv python install {missing[0]})")
        if bad:
            raise RunError(f"compute target '{target.name}': the steps' environments are built on its workers, "
                           f"but {'; '.join(bad)}; or set [environments] mode = \"current\" (DESIGNER_ENVIRONMENTS=current) "
                           "to run steps with the workers' own interpreter")


class _NoWorker(RunError):
    """No worker of the cluster offers the target (said as is; an error from a worker gets its context)."""


async def _offered(cluster: Cluster, step: str, target: ComputeTarget) -> None:
    """Raise :class:`RunError` (naming the workers) when no worker of the cluster offers ``target``."""
    try:
        workers = await cluster.workers(max_age=1.0)
    except OSError as exc:
        raise RunError(f"compute target '{target.name}': lost the Dask scheduler at {target.address} "
                       f"({reason(exc)})") from None
    if not any(w.offers(target) for w in workers):
        raise _NoWorker(no_worker(step, target, workers))


async def _answer(cluster: Cluster, future: Any, step: str, target: ComputeTarget) -> dict[str, Any]:
    """The environment task's answer; raises :class:`RunError` when no worker offers the target any more."""
    async def result() -> Any:
        return await future

    waiting = asyncio.ensure_future(result())
    try:
        while True:
            done, _ = await asyncio.wait({waiting}, timeout=WATCH_S)
            if done:
                return dict(waiting.result())
            await _offered(cluster, step, target)
    finally:
        if not waiting.done():
            waiting.cancel()


def _vkey(minor: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in minor.split("."))


def _append(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(text)
