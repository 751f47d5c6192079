"""One step's lifecycle inside a run: its inputs, fingerprint, reuse, launch, and commit.

:func:`run_step` is what the scheduler starts for each step once its upstream steps have ended:

1. resolve the values to pass in the command and the identities to fingerprint
   (:mod:`designer.engine.cache`), hashing code and external data in a worker thread;
2. look the fingerprint up in the :class:`CacheIndex`; a trusted hit (every output still there with
   its recorded content hash) marks the step ``cached`` and points its outputs at the earlier ones;
3. otherwise wait for room on the step's compute target, launch it through the target's executor,
   wait for it (with its ``limits.timeout``), then commit its outputs atomically and record them.

:class:`~designer.engine.context.RunContext` is the state of one run that the step lifecycle
reads and writes; the scheduler (:mod:`designer.engine.scheduler`) extends it with the ready-set
loop. Working out the fingerprint and the reason is :mod:`designer.engine.explain`.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from pathlib import Path
from typing import Any

from designer.engine import why
from designer.engine.artifacts import StepDirs, commit_outputs, prepare_outputs, read_tail
from designer.engine.cache import CacheEntry
from designer.engine.commandline import render_command
from designer.engine.context import Canceled, RunContext
from designer.engine.environments import BuiltEnv, current_env
from designer.engine.environments.steps import import_hint, step_path_env
from designer.engine.events import STEP_FINAL, ArtifactRecorded, MetricLogged, StepProgress
from designer.engine.executors import Launch
from designer.engine.explain import (
    Fingerprinted,
    explain_ran,
    fingerprint_step,
    forced_because,
    input_values,
    verify,
)
from designer.engine.metrics import read_metrics
from designer.engine.plan import StepPlan
from designer.errors import RunError
from designer.spec.graph import ExternalData, StepOutput


async def run_step(run: RunContext, name: str) -> None:
    """Take step ``name`` from ready to a final state: reused, completed, failed or canceled.

    Never raises for a step's own failure (it becomes the step's state); re-raises CancelledError
    after marking the step canceled.
    """
    step = run.plan.steps[name]
    result = run.results[name]
    started = time.monotonic()
    try:
        values, idents = input_values(run, step)
        built = await _environment(run, step)
        step.env_lock = built.lock_hash  # the exact packages it runs with are part of its fingerprint
        fp = await asyncio.to_thread(fingerprint_step, run, step, values, idents)
        result.fingerprint = fp.fingerprint
        _record_inputs(run, step, fp.meta)
        forced = forced_because(run.plan, name)
        reusable = fp.fingerprint is not None and step.deterministic and not forced
        invalid: CacheEntry | None = None
        if reusable and fp.fingerprint is not None:
            used, invalid = await _reuse(run, step, fp)
            if used:
                result.duration_s = time.monotonic() - started
                return
        reason = await asyncio.to_thread(explain_ran, run, step, fp, forced, invalid)
        await _execute(run, step, values, fp, reason)
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


async def _environment(run: RunContext, step: StepPlan) -> BuiltEnv:
    """The step's built environment (``preparing`` while it is being built); raises :class:`RunError`."""
    if run.environments is None:
        built = current_env()
    else:
        log = StepDirs(run.run_dir / step.path).stderr
        remote = run.environments.remote(step.path)
        builds_it = getattr(run.executors.get(step.target.kind), "environment", None) if remote else None
        if builds_it is not None:  # a Dask worker finds or builds it; its python is the worker's, not ours
            built = await builds_it(run.run_id, step.path, step.target, remote, log,
                                    lambda message: run.set_state(step.path, "preparing", message=message))
            run.environments.note(step.path, built, where=f"compute target '{step.target.name}'")
            run.environments.save_record(run.run_dir)
            return built
        built = await run.environments.ensure(
            step.path, log, lambda message: run.set_state(step.path, "preparing", message=message))
        run.environments.save_record(run.run_dir)
    run.built_envs[step.path] = built
    return built


