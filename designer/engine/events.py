"""Typed run events and the :class:`EventSink` protocol through which the engine reports them.

Every state change of a run or a step is one event. The store persists them, the UI pushes them to
the browser and the CLI prints them; the engine knows none of these, only this protocol.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Protocol

# "preparing": waiting for the step's environment to be built (before "queued"/"running").
StepState = Literal["pending", "preparing", "queued", "running", "completed", "failed", "canceled", "cached", "skipped"]
RunState = Literal["running", "completed", "failed", "canceled", "interrupted"]
RunSource = Literal["cli", "ui", "sdk", "api"]

#: The states a step never leaves. The one definition: every layer imports it from here.
STEP_FINAL: frozenset[str] = frozenset({"completed", "failed", "canceled", "cached", "skipped"})
RUN_FINAL: frozenset[str] = frozenset({"completed", "failed", "canceled", "interrupted"})


@dataclass(frozen=True)
class StepInfo:
    """What a run will execute for one step, known before it starts."""

    step: str
    job: str
    component: str
    compute: str
    upstream: tuple[str, ...] = ()
    title: str = ""  # the job's display name, else its component's (what people call the step)
    parameters: dict[str, Any] | None = None  # its effective parameters (designer.engine.parameters)


@dataclass(frozen=True)
class RunStarted:
    """A run began: its id, what it runs and how it was started."""

    run_id: str
    pipeline_file: str
    pipeline_name: str
    source: RunSource
    parameters: dict[str, Any]
    steps: tuple[StepInfo, ...]
    run_dir: str
    at: float
    pid: int
    rerun_of: str | None = None
    partial: str | None = None  # "only <step>" or "from <step>": a run of part of the pipeline
    resumed_from: str | None = None  # the earlier run of this pipeline that failed or was interrupted
    inputs: dict[str, Any] | None = None  # the pipeline inputs' values for this run (designer.engine.parameters)


@dataclass(frozen=True)
class StepStateChanged:
    """A step moved to ``state``; fields that are known at that moment are filled in."""

    run_id: str
    step: str
    state: StepState
    at: float
    exit_code: int | None = None
    message: str | None = None
    fingerprint: str | None = None
    command: str | None = None
    reused_from_run: str | None = None
    reused_from_step: str | None = None
    worker: str | None = None
    outputs: dict[str, str] = field(default_factory=dict)
    reason: dict[str, Any] | None = None  # why it ran or was reused (designer.engine.why)
    ingredients: dict[str, Any] | None = None  # what its fingerprint was made of (designer.engine.why)


@dataclass(frozen=True)
class ArtifactRecorded:
    """A committed output (or an external input) of a step: where it is and what it holds."""

    run_id: str
    step: str
    name: str
    direction: Literal["input", "output"]
    type: str
    path: str
    size: int
    content_hash: str
    produced_by_run: str | None = None
    produced_by_step: str | None = None


@dataclass(frozen=True)
class MetricLogged:
    """A metric a step wrote (``DESIGNER_METRICS`` or mlflow)."""

    run_id: str
    step: str
    name: str
    value: float
    index: int | None
    at: float


@dataclass(frozen=True)
class StepProgress:
    """How far a step standing for many units has got: a sweep's trials or a parallel step's mini-batches.

    Emitted while the step runs, coalesced (at most a few a second, never one per unit) and once
    more when it ends. ``unit`` is ``"trials"`` or ``"batches"``; ``done`` counts the units that
    finished well (run or reused), ``failed`` those that failed, ``running``
    those under way. ``best``/``metric``: a sweep's best primary-metric value so far and its name.
    """

    run_id: str
    step: str
    unit: Literal["trials", "batches"]
    done: int
    running: int
    failed: int
    total: int
    at: float
    stopped: int = 0  # a sweep's trials stopped early by its termination policy (neither done nor failed)
    best: float | None = None
    metric: str | None = None
    goal: str | None = None  # "minimize" | "maximize" for a sweep

    def to_progress(self) -> dict[str, Any]:
        """The JSON-ready ``progress`` value the store keeps and the canvas draws."""
        return {"unit": self.unit, "done": self.done, "running": self.running, "failed": self.failed,
                "stopped": self.stopped, "total": self.total, "best": self.best, "metric": self.metric,
                "goal": self.goal}


@dataclass(frozen=True)
class Heartbeat:
    """The runner process of ``run_id`` is alive."""

    run_id: str
    at: float


@dataclass(frozen=True)
class RunFinished:
    """A run ended in ``state``; ``error`` names the failed step and the tail of its stderr."""

    run_id: str
    state: RunState
    at: float
    error: str | None = None


Event = RunStarted | StepStateChanged | ArtifactRecorded | MetricLogged | StepProgress | Heartbeat | RunFinished


def event_to_dict(event: Event) -> dict[str, Any]:
    """A JSON-ready dict of ``event`` with its kind under ``"event"``."""
    return {"event": type(event).__name__, **asdict(event)}


class EventSink(Protocol):
    """Receives every event of a run, in order. Must not block for long (it runs in the loop)."""

    def emit(self, event: Event) -> None:
        """Handle one event."""
        ...


class FanOut:
    """An :class:`EventSink` that passes each event to several sinks, in order."""

    def __init__(self, *sinks: EventSink) -> None:
        self.sinks = list(sinks)

    def emit(self, event: Event) -> None:
        """Pass ``event`` to every sink."""
        for sink in self.sinks:
            sink.emit(event)
