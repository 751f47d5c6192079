"""Runs started from the UI, followed live: the runner's events fan out to the pages watching them.

:class:`RunHub` is an :class:`~designer.engine.events.EventSink` (the runner reports to it next to
the store). It keeps a small picture of each run it has seen (state, every step's live state,
messages, outputs) and calls the pages subscribed to it, in the event loop, as events arrive: a
step's new state reaches the browser without any polling.

It is also the one place that builds a step's live state for the canvas (:class:`LiveStatus`):
:func:`live_status` from its parts, :func:`record_live` from a store record, :func:`summarize` for a
step that stands for several (a nested pipeline), :meth:`StepView.live` from the hub's picture.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from designer.engine.artifacts import StepDirs
from designer.engine.events import STEP_FINAL, Event, RunFinished, RunStarted, StepProgress, StepStateChanged

if TYPE_CHECKING:
    from designer.spec.model import Job, PipelineComponent
    from designer.store.records import RunRecord, StepRecord

log = logging.getLogger(__name__)


# A step's state as the canvas shows it: the engine's StepState, "idle" (no run), or a state the
# engine adds later (shown with its own name until frame.py's table knows it).
Status = str


class Progress(TypedDict):
    """A sweep's trials or a parallel step's mini-batches so far (``StepProgress.to_progress()``),
    with ``best_text``: the best value formatted for reading (:func:`designer.ui.format.number_text`)."""

    unit: str  # "trials" | "batches"
    done: int
    running: int
    failed: int
    stopped: int
    total: int
    best: float | None
    best_text: str | None
    metric: str | None
    goal: str | None


class LiveStatus(TypedDict):
    """The live state of one card: what ``PipelineCanvas.set_statuses`` sends for it."""

    status: Status
    started_at: float | None
    duration_s: float | None
    children: NotRequired[dict[str, int] | None]
    progress: NotRequired[Progress | None]


def progress_of(value: Mapping[str, Any] | None) -> Progress | None:
    """A card's ``progress`` from a stored or emitted progress mapping; None when there is none."""
    from designer.ui.format import number_text

    if not value or not value.get("total"):
        return None
    raw = value.get("best")
    best = float(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else None

    def count(key: str) -> int:
        return int(value.get(key) or 0)

    return {"unit": "trials" if value.get("unit") == "trials" else "batches", "done": count("done"),
            "running": count("running"), "failed": count("failed"), "stopped": count("stopped"),
            "total": count("total"), "best": best, "best_text": number_text(best) if best is not None else None,
            "metric": value.get("metric") or None, "goal": value.get("goal") or None}


def planned_progress(job: Job) -> Progress | None:
    """What an idle sweep card shows before it runs: none of its trials done yet, and the metric
    it optimises (None for a step that is not a sweep, or whose sweep fields do not parse)."""
    if job.type != "sweep":
        return None
    from designer.spec.sweep import parse_sweep, sweep_fields

    spec, _ = parse_sweep(sweep_fields(job), job.loc)
    if spec is None:
        return None
    total = spec.limits.max_total_trials
    if spec.sampling.algorithm == "grid":
        combinations = 1
        for dist in spec.search_space.values():
            combinations *= max(1, len(dist.values))
        total = min(total, combinations)
    return progress_of({"unit": "trials", "total": total, "metric": spec.objective.primary_metric,
                        "goal": spec.objective.goal})


def live_status(status: str | None = None, started_at: float | None = None, duration_s: float | None = None,
                *, children: Mapping[str, int] | None = None,
                progress: Mapping[str, Any] | None = None) -> LiveStatus:
    """The one builder of a card's live state; ``children`` is ``{state: count}`` for a step standing
    for several, ``progress`` a sweep's or parallel step's progress (see :func:`progress_of`).
    Returns a new dict (``status`` defaults to ``"idle"``)."""
    live: LiveStatus = {"status": status or "idle", "started_at": started_at, "duration_s": duration_s}
    if children is not None:
        live["children"] = {str(k): int(v) for k, v in children.items() if v}
    found = progress_of(progress)
    if found is not None:
        live["progress"] = found
    return live


def recorded_duration(step: StepRecord) -> float | None:
    """A recorded step's duration: the stored one, else from its start and end (None while unknown)."""
    if step.duration is None and step.started_at is not None and step.ended_at is not None:
        return step.ended_at - step.started_at
    return step.duration


def record_live(step: StepRecord) -> LiveStatus:
    """The live state of a recorded step."""
    return live_status(step.state, step.started_at, recorded_duration(step), progress=step.progress)


def children_of(pipeline: PipelineComponent, noun: str = "steps") -> dict[str, Any]:
    """The ``children`` of a card standing for a nested pipeline: its command steps, however deep
    (``{"total", "counts": {}, "noun", "expandable"}``; the counts come with the live states)."""
    from designer.spec.model import PipelineComponent

    total = 0
    todo = [pipeline]
    while todo:
        for job in todo.pop().jobs.values():
            if isinstance(job.resolved, PipelineComponent):
                todo.append(job.resolved)
            else:
                total += 1
    return {"total": total, "counts": {}, "noun": noun if total != 1 else noun.rstrip("s"), "expandable": True}


def summarize(inner: Iterable[Mapping[str, Any]]) -> LiveStatus:
    """One state for a step from the live states of the steps inside it, with their counts.

    Failed wins, then running, canceled, queued, pending; all reused is reused, all skipped is
    skipped, otherwise completed. The duration spans the first start to the last end.
    """
    items = list(inner)
    counts: dict[str, int] = {}
    for live in items:
        state = str(live.get("status") or "idle")
        counts[state] = counts.get(state, 0) + 1
    states = set(counts)
    started = [float(live["started_at"]) for live in items if live.get("started_at") is not None]
    status: str
    for state in ("failed", "running", "canceled", "queued", "pending"):
        if state in states:
            status = state
            break
    else:
        status = ("cached" if states == {"cached"} else "skipped" if states == {"skipped"}
                  else "idle" if states <= {"idle"} else "completed")
    duration = None
    if status in STEP_FINAL and started:
        ends = [float(live.get("started_at") or 0) + float(live.get("duration_s") or 0) for live in items]
        duration = max(ends) - min(started)
    return live_status(status, min(started) if started else None, duration, children=counts)


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
    progress: dict[str, Any] | None = None  # a sweep's trials / a parallel step's mini-batches so far

    def live(self) -> LiveStatus:
        """The ``setStatuses`` value for this step."""
        return live_status(self.status, self.started_at, self.duration_s, progress=self.progress)


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
            dirs = StepDirs(self.run_dir.parent / view.reused_from_run / (view.reused_from_step or step))
        else:
            dirs = StepDirs(self.run_dir / step)
        return dirs.stdout if stream == "stdout" else dirs.stderr


def recorded_run(record: RunRecord, steps: Iterable[StepRecord]) -> RunView:
    """The view of a run the store recorded (one this server did not follow)."""
    view = RunView(record.id, record.pipeline_file, Path(record.run_dir), state=record.state, error=record.error,
                   started_at=record.started_at, ended_at=record.ended_at)
    for step in steps:
        view.steps[step.step] = StepView(step.state, step.started_at, recorded_duration(step), step.message,
                                         step.exit_code, dict(step.outputs), step.reused_from_run,
                                         step.reused_from_step, step.progress)
    return view


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
            if event.message is not None:  # "" clears it (the preparing message once the step moves on)
                step.message = event.message or None
            if event.exit_code is not None:
                step.exit_code = event.exit_code
            if event.outputs:
                step.outputs = dict(event.outputs)
            if event.reused_from_run:
                step.reused_from_run = event.reused_from_run
                step.reused_from_step = event.reused_from_step or event.step
        elif isinstance(event, StepProgress):
            run.steps.setdefault(event.step, StepView()).progress = event.to_progress()
        elif isinstance(event, RunFinished):
            run.state = event.state
            run.error = event.error
            run.ended_at = event.at
            self.handles.pop(run.run_id, None)
        return run
