"""What the compare page shows, read from the store without NiceGUI: what changed first, then metrics and steps.

:func:`compare_runs` lines up 2 to 4 runs against the first one (the baseline):

- **step parameters** that differ (from each step's effective-parameter record,
  :mod:`designer.engine.parameters`): "Split Data · fraction 0.7 → 0.8";
- **pipeline inputs** side by side (a run's record, or for an old run its given values over the
  pipeline file's defaults);
- **code and environment** differences of each step, worked out by the same rule that explains a
  re-run (:func:`designer.engine.why.changes` over the steps' recorded ingredients): code files,
  packages, environment variables, the component's command, the timeout, external data;
- **metrics** side by side, each with its direction (:func:`metric_direction`) and, for every run
  after the first, whether it is better or worse than the baseline;
- each step's state, duration and reuse.

Every function here blocks: call it through ``designer.ui.widgets.io``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from designer.engine import why
from designer.engine.parameters import Setting, setting_changes
from designer.errors import SpecError
from designer.spec.yaml_io import read_yaml
from designer.ui.format import value_text
from designer.ui.reads.graph import step_live
from designer.ui.reads.metrics import MetricSeries, metric_series

if TYPE_CHECKING:
    from designer.store import RunParameters, RunRecord, StepRecord, Store

Direction = Literal["up", "down"]
Verdict = Literal["better", "worse", "same", "differs"]

# Read from a metric's name when no sweep objective says: the words of the name (split at _ - . /).
_UP = frozenset({"accuracy", "acc", "auc", "roc_auc", "f1", "r2", "precision", "recall", "r_squared", "iou",
                 "dice", "map", "ndcg", "bleu", "rouge", "kappa", "mcc", "specificity", "sensitivity"})
_DOWN = frozenset({"loss", "error", "rmse", "mae", "mse", "mape", "logloss", "err", "perplexity", "wer", "cer",
                   "brier", "rmsle", "msle", "nll"})
# Change kinds listed under "code and environment" (parameters have their own list; an upstream
# change is a consequence of another step's change, not a change of this step).
CODE_ENV_KINDS = frozenset({"code", "environment", "env_var", "component", "timeout", "data"})


def metric_direction(name: str, objectives: dict[str, Direction] | None = None) -> Direction | None:
    """Whether a higher (``up``) or lower (``down``) value of metric ``name`` is better, or None when unknown.

    A sweep's objective names it (``objectives``: metric -> direction); else the metric's name does:
    accuracy, auc, f1, r2, precision, recall ... up; loss, error, rmse, mae ... down.
    """
    if objectives and name in objectives:
        return objectives[name]
    low = name.lower()
    words = [w for w in re.split(r"[^a-z0-9]+", low) if w]
    joined = {"_".join(words[i:i + 2]) for i in range(len(words))} | set(words)
    if joined & _DOWN:
        return "down"
    if joined & _UP:
        return "up"
    return None


def verdict(base: float | None, value: float | None, direction: Direction | None) -> Verdict | None:
    """How ``value`` compares with the baseline ``base``: better/worse by ``direction``, else same/differs."""
    if base is None or value is None:
        return None
    if value == base:
        return "same"
    if direction is None:
        return "differs"
    higher = value > base
    return "better" if higher == (direction == "up") else "worse"


# ------------------------------------------------------------------------------------------ rows


@dataclass(frozen=True)
class ParameterRow:
    """One pipeline input across the runs; ``values`` as text, "" when a run has none."""

    name: str
    values: list[str]

    @property
    def differs(self) -> bool:
        return len(set(self.values)) > 1


@dataclass(frozen=True)
class StepParameterDiff:
    """A step parameter whose value is not the same in every run; ``values`` as text, None where a run lacks it."""

    step: str
    title: str
    name: str
    values: list[str | None]

    @property
    def text(self) -> str:
        """``Split Data · fraction 0.7 → 0.8`` (``—`` where a run has no such parameter or step)."""
        return f"{self.title} · {self.name} " + " → ".join("—" if v is None else (v or '""') for v in self.values)


@dataclass(frozen=True)
class CodeEnvChange:
    """A code or environment difference of one step between the baseline and run ``run_id``."""

    step: str
    title: str
    run_id: str
    kind: str
    sentence: str


@dataclass(frozen=True)
class MetricRow:
    """The last value of one step's metric in each run (None when a run did not log it)."""

    step: str
    name: str
    values: list[float | None]
    series: list[MetricSeries | None]
    direction: Direction | None = None

    @property
    def differs(self) -> bool:
        return len(set(self.values)) > 1

    @property
    def charted(self) -> bool:
        """True when some run logged this metric more than once (worth a line chart)."""
        return any(s is not None and len(s.points) > 1 for s in self.series)

    @property
    def verdicts(self) -> list[Verdict | None]:
        """Each run against the first one (None for the first run and where a value is missing)."""
        base = self.values[0]
        return [None] + [verdict(base, v, self.direction) for v in self.values[1:]]


