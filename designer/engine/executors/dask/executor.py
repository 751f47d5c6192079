"""The Dask executor: starts steps on the workers of Dask schedulers; the runner's pre-flight for Dask targets.

See :mod:`designer.engine.executors.dask` for how a step runs on a worker and how a runner uses it.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import io
import os
import re
import secrets
import sys
import tarfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from designer.engine.artifacts import StepDirs
from designer.engine.executors import Launch
from designer.engine.executors.dask.cluster import Cluster, Route, WorkerInfo, no_worker, reason
from designer.engine.executors.dask.envs import RemoteEnvs
from designer.engine.executors.dask.step import DaskStep
from designer.engine.executors.dask.storage import ObjectStore, SharedFolder, storage_for
from designer.engine.executors.dask.worker import RemoteStep, probe_on_worker
from designer.errors import RunError
from designer.workspace import ComputeTarget, Settings

if TYPE_CHECKING:
    from collections.abc import Callable

    from designer.engine.environments import BuiltEnv, EnvDefinition
    from designer.engine.plan import RunPlan

_HEX64 = re.compile(r"[0-9a-f]{64}")
_SNAPSHOT_CACHE_BYTES = 256 << 20


class DaskExecutor:
    """Starts steps on Dask workers (implements ``Executor`` for compute targets of kind ``dask``).

    ``run_root`` is the runner's run folder root (``Workspace.runs_dir``). ``storage`` defaults to
    :func:`~designer.engine.executors.dask.storage.storage_for` of ``settings.artifact_root``. Building one connects
    to nothing; clients are made on first use.
    """

    def __init__(self, settings: Settings, run_root: str | Path, *,
                 storage: SharedFolder | ObjectStore | None = None, connect_timeout: float = 5.0) -> None:
        self.settings = settings
        self.run_root = Path(run_root).resolve()
        self.storage = storage or storage_for(settings.artifact_root, self.run_root)
        self.connect_timeout = connect_timeout
        self._clusters: dict[str, Cluster] = {}
        self._connecting: dict[str, asyncio.Lock] = {}
        self._routes: dict[str, Route] = {}
        self._archives: dict[str, bytes] = {}
        self._tasks: set[asyncio.Future[Any]] = set()
        self.envs = RemoteEnvs(shared_logs=isinstance(self.storage, SharedFolder))

    # ------------------------------------------------------------------------------ connections

    async def cluster(self, target: ComputeTarget) -> Cluster:
        """The connection to ``target``'s scheduler (made on first use); raises :class:`RunError` when unreachable."""
        return await self._cluster(target)

    async def _cluster(self, target: ComputeTarget) -> Cluster:
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
                               f"({reason(exc)}); start it, or fix compute.{target.name}.address in designer.toml "
                               f"(or DESIGNER_COMPUTE_{target.name.upper()}_ADDRESS)") from None
            cluster = self._clusters[address] = Cluster(client, address)
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
                           f"({reason(exc)})") from None

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
                               f"({reason(exc)}); check [artifacts] root in designer.toml") from None
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
                    answer = (f"cannot run designer code ({reason(answer)}); install pipeline-designer[dask] "
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
            if step.kind == "parallel" and isinstance(self.storage, ObjectStore):
                # its driver, config and per-batch reuse state live in runner folders a worker does not see
                raise RunError(f"step '{path}' is a parallel step on Dask compute target '{step.target.name}': with "
                               f"artifacts in {self.storage.describe()} it cannot run on a worker; run it on "
                               "'local' (compute: local), or give the workers a shared folder ([artifacts] root "
                               "mounted at the same path on every worker)")
            targets[step.target.name] = step.target
            external = tuple(src.path for src in step.inputs.values() if isinstance(src, ExternalData)
                             and "://" not in src.path)
            self._routes[path] = Route(step.target, _retries(plan, path, step.target), external)
        pythons = self._pythons(plan)

        async def check(target: ComputeTarget) -> None:
            workers = await self.check(target)
            if target.name in pythons:
                await self.envs.check(self._clusters[target.address or ""], target, workers, pythons[target.name])

        results = await asyncio.gather(*(check(t) for t in targets.values()), return_exceptions=True)
        problems = [str(r) for r in results if isinstance(r, BaseException)]
        for r in results:
            if isinstance(r, BaseException) and not isinstance(r, RunError | OSError):
                raise r
        if problems:
            raise RunError("\n".join(problems))

    def _pythons(self, plan: RunPlan) -> dict[str, set[str | None]]:
        """Target name -> the Python versions its steps' environments ask for (targets with built environments)."""
        from designer.engine.environments import env_settings
        from designer.engine.environments.steps import resolve_spec
        from designer.errors import DesignerError

        settings = env_settings(self.settings)
        out: dict[str, set[str | None]] = {}
        if settings.mode == "current":
            return out
        for step in plan.steps.values():
            if step.target.kind != "dask" or step.environment is None:
                continue
            try:
                definition = resolve_spec(step.environment, settings)
            except DesignerError:
                continue  # the runner reports it, naming the step, before anything starts
            if definition.kind != "current":
                out.setdefault(step.target.name, set()).add(definition.python)
        return out

    async def environment(self, run_id: str, step: str, target: ComputeTarget, definition: EnvDefinition,
                          log: Path, preparing: Callable[[str], None]) -> BuiltEnv:
        """Find or build ``step``'s environment on a worker of ``target`` (before its fingerprint is made).

        Returns the environment as the worker built it (its lock is what the step runs with; its
        paths are the worker's). Calls ``preparing(message)`` while the worker builds; the build log
        goes to ``log``. Raises :class:`RunError` naming the step, the environment and the installer's words.
        """
        cluster = await self._cluster(target)
        return await self.envs.ensure(cluster, run_id, step, target, definition, log, preparing)

    def known_lock(self, target: ComputeTarget, definition: EnvDefinition) -> str | None:
        """The lock hash of ``definition`` as a worker of ``target`` last built it (None: not known here yet).

        What ``Runner.explain`` uses to say whether a Dask step will re-run; asks no worker.
        """
        return self.envs.known_lock(target, definition)

    def _route(self, launch: Launch) -> Route:
        target = getattr(launch, "target", None)
        known = self._routes.get(launch.step)
        if isinstance(target, ComputeTarget):
            if known is not None and known.target == target:
                return known
            return Route(target, int(getattr(launch, "retries", None) or target.retries))
        if known is not None:
            return known
        dask_targets = [t for t in self.settings.compute.values() if t.kind == "dask"]
        if len(dask_targets) == 1:
            return Route(dask_targets[0], dask_targets[0].retries)
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
            raise RunError(no_worker(launch.step, route.target, workers))
        spec = await self._spec(launch, route, cluster)
        step = DaskStep(cluster, launch, route, spec, storage=self.storage, track=self._track)
        try:
            await step._begin()
        except BaseException:
            step._abandon()
            raise
        return step

    async def _spec(self, launch: Launch, route: Route, cluster: Cluster) -> RemoteStep:
        dirs = StepDirs.of_log(launch.stdout)
        step_root = dirs.root
        snapshot = None
        if launch.cwd.resolve() != step_root.resolve():
            snapshot = await asyncio.to_thread(self._archive, launch.cwd)
        env, unset = _env_delta(launch.env)
        staging = dirs.staged()
        definition = getattr(launch, "environment", None)
        common: dict[str, Any] = {"token": "", "topic": cluster.topic, "step": launch.step, "unset": unset,
                                  "snapshot": snapshot, "environment": definition,
                                  "env_lock": self.envs.lock_of(launch.run_id, launch.step) if definition else None}
        if isinstance(self.storage, SharedFolder):
            return RemoteStep(command=launch.command, env=env, workdir=str(step_root), placeholder=None,
                              logs=(str(launch.stdout), str(launch.stderr)), fresh=tuple(map(str, staging)),
                              **common)
        store = self.storage
        placeholder = f"@@designer-workdir-{secrets.token_hex(6)}@@"
        remote = StepDirs(Path(placeholder))  # the step folder as the worker will see it
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
            final = StepDirs.final_of(folder)
            stage_out.append((str(remote.outputs / folder.name), store.base(final), store.marker(final)))
        return RemoteStep(
            command=_translate(launch.command, mapping),
            env={k: _translate(v, mapping) for k, v in env.items()},
            workdir=None, placeholder=placeholder, logs=None,
            fresh=tuple(str(remote.outputs / f.name) for f in staging),
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


def _inputs(launch: Launch, route: Route, run_root: Path, step_root: Path) -> list[str]:
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
    paths = sorted({StepDirs.output_folder_of(p) if p.startswith(root) else p for p in found}, key=len)
    return [p for i, p in enumerate(paths) if not any(p.startswith(q + os.sep) for q in paths[:i])]


def _translate(text: str, mapping: dict[str, str]) -> str:
    """Replace runner paths by worker paths (longest first, whole path components only)."""
    for src in sorted(mapping, key=len, reverse=True):
        dest = mapping[src]
        text = re.sub(re.escape(src) + r"(?=$|[/\s'\";|&)<>=,:])", lambda _m: dest, text)  # noqa: B023
    return text
