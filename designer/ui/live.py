"""Runs started from the UI, followed live: the runner's events fan out to the pages watching them.

:class:`RunHub` is an :class:`~designer.engine.events.EventSink` (the runner reports to it next to
the store). It keeps a small picture of each run it has seen (state, every step's live state,
messages, outputs) and calls the pages subscribed to it, in the event loop, as events arrive: a
step's new state reaches the browser without any polling.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from designer.engine.events import STEP_FINAL, Event, RunFinished, RunStarted, StepStateChanged

log = logging.getLogger(__name__)

LOG_TAIL_BYTES = 64_000


@dataclass
class StepView:
    """What the UI knows about one step of one run."""

    status: str = "pending"
    started_at: float | None = None
    duration_s: float | None = None
    message: str | None = None
    exit_code: int | None = None
    outputs: dict[str, str] = field(default_factory=dict)
    reused_from_run: str | None = None
    reused_from_step: str | None = None

    def live(self) -> dict[str, Any]:
        """The ``setStatuses`` value for this step."""
        return {"status": self.status, "started_at": self.started_at, "duration_s": self.duration_s}


@dataclass
class RunView:
    """What the UI knows about one run."""

    run_id: str
    pipeline_file: str
    run_dir: Path
    state: str = "running"
    steps: dict[str, StepView] = field(default_factory=dict)
    error: str | None = None
    started_at: float | None = None
    ended_at: float | None = None

    @property
    def done(self) -> bool:
        """True once the run has ended."""
        return self.state != "running"

    def log_path(self, step: str, stream: str = "stdout") -> Path:
        """``<run_dir>/<step>/logs/<stream>.txt``; for a reused step, the log of the run that made it."""
        view = self.steps.get(step)
        if view is not None and view.status == "cached" and view.reused_from_run:
            return self.run_dir.parent / view.reused_from_run / (view.reused_from_step or step) / "logs" / f"{stream}.txt"
        return self.run_dir / step / "logs" / f"{stream}.txt"


Listener = Callable[[RunView, Event], None]


class RunHub:
    """The UI's :class:`EventSink`: remembers runs and tells subscribers about every event."""

    def __init__(self) -> None:
        self.runs: dict[str, RunView] = {}
        self.latest_by_file: dict[str, str] = {}
        self.handles: dict[str, Any] = {}
        self._listeners: dict[int, Listener] = {}
        self._next = 0

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(run, event)`` for every event from now on; returns the unsubscribe function."""
        key = self._next
        self._next += 1
        self._listeners[key] = listener

        def unsubscribe() -> None:
            self._listeners.pop(key, None)

        return unsubscribe

    def latest_for(self, pipeline_file: Path | str) -> RunView | None:
        """The newest run of the pipeline file seen by this process, or None."""
        run_id = self.latest_by_file.get(str(Path(pipeline_file).resolve()))
        return self.runs.get(run_id) if run_id else None

    def emit(self, event: Event) -> None:
        """Record ``event`` and pass it on to every subscriber (a failing subscriber is logged)."""
        run = self._record(event)
        if run is None:
            return
        for listener in list(self._listeners.values()):
            try:
                listener(run, event)
            except Exception:  # a page's bug must not stop the run or the other pages
                log.exception("a run listener failed on %s", type(event).__name__)

    def _record(self, event: Event) -> RunView | None:
        if isinstance(event, RunStarted):
            run = RunView(event.run_id, str(Path(event.pipeline_file).resolve()), Path(event.run_dir),
                          started_at=event.at)
            for info in event.steps:
                run.steps[info.step] = StepView()
            self.runs[event.run_id] = run
            self.latest_by_file[run.pipeline_file] = event.run_id
            return run
        found = self.runs.get(getattr(event, "run_id", ""))
        if found is None:
            return None
        run = found
        if isinstance(event, StepStateChanged):
            step = run.steps.setdefault(event.step, StepView())
            step.status = event.state
            if event.state == "running":
                step.started_at = event.at
            elif event.state in STEP_FINAL and step.started_at is not None:
                step.duration_s = max(0.0, event.at - step.started_at)
            if event.message:
                step.message = event.message
            if event.exit_code is not None:
                step.exit_code = event.exit_code
            if event.outputs:
                step.outputs = dict(event.outputs)
            if event.reused_from_run:
                step.reused_from_run = event.reused_from_run
                step.reused_from_step = event.reused_from_step or event.step
        elif isinstance(event, RunFinished):
            run.state = event.state
            run.error = event.error
            run.ended_at = event.at
            self.handles.pop(run.run_id, None)
        return run


def tail(path: Path, max_bytes: int = LOG_TAIL_BYTES) -> str:
    """The last ``max_bytes`` of a text file (from a line start), or ``""`` when it does not exist."""
    try:
        with path.open("rb") as f:
            f.seek(0, 2)
            size = f.tell()
            f.seek(max(0, size - max_bytes))
            data = f.read()
    except OSError:
        return ""
    if size > max_bytes:
        data = data.split(b"\n", 1)[-1]
    return data.decode("utf-8", errors="replace")
