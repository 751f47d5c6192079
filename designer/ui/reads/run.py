"""Reading one run for the pages, without NiceGUI: its steps, failed steps' errors, one step's detail.

Every function here blocks (store queries, small bounded file reads): call it through
``designer.ui.widgets.io``. Log text is read through :mod:`designer.engine.artifacts`
(``read_tail``), never whole.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from designer.engine.artifacts import StepDirs, read_tail
from designer.ui.reads import previews
from designer.ui.reads.charts import Results, read_results

if TYPE_CHECKING:
    from designer.store import ArtifactRecord, MetricRecord, RunRecord, StepRecord, Store
    from designer.workspace import Workspace

ERROR_TAIL_BYTES = 8192
MAX_COMPARE = 4  # runs the compare page lines up side by side (the runs list ticks at most this many)


@dataclass
class RunSnapshot:
    """The run row, its steps and the newest event seq seen, read together; ``errors`` holds the
    last line of each failed step's stderr (what a person reads first)."""

    run: RunRecord
    steps: list[StepRecord]
    seq: int
    errors: dict[str, str] = field(default_factory=dict)
    pipeline_rel: str | None = None  # the pipeline file relative to the workspace; None when outside
    pipeline_exists: bool = False


def last_error_line(text: str) -> str:
    """The line of a log tail that says what went wrong: the last ``...Error...`` line, else the last line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in reversed(lines):
        if "error" in line.lower() or "exception" in line.lower():
            return line[:500]
    return lines[-1][:500] if lines else ""


def failed_step_errors(run: RunRecord, steps: Sequence[StepRecord]) -> dict[str, str]:
    """``{step: last error line of its stderr}`` for the failed steps (blocking: reads log tails)."""
    out: dict[str, str] = {}
    for s in steps:
        if s.state != "failed":
            continue
        line = last_error_line(read_tail(step_dirs(run, s.step).stderr, lines=200, max_bytes=ERROR_TAIL_BYTES))
        if line:
            out[s.step] = line
    return out


def snapshot_of(store: Store, run: RunRecord, seq: int, workspace: Workspace | None) -> RunSnapshot:
    """The run's steps, failed steps' errors and whether its pipeline file is there (blocking)."""
    steps = store.steps(run.id)
    rel, exists = None, False
    if workspace is not None and run.pipeline_file:
        shown = workspace.relative(run.pipeline_file)
        rel = None if Path(shown).is_absolute() else shown
        exists = Path(run.pipeline_file).is_file()
    return RunSnapshot(run, steps, seq, failed_step_errors(run, steps), rel, exists)


def load_run(store: Store, run_id: str, workspace: Workspace | None = None) -> RunSnapshot | None:
    """Read the run and its steps (blocking); None when there is no such run."""
    seq = store.latest_seq()
    found = store.get_run(run_id)
    if found is None:
        return None
    return snapshot_of(store, found, seq, workspace)


def poll_run(store: Store, run_id: str, after: int,
             workspace: Workspace | None = None) -> tuple[int, RunSnapshot | None, bool]:
    """``(seq, snapshot, gone)``: the run re-read when events arrived after ``after`` (else no
    snapshot); ``gone`` when the run was deleted meanwhile. Blocking."""
    events = store.events_since(run_id, after, limit=10_000)
    if not events:
        return after, None, False
    found = store.get_run(run_id)
    if found is None:
        return after, None, True
    return events[-1][0], snapshot_of(store, found, events[-1][0], workspace), False


@dataclass
class StepDetail:
    """What the step panel shows beyond the step row: artifacts, metrics, where logs are
    (``dirs`` is None when a reused step's source run is gone)."""

    step: StepRecord
    artifacts: list[ArtifactRecord]
    metrics: list[MetricRecord]
    dirs: StepDirs | None
    log_from_run: str | None
    images: list[previews.ImageFile]
    command_file: str | None
    log_sizes: dict[str, int] = field(default_factory=dict)
    results: Results = field(default_factory=Results)  # charts and verdict of its outputs


def step_folder(run: RunRecord, step: str) -> Path:
    """``<run_dir>/<step>``."""
    return Path(run.run_dir) / step


def step_dirs(run: RunRecord, step: str) -> StepDirs:
    """The folders and files of ``step`` in ``run`` (the layout is :class:`StepDirs`' alone)."""
    return StepDirs(step_folder(run, step))


def step_metrics(store: Store, run_id: str, step: str, reused_from_run: str | None = None,
                 reused_from_step: str | None = None) -> list[MetricRecord]:
    """The metrics ``step`` logged in run ``run_id``; for a step reused from an earlier run (which
    logs nothing itself), the metrics it logged there. Blocking."""
    metrics = store.metrics(run_id, step)
    if not metrics and reused_from_run:
        metrics = store.metrics(reused_from_run, reused_from_step or step)
    return metrics


def load_step(store: Store, run: RunRecord, step: StepRecord) -> StepDetail:
    """Read the artifacts and metrics of ``step`` and find its log and images (blocking).

    A reused step ran in an earlier run: its log and images are that run's, said so on the page.
    """
    artifacts = store.artifacts(run.id, step.step)
    metrics = step_metrics(store, run.id, step.step, step.reused_from_run if step.state == "cached" else None,
                           step.reused_from_step)
    dirs: StepDirs | None = step_dirs(run, step.step)
    log_from = None
    if step.state == "cached" and step.reused_from_run:
        source = store.get_run(step.reused_from_run)
        dirs = step_dirs(source, step.reused_from_step or step.step) if source is not None else None
        log_from = step.reused_from_run
    command = None
    if dirs is not None and not step.command:
        command = read_tail(dirs.command, lines=2000, max_bytes=20_000) or None
    images = previews.find_images(dirs.root) if dirs is not None else []
    sizes: dict[str, int] = {}
    for stream in ("stdout", "stderr"):
        try:
            sizes[stream] = getattr(dirs, stream).stat().st_size if dirs is not None else 0
        except OSError:
            sizes[stream] = 0
    outputs = {a.name: a.path for a in artifacts if a.direction == "output" and a.path} or dict(step.outputs or {})
    return StepDetail(step, artifacts, metrics, dirs, log_from, images, command, sizes, read_results(outputs))




def run_images(run: RunRecord, steps: Sequence[StepRecord]) -> dict[str, list[previews.ImageFile]]:
    """``{step: images it wrote}`` for the steps that ran in this run (reused ones are skipped)."""
    out: dict[str, list[previews.ImageFile]] = {}
    for s in steps:
        if s.state == "cached":
            continue
        images = previews.find_images(step_folder(run, s.step), limit=12)
        if images:
            out[s.step] = images
    return out


def run_results(steps: Sequence[StepRecord]) -> dict[str, Results]:
    """``{step: charts and verdict of its outputs}`` for the steps whose outputs describe any (blocking)."""
    out: dict[str, Results] = {}
    for s in steps:
        if s.state not in ("completed", "cached") or not s.outputs:
            continue
        found = read_results(s.outputs)
        if found.charts or found.verdict is not None:
            out[s.step] = found
    return out


def run_duration(run: RunRecord, now: float | None = None) -> float | None:
    """Seconds the run took, or has been going for while it runs; None when it never ran."""
    if run.ended_at is not None:
        return run.ended_at - run.started_at
    if run.state == "running":
        return max(0.0, (now or time.time()) - run.started_at)
    return None
