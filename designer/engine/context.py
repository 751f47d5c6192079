"""The state of one run that the scheduler loop and each step's lifecycle share."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from designer.engine.artifacts import ContentHasher, Snapshots
from designer.engine.cache import CacheIndex
from designer.engine.environments.build import BuiltEnv
from designer.engine.environments.steps import RunEnvironments
from designer.engine.events import Event, EventSink, StepState, StepStateChanged
from designer.engine.executors import Executor, StepProcess
from designer.engine.plan import RunPlan, StepPlan
from designer.engine.results import StepResult
from designer.engine.why import StepHistory


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
                 state_dir: Path, run_root: Path, grace_s: float, history: StepHistory | None = None) -> None:
        self.plan = plan
        self.sink = sink
        self.cache = cache
        self.history = history
        self.state_dir = state_dir
        self.executors = executors
        self.grace_s = grace_s
        self.run_id = ""
        self.run_root = run_root  # every run's folder is <run_root>/<run id>
        self.run_dir = run_root
        self.results = {name: StepResult(name) for name in plan.steps}
        self.hasher = ContentHasher(state_dir / "hashes.json")
        self.snapshots = Snapshots(state_dir / "snapshots", self.hasher)
        self.outputs: dict[tuple[str, str], StepOutputRef] = {}
        # upstream steps outside the run (--only): step -> (run, step) whose outputs are read
        self.given: dict[str, tuple[str, str]] = {}
        self.procs: dict[str, StepProcess] = {}
        self.rooms: dict[str, asyncio.Semaphore] = {}
        self.stopping = False  # no new step starts
        self.canceled = False
        self.kill_now = False
        self.first_failure: str | None = None
        self.base_env: dict[str, str] = {}
        # each step's environment: resolved before the run starts, built (once) as steps need them
        self.environments: RunEnvironments | None = None
        self.built_envs: dict[str, BuiltEnv] = {}
        self._bg: set[asyncio.Future[None]] = set()

    def emit(self, event: Event) -> None:
        """Pass ``event`` to the run's sink."""
        self.sink.emit(event)

    def set_state(self, step: str, state: StepState, **fields: Any) -> None:
        """Move ``step`` to ``state`` and emit the change with ``fields``."""
        if self.results[step].state == "preparing" and state != "preparing" and not fields.get("message"):
            fields["message"] = ""  # "building its environment ..." was about preparing: it ends with it
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

    def add_output(self, step: StepPlan, name: str, path: str, size: int, digest: str, fp: str | None) -> None:
        """Record output ``name`` of ``step`` for the steps that read it."""
        identity = f"{fp}:{name}" if fp is not None and step.deterministic else f"content:{digest}"
        self.outputs[(step.path, name)] = StepOutputRef(path, size, digest, identity)