def _record_inputs(run: RunContext, step: StepPlan, meta: dict[str, tuple[int, str]]) -> None:
    for name, (size, digest) in meta.items():
        src = step.inputs[name]
        produced_run = produced_step = None
        if isinstance(src, StepOutput) and src.step in run.given:
            produced_run, produced_step = run.given[src.step]
            path = run.outputs[(src.step, src.output)].path
        elif isinstance(src, StepOutput):
            up = run.results[src.step]
            produced_run, produced_step = (up.reused_from, up.reused_from_step) if up.reused_from else (
                run.run_id, src.step)
            path = run.outputs[(src.step, src.output)].path
        else:
            path = src.path if isinstance(src, ExternalData) else ""
        run.emit(ArtifactRecorded(run.run_id, step.path, name, "input", step.decl(name).type, path, size, digest,
                                  produced_by_run=produced_run, produced_by_step=produced_step))


async def _reuse(run: RunContext, step: StepPlan, fp: Fingerprinted) -> tuple[bool, CacheEntry | None]:
    """Use a trusted cache entry for ``step``: (True, None); else (False, the entry found untrustworthy or None)."""
    assert fp.fingerprint is not None
    entry = run.cache.lookup(fp.fingerprint)
    if entry is None:
        return False, None
    metas = await asyncio.to_thread(verify, run, step, entry)
    if metas is None:
        run.cache.invalidate(fp.fingerprint, entry.run_id, entry.step)
        return False, entry
    result = run.results[step.path]
    result.outputs = {n: entry.outputs[n] for n in step.outputs}
    result.reused_from, result.reused_from_step = entry.run_id, entry.step
    for name, (size, digest) in metas.items():
        run.add_output(step, name, entry.outputs[name], size, digest, fp.fingerprint)
    run.set_state(step.path, "cached", fingerprint=fp.fingerprint, reused_from_run=entry.run_id,
                  reused_from_step=entry.step, outputs=dict(result.outputs),
                  reason=why.reused(entry.run_id, entry.step), ingredients=fp.ingredients)
    if step.kind in ("sweep", "parallel"):
        # reused whole, it runs no trial or mini-batch: its progress is the one the earlier run ended with
        progress = await asyncio.to_thread(_reused_progress, run, step, entry)
        if progress is not None:
            run.emit(progress)
    return True, None


def _reused_progress(run: RunContext, step: StepPlan, entry: CacheEntry) -> StepProgress | None:
    folder = run.run_dir.parent / entry.run_id / entry.step
    if step.kind == "sweep":
        from designer.engine.sweep.run import reused_progress
    else:
        from designer.engine.parallel.run import reused_progress
    return reused_progress(run.run_id, step.path, folder)


async def _execute(run: RunContext, step: StepPlan, values: dict[str, Any], fp: Fingerprinted,
                   reason: dict[str, Any]) -> None:
    if step.kind == "sweep":  # its trials take the target's room, one each; the sweep itself takes none
        from designer.engine.sweep.run import run_sweep

        # a forced sweep commits too (force means fresh); its trials explain themselves
        # the sweep's own reason (its trials record theirs); run_sweep then says "running" again
        run.set_state(step.path, "running", fingerprint=fp.fingerprint, reason=reason, ingredients=fp.ingredients)
        # run_step is passed in so that engine/sweep does not import this module back
        await run_sweep(run, step, fp.fingerprint, fp.fingerprint is not None and step.deterministic, run_step)
        return
    room = run.rooms.get(step.target.name)
    if room is None:
        room = run.rooms[step.target.name] = asyncio.Semaphore(step.target.max_parallel)
    if room.locked():
        run.set_state(step.path, "queued")
    async with room:
        if run.stopping:
            raise Canceled()
        await _run_process(run, step, values, fp, reason)


