"""The runner: one asyncio ready-set loop that executes a planned pipeline.

A step is started as soon as every step it reads from has ended and its compute target has room
(``max_parallel`` per target); independent branches run at the same time. Before a step takes room
its fingerprint is computed (:mod:`designer.engine.cache`) and looked up in the :class:`CacheIndex`;
a trusted hit marks it ``cached`` and points its outputs at the earlier ones.

Failure policy:

- ``continue_on_step_failure: false`` (the default): after the first failure no new step starts.
  Steps already running are allowed to finish (and, if they succeed, become cache entries, so a
  re-run does not repeat them). Steps that read a failed step's output through a required input are
  ``skipped``; every other step that did not start is ``canceled``. The run ends ``failed``.
- ``continue_on_step_failure: true``: independent branches go on. Steps fed by a failed (or skipped)
  step through a required input are ``skipped``, transitively; a step fed only through optional
  inputs still runs, with those inputs left empty. The run ends ``failed``.

Cancelling (:meth:`RunHandle.cancel`, the ``cancel_requested`` callable polled once per heartbeat,
or Ctrl+C in the CLI) sends SIGTERM to every running step's process group and SIGKILL after the
grace period; every step not yet ended becomes ``canceled`` and the run ends ``canceled``.

Crash safety: a Heartbeat is emitted every ``Settings.heartbeat_s``; cache entries are committed as
each step completes, so re-running a pipeline whose runner died reuses every completed step.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from designer.engine.artifacts import (
    ContentHasher,
    Snapshots,
    StepDirs,
    commit_outputs,
    new_run_id,
    prepare_outputs,
    read_tail,
)
from designer.engine.cache import CacheEntry, CacheIndex, Unhashable, component_spec, fingerprint
from designer.engine.commandline import render_command
from designer.engine.events import (
    STEP_FINAL,
    ArtifactRecorded,
    Event,
    EventSink,
    Heartbeat,
    MetricLogged,
    RunFinished,
    RunSource,
    RunStarted,
    RunState,
    StepInfo,
    StepState,
    StepStateChanged,
)
from designer.engine.executors import Executor, Launch, StepProcess
from designer.engine.plan import RunPlan, StepPlan, build_plan, load_plan
from designer.errors import RunError
from designer.spec.graph import ExternalData, Literal, StepOutput
from designer.spec.loader import ComponentResolver
from designer.spec.model import Document
from designer.workspace import Settings

_log = logging.getLogger(__name__)

STDERR_TAIL_LINES = 20
DEFAULT_GRACE_S = 5.0


# ----------------------------------------------------------------------------------------- results


@dataclass
class StepResult:
    """How one step ended (or where it is, while the run goes on)."""

    step: str
    state: StepState = "pending"
    exit_code: int | None = None
    duration_s: float | None = None
    outputs: dict[str, str] = field(default_factory=dict)
    reused_from: str | None = None
    reused_from_step: str | None = None
    fingerprint: str | None = None
    message: str | None = None
    worker: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The per-step part of ``designer run --json``."""
        return {
            "status": self.state,
            "reused_from": self.reused_from,
            "duration_s": None if self.duration_s is None else round(self.duration_s, 3),
            "outputs": dict(self.outputs),
        }


