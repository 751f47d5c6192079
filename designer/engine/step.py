"""One step's lifecycle inside a run: its inputs, fingerprint, reuse, launch, and commit.

:func:`run_step` is what the scheduler starts for each step once its upstream steps have ended:

1. resolve the values to pass in the command and the identities to fingerprint
   (:mod:`designer.engine.cache`), hashing code and external data in a worker thread;
2. look the fingerprint up in the :class:`CacheIndex`; a trusted hit (every output still there with
   its recorded content hash) marks the step ``cached`` and points its outputs at the earlier ones;
3. otherwise wait for room on the step's compute target, launch it through the target's executor,
   wait for it (with its ``limits.timeout``), then commit its outputs atomically and record them.

:class:`RunContext` is the state of one run that the step lifecycle reads and writes; the
scheduler (:mod:`designer.engine.scheduler`) extends it with the ready-set loop.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from designer.engine.artifacts import ContentHasher, Snapshots, StepDirs, commit_outputs, prepare_outputs
from designer.engine.cache import CacheEntry, CacheIndex, Unhashable, component_spec, fingerprint
from designer.engine.commandline import render_command
from designer.engine.events import (
    STEP_FINAL,
    ArtifactRecorded,
    Event,
    EventSink,
    MetricLogged,
    StepState,
    StepStateChanged,
)
from designer.engine.executors import Executor, Launch, StepProcess
from designer.engine.metrics import read_metrics
from designer.engine.plan import RunPlan, StepPlan
from designer.engine.results import StepResult
from designer.errors import RunError
from designer.spec.graph import ExternalData, Literal, StepOutput


@dataclass
class StepOutputRef:
    """A committed (or reused) output a downstream step reads."""

    path: str
    size: int
    content_hash: str
    identity: str  # what downstream fingerprints include


class Canceled(Exception):
    """A step stops before it started because the run no longer starts steps."""


class RunContext:
    """The state of one run shared by the scheduler loop and each step's lifecycle."""

    def __init__(self, plan: RunPlan, sink: EventSink, cache: CacheIndex, executors: Mapping[str, Executor],
                 state_dir: Path, run_root: Path, grace_s: float) -> None:
        self.plan = plan
        self.sink = sink
        self.cache = cache
        self.executors = executors
        self.grace_s = grace_s
        self.run_id = ""
        self.run_dir = run_root
        self.results = {name: StepResult(name) for name in plan.steps}
        self.hasher = ContentHasher(state_dir / "hashes.json")
        self.snapshots = Snapshots(state_dir / "snapshots", self.hasher)
        self.outputs: dict[tuple[str, str], StepOutputRef] = {}
        self.procs: dict[str, StepProcess] = {}
        self.rooms: dict[str, asyncio.Semaphore] = {}
        self.stopping = False  # no new step starts
        self.canceled = False
        self.kill_now = False
        self.first_failure: str | None = None
        self.base_env: dict[str, str] = {}
        self._bg: set[asyncio.Future[None]] = set()

    def emit(self, event: Event) -> None:
        """Pass ``event`` to the run's sink."""
        self.sink.emit(event)

    def set_state(self, step: str, state: StepState, **fields: Any) -> None:
        """Move ``step`` to ``state`` and emit the change with ``fields``."""
        self.results[step].state = state
        self.emit(StepStateChanged(run_id=self.run_id, step=step, state=state, at=time.time(), **fields))

    def fail(self, name: str, message: str, **fields: Any) -> None:
        """Mark ``name`` failed with ``message``; the first failure is the one the run reports."""
        if self.first_failure is None:
            self.first_failure = name
        self.results[name].message = message
        self.set_state(name, "failed", message=message, **fields)

    def background(self, coro: Any) -> None:
        """Run ``coro`` as a task the run keeps a reference to until it ends."""
        task = asyncio.ensure_future(coro)
        self._bg.add(task)
        task.add_done_callback(self._bg.discard)

    async def stop(self, proc: StepProcess) -> None:
        """SIGTERM ``proc``, SIGKILL after the grace period (at once when the run was killed)."""
        if self.kill_now:
            proc.kill()
            return
        proc.terminate()
        try:
            await asyncio.wait_for(proc.wait(), self.grace_s)
        except TimeoutError:
            proc.kill()


