"""Reading a sweep's trials and a parallel step's mini-batches for the run page and the CLI, without NiceGUI.

A sweep's trials are steps of their own in the store (``tune/trial_0003``: state, log, duration);
their parameters and primary-metric values are in the sweep's ``trials.json``
(:func:`designer.engine.sweep.records.read_trials`). A parallel step's mini-batches are in its
``batches.jsonl`` (:func:`designer.engine.parallel.read_progress`) and each worker process's log in
``logs/workers/``. Both live in the folder of the run that ran the step; for a reused step, in the
run it was reused from. Every function here blocks (small bounded reads): call it through
``designer.ui.widgets.io``.

The chart options (:func:`scatter_option`, :func:`over_trials_option`) are uncoloured ECharts options
for :func:`designer.ui.charts.echart`, which themes them for light and dark.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from designer.engine.artifacts import read_tail
from designer.engine.parallel import STATE_FILE, BatchRecord, read_progress
from designer.engine.sweep.records import TRIALS_FILE, SweepRecord, read_trials
from designer.ui.format import number_text, value_text

if TYPE_CHECKING:
    from designer.store import RunRecord, StepRecord, Store

WORKER_LOG_LINES = 400
WORKER_LOG_BYTES = 256 * 1024


def is_trial(step: str, names: set[str] | frozenset[str]) -> bool:
    """True for a trial of a sweep (``<sweep step>/trial_NNNN``): a step inside another step of ``names``."""
    parent, _, leaf = step.rpartition("/")
    return bool(parent) and parent in names and leaf.startswith("trial_")


def step_folder(store: Store, run: RunRecord, step: StepRecord) -> Path:
    """The folder the step's files are in: this run's, or that of the run it was reused from."""
    if step.reused_from_run:
        source = store.get_run(step.reused_from_run)
        if source is not None:
            return Path(source.run_dir) / (step.reused_from_step or step.step)
    return Path(run.run_dir) / step.step


def kinds(store: Store, run: RunRecord, steps: Sequence[StepRecord]) -> dict[str, str]:
    """``{step: "trials" | "batches"}`` for the run's sweep and parallel steps, in plan order (blocking).

    Known from the step's recorded progress; a step without one (reused whole, or from before
    progress was kept) is recognised by the files in its folder.
    """
    names = {s.step for s in steps}
    out: dict[str, str] = {}
    for s in steps:
        if is_trial(s.step, names):
            continue
        unit = (s.progress or {}).get("unit")
        if unit in ("trials", "batches"):
            out[s.step] = str(unit)
            continue
        if s.state in ("pending", "preparing", "queued", "skipped"):
            continue
        folder = step_folder(store, run, s)
        if (folder / TRIALS_FILE).is_file():
            out[s.step] = "trials"
        elif (folder / STATE_FILE).is_file():
            out[s.step] = "batches"
    return out


# ----------------------------------------------------------------------------------------- sweeps


@dataclass(frozen=True)
class TrialLink:
    """Where a trial's log is shown: the run and step path to open (a reused trial: the run that ran it)."""

    run_id: str
    step: str
    in_this_run: bool


@dataclass
class SweepView:
    """A sweep step's trials as the Trials tab shows them."""

    step: str
    record: SweepRecord | None
    links: dict[str, TrialLink] = field(default_factory=dict)  # trial name -> where its log is
    states: dict[str, str] = field(default_factory=dict)  # trial name -> its step state in this run

    def rows(self) -> list[dict[str, Any]]:
        """One table row per trial: ``trial``, ``p_<name>`` per hyperparameter (``<name>_text`` shown),
        ``value``/``value_text``, ``state``, ``duration_s``, ``message``, ``best`` and the log link."""
        record = self.record
        if record is None:
            return []
        out = []
        for t in record.trials:
            link = self.links.get(t.trial)
            state = self.states.get(t.trial)
            row: dict[str, Any] = {
                "trial": t.trial, "index": t.index, "state": "reused" if "cached" in (t.state, state) else t.state,
                "value": t.value, "value_text": "" if t.value is None else number_text(t.value),
                "duration_s": t.duration_s, "message": t.message or "", "best": t.trial == record.best_trial,
                "log_run": link.run_id if link else "", "log_step": link.step if link else "",
                "log_here": bool(link and link.in_this_run)}
            for i, name in enumerate(record.parameters()):
                value = t.params.get(name)
                row[f"p{i}"] = value if isinstance(value, int | float) and not isinstance(value, bool) else value_text(value)
                row[f"p{i}_text"] = number_text(float(value)) if isinstance(value, float) else value_text(value)
            out.append(row)
        return out