async def _run_process(run: RunContext, step: StepPlan, values: dict[str, Any], fingerprinted: Fingerprinted,
                       reason: dict[str, Any]) -> None:
    name = step.path
    fp = fingerprinted.fingerprint
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
        with dirs.stderr.open("a", encoding="utf-8") as fh:  # after the environment's build log, if any
            fh.write("".join(f"designer: warning: {w}\n" for w in step.warnings))
    env = step_path_env(run.built_envs.get(name) or current_env(), run.base_env)
    env.update(step.env)
    env["DESIGNER_STEP"] = name
    env["DESIGNER_METRICS"] = str(dirs.metrics)
    env["MLFLOW_TRACKING_URI"] = dirs.mlruns.as_uri()
    # mlflow >= 3.5 refuses a file store unless told to allow it; the runner reads metrics from it
    env.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
    _write_launch(dirs, cwd, env, run.base_env, command)
    executor = run.executors.get(step.target.kind)
    if executor is None:
        executor = run.executors["local"]
        with open(dirs.stderr, "a", encoding="utf-8") as fh:
            fh.write(f"designer: warning: no '{step.target.kind}' executor for compute target "
                     f"'{step.target.name}'; running on 'local'\n")
    started = time.monotonic()
    remote = run.environments.remote(name) if run.environments is not None and name not in run.built_envs else None
    proc = await executor.start(Launch(run.run_id, name, command, cwd, env, dirs.stdout, dirs.stderr,
                                       target=step.target, environment=remote))
    run.procs[name] = proc
    result.worker = proc.worker
    run.set_state(name, "running", command=command, fingerprint=fp, worker=proc.worker, reason=reason,
                  ingredients=fingerprinted.ingredients)
    watch = _watch_progress(run, step, dirs)
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
        if watch is not None:
            watch[1].cancel()
    if watch is not None:
        await watch[0].finish()
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
        hint = import_hint(run.environments.hint(name) if run.environments else None,
                           read_tail(dirs.stderr, lines=40))
        if hint:
            with dirs.stderr.open("a", encoding="utf-8") as fh:
                fh.write(f"designer: hint: {hint}\n")
        run.fail(name, f"exit code {code}" + (f"; {hint}" if hint else ""), exit_code=code)
        return
    final = await asyncio.to_thread(_commit, run, step, dirs)
    result.outputs = {n: p for n, (p, _, _) in final.items()}
    for out_name, (path, size, digest) in final.items():
        run.add_output(step, out_name, path, size, digest, fp)
        run.emit(ArtifactRecorded(run.run_id, name, out_name, "output", step.outputs[out_name], path, size, digest,
                                  produced_by_run=run.run_id, produced_by_step=name))
    # A forced run commits too, so that the next plain run reuses the newest outputs (force means fresh).
    if fp is not None and step.deterministic:
        run.cache.commit(CacheEntry(fp, run.run_id, name, dict(result.outputs),
                                    {n: d for n, (_, _, d) in final.items()}, time.time()))
    run.set_state(name, "completed", exit_code=code, fingerprint=fp, outputs=dict(result.outputs),
                  worker=result.worker)


def _watch_progress(run: RunContext, step: StepPlan, dirs: StepDirs) -> tuple[Any, asyncio.Task[None]] | None:
    """For a parallel step: follow its mini-batches' progress while its driver runs (else None)."""
    if step.kind != "parallel":
        return None
    from designer.engine.parallel import STATE_FILE
    from designer.engine.parallel.run import ProgressWatch

    watch = ProgressWatch(run, step.path, dirs.root / STATE_FILE)
    task = asyncio.create_task(watch.follow(), name=f"designer-progress-{step.path}")
    return watch, task


def _write_launch(dirs: StepDirs, cwd: Path, env: dict[str, str], base: dict[str, str], command: str) -> None:
    """Record where and with which variables the step starts (``designer runs shell`` reads it).

    Only the variables the runner set or changed for the step are kept, not the whole environment of
    the runner (which may hold secrets the step never saw differently).
    """
    own = {k: v for k, v in env.items() if os.environ.get(k) != v}
    record = {"cwd": str(cwd), "env": own, "command": command, "unset": sorted(k for k in os.environ if k not in env)}
    dirs.launch.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _commit(run: RunContext, step: StepPlan, dirs: StepDirs) -> dict[str, tuple[str, int, str]]:
    out: dict[str, tuple[str, int, str]] = {}
    for name, path in commit_outputs(dirs, step.outputs).items():
        size, digest = run.hasher.path(path)
        out[name] = (str(path), size, digest)
    return out


