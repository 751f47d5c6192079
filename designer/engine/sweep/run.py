"""A sweep step inside a run: its trials as child steps, early termination, and the best trial.

Each trial is a child step ``<sweep>/trial_0007`` with its own process, log, metrics, fingerprint
and reuse: it goes through the same lifecycle as any command step (:func:`designer.engine.step.run_step`)
on a child context that shares the run's sink, cache, executors, code snapshots and compute-target
room, so trials run side by side up to ``max_concurrent_trials`` and the target's capacity, and a
re-run with the same seed reuses every finished trial. A failed trial never fails the run; the
sweep fails only when no trial completed with the primary metric.

While trials run, their primary metric is read from their metrics files every ``POLL_S`` seconds
and judged by the early-termination policy; a trial it stops is ended (SIGTERM) and recorded as
``canceled`` with the policy's reason. The sweep step's outputs are the best trial's outputs; its
``trials.json`` (in the step folder) lists every trial's parameters, state, value and duration,
rewritten at most once a second while trials run, and it logs ``best_<metric>`` as a metric
after each trial. Its progress (trials done / running / failed / stopped, the best value so far) is
emitted as a :class:`~designer.engine.events.StepProgress` at most every ``PROGRESS_S``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any

from designer.engine.artifacts import StepDirs
from designer.engine.cache import CacheEntry
from designer.engine.events import ArtifactRecorded, MetricLogged, StepProgress
from designer.engine.metrics import read_metrics
from designer.engine.results import StepResult
from designer.engine.sweep.trials import SweepController, Trial, metric_series
from designer.errors import RunError
from designer.spec.graph import Literal

if TYPE_CHECKING:
    from designer.engine.context import RunContext
    from designer.engine.plan import StepPlan

POLL_S = 0.25
WRITE_S = 1.0
PROGRESS_S = 0.5  # the sweep's progress (trials done/running/failed, best so far) at most this often


def _context(run: RunContext) -> RunContext:
    """A run context for the trials that shares everything with ``run`` except the per-step tables."""
    from designer.engine.context import RunContext
    from designer.engine.plan import RunPlan

    parent = run

    class TrialContext(RunContext):
        # Cancelling the run cancels the trials: these read through to the run's flags.
        stopping = property(lambda self: parent.stopping, lambda self, value: None)  # type: ignore[assignment]
        canceled = property(lambda self: parent.canceled, lambda self, value: None)  # type: ignore[assignment]
        kill_now = property(lambda self: parent.kill_now, lambda self, value: None)  # type: ignore[assignment]

    plan = RunPlan(run.plan.pipeline, run.plan.pipeline_file, run.plan.name, {}, {}, {},
                   force_rerun=run.plan.force_rerun)
    state_dir = Path(run.hasher.memo_file).parent if run.hasher.memo_file else run.run_dir
    child = TrialContext(plan, run.sink, run.cache, run.executors, state_dir, run.run_dir.parent, run.grace_s)
    child.run_id, child.run_dir, child.base_env = run.run_id, run.run_dir, run.base_env
    child.hasher, child.snapshots = run.hasher, run.snapshots
    child.outputs, child.procs, child.rooms = run.outputs, run.procs, run.rooms
    child.results = _Results(run.results)
    child.environments = run.environments  # a trial runs in its sweep step's environment
    return child


class _Results(dict[str, StepResult]):
    """The trials' results; a step that is not a trial (an upstream step) is looked up in the run's."""

    def __init__(self, parent: dict[str, StepResult]) -> None:
        super().__init__()
        self.parent = parent

    def __missing__(self, key: str) -> StepResult:
        return self.parent[key]


def _trial_plan(step: StepPlan, trial: Trial) -> StepPlan:
    from designer.engine.plan import typed_value

    assert step.trial is not None
    inputs = dict(step.inputs)
    for name, value in trial.params.items():
        decl = step.trial.inputs.get(name)
        inputs[name] = Literal(typed_value(decl, value) if decl is not None and decl.is_param else value)
    return dataclasses.replace(step, path=f"{step.path}/{trial.name}", component=step.trial, inputs=inputs,
                               timeout=step.spec.limits.trial_timeout, kind="command", spec=None, trial=None,
                               warnings=list(step.warnings))


def _metrics_dirs(run: RunContext, result: StepResult) -> StepDirs:
    if result.reused_from and result.reused_from_step:
        return StepDirs(run.run_dir.parent / result.reused_from / result.reused_from_step)
    return StepDirs(run.run_dir / result.step)


def _read(run: RunContext, result: StepResult, metric: str) -> tuple[list[float], list[str]]:
    dirs = _metrics_dirs(run, result)
    records = read_metrics(dirs.metrics, dirs.mlruns)
    return metric_series(records, metric), sorted({r[0] for r in records})


async def run_sweep(run: RunContext, step: StepPlan, fp: str | None, reusable: bool,
                    run_step: Callable[[RunContext, str], Coroutine[Any, Any, None]]) -> None:
    """Run ``step``'s trials to the end of the sweep and give it the best trial's outputs.

    Raises :class:`RunError` when no trial completed with the primary metric (the step fails).
    """
    spec = step.spec
    metric = spec.objective.primary_metric
    controller = SweepController(spec, capacity=step.target.max_parallel)
    child = _context(run)
    dirs = StepDirs(run.run_dir / step.path)
    dirs.root.mkdir(parents=True, exist_ok=True)
    run.set_state(step.path, "running", fingerprint=fp)
    tasks: dict[str, asyncio.Task[None]] = {}
    stopped: dict[str, str] = {}
    finished = 0
    written = time.monotonic()
    told = _Told(run, step.path, controller)
    try:
        while True:
            while not run.stopping and (trial := controller.next_trial()) is not None:
                plan = _trial_plan(step, trial)
                child.plan.steps[plan.path] = plan
                child.results[plan.path] = StepResult(plan.path)
                tasks[trial.name] = asyncio.create_task(run_step(child, plan.path), name=f"designer-trial-{plan.path}")
            told.maybe()
            if not tasks:
                break
            if time.monotonic() - written >= WRITE_S:
                # a rename can take a while on a busy disk: never on the event loop, at most once a second
                await asyncio.to_thread(_write_trials, controller, dirs)
                written = time.monotonic()
            done, _ = await asyncio.wait(tasks.values(), timeout=POLL_S, return_when=asyncio.FIRST_COMPLETED)
            for name, task in list(tasks.items()):
                result = child.results[f"{step.path}/{name}"]
                if task in done:
                    del tasks[name]
                    if not task.cancelled() and task.exception() is not None:
                        raise task.exception()  # type: ignore[misc]  # an internal error, not the trial's
                    finished += 1
                    _end_trial(run, child, controller, step, name, result, stopped.get(name), metric)
                    _progress(run, step, controller, finished)
                    continue
                if result.state != "running" or name in stopped:
                    continue
                values, _ = await asyncio.to_thread(_read, run, result, metric)
                reason = controller.observe(name, values) if values else None
                if reason is None and controller.timed_out():
                    reason = f"the sweep's limits.timeout of {spec.limits.timeout:g} s passed"
                if reason is not None:
                    stopped[name] = reason
                    proc = run.procs.get(result.step)
                    if proc is not None:
                        run.background(run.stop(proc))
    except BaseException:
        for task in tasks.values():
            task.cancel()
        raise
    await asyncio.to_thread(_write_trials, controller, dirs)
    told.maybe(final=True)
    if run.canceled:
        run.set_state(step.path, "canceled", message="the run was canceled")
        return
    best = controller.best()
    if best is None:
        counts = controller.summary()["counts"]
        first = next((t.message for t in controller.trials.values() if t.message), None)
        raise RunError(f"no trial completed with the primary metric '{metric}' "
                       f"({', '.join(f'{n} {s}' for s, n in sorted(counts.items()))})"
                       + (f"; first problem: {first}" if first else ""))
    best_path = f"{step.path}/{best.name}"
    result = run.results[step.path]
    result.outputs = dict(child.results[best_path].outputs)
    hashes: dict[str, str] = {}
    for out_name, path in result.outputs.items():
        ref = run.outputs[(best_path, out_name)]
        # The identity a reused sweep will give its outputs (see step._add_output), so that a step
        # downstream of a sweep is reused when the sweep is.
        identity = f"{fp}:{out_name}" if fp is not None and step.deterministic else ref.identity
        run.outputs[(step.path, out_name)] = dataclasses.replace(ref, identity=identity)
        hashes[out_name] = ref.content_hash
        run.emit(ArtifactRecorded(run.run_id, step.path, out_name, "output", step.outputs[out_name], path, ref.size,
                                  ref.content_hash, produced_by_run=run.run_id, produced_by_step=best_path))
    if reusable and fp is not None and len(hashes) == len(step.outputs):
        run.cache.commit(CacheEntry(fp, run.run_id, step.path, dict(result.outputs), hashes, time.time()))
    params = ", ".join(f"{k}={v}" for k, v in best.params.items())
    run.set_state(step.path, "completed", fingerprint=fp, outputs=dict(result.outputs),
                  message=f"best trial {best.name}: {metric} = {best.final:.6g} ({params}); its outputs are this step's")


def _end_trial(run: RunContext, child: RunContext, controller: SweepController, step: StepPlan, name: str,
               result: StepResult, stop_reason: str | None, metric: str) -> None:
    values, logged = _read(run, result, metric)
    if stop_reason is not None and result.state in ("failed", "canceled"):
        controller.finish(name, "stopped", values=values, message=f"stopped early: {stop_reason}")
        child.set_state(result.step, "canceled", message=f"stopped early: {stop_reason}")
        return
    state = result.state if result.state in ("completed", "cached", "failed", "canceled") else "failed"
    trial = controller.finish(name, state, values=values, logged=logged, message=result.message)
    if trial.state == "failed" and state in ("completed", "cached"):
        child.set_state(result.step, "failed", message=trial.message)


def _progress(run: RunContext, step: StepPlan, controller: SweepController, count: int) -> None:
    best = controller.best()
    if best is not None and best.final is not None:
        run.emit(MetricLogged(run.run_id, step.path, f"best_{controller.spec.objective.primary_metric}", best.final,
                              count, time.time()))


class _Told:
    """Emits the sweep's :class:`StepProgress` when its counts or best value changed, at most every
    :data:`PROGRESS_S` (a burst of trials ending is one event), and always at the end."""

    def __init__(self, run: RunContext, step: str, controller: SweepController) -> None:
        self.run, self.step, self.controller = run, step, controller
        self.sent: tuple[Any, ...] | None = None
        self.at = 0.0

    def maybe(self, *, final: bool = False) -> None:
        c = self.controller.summary()
        counts = c["counts"]
        done = counts.get("completed", 0) + counts.get("cached", 0)
        running = 0 if final else counts.get("running", 0)
        failed = counts.get("failed", 0) + counts.get("canceled", 0)
        now = (done, running, failed, counts.get("stopped", 0), c["total"], c["best_value"])
        if now == self.sent or (not final and time.monotonic() - self.at < PROGRESS_S):
            return
        self.sent, self.at = now, time.monotonic()
        self.run.emit(StepProgress(self.run.run_id, self.step, "trials", done, running, failed, c["total"],
                                   time.time(), stopped=now[3], best=c["best_value"], metric=c["primary_metric"],
                                   goal=c["goal"]))


def reused_progress(run_id: str, step: str, folder: Path) -> StepProgress | None:
    """The progress of a sweep reused whole from the run whose step folder is ``folder``: its trials as
    that run's ``trials.json`` left them (None when the file is gone or unreadable: no progress
    rather than made-up counts). Blocking: reads a file."""
    try:
        summary = json.loads((folder / "trials.json").read_text(encoding="utf-8"))["summary"]
        counts = {str(k): int(v) for k, v in summary["counts"].items()}
        total = int(summary["total"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    best = summary.get("best_value")
    return StepProgress(run_id, step, "trials", counts.get("completed", 0) + counts.get("cached", 0), 0,
                        counts.get("failed", 0) + counts.get("canceled", 0), total, time.time(),
                        stopped=counts.get("stopped", 0),
                        best=float(best) if isinstance(best, int | float) and not isinstance(best, bool) else None,
                        metric=summary.get("primary_metric"), goal=summary.get("goal"))


def _write_trials(controller: SweepController, dirs: StepDirs) -> None:
    data = {"summary": controller.summary(), "trials": [t.to_dict() for t in controller.trials.values()]}
    tmp = dirs.root / "trials.json.tmp"
    tmp.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
    tmp.replace(dirs.root / "trials.json")