async def run_step(run: RunContext, name: str) -> None:
    """Take step ``name`` from ready to a final state: reused, completed, failed or canceled.

    Never raises for a step's own failure (it becomes the step's state); re-raises CancelledError
    after marking the step canceled.
    """
    step = run.plan.steps[name]
    result = run.results[name]
    started = time.monotonic()
    try:
        values, idents = _input_values(run, step)
        fp, input_meta = await asyncio.to_thread(_fingerprint, run, step, values, idents)
        result.fingerprint = fp
        _record_inputs(run, step, input_meta)
        reusable = fp is not None and step.deterministic and not run.plan.force_rerun
        if reusable and fp is not None and await _reuse(run, step, fp):
            result.duration_s = time.monotonic() - started
            return
        await _execute(run, step, values, fp, reusable)
    except asyncio.CancelledError:
        if result.state not in STEP_FINAL:
            run.set_state(name, "canceled", message="the run was canceled")
    except Canceled:
        run.set_state(name, "canceled", message="not started: an earlier step failed")
    except (OSError, RunError) as exc:
        result.message = str(exc)
        run.fail(name, str(exc))
    finally:
        if result.duration_s is None and result.state in ("completed", "failed"):
            result.duration_s = time.monotonic() - started


def _input_values(run: RunContext, step: StepPlan) -> tuple[dict[str, Any], dict[str, Any]]:
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
        elif isinstance(src, StepOutput) and (src.step, src.output) in run.outputs:
            out = run.outputs[(src.step, src.output)]
            values[name] = out.path
            idents[name] = {"upstream": out.identity}
        else:
            values[name] = None
            idents[name] = None
    return values, idents


def _fingerprint(run: RunContext, step: StepPlan, values: dict[str, Any],
                 idents: dict[str, Any]) -> tuple[str | None, dict[str, tuple[int, str]]]:
    """The step's fingerprint (None when something cannot be hashed) and its data inputs' (size, hash).

    Runs in a worker thread: it hashes code and external data (memoised by stat).
    """
    meta: dict[str, tuple[int, str]] = {}
    hashable = True
    for name, src in step.inputs.items():
        if isinstance(src, ExternalData):
            try:
                meta[name] = run.hasher.path(src.path)
                idents[name] = {"data": meta[name][1]}
            except OSError:
                hashable = False  # a URL or unreadable data: never a wrong hit
        elif isinstance(src, StepOutput) and (src.step, src.output) in run.outputs:
            out = run.outputs[(src.step, src.output)]
            meta[name] = (out.size, out.content_hash)
    try:
        code_hash = run.snapshots.code_hash(step.code, step.includes)
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


def _record_inputs(run: RunContext, step: StepPlan, meta: dict[str, tuple[int, str]]) -> None:
    for name, (size, digest) in meta.items():
        src = step.inputs[name]
        produced_run = produced_step = None
        if isinstance(src, StepOutput):
            up = run.results[src.step]
            produced_run, produced_step = (up.reused_from, up.reused_from_step) if up.reused_from else (
                run.run_id, src.step)
            path = run.outputs[(src.step, src.output)].path
        else:
            path = src.path if isinstance(src, ExternalData) else ""
        run.emit(ArtifactRecorded(run.run_id, step.path, name, "input", step.decl(name).type, path, size, digest,
                                  produced_by_run=produced_run, produced_by_step=produced_step))


async def _reuse(run: RunContext, step: StepPlan, fp: str) -> bool:
    """Use a trusted cache entry for ``step``; False (after invalidating it) when there is none."""
    entry = run.cache.lookup(fp)
    if entry is None:
        return False
    metas = await asyncio.to_thread(_verify, run, step, entry)
    if metas is None:
        run.cache.invalidate(fp, entry.run_id, entry.step)
        return False
    result = run.results[step.path]
    result.outputs = {n: entry.outputs[n] for n in step.outputs}
    result.reused_from, result.reused_from_step = entry.run_id, entry.step
    for name, (size, digest) in metas.items():
        _add_output(run, step, name, entry.outputs[name], size, digest, fp)
    run.set_state(step.path, "cached", fingerprint=fp, reused_from_run=entry.run_id,
                  reused_from_step=entry.step, outputs=dict(result.outputs))
    return True


def _verify(run: RunContext, step: StepPlan, entry: CacheEntry) -> dict[str, tuple[int, str]] | None:
    metas: dict[str, tuple[int, str]] = {}
    for name in step.outputs:
        path, want = entry.outputs.get(name), entry.content_hashes.get(name)
        if not path or not want:
            return None
        try:
            size, digest = run.hasher.path(path)
        except OSError:
            return None
        if digest != want:
            return None
        metas[name] = (size, digest)
    return metas


def _add_output(run: RunContext, step: StepPlan, name: str, path: str, size: int, digest: str,
                fp: str | None) -> None:
    identity = f"{fp}:{name}" if fp is not None and step.deterministic else f"content:{digest}"
    run.outputs[(step.path, name)] = StepOutputRef(path, size, digest, identity)


