"""The engine's front object: :class:`Runner` plans and starts runs; :class:`RunHandle` follows one.

``from designer.engine.runner import Runner`` is the import to use. The ready-set loop and failure
policy are in :mod:`designer.engine.scheduler`; one step's lifecycle is :mod:`designer.engine.step`.
:class:`RunResult` and :class:`StepResult` (defined in :mod:`designer.engine.results`, which both of
those fill in) are part of this module's API.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from designer.engine.artifacts import ContentHasher
from designer.engine.cache import CacheIndex
from designer.engine.environments import env_settings
from designer.engine.environments.steps import RunEnvironments
from designer.engine.events import EventSink, RunSource
from designer.engine.executors import Executor
from designer.engine.explain import explain_plan
from designer.engine.partial import earlier_outputs, restrict
from designer.engine.plan import RunPlan, build_plan, load_plan
from designer.engine.results import RunResult, StepResult
from designer.engine.scheduler import RunLoop
from designer.engine.why import StepHistory
from designer.spec.loader import ComponentResolver
from designer.spec.model import Document
from designer.workspace import Settings

__all__ = ["DEFAULT_GRACE_S", "RunHandle", "RunResult", "Runner", "StepResult", "run_pipeline"]

DEFAULT_GRACE_S = 5.0
# A new run of a pipeline whose last run ended so "resumes" it (RunRecord.resumed_from).
RESUMABLE = frozenset({"failed", "interrupted", "canceled"})


class Runner:
    """Runs pipelines on this machine, reporting to an :class:`EventSink` and reusing via a :class:`CacheIndex`.

    ``run_root`` is the artifact root (``<workspace>/.designer/runs``); ``state_dir`` holds code
    snapshots and the hash memo (default: the folder above ``run_root`` when that is ``.designer``,
    else ``run_root`` itself). ``executors`` maps a compute-target kind (``local``, ``dask``) to its
    executor; ``history`` answers "what did earlier runs of this step do" for the why records and
    partial runs (default: the cache or the sink when it is a :class:`StepHistory`, as the store
    is); ``cancel_requested(run_id)`` is polled once per heartbeat (the store's cross-process
    cancel flag). Building a Runner writes nothing.
    """

    def __init__(self, settings: Settings, run_root: str | Path, sink: EventSink, cache: CacheIndex,
                 executors: Mapping[str, Executor] | None = None, *, state_dir: str | Path | None = None,
                 cancel_requested: Callable[[str], bool] | None = None, grace_s: float = DEFAULT_GRACE_S,
                 resolver: ComponentResolver | None = None, history: StepHistory | None = None) -> None:
        self.settings = settings
        self.run_root = Path(run_root).resolve()
        self.sink = sink
        self.cache = cache
        if executors is None:
            from designer.engine.executors.local import LocalExecutor

            executors = {"local": LocalExecutor()}
        self.executors = dict(executors)
        if state_dir is None:
            state_dir = self.run_root.parent if self.run_root.parent.name == ".designer" else self.run_root
        self.state_dir = Path(state_dir)
        self.cancel_requested = cancel_requested
        self.grace_s = grace_s
        self.resolver = resolver
        self._owned: list[str] = []
        if history is None:
            found = next((x for x in (cache, sink) if isinstance(x, StepHistory)), None)
            history = found
        self.history: StepHistory | None = history

    def plan(self, document: Document | str | Path, *, parameters: Mapping[str, Any] | None = None,
             force_rerun: bool = False, pipeline_file: str | Path | None = None) -> RunPlan:
        """Plan ``document`` (a loaded pipeline job, or the path of one) without running it.

        Raises :class:`~designer.errors.SpecError` for an invalid file and :class:`RunError` for
        bad parameters or missing data or code.
        """
        if isinstance(document, str | Path):
            return load_plan(document, self.settings, resolver=self.resolver, parameters=parameters,
                             force_rerun=force_rerun)
        return build_plan(document, self.settings, parameters=parameters, pipeline_file=pipeline_file,
                          force_rerun=force_rerun)

    def _planned(self, document: Document | str | Path | RunPlan, *, parameters: Mapping[str, Any] | None,
                 force_rerun: bool, pipeline_file: str | Path | None, only: str | None,
                 from_step: str | None) -> RunPlan:
        plan = document if isinstance(document, RunPlan) else self.plan(
            document, parameters=parameters, force_rerun=force_rerun, pipeline_file=pipeline_file)
        if force_rerun:
            plan.force_rerun = True
        if only is not None or from_step is not None:
            restrict(plan, only=only, from_step=from_step)
        return plan

    async def start(self, document: Document | str | Path | RunPlan, *, source: RunSource = "api",
                    parameters: Mapping[str, Any] | None = None, force_rerun: bool = False,
                    pipeline_file: str | Path | None = None, rerun_of: str | None = None,
                    only: str | None = None, from_step: str | None = None) -> RunHandle:
        """Plan and start a run; return its handle at once (the run goes on in the event loop).

        ``document`` is a loaded pipeline job, the path of a pipeline file, or a :class:`RunPlan`.
        ``only`` runs that step alone, on the latest successful outputs of its upstream steps;
        ``from_step`` runs that step and everything downstream, reusing the rest
        (:mod:`designer.engine.partial`). Raises as :meth:`plan` does, and :class:`RunError` for an
        unknown step or an upstream step without a successful run, before anything is written or emitted.
        """
        plan = self._planned(document, parameters=parameters, force_rerun=force_rerun, pipeline_file=pipeline_file,
                             only=only, from_step=from_step)
        hasher = ContentHasher(self.state_dir / "hashes.json")
        given = await asyncio.to_thread(earlier_outputs, plan, self.history, hasher)
        resumed_from = None
        if self.history is not None and plan.pipeline_file:
            last = await asyncio.to_thread(self.history.earlier_run, plan.pipeline_file)
            if last is not None and last[1] in RESUMABLE:
                resumed_from = last[0]
        await self._preflight(plan)
        # off the loop: finding interpreters runs them once, and a missing Python may be downloaded
        environments = await asyncio.to_thread(functools.partial(self.environments, plan, fetch=True))
        run = RunLoop(plan, settings=self.settings, sink=self.sink, cache=self.cache, executors=self.executors,
                      run_root=self.run_root, state_dir=self.state_dir, grace_s=self.grace_s, source=source,
                      rerun_of=rerun_of, cancel_requested=self.cancel_requested, history=self.history,
                      given=given, resumed_from=resumed_from)
        run.environments = environments
        run.begin()
        return RunHandle(run)

    def explain(self, document: Document | str | Path | RunPlan, *, parameters: Mapping[str, Any] | None = None,
                force_rerun: bool = False, pipeline_file: str | Path | None = None, only: str | None = None,
                from_step: str | None = None) -> dict[str, dict[str, Any]]:
        """Why each step would run or be reused if the run started now: step -> reason (see :mod:`designer.engine.why`).

        Has no side effects: it hashes code and data (reading them), asks the cache and the history,
        and writes nothing (not even the hash memo). A step downstream of a non-deterministic step
        is reported as re-running because of it, although at run time it may still be reused when
        that step's output comes out the same. Raises as :meth:`start` does.
        """
        plan = self._planned(document, parameters=parameters, force_rerun=force_rerun, pipeline_file=pipeline_file,
                             only=only, from_step=from_step)
        environments = self.environments(plan)
        for name, step in plan.steps.items():  # built environments' locks; one not built yet is unknown
            step.env_lock = environments.known_lock(name)
            remote = environments.remote(name)
            last_lock = getattr(self.executors.get(step.target.kind), "known_lock", None) if remote else None
            if last_lock is not None:  # built on a worker: the lock its worker answered last, if any
                step.env_lock = last_lock(step.target, remote)
        return explain_plan(plan, self.cache, self.history, self.state_dir, self.run_root, environments)

    def environments(self, plan: RunPlan, *, fetch: bool = False) -> RunEnvironments:
        """Resolve the environment of every step of ``plan`` before anything starts.

        Steps on a Dask target are resolved here and built by their worker. With ``fetch`` (a run
        starting), a Python version installed nowhere is downloaded by uv first (bounded; blocking:
        call it off the loop). Raises :class:`RunError` naming each step whose environment cannot be
        resolved, the environment as written and what to do.
        """
        settings = env_settings(self.settings)
        environments = RunEnvironments(settings)
        environments.resolve_all({name: step.environment for name, step in plan.steps.items()
                                  if step.environment is not None},
                                 remote={name for name, step in plan.steps.items() if step.target.kind == "dask"},
                                 fetch=fetch)
        return environments

    async def _preflight(self, plan: RunPlan) -> None:
        """Make and check the executors ``plan`` needs before anything starts.

        A Dask executor is made on first use (dask is imported only then); its pre-flight raises
        :class:`RunError` naming the scheduler address when it cannot be reached, so a run on an
        unreachable cluster fails before any step starts.
        """
        kinds = {step.target.kind for step in plan.steps.values()}
        if "dask" in kinds and "dask" not in self.executors:
            from designer.engine.executors.dask.executor import DaskExecutor

            self.executors["dask"] = DaskExecutor(self.settings, self.run_root)
            self._owned.append("dask")
        for kind in sorted(kinds):
            prepare = getattr(self.executors.get(kind), "prepare", None)
            if prepare is not None:
                await prepare(plan)

    async def aclose(self) -> None:
        """Close the executors this runner made (connections to clusters)."""
        for kind in self._owned:
            executor = self.executors.pop(kind, None)
            if executor is not None:
                await executor.close()
        self._owned.clear()

    async def run(self, document: Document | str | Path | RunPlan, **kwargs: Any) -> RunResult:
        """Start a run and wait for its result (see :meth:`start` for the arguments)."""
        handle = await self.start(document, **kwargs)
        return await handle.wait()


class RunHandle:
    """A started run: its id, a way to cancel it, and its result."""

    def __init__(self, run: RunLoop) -> None:
        self._run = run
        self._task = asyncio.create_task(run.main(), name=f"designer-run-{run.run_id}")

    @property
    def run_id(self) -> str:
        """The run's id."""
        return self._run.run_id

    @property
    def run_dir(self) -> Path:
        """The run's folder."""
        return self._run.run_dir

    @property
    def plan(self) -> RunPlan:
        """What the run executes."""
        return self._run.plan

    @property
    def steps(self) -> dict[str, StepResult]:
        """Live per-step results (state so far)."""
        return self._run.results

    def done(self) -> bool:
        """True once the run has ended."""
        return self._task.done()

    def cancel(self, *, kill: bool = False) -> None:
        """Cancel the run: SIGTERM every running step, SIGKILL after the grace period.

        With ``kill``, SIGKILL at once. Safe to call from any thread, more than once, or after the end.
        """
        loop = self._run.loop
        if loop is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._run.cancel(kill=kill)
        else:
            loop.call_soon_threadsafe(lambda: self._run.cancel(kill=kill))

    async def wait(self) -> RunResult:
        """Wait for the end of the run; return its :class:`RunResult`."""
        return await asyncio.shield(self._task)


def run_pipeline(document: Document | str | Path, *, settings: Settings, run_root: str | Path, sink: EventSink,
                 cache: CacheIndex, parameters: Mapping[str, Any] | None = None, force_rerun: bool = False,
                 source: RunSource = "sdk", resolver: ComponentResolver | None = None,
                 cancel_requested: Callable[[str], bool] | None = None, only: str | None = None,
                 from_step: str | None = None) -> RunResult:
    """Run a pipeline to its end from plain (non-async) Python; return its :class:`RunResult`.

    Must not be called from inside a running event loop (use :meth:`Runner.start` there).
    Ctrl+C cancels the run (steps get SIGTERM, then SIGKILL) and re-raises KeyboardInterrupt.
    """
    runner = Runner(settings, run_root, sink, cache, resolver=resolver, cancel_requested=cancel_requested)

    async def go() -> RunResult:
        handle = await runner.start(document, source=source, parameters=parameters, force_rerun=force_rerun,
                                    only=only, from_step=from_step)
        try:
            return await handle.wait()
        except asyncio.CancelledError:
            handle.cancel()
            await asyncio.shield(handle._task)
            raise

    return asyncio.run(go())
