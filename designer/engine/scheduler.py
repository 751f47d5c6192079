"""The scheduler: the one asyncio ready-set loop of a run, and its failure and cancel policy.

A step is started (:func:`designer.engine.step.run_step`) as soon as every step it reads from has
ended; it then waits for room on its compute target (``max_parallel`` per target), so independent
branches run at the same time. What one step does (fingerprint, reuse, launch, commit) is in
:mod:`designer.engine.step`; the front object that starts runs is :mod:`designer.engine.runner`.

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
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from designer.engine.artifacts import StepDirs, new_run_id, read_tail
from designer.engine.cache import CacheIndex
from designer.engine.context import RunContext, StepOutputRef
from designer.engine.events import (
    STEP_FINAL,
    EventSink,
    Heartbeat,
    RunFinished,
    RunSource,
    RunStarted,
    RunState,
    StepInfo,
    StepState,
)
from designer.engine.executors import Executor
from designer.engine.partial import GivenOutput
from designer.engine.plan import RunPlan
from designer.engine.results import RunResult
from designer.engine.step import run_step
from designer.engine.why import StepHistory
from designer.spec.graph import StepOutput
from designer.workspace import Settings

_log = logging.getLogger(__name__)

STDERR_TAIL_LINES = 20


class RunLoop(RunContext):
    """One run: its ready-set loop, failure policy, heartbeats and cancelling.

    Made by :class:`~designer.engine.runner.Runner`; :meth:`begin` creates the run folder and emits
    RunStarted, :meth:`main` runs every step to its end and returns the :class:`RunResult`.
    """

    def __init__(self, plan: RunPlan, *, settings: Settings, sink: EventSink, cache: CacheIndex,
                 executors: Mapping[str, Executor], run_root: Path, state_dir: Path, grace_s: float,
                 source: RunSource, rerun_of: str | None,
                 cancel_requested: Callable[[str], bool] | None, history: StepHistory | None = None,
                 given: Sequence[GivenOutput] = (), resumed_from: str | None = None) -> None:
        super().__init__(plan, sink, cache, executors, state_dir, run_root, grace_s, history)
        self.resumed_from = resumed_from
        for out in given:  # --only: the upstream outputs come from earlier runs
            self.outputs[(out.step, out.output)] = StepOutputRef(out.path, out.size, out.content_hash, out.identity)
            self.given[out.step] = (out.run_id, out.step)
        self.settings = settings
        self.run_root = run_root
        self.source = source
        self.rerun_of = rerun_of
        self.cancel_requested = cancel_requested
        self.loop: asyncio.AbstractEventLoop | None = None
        self.downstream: dict[str, list[str]] = {name: [] for name in plan.steps}
        self.waiting: dict[str, int] = {}
        for name, step in plan.steps.items():
            ups = [u for u in step.upstream if u in plan.steps]
            self.waiting[name] = len(ups)
            for up in ups:
                self.downstream[up].append(name)
        self.tasks: dict[str, asyncio.Task[None]] = {}
        self._done: asyncio.Queue[str] | None = None

    # ------------------------------------------------------------------------------------- start

    def begin(self) -> None:
        """Create the run folder and emit RunStarted (synchronously, so the id is known at once)."""
        self.loop = asyncio.get_running_loop()
        self.run_root.mkdir(parents=True, exist_ok=True)
        while True:
            run_id = new_run_id()
            try:
                (self.run_root / run_id).mkdir()
                break
            except FileExistsError:
                continue
        self.run_id = run_id
        self.run_dir = self.run_root / run_id
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
                                 compute=s.target.name, upstream=s.upstream, title=s.title,
                                 parameters=_jsonable(s.parameters)) for s in plan.steps.values()),
            run_dir=str(self.run_dir),
            at=time.time(),
            pid=os.getpid(),
            rerun_of=self.rerun_of,
            partial=plan.partial,
            resumed_from=self.resumed_from,
            inputs=_jsonable(plan.inputs),
        ))

    # -------------------------------------------------------------------------------------- loop

    async def main(self) -> RunResult:
        self._done = asyncio.Queue()
        heartbeat = asyncio.create_task(self._heartbeat())
        try:
            if self.environments is not None:  # build what is missing now, while upstream steps run
                self.environments.start_builds(lambda step: StepDirs(self.run_dir / step).stderr)
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
                if self.environments is not None:
                    self.environments.flush_record()
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
        task = asyncio.create_task(run_step(self, name), name=f"designer-step-{name}")
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
        if self.environments is not None:  # written before the run reads as finished
            self.environments.flush_record()
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
        period = max(0.05, float(self.settings.heartbeat_s))
        poll = self.cancel_requested
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
            self.background(self.stop(proc))



def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(data, default=str))