async def _execute(run: RunContext, step: StepPlan, values: dict[str, Any], fp: str | None, reusable: bool) -> None:
    if step.kind == "sweep":  # its trials take the target's room, one each; the sweep itself takes none
        from designer.engine.sweep.run import run_sweep

        await run_sweep(run, step, fp, reusable)
        return
    room = run.rooms.get(step.target.name)
    if room is None:
        room = run.rooms[step.target.name] = asyncio.Semaphore(step.target.max_parallel)
    if room.locked():
        run.set_state(step.path, "queued")
    async with room:
        if run.stopping:
            raise Canceled()
        await _run_process(run, step, values, fp, reusable)


async def _run_process(run: RunContext, step: StepPlan, values: dict[str, Any], fp: str | None,
                       reusable: bool) -> None:
    name = step.path
    result = run.results[name]
    dirs = StepDirs(run.run_dir / name)
    cwd = run.snapshots.materialize(step.code, step.includes) or dirs.root
    out_paths = prepare_outputs(dirs, step.outputs)
    if step.kind == "parallel":
        from designer.engine.parallel.run import prepare_parallel

        command = prepare_parallel(run, step, values, out_paths, dirs, cwd)
    else:
        command = render_command(step.component.command, values, {n: str(p) for n, p in out_paths.items()})
    dirs.command.write_text(command + "\n", encoding="utf-8")
    if step.warnings:
        dirs.stderr.write_text("".join(f"designer: warning: {w}\n" for w in step.warnings), encoding="utf-8")
    env = dict(run.base_env)
    env.update(step.env)
    env["DESIGNER_STEP"] = name
    env["DESIGNER_METRICS"] = str(dirs.metrics)
    env["MLFLOW_TRACKING_URI"] = dirs.mlruns.as_uri()
    # mlflow >= 3.5 refuses a file store unless told to allow it; the runner reads metrics from it
    env.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
    executor = run.executors.get(step.target.kind)
    if executor is None:
        executor = run.executors["local"]
        with open(dirs.stderr, "a", encoding="utf-8") as fh:
            fh.write(f"designer: warning: no '{step.target.kind}' executor for compute target "
                     f"'{step.target.name}'; running on 'local'\n")
    started = time.monotonic()
    proc = await executor.start(Launch(run.run_id, name, command, cwd, env, dirs.stdout, dirs.stderr,
                                       target=step.target))
    run.procs[name] = proc
    result.worker = proc.worker
    run.set_state(name, "running", command=command, fingerprint=fp, worker=proc.worker)
    timed_out = False
    try:
        if run.canceled:  # canceled while it was being launched
            run.background(run.stop(proc))
        if step.timeout:
            try:
                code = await asyncio.wait_for(proc.wait(), step.timeout)
            except TimeoutError:
                timed_out = True
                await run.stop(proc)
                code = await proc.wait()
        else:
            code = await proc.wait()
    except asyncio.CancelledError:
        proc.kill()
        raise
    finally:
        run.procs.pop(name, None)
    result.exit_code = code
    result.worker = proc.worker  # a retried remote step may have moved to another worker
    result.duration_s = time.monotonic() - started
    for metric, value, index, at in read_metrics(dirs.metrics, dirs.mlruns):
        run.emit(MetricLogged(run.run_id, name, metric, value, index, at))
    if run.canceled:
        run.set_state(name, "canceled", exit_code=code, message="the run was canceled")
        return
    if timed_out:
        run.fail(name, f"timed out after {step.timeout:g} s (limits.timeout)", exit_code=code)
        return
    if code != 0:
        run.fail(name, f"exit code {code}", exit_code=code)
        return
    final = await asyncio.to_thread(_commit, run, step, dirs)
    result.outputs = {n: p for n, (p, _, _) in final.items()}
    for out_name, (path, size, digest) in final.items():
        _add_output(run, step, out_name, path, size, digest, fp)
        run.emit(ArtifactRecorded(run.run_id, name, out_name, "output", step.outputs[out_name], path, size, digest,
                                  produced_by_run=run.run_id, produced_by_step=name))
    if reusable and fp is not None:
        run.cache.commit(CacheEntry(fp, run.run_id, name, dict(result.outputs),
                                    {n: d for n, (_, _, d) in final.items()}, time.time()))
    run.set_state(name, "completed", exit_code=code, fingerprint=fp, outputs=dict(result.outputs),
                  worker=result.worker)


def _commit(run: RunContext, step: StepPlan, dirs: StepDirs) -> dict[str, tuple[str, int, str]]:
    out: dict[str, tuple[str, int, str]] = {}
    for name, path in commit_outputs(dirs, step.outputs).items():
        size, digest = run.hasher.path(path)
        out[name] = (str(path), size, digest)
    return out