def read_sweep(store: Store, run: RunRecord, step: StepRecord, steps: Sequence[StepRecord]) -> SweepView:
    """The trials of sweep step ``step`` of ``run`` (blocking)."""
    folder = step_folder(store, run, step)
    record = read_trials(folder)
    view = SweepView(step.step, record)
    if record is None:
        return view
    by_name = {s.step: s for s in steps}
    source_run = step.reused_from_run or run.id
    source_step = step.reused_from_step or step.step
    for t in record.trials:
        child = by_name.get(f"{step.step}/{t.trial}")
        if child is not None:
            view.states[t.trial] = child.state
            view.links[t.trial] = TrialLink(run.id, child.step, True)
        else:  # the whole sweep was reused: its trials ran in the run it came from
            view.links[t.trial] = TrialLink(source_run, f"{source_step}/{t.trial}", source_run == run.id)
    return view


def _axis_for(values: Sequence[Any], name: str) -> dict[str, Any]:
    numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in values if v is not None)
    if numeric:
        return {"type": "value", "name": name, "scale": True}
    return {"type": "category", "name": name, "data": sorted({value_text(v) for v in values}, key=str)}


def scatter_option(record: SweepRecord, parameter: str) -> dict[str, Any]:
    """The primary metric against hyperparameter ``parameter``, one point per trial with a value
    (the best trial drawn larger). An uncoloured ECharts option."""
    metric = record.metric or "metric"
    values = [t.params.get(parameter) for t in record.trials if t.value is not None]
    x_axis = _axis_for(values, parameter)
    points: list[dict[str, Any]] = []
    best: list[dict[str, Any]] = []
    for t in record.trials:
        if t.value is None:
            continue
        x = t.params.get(parameter)
        x = value_text(x) if x_axis["type"] == "category" else x
        item = {"value": [x, t.value], "name": t.trial}
        (best if t.trial == record.best_trial else points).append(item)
    return {
        "tooltip": {"trigger": "item", "formatter": f"{{b}}<br/>{parameter} = {{@[0]}}<br/>{metric} = {{@[1]}}"},
        "legend": {"show": bool(best)},
        "xAxis": x_axis,
        "yAxis": {"type": "value", "name": metric, "scale": True},
        "series": [{"type": "scatter", "name": "trials", "symbolSize": 9, "data": points},
                   {"type": "scatter", "name": "best trial", "symbol": "diamond", "symbolSize": 15, "data": best}],
    }


def over_trials_option(record: SweepRecord) -> dict[str, Any]:
    """The primary metric of each trial in the order they were sampled, with the best so far as a
    step line (lowest or highest by the objective). An uncoloured ECharts option."""
    metric = record.metric or "metric"
    points: list[dict[str, Any]] = []
    best_line: list[list[float]] = []
    best: float | None = None
    for t in sorted(record.trials, key=lambda t: t.index):
        if t.value is None or not math.isfinite(t.value):
            continue
        points.append({"value": [t.index, t.value], "name": t.trial})
        if best is None or (t.value > best if record.maximize else t.value < best):
            best = t.value
        best_line.append([t.index, best])
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"show": True},
        "xAxis": {"type": "value", "name": "trial", "minInterval": 1, "scale": True},
        "yAxis": {"type": "value", "name": metric, "scale": True},
        "series": [{"type": "scatter", "name": metric, "symbolSize": 8, "data": points},
                   {"type": "line", "name": "best so far", "step": "end", "showSymbol": False,
                    "data": best_line}],
    }


# ----------------------------------------------------------------------------------------- parallel


@dataclass(frozen=True)
class WorkerLog:
    """One worker process's log: its name, path, size and last lines."""

    name: str
    path: str
    size: int
    tail: str


@dataclass
class BatchesView:
    """A parallel step's mini-batches and its workers' logs as the Mini-batches tab shows them."""

    step: str
    batches: list[BatchRecord]
    summary: dict[str, Any] | None
    workers: list[WorkerLog]

    def counts(self) -> dict[str, int]:
        """Mini-batches by state."""
        out: dict[str, int] = {}
        for b in self.batches:
            out[b.state] = out.get(b.state, 0) + 1
        return out

    def rows(self) -> list[dict[str, Any]]:
        """One table row per mini-batch."""
        return [{"batch": b.index, "state": b.state, "items": b.items, "duration_s": b.duration_s,
                 "retries": b.retries, "error": b.error or "",
                 "partition": value_text(b.partition) if b.partition else "",
                 "worker": "" if b.worker is None else str(b.worker)} for b in self.batches]


def read_batches(store: Store, run: RunRecord, step: StepRecord) -> BatchesView:
    """The mini-batches of parallel step ``step`` of ``run`` and the tails of its workers' logs (blocking)."""
    folder = step_folder(store, run, step)
    progress = read_progress(folder / STATE_FILE)
    workers = []
    logs = folder / "logs" / "workers"
    try:
        files = sorted((p for p in logs.iterdir() if p.is_file()), key=lambda p: (len(p.name), p.name))
    except OSError:
        files = []
    for path in files:
        try:
            size = path.stat().st_size
        except OSError:
            continue
        workers.append(WorkerLog(path.stem.replace("_", " "), str(path), size,
                                 read_tail(path, lines=WORKER_LOG_LINES, max_bytes=WORKER_LOG_BYTES)))
    return BatchesView(step.step, sorted(progress.batches.values(), key=lambda b: b.index), progress.summary, workers)
