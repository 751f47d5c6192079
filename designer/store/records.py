"""What the store's queries return: plain frozen dataclasses, safe to pass between threads and pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from designer.engine.parameters import Setting, settings_of


@dataclass(frozen=True)
class RunRecord:
    """One run: what it ran, how it was started, where it stands."""

    id: str
    pipeline_file: str
    pipeline_name: str
    source: str
    state: str
    parameters: dict[str, Any]
    started_at: float
    ended_at: float | None
    heartbeat_at: float | None
    pid: int | None
    host: str | None
    error: str | None
    run_dir: str
    rerun_of: str | None
    cancel_requested: bool
    steps_total: int
    steps_done: int
    steps_reused: int
    partial: str | None = None  # "only <step>" / "from <step>" for a run of part of the pipeline
    resumed_from: str | None = None  # the earlier failed or interrupted run of the same pipeline it resumes
    name: str | None = None  # what a person called it (Store.label_run); None: not named
    note: str | None = None
    inputs: dict[str, Any] | None = None  # the pipeline inputs' record; None: a run recorded before it was kept

    @property
    def input_settings(self) -> dict[str, Setting] | None:
        """The pipeline's inputs as this run had them (defaults applied), or None when not recorded."""
        return settings_of(self.inputs)

    @property
    def label(self) -> str:
        """The run's name when it has one, else its id."""
        return self.name or self.id

    @property
    def resumed_text(self) -> str | None:
        """``resumed from run X: N steps reused`` for a run that resumed an earlier one, else None."""
        if self.resumed_from is None:
            return None
        return f"resumed from run {self.resumed_from}: {self.steps_reused} step{'s' if self.steps_reused != 1 else ''} reused"

    @property
    def duration(self) -> float | None:
        """Seconds from start to end, or None while the run has not ended."""
        return None if self.ended_at is None else self.ended_at - self.started_at


@dataclass(frozen=True)
class StepRecord:
    """One step of one run; ``outputs`` maps output names to paths."""

    run_id: str
    step: str
    job: str
    component: str
    compute: str
    upstream: tuple[str, ...]
    state: str
    started_at: float | None
    ended_at: float | None
    duration: float | None
    exit_code: int | None
    fingerprint: str | None
    command: str | None
    message: str | None
    reused_from_run: str | None
    reused_from_step: str | None
    worker: str | None
    outputs: dict[str, str] = field(default_factory=dict)
    reason: dict[str, Any] | None = None  # why it ran or was reused; describe it with designer.engine.why.describe
    ingredients: dict[str, Any] | None = None  # what its fingerprint was made of (designer.engine.why)
    # a sweep's trials or a parallel step's mini-batches: StepProgress.to_progress() of its newest progress
    progress: dict[str, Any] | None = None
    title: str | None = None  # the job's display name, else its component's; None for runs before it was kept
    parameters: dict[str, Any] | None = None  # its effective parameters' record (designer.engine.parameters)

    @property
    def settings(self) -> dict[str, Setting] | None:
        """The parameters the step ran with (defaults applied, bindings resolved), or None when not recorded."""
        return settings_of(self.parameters)

    @property
    def why(self) -> str | None:
        """The reason as a sentence ("Re-ran because parameter `tag` changed ..."), or None when not recorded."""
        if self.reason is None:
            return None
        from designer.engine.why import describe

        return describe(self.reason)


@dataclass(frozen=True)
class ArtifactRecord:
    """An input or output of a step: where it is, its type, size and content hash, who produced it."""

    run_id: str
    step: str
    name: str
    direction: str
    type: str
    path: str
    size: int
    content_hash: str
    produced_by_run: str | None
    produced_by_step: str | None


@dataclass(frozen=True)
class MetricRecord:
    """One logged value of a metric; ``index`` is the step/epoch number when the script gave one."""

    run_id: str
    step: str
    name: str
    value: float
    index: int | None
    at: float


@dataclass(frozen=True)
class ComponentRecord:
    """A registered component version and where its snapshot lives."""

    name: str
    version: str
    path: str
    registered_at: float