@dataclass(frozen=True)
class StepCell:
    """One step in one run."""

    state: str
    duration: float | None
    reused_from: str | None


@dataclass(frozen=True)
class StepRow:
    """One step across the runs; a cell is None when the run had no such step."""

    step: str
    cells: list[StepCell | None]


@dataclass
class Comparison:
    """Everything the compare page shows, in the order the runs were asked for (the first is the baseline)."""

    runs: list[RunRecord]
    parameters: list[ParameterRow]
    metrics: list[MetricRow]
    steps: list[StepRow]
    missing: list[str] = field(default_factory=list)
    step_changes: list[StepParameterDiff] = field(default_factory=list)
    code_env: list[CodeEnvChange] = field(default_factory=list)
    not_recorded: list[str] = field(default_factory=list)  # runs whose step parameters were not recorded
    titles: dict[str, str] = field(default_factory=dict)

    @property
    def pipelines(self) -> list[str]:
        return sorted({r.pipeline_name for r in self.runs})

    @property
    def input_changes(self) -> list[ParameterRow]:
        """The pipeline inputs that differ."""
        return [p for p in self.parameters if p.differs]


# ------------------------------------------------------------------------------------------ reading


def _pipeline_data(pipeline_file: str) -> dict[str, Any]:
    try:  # the bounded reader: regular files only, size, depth and alias limits
        data = read_yaml(pipeline_file).data
    except SpecError:
        return {}
    return data if isinstance(data, dict) else {}


def pipeline_defaults(pipeline_file: str) -> dict[str, Any]:
    """The pipeline's own input values (a literal, a data path), read safely; {} when unreadable."""
    inputs = _pipeline_data(pipeline_file).get("inputs")
    if not isinstance(inputs, dict):
        return {}
    out: dict[str, Any] = {}
    for name, value in inputs.items():
        if isinstance(value, dict):
            value = value.get("path", value.get("value", value.get("default")))
        out[str(name)] = value
    return out


def pipeline_objectives(pipeline_file: str) -> dict[str, Direction]:
    """Metric -> direction from the sweep steps' ``objective`` (``primary_metric``, ``goal``) of a pipeline file."""
    jobs = _pipeline_data(pipeline_file).get("jobs")
    out: dict[str, Direction] = {}
    if not isinstance(jobs, dict):
        return out
    for job in jobs.values():
        objective = job.get("objective") if isinstance(job, dict) else None
        if isinstance(objective, dict) and isinstance(objective.get("primary_metric"), str):
            goal = str(objective.get("goal", "")).lower()
            if goal in ("maximize", "minimize"):
                out[objective["primary_metric"]] = "up" if goal == "maximize" else "down"
    return out


def _input_rows(runs: Sequence[RunRecord]) -> list[ParameterRow]:
    """The pipeline inputs of each run: its record when kept, else its given values over the file's defaults."""
    defaults_by_file = {f: pipeline_defaults(f) for f in {r.pipeline_file for r in runs if r.inputs is None} if f}
    effective: list[dict[str, Any]] = []
    for r in runs:
        settings = r.input_settings
        if settings is not None:
            effective.append({name: s.value for name, s in settings.items()})
        else:
            effective.append({**defaults_by_file.get(r.pipeline_file, {}), **r.parameters})
    names = list(dict.fromkeys(name for params in effective for name in params))
    return [ParameterRow(name, [value_text(p.get(name)) for p in effective]) for name in names]


def _step_diffs(params: Sequence[RunParameters], order: Sequence[str],
                titles: dict[str, str]) -> list[StepParameterDiff]:
    recorded = [p for p in params if p.recorded]
    if len(recorded) < 2:
        return []
    out: list[StepParameterDiff] = []
    for step in order:
        maps = [p.steps.get(step) for p in params]
        known = [m for m in maps if m is not None]
        if len(known) < 2:
            continue
        names: dict[str, None] = {}
        base = known[0]
        for other in known[1:]:
            names.update((c.name, None) for c in setting_changes(base, other, step))
        for i, a in enumerate(known):  # differences among the later runs too (3 or 4 runs)
            for b in known[i + 1:]:
                names.update((c.name, None) for c in setting_changes(a, b, step))
        for name in names:
            values: list[str | None] = []
            for m in maps:
                s: Setting | None = None if m is None else m.get(name)
                values.append(None if s is None else value_text(s.value))
            out.append(StepParameterDiff(step, titles.get(step, step), name, values))
    return out