@dataclass
class RunResult:
    """How a run ended: its state, every step's result and, when it failed, why."""

    run_id: str
    state: RunState
    steps: dict[str, StepResult]
    run_dir: Path
    error: str | None = None
    outputs: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the run completed."""
        return self.state == "completed"

    def to_dict(self) -> dict[str, Any]:
        """The object ``designer run --json`` prints."""
        data: dict[str, Any] = {
            "run_id": self.run_id,
            "status": self.state,
            "steps": {name: r.to_dict() for name, r in self.steps.items()},
        }
        if self.error is not None:
            data["error"] = self.error
        return data


# ------------------------------------------------------------------------------------------ runner


class Runner:
    """Runs pipelines on this machine, reporting to an :class:`EventSink` and reusing via a :class:`CacheIndex`.

    ``run_root`` is the artifact root (``<workspace>/.designer/runs``); ``state_dir`` holds code
    snapshots and the hash memo (default: the folder above ``run_root`` when that is ``.designer``,
    else ``run_root`` itself). ``executors`` maps a compute-target kind (``local``, ``dask``) to its
    executor; ``cancel_requested(run_id)`` is polled once per heartbeat (the store's cross-process
    cancel flag). Building a Runner writes nothing.
    """

    def __init__(self, settings: Settings, run_root: str | Path, sink: EventSink, cache: CacheIndex,
                 executors: Mapping[str, Executor] | None = None, *, state_dir: str | Path | None = None,
                 cancel_requested: Callable[[str], bool] | None = None, grace_s: float = DEFAULT_GRACE_S,
                 resolver: ComponentResolver | None = None) -> None:
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

    async def start(self, document: Document | str | Path | RunPlan, *, source: RunSource = "api",
                    parameters: Mapping[str, Any] | None = None, force_rerun: bool = False,
                    pipeline_file: str | Path | None = None, rerun_of: str | None = None) -> RunHandle:
        """Plan and start a run; return its handle at once (the run goes on in the event loop).

        ``document`` is a loaded pipeline job, the path of a pipeline file, or a :class:`RunPlan`.
        Raises as :meth:`plan` does, before anything is written or emitted.
        """
        plan = document if isinstance(document, RunPlan) else self.plan(
            document, parameters=parameters, force_rerun=force_rerun, pipeline_file=pipeline_file)
        if force_rerun:
            plan.force_rerun = True
        await self._preflight(plan)
        run = _Run(self, plan, source, rerun_of)
        run.begin()
        return RunHandle(run)

    async def _preflight(self, plan: RunPlan) -> None:
        """Make and check the executors ``plan`` needs before anything starts.

        A Dask executor is made on first use (dask is imported only then); its pre-flight raises
        :class:`RunError` naming the scheduler address when it cannot be reached, so a run on an
        unreachable cluster fails before any step starts.
        """
        kinds = {step.target.kind for step in plan.steps.values()}
        if "dask" in kinds and "dask" not in self.executors:
            from designer.engine.executors.dask import DaskExecutor

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

    def __init__(self, run: _Run) -> None:
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
                 cancel_requested: Callable[[str], bool] | None = None) -> RunResult:
    """Run a pipeline to its end from plain (non-async) Python; return its :class:`RunResult`.

    Must not be called from inside a running event loop (use :meth:`Runner.start` there).
    Ctrl+C cancels the run (steps get SIGTERM, then SIGKILL) and re-raises KeyboardInterrupt.
    """
    runner = Runner(settings, run_root, sink, cache, resolver=resolver, cancel_requested=cancel_requested)

    async def go() -> RunResult:
        handle = await runner.start(document, source=source, parameters=parameters, force_rerun=force_rerun)
        try:
            return await handle.wait()
        except asyncio.CancelledError:
            handle.cancel()
            await asyncio.shield(handle._task)
            raise

    return asyncio.run(go())


# ------------------------------------------------------------------------------------------- a run


@dataclass
class _Output:
    path: str
    size: int
    content_hash: str
    identity: str  # what downstream fingerprints include


class _Canceled(Exception):
    """A step stops before it started because the run no longer starts steps."""


class _Run:
    """The state of one run. Only :class:`RunHandle` and :class:`Runner` use it."""

    def __init__(self, runner: Runner, plan: RunPlan, source: RunSource, rerun_of: str | None) -> None:
        self.runner = runner
        self.plan = plan
        self.source = source
        self.rerun_of = rerun_of
        self.run_id = ""
        self.run_dir = runner.run_root
        self.loop: asyncio.AbstractEventLoop | None = None
        self.results = {name: StepResult(name) for name in plan.steps}
        self.hasher = ContentHasher(runner.state_dir / "hashes.json")
        self.snapshots = Snapshots(runner.state_dir / "snapshots", self.hasher)
        self.outputs: dict[tuple[str, str], _Output] = {}
        self.downstream: dict[str, list[str]] = {name: [] for name in plan.steps}
        self.waiting: dict[str, int] = {}
        for name, step in plan.steps.items():
            ups = [u for u in step.upstream if u in plan.steps]
            self.waiting[name] = len(ups)
            for up in ups:
                self.downstream[up].append(name)
        self.tasks: dict[str, asyncio.Task[None]] = {}
        self.procs: dict[str, StepProcess] = {}
        self.rooms: dict[str, asyncio.Semaphore] = {}
        self.stopping = False  # no new step starts
        self.canceled = False
        self.kill_now = False
        self.first_failure: str | None = None
        self.base_env: dict[str, str] = {}
        self._done: asyncio.Queue[str] | None = None
        self._bg: set[asyncio.Future[None]] = set()

    # ------------------------------------------------------------------------------------ events

    def emit(self, event: Event) -> None:
        self.runner.sink.emit(event)

    def set_state(self, step: str, state: StepState, **fields: Any) -> None:
        result = self.results[step]
        result.state = state
        self.emit(StepStateChanged(run_id=self.run_id, step=step, state=state, at=time.time(), **fields))

    # ------------------------------------------------------------------------------------- start

    def begin(self) -> None:
        """Create the run folder and emit RunStarted (synchronously, so the id is known at once)."""
        self.loop = asyncio.get_running_loop()
        self.runner.run_root.mkdir(parents=True, exist_ok=True)
        while True:
            run_id = new_run_id()
            try:
                (self.runner.run_root / run_id).mkdir()
                break
            except FileExistsError:
                continue
        self.run_id = run_id
        self.run_dir = self.runner.run_root / run_id
        env = dict(os.environ)
        bindir = os.path.dirname(sys.executable)
        env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
        env["DESIGNER_RUN_ID"] = run_id
        env.pop("VIRTUAL_ENV_PROMPT", None)
        self.base_env = env
        plan = self.plan
        self.emit(RunStarted(
            run_id=run_id,
            pipeline_file=plan.pipeline_file,
            pipeline_name=plan.name,
            source=self.source,
            parameters=_jsonable(plan.parameters),
            steps=tuple(StepInfo(step=s.path, job=s.job, component=s.component.name or s.component.label,
                                 compute=s.target.name, upstream=s.upstream) for s in plan.steps.values()),
            run_dir=str(self.run_dir),
            at=time.time(),
            pid=os.getpid(),
            rerun_of=self.rerun_of,
        ))

    # -------------------------------------------------------------------------------------- loop

    async def main(self) -> RunResult:
        self._done = asyncio.Queue()
        heartbeat = asyncio.create_task(self._heartbeat())
        try:
            for name, count in self.waiting.items():
                if count == 0:
                    self._make_ready(name)
            while self.tasks:
                name = await self._done.get()
                task = self.tasks.pop(name)
                if not task.cancelled() and task.exception() is not None:
                    raise task.exception()  # type: ignore[misc]
                self._after(name)
            return self._finish()
        except BaseException as exc:
            for proc in self.procs.values():
                proc.kill()
            for task in self.tasks.values():
                task.cancel()
            interrupted = self.canceled or isinstance(exc, asyncio.CancelledError | KeyboardInterrupt)
            # Best effort: the original error is re-raised below whatever happens here.
            with contextlib.suppress(Exception):
                self.canceled = self.canceled or interrupted
                self._close_steps("canceled")
                self.emit(RunFinished(self.run_id, "canceled" if interrupted else "failed", time.time(),
                                      error="the run was canceled" if interrupted
                                      else f"the runner stopped on an internal error ({type(exc).__name__}: {exc}); "
                                      "run the pipeline again to reuse the completed steps"))
            raise
        finally:
            heartbeat.cancel()
            await asyncio.to_thread(self.hasher.save)

    def _make_ready(self, name: str) -> None:
        if self.stopping:
            return
        assert self._done is not None
        done = self._done
        task = asyncio.create_task(self._step(name), name=f"designer-step-{name}")
        task.add_done_callback(lambda _t: done.put_nowait(name))
        self.tasks[name] = task

    def _after(self, name: str) -> None:
        """Step ``name`` ended: unblock, skip or cancel what depends on it."""
        state = self.results[name].state
        if state == "failed" and not self.plan.continue_on_step_failure:
            self.stopping = True
        for down in self.downstream[name]:
            if self.results[down].state in STEP_FINAL:
                continue
            if state not in ("completed", "cached") and self._required_from(down, name):
                self._block(down, "skipped" if state in ("failed", "skipped") else "canceled",
                            f"upstream step '{name}' {state}")
                continue
            self.waiting[down] -= 1
            if self.waiting[down] == 0:
                self._make_ready(down)

    def _required_from(self, step: str, upstream: str) -> bool:
        plan = self.plan.steps[step]
        return any(isinstance(src, StepOutput) and src.step == upstream and not plan.decl(n).optional
                   for n, src in plan.inputs.items())

    def _block(self, step: str, state: StepState, message: str) -> None:
        self.set_state(step, state, message=message)
        self._after(step)

    def _finish(self) -> RunResult:
        self._close_steps("canceled")
        failed = [n for n, r in self.results.items() if r.state == "failed"]
        state: RunState = "canceled" if self.canceled else ("failed" if failed else "completed")
        error = None
        if failed:
            first = self.first_failure or failed[0]
            error = self._failure_text(first, len(failed))
        elif self.canceled:
            error = "the run was canceled"
        self.emit(RunFinished(self.run_id, state, time.time(), error=error))
        outputs = {name: self.outputs[(src.step, src.output)].path for name, src in self.plan.outputs.items()
                   if (src.step, src.output) in self.outputs}
        return RunResult(self.run_id, state, self.results, self.run_dir, error, outputs)

    def _close_steps(self, default: StepState) -> None:
        """Give every step that never ended a final state: skipped when blocked by a failure, else ``default``."""
        for name in self.plan.steps:
            if self.results[name].state in STEP_FINAL:
                continue
            blocked = [u for u in self.plan.steps[name].upstream
                       if self.results[u].state in ("failed", "skipped") and self._required_from(name, u)]
            if blocked and not self.canceled:
                self.set_state(name, "skipped", message=f"upstream step '{blocked[0]}' {self.results[blocked[0]].state}")
            else:
                self.set_state(name, default)

    def _failure_text(self, step: str, count: int) -> str:
        r = self.results[step]
        why = r.message or (f"exit code {r.exit_code}" if r.exit_code is not None else "failed")
        text = f"step '{step}' failed: {why}"
        if count > 1:
            text += f" ({count - 1} more step{'s' if count > 2 else ''} failed)"
        tail = read_tail(StepDirs(self.run_dir / step).stderr, lines=STDERR_TAIL_LINES)
        if tail:
            text += "\n--- last lines of its stderr ---\n" + tail
        return text

    async def _heartbeat(self) -> None:
        period = max(0.05, float(self.runner.settings.heartbeat_s))
        poll = self.runner.cancel_requested
        while True:
            await asyncio.sleep(period)
            # A failed write or poll must not end the heartbeats (the run would look dead) nor the run:
            # say so and try again at the next beat.
            try:
                self.emit(Heartbeat(self.run_id, time.time()))
                if poll is not None and not self.canceled and poll(self.run_id):
                    self.cancel()
            except Exception as exc:
                _log.warning("run %s: heartbeat or cancel poll failed: %s", self.run_id, exc)

    # ------------------------------------------------------------------------------------ cancel

    def cancel(self, kill: bool = False) -> None:
        """Stop starting steps, stop the running ones, cancel the waiting ones."""
        if kill:
            self.kill_now = True
            for proc in self.procs.values():
                proc.kill()
        if self.canceled:
            return
        self.canceled = True
        self.stopping = True
        for name, task in self.tasks.items():
            if name not in self.procs:
                task.cancel()
        for proc in list(self.procs.values()):
            self._background(self._stop(proc))

    def _background(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._bg.add(task)
        task.add_done_callback(self._bg.discard)

    async def _stop(self, proc: StepProcess) -> None:
        if self.kill_now:
            proc.kill()
            return
        proc.terminate()
        try:
            await asyncio.wait_for(proc.wait(), self.runner.grace_s)
        except TimeoutError:
            proc.kill()

    # -------------------------------------------------------------------------------------- step

    async def _step(self, name: str) -> None:
        step = self.plan.steps[name]
        result = self.results[name]
        started = time.monotonic()
        try:
            values, idents = self._input_values(step)
            fp, input_meta = await asyncio.to_thread(self._fingerprint, step, values, idents)
            result.fingerprint = fp
            self._record_inputs(step, input_meta)
            reusable = fp is not None and step.deterministic and not self.plan.force_rerun
            if reusable and fp is not None and await self._reuse(step, fp):
                result.duration_s = time.monotonic() - started
                return
            await self._execute(step, values, fp, reusable)
        except asyncio.CancelledError:
            if result.state not in STEP_FINAL:
                self.set_state(name, "canceled", message="the run was canceled")
        except _Canceled:
            self.set_state(name, "canceled", message="not started: an earlier step failed")
        except (OSError, RunError) as exc:
            result.message = str(exc)
            self._fail(name, str(exc))
        finally:
            if result.duration_s is None and result.state in ("completed", "failed"):
                result.duration_s = time.monotonic() - started

    def _fail(self, name: str, message: str, **fields: Any) -> None:
        if self.first_failure is None:
            self.first_failure = name
        self.results[name].message = message
        self.set_state(name, "failed", message=message, **fields)

    def _input_values(self, step: StepPlan) -> tuple[dict[str, Any], dict[str, Any]]:
        """Values to put in the command, and identities to put in the fingerprint."""
        values: dict[str, Any] = {}
        idents: dict[str, Any] = {}
        for name, src in step.inputs.items():
            if isinstance(src, Literal):
                values[name] = src.value
                idents[name] = {"value": src.value}
            elif isinstance(src, ExternalData):
                values[name] = src.path
                idents[name] = {"data": src.path}  # replaced by its content hash in _fingerprint
            elif isinstance(src, StepOutput) and (src.step, src.output) in self.outputs:
                out = self.outputs[(src.step, src.output)]
                values[name] = out.path
                idents[name] = {"upstream": out.identity}
            else:
                values[name] = None
                idents[name] = None
        return values, idents

    def _fingerprint(self, step: StepPlan, values: dict[str, Any],
                     idents: dict[str, Any]) -> tuple[str | None, dict[str, tuple[int, str]]]:
        """The step's fingerprint (None when something cannot be hashed) and its data inputs' (size, hash).

        Runs in a worker thread: it hashes code and external data (memoised by stat).
        """
        meta: dict[str, tuple[int, str]] = {}
        hashable = True
        for name, src in step.inputs.items():
            if isinstance(src, ExternalData):
                try:
                    meta[name] = self.hasher.path(src.path)
                    idents[name] = {"data": meta[name][1]}
                except OSError:
                    hashable = False  # a URL or unreadable data: never a wrong hit
            elif isinstance(src, StepOutput) and (src.step, src.output) in self.outputs:
                out = self.outputs[(src.step, src.output)]
                meta[name] = (out.size, out.content_hash)
        try:
            code_hash = self.snapshots.code_hash(step.code, step.includes)
        except OSError:
            return None, meta
        if not hashable:
            return None, meta
        try:
            fp = fingerprint({
                "component": component_spec(step.component.to_dict()),
                "code": code_hash,
                "inputs": idents,
                "env": step.env,
                "timeout": step.timeout,
            })
        except Unhashable:
            return None, meta
        return fp, meta

    def _record_inputs(self, step: StepPlan, meta: dict[str, tuple[int, str]]) -> None:
        for name, (size, digest) in meta.items():
            src = step.inputs[name]
            produced_run = produced_step = None
            if isinstance(src, StepOutput):
                up = self.results[src.step]
                produced_run, produced_step = (up.reused_from, up.reused_from_step) if up.reused_from else (
                    self.run_id, src.step)
                path = self.outputs[(src.step, src.output)].path
            else:
                path = src.path if isinstance(src, ExternalData) else ""
            self.emit(ArtifactRecorded(self.run_id, step.path, name, "input", step.decl(name).type, path, size, digest,
                                       produced_by_run=produced_run, produced_by_step=produced_step))

    async def _reuse(self, step: StepPlan, fp: str) -> bool:
        """Use a trusted cache entry for ``step``; False (after invalidating it) when there is none."""
        entry = self.runner.cache.lookup(fp)
        if entry is None:
            return False
        metas = await asyncio.to_thread(self._verify, step, entry)
        if metas is None:
            self.runner.cache.invalidate(fp, entry.run_id, entry.step)
            return False
        result = self.results[step.path]
        result.outputs = {n: entry.outputs[n] for n in step.outputs}
        result.reused_from, result.reused_from_step = entry.run_id, entry.step
        for name, (size, digest) in metas.items():
            self._add_output(step, name, entry.outputs[name], size, digest, fp)
        self.set_state(step.path, "cached", fingerprint=fp, reused_from_run=entry.run_id,
                       reused_from_step=entry.step, outputs=dict(result.outputs))
        return True

    def _verify(self, step: StepPlan, entry: CacheEntry) -> dict[str, tuple[int, str]] | None:
        metas: dict[str, tuple[int, str]] = {}
        for name in step.outputs:
            path, want = entry.outputs.get(name), entry.content_hashes.get(name)
            if not path or not want:
                return None
            try:
                size, digest = self.hasher.path(path)
            except OSError:
                return None
            if digest != want:
                return None
            metas[name] = (size, digest)
        return metas

    def _add_output(self, step: StepPlan, name: str, path: str, size: int, digest: str, fp: str | None) -> None:
        identity = f"{fp}:{name}" if fp is not None and step.deterministic else f"content:{digest}"
        self.outputs[(step.path, name)] = _Output(path, size, digest, identity)

    async def _execute(self, step: StepPlan, values: dict[str, Any], fp: str | None, reusable: bool) -> None:
        name = step.path
        room = self.rooms.get(step.target.name)
        if room is None:
            room = self.rooms[step.target.name] = asyncio.Semaphore(step.target.max_parallel)
        if room.locked():
            self.set_state(name, "queued")
        async with room:
            if self.stopping:
                raise _Canceled()
            await self._run_process(step, values, fp, reusable)

    async def _run_process(self, step: StepPlan, values: dict[str, Any], fp: str | None, reusable: bool) -> None:
        name = step.path
        result = self.results[name]
        dirs = StepDirs(self.run_dir / name)
        cwd = self.snapshots.materialize(step.code, step.includes) or dirs.root
        out_paths = prepare_outputs(dirs, step.outputs)
        command = render_command(step.component.command, values, {n: str(p) for n, p in out_paths.items()})
        dirs.command.write_text(command + "\n", encoding="utf-8")
        if step.warnings:
            dirs.stderr.write_text("".join(f"designer: warning: {w}\n" for w in step.warnings), encoding="utf-8")
        env = dict(self.base_env)
        env.update(step.env)
        env["DESIGNER_STEP"] = name
        env["DESIGNER_METRICS"] = str(dirs.metrics)
        env["MLFLOW_TRACKING_URI"] = dirs.mlruns.as_uri()
        executor = self.runner.executors.get(step.target.kind)
        if executor is None:
            executor = self.runner.executors["local"]
            with open(dirs.stderr, "a", encoding="utf-8") as fh:
                fh.write(f"designer: warning: no '{step.target.kind}' executor for compute target "
                         f"'{step.target.name}'; running on 'local'\n")
        started = time.monotonic()
        proc = await executor.start(Launch(self.run_id, name, command, cwd, env, dirs.stdout, dirs.stderr,
                                           target=step.target))
        self.procs[name] = proc
        result.worker = proc.worker
        self.set_state(name, "running", command=command, fingerprint=fp, worker=proc.worker)
        timed_out = False
        try:
            if self.canceled:  # canceled while it was being launched
                self._background(self._stop(proc))
            if step.timeout:
                try:
                    code = await asyncio.wait_for(proc.wait(), step.timeout)
                except TimeoutError:
                    timed_out = True
                    await self._stop(proc)
                    code = await proc.wait()
            else:
                code = await proc.wait()
        except asyncio.CancelledError:
            proc.kill()
            raise
        finally:
            self.procs.pop(name, None)
        result.exit_code = code
        result.worker = proc.worker  # a retried remote step may have moved to another worker
        result.duration_s = time.monotonic() - started
        self._collect_metrics(name, dirs)
        if self.canceled:
            self.set_state(name, "canceled", exit_code=code, message="the run was canceled")
            return
        if timed_out:
            self._fail(name, f"timed out after {step.timeout:g} s (limits.timeout)", exit_code=code)
            return
        if code != 0:
            self._fail(name, f"exit code {code}", exit_code=code)
            return
        final = await asyncio.to_thread(self._commit, step, dirs, fp)
        result.outputs = {n: p for n, (p, _, _) in final.items()}
        for out_name, (path, size, digest) in final.items():
            self._add_output(step, out_name, path, size, digest, fp)
            self.emit(ArtifactRecorded(self.run_id, name, out_name, "output", step.outputs[out_name], path, size, digest,
                                       produced_by_run=self.run_id, produced_by_step=name))
        if reusable and fp is not None:
            self.runner.cache.commit(CacheEntry(fp, self.run_id, name, dict(result.outputs),
                                                {n: d for n, (_, _, d) in final.items()}, time.time()))
        self.set_state(name, "completed", exit_code=code, fingerprint=fp, outputs=dict(result.outputs),
                       worker=result.worker)

    def _commit(self, step: StepPlan, dirs: StepDirs, fp: str | None) -> dict[str, tuple[str, int, str]]:
        out: dict[str, tuple[str, int, str]] = {}
        for name, path in commit_outputs(dirs, step.outputs).items():
            size, digest = self.hasher.path(path)
            out[name] = (str(path), size, digest)
        return out

    def _collect_metrics(self, step: str, dirs: StepDirs) -> None:
        for name, value, index, at in _read_metrics(dirs.metrics, dirs.mlruns):
            self.emit(MetricLogged(self.run_id, step, name, value, index, at))


# ----------------------------------------------------------------------------------------- helpers


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(data, default=str))


def _read_metrics(jsonl: Path, mlruns: Path) -> list[tuple[str, float, int | None, float]]:
    """Metrics a step logged: ``DESIGNER_METRICS`` JSON lines, then mlflow file-store metric files."""
    found: list[tuple[str, float, int | None, float]] = []
    now = time.time()
    try:
        text = jsonl.read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    for line in text.splitlines():
        try:
            item = json.loads(line)
            value = float(item["value"])
            index = item.get("step")
            found.append((str(item["name"]), value, int(index) if index is not None else None,
                          float(item.get("timestamp", now))))
        except (ValueError, TypeError, KeyError, AttributeError):
            continue  # a malformed line is the step's problem; the rest still count
    if mlruns.is_dir():
        for metric_dir in sorted(mlruns.glob("*/*/metrics")):
            for file in sorted(p for p in metric_dir.rglob("*") if p.is_file()):
                name = file.relative_to(metric_dir).as_posix()
                for line in file.read_text(encoding="utf-8", errors="replace").splitlines():
                    parts = line.split()
                    try:
                        found.append((name, float(parts[1]), int(parts[2]) if len(parts) > 2 else None,
                                      float(parts[0]) / 1000.0))
                    except (ValueError, IndexError):
                        continue
    return found