def _code_env(runs: Sequence[RunRecord], steps: Sequence[dict[str, StepRecord]], order: Sequence[str],
              titles: dict[str, str], snapshots: Path | None) -> list[CodeEnvChange]:
    out: list[CodeEnvChange] = []
    base_steps = steps[0]
    for r, run_steps in zip(runs[1:], steps[1:], strict=True):
        for step in order:
            a, b = base_steps.get(step), run_steps.get(step)
            if a is None or b is None or not a.ingredients or not b.ingredients:
                continue
            old_root = new_files = None
            if snapshots is not None:
                old_hash, new_hash = a.ingredients.get("code_hash"), b.ingredients.get("code_hash")
                if old_hash and new_hash:
                    old_root = snapshots / str(old_hash)
                    new_files = {rel: snapshots / str(new_hash) / rel for rel in (b.ingredients.get("code") or {})}
            for c in why.changes(a.ingredients, b.ingredients, old_code_root=old_root, new_code_files=new_files):
                if c.get("kind") in CODE_ENV_KINDS:
                    out.append(CodeEnvChange(step, titles.get(step, step), r.id, str(c["kind"]), why.phrase(c)))
    return out


def step_titles(steps: Sequence[StepRecord]) -> dict[str, str]:
    """What to call each step: its recorded title, with the step name added where two share one."""
    titles = {s.step: s.title or s.step for s in steps}
    counts: dict[str, int] = {}
    for title in titles.values():
        counts[title] = counts.get(title, 0) + 1
    return {step: (f"{title} ({step})" if counts[title] > 1 and title != step else title)
            for step, title in titles.items()}


def compare_runs(store: Store, ids: Sequence[str], snapshots: Path | None = None) -> Comparison:
    """Read the runs ``ids`` and line them up against the first (blocking); see the module docstring.

    ``snapshots`` is the workspace's code snapshot folder, for "+3 -1 lines" on a changed code file.
    A pipeline input a run was not given takes the pipeline file's value, so that "same as the
    default" and "the default" compare equal. Unknown ids are listed in ``missing``.
    """
    runs: list[RunRecord] = []
    missing: list[str] = []
    for run_id in dict.fromkeys(ids):
        found = store.get_run(run_id)
        if found is None:
            missing.append(run_id)
        else:
            runs.append(found)
    objectives: dict[str, Direction] = {}
    for f in {r.pipeline_file for r in runs if r.pipeline_file}:
        objectives.update(pipeline_objectives(f))

    per_run_series: list[dict[tuple[str, str], MetricSeries]] = []
    per_run_steps: list[dict[str, StepRecord]] = []
    all_steps: list[StepRecord] = []
    params: list[RunParameters] = []
    for r in runs:
        per_run_series.append({(s.step, s.name): s for s in metric_series(store.metrics(r.id))})
        steps = store.steps(r.id)
        per_run_steps.append({s.step: s for s in steps})
        all_steps.extend(steps)
        params.append(store.run_parameters(r.id))
    order = list(dict.fromkeys(s.step for s in all_steps))
    newest = {s.step: s for s in all_steps if s.title}
    titles = step_titles([newest.get(name) or next(s for s in all_steps if s.step == name) for name in order])

    metric_keys = list(dict.fromkeys(key for series in per_run_series for key in series))
    step_rank = {name: i for i, name in enumerate(order)}
    metric_keys.sort(key=lambda key: (step_rank.get(key[0], len(step_rank)), key[0]))
    metrics = []
    for step, name in metric_keys:
        logged = [series.get((step, name)) for series in per_run_series]
        metrics.append(MetricRow(step, name, [s.last if s is not None else None for s in logged], logged,
                                 metric_direction(name, objectives)))
    step_rows = []
    for name in order:
        cells: list[StepCell | None] = []
        for steps_of in per_run_steps:
            s = steps_of.get(name)
            cells.append(None if s is None else StepCell(s.state, step_live(s)["duration_s"], s.reused_from_run))
        step_rows.append(StepRow(name, cells))
    return Comparison(
        runs, _input_rows(runs), metrics, step_rows, missing,
        step_changes=_step_diffs(params, order, titles),
        code_env=_code_env(runs, per_run_steps, order, titles, snapshots) if runs else [],
        not_recorded=[r.id for r, p in zip(runs, params, strict=True) if not p.recorded],
        titles=titles,
    )
