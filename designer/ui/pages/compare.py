"""Compare 2 to 4 runs side by side (``/runs/compare?ids=a,b``): the parameters that differ, the
metrics, and each step's state, duration and reuse.

:func:`compare_runs` gathers everything from the store (blocking, pure of NiceGUI) into a
:class:`Comparison`; :func:`compare_view` shows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from nicegui import ui

from designer.errors import DesignerError, SpecError
from designer.spec.yaml_io import read_yaml
from designer.ui.format import duration_text, full_time, number_text, source_text, time_text, value_text
from designer.ui.frame import frame
from designer.ui.reads.graph import step_live
from designer.ui.reads.metrics import MetricSeries, line_chart_options, metric_series
from designer.ui.reads.run import MAX_COMPARE, run_duration
from designer.ui.widgets import BADGE_CSS, attrs, io, not_found, state_badge, unavailable

if TYPE_CHECKING:
    from designer.store import RunRecord, StepRecord, Store
    from designer.ui.context import AppContext

CSS = """
.cmp-grid { display: grid; gap: 0; width: 100%; font-size: 13px; }
.cmp-grid > div { padding: 7px 10px; border-bottom: 1px solid rgba(100,116,139,.16); min-width: 0;
  overflow-wrap: anywhere; }
.cmp-grid > .head { font-weight: 600; font-size: 12px; color: #64748b; text-transform: uppercase;
  letter-spacing: .03em; }
.cmp-grid > .name { font-weight: 500; }
.cmp-grid > .differs { background: rgba(234,179,8,.12); font-weight: 600; }
.cmp-card { border-radius: 12px; border: 1px solid rgba(100,116,139,.22); box-shadow: none; }
body.body--dark .cmp-card { background: #111a2e; border-color: rgba(148,163,184,.18); }
.cmp-grid > .head.cmp-mono { text-transform: none; letter-spacing: 0; }
.cmp-mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
"""


@dataclass(frozen=True)
class ParameterRow:
    """One pipeline input across the runs; ``values`` as text, "" when a run has none."""

    name: str
    values: list[str]

    @property
    def differs(self) -> bool:
        return len(set(self.values)) > 1


@dataclass(frozen=True)
class MetricRow:
    """The last value of one step's metric in each run (None when a run did not log it)."""

    step: str
    name: str
    values: list[float | None]
    series: list[MetricSeries | None]

    @property
    def differs(self) -> bool:
        return len({v for v in self.values}) > 1

    @property
    def charted(self) -> bool:
        """True when some run logged this metric more than once (worth a line chart)."""
        return any(s is not None and len(s.points) > 1 for s in self.series)


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
    """Everything the compare page shows, in the order the runs were asked for."""

    runs: list[RunRecord]
    parameters: list[ParameterRow]
    metrics: list[MetricRow]
    steps: list[StepRow]
    missing: list[str] = field(default_factory=list)

    @property
    def pipelines(self) -> list[str]:
        return sorted({r.pipeline_name for r in self.runs})


def pipeline_defaults(pipeline_file: str) -> dict[str, Any]:
    """The pipeline's own input values (a literal, a data path), read safely; {} when unreadable."""
    try:  # the bounded reader: regular files only, size, depth and alias limits
        data = read_yaml(pipeline_file).data
    except SpecError:
        return {}
    inputs = data.get("inputs") if isinstance(data, dict) else None
    if not isinstance(inputs, dict):
        return {}
    out: dict[str, Any] = {}
    for name, value in inputs.items():
        if isinstance(value, dict):
            value = value.get("path", value.get("value", value.get("default")))
        out[str(name)] = value
    return out


def compare_runs(store: Store, ids: Sequence[str]) -> Comparison:
    """Read the runs ``ids`` and line up their parameters, metrics and steps (blocking).

    A parameter a run was not given takes the pipeline file's value, so that "same as the default"
    and "the default" compare equal. Unknown ids are listed in ``missing``.
    """
    runs: list[RunRecord] = []
    missing: list[str] = []
    for run_id in dict.fromkeys(ids):
        found = store.get_run(run_id)
        if found is None:
            missing.append(run_id)
        else:
            runs.append(found)
    defaults_by_file = {f: pipeline_defaults(f) for f in {r.pipeline_file for r in runs} if f}
    effective = [{**defaults_by_file.get(r.pipeline_file, {}), **r.parameters} for r in runs]
    names = list(dict.fromkeys(name for params in effective for name in params))
    parameters = [ParameterRow(name, [value_text(p.get(name)) for p in effective]) for name in names]

    per_run_series: list[dict[tuple[str, str], MetricSeries]] = []
    per_run_steps: list[dict[str, StepRecord]] = []
    order: list[str] = []
    for r in runs:
        per_run_series.append({(s.step, s.name): s for s in metric_series(store.metrics(r.id))})
        steps = store.steps(r.id)
        per_run_steps.append({s.step: s for s in steps})
        order.extend(s.step for s in steps)
    metric_keys = list(dict.fromkeys(key for series in per_run_series for key in series))
    step_rank = {name: i for i, name in enumerate(dict.fromkeys(order))}
    metric_keys.sort(key=lambda key: (step_rank.get(key[0], len(step_rank)), key[0]))
    metrics = []
    for step, name in metric_keys:
        logged = [series.get((step, name)) for series in per_run_series]
        metrics.append(MetricRow(step, name, [s.last if s is not None else None for s in logged], logged))
    step_rows = []
    for name in dict.fromkeys(order):
        cells: list[StepCell | None] = []
        for steps_of in per_run_steps:
            s = steps_of.get(name)
            cells.append(None if s is None else StepCell(s.state, step_live(s)["duration_s"], s.reused_from_run))
        step_rows.append(StepRow(name, cells))
    return Comparison(runs, parameters, metrics, step_rows, missing)


def _grid(columns: int) -> ui.element:
    return ui.element("div").classes("cmp-grid").style(
        f"grid-template-columns: minmax(180px, 1.1fr) repeat({columns}, minmax(0, 1fr))")


def _cell(text: str, classes: str = "", **data: str) -> ui.element:
    with ui.element("div").classes(classes) as cell:
        ui.label(text)
    for key, value in data.items():
        cell.props[f"data-{key}"] = value
    return cell


def register(ctx: AppContext) -> None:
    """Add ``/runs/compare?ids=a,b`` to the app (before ``/runs/<id>``, which would take it)."""

    @ui.page("/runs/compare", title="Compare runs · Pipeline Designer")
    async def compare_page(ids: str = "") -> None:
        frame("runs", title="Compare runs")
        await compare_view(ctx, [i for i in ids.split(",") if i.strip()][:MAX_COMPARE])


async def compare_view(ctx: AppContext, ids: list[str]) -> None:
    """Build the compare page for ``ids`` (the frame is already there)."""
    ui.add_css(BADGE_CSS)
    ui.add_css(CSS)
    if unavailable(ctx) or ctx.store is None:
        return
    if len(ids) < 2:
        not_found("Pick runs to compare", "Tick 2 to 4 runs in the runs list, then press Compare.")
        return
    try:
        data = await io(compare_runs, ctx.store, ids)
    except DesignerError as exc:
        not_found("These runs cannot be read", str(exc))
        return
    if len(data.runs) < 2:
        not_found("Not enough runs to compare",
                  f"These runs are not in the workspace (deleted?): {', '.join(data.missing)}")
        return
    n = len(data.runs)
    with ui.column().classes("w-full max-w-[1240px] mx-auto q-px-lg q-pt-md q-pb-xl gap-4").props(
            'data-testid="compare"'):
        with ui.row().classes("w-full items-center no-wrap gap-3"):
            ui.button(icon="arrow_back", on_click=lambda: ui.navigate.to("/runs")).props(
                "flat round dense").tooltip("All runs")
            with ui.column().classes("gap-0"):
                ui.label(f"Compare {n} runs").classes("text-h5 text-weight-bold")
                ui.label(" · ".join(data.pipelines)).classes("designer-muted")
        if len(data.pipelines) > 1:
            with ui.row().classes("items-center gap-2 text-warning"):
                ui.icon("warning")
                ui.label("These runs are of different pipelines; only what they share lines up.")
        if data.missing:
            ui.label(f"Not found (deleted?): {', '.join(data.missing)}").classes("designer-muted")

        with ui.card().classes("cmp-card w-full q-pa-none"), _grid(n).props('data-testid="compare-runs"'):
            _cell("Run", "head")
            for r in data.runs:
                with attrs(ui.element("div").classes("head"), data_run=r.id):
                    ui.link(r.id, f"/runs/{quote(r.id)}").classes("cmp-mono text-primary").style(
                        "text-transform: none; letter-spacing: 0")
            _run_row("State", data.runs, lambda r: state_badge(r.state))
            _run_row("Started", data.runs, lambda r: ui.label(time_text(r.started_at)).tooltip(full_time(r.started_at)))
            _run_row("Duration", data.runs, lambda r: ui.label(duration_text(run_duration(r))))
            _run_row("Steps reused", data.runs, lambda r: ui.label(f"{r.steps_reused} of {r.steps_total}"))
            _run_row("Started from", data.runs, lambda r: ui.label(source_text(r.source)))

        _parameters(data)
        await _metrics(data)
        _steps(data)


def _run_row(label: str, runs: Sequence[RunRecord], build: Any) -> None:
    _cell(label, "name")
    for r in runs:
        with attrs(ui.element("div"), data_run=r.id):
            build(r)


def _parameters(data: Comparison) -> None:
    n = len(data.runs)
    differing = [p for p in data.parameters if p.differs]
    with ui.column().classes("w-full gap-2"):
        with ui.row().classes("w-full items-center"):
            ui.label("Parameters").classes("text-h6")
            ui.label(f"{len(differing)} of {len(data.parameters)} differ").classes("designer-muted q-ml-sm")
            ui.space()
            show_all = ui.switch("Show all", value=not differing).props('dense data-testid="show-all-parameters"')
        with ui.card().classes("cmp-card w-full q-pa-none"):
            box = ui.column().classes("w-full gap-0")

    def render() -> None:
        box.clear()
        rows = data.parameters if show_all.value else differing
        with box:
            if not data.parameters:
                ui.label("The pipeline has no inputs.").classes("designer-muted q-pa-md")
                return
            if not rows:
                ui.label("Every parameter is the same in these runs.").classes("designer-muted q-pa-md").props(
                    'data-testid="parameters-same"')
                return
            with _grid(n).props('data-testid="compare-parameters"'):
                _cell("Input", "head")
                for r in data.runs:
                    _cell(r.id, "head cmp-mono")
                for p in rows:
                    _cell(p.name, "name", name=p.name)
                    for r, value in zip(data.runs, p.values, strict=True):
                        _cell(value or "—", "cmp-mono" + (" differs" if p.differs else ""), run=r.id, name=p.name)

    show_all.on_value_change(lambda _: render())
    render()


async def _metrics(data: Comparison) -> None:
    n = len(data.runs)
    with ui.column().classes("w-full gap-2"):
        ui.label("Metrics").classes("text-h6")
        if not data.metrics:
            ui.label("No metrics were logged in these runs.").classes("designer-muted")
            return
        with ui.card().classes("cmp-card w-full q-pa-none"), _grid(n).props('data-testid="compare-metrics"'):
            _cell("Step · metric", "head")
            for r in data.runs:
                _cell(r.id, "head cmp-mono")
            for m in data.metrics:
                _cell(f"{m.step} · {m.name}", "name", name=f"{m.step}.{m.name}")
                for r, value in zip(data.runs, m.values, strict=True):
                    _cell("—" if value is None else number_text(value), "cmp-mono" + (" differs" if m.differs else ""),
                          run=r.id, name=f"{m.step}.{m.name}")
        charted = [m for m in data.metrics if m.charted]
        if charted:
            with ui.row().classes("w-full gap-3"):
                for m in charted[:8]:
                    series = [MetricSeries(r.id, m.name, list(s.points)) for r, s in zip(data.runs, m.series, strict=True)
                              if s is not None]
                    with ui.card().classes("cmp-card q-pa-sm").style("width: calc(50% - 6px)"):
                        chart = ui.echart(line_chart_options(series, f"{m.step} · {m.name}")).classes(
                            "w-full").style("height: 240px")
                        chart.props.update({"data-testid": "compare-chart", "data-metric": f"{m.step}.{m.name}"})


def _steps(data: Comparison) -> None:
    n = len(data.runs)
    with ui.column().classes("w-full gap-2"):
        ui.label("Steps").classes("text-h6")
        with ui.card().classes("cmp-card w-full q-pa-none"), _grid(n).props('data-testid="compare-steps"'):
            _cell("Step", "head")
            for r in data.runs:
                _cell(r.id, "head cmp-mono")
            for row in data.steps:
                _cell(row.step, "name", name=row.step)
                states = {c.state for c in row.cells if c is not None}
                for r, c in zip(data.runs, row.cells, strict=True):
                    with ui.element("div").classes("differs" if len(states) > 1 else "") as cell:
                        cell.props["data-run"] = r.id
                        cell.props["data-step"] = row.step
                        if c is None:
                            ui.label("not in this run").classes("designer-muted")
                            continue
                        cell.props["data-status"] = c.state
                        with ui.row().classes("items-center gap-2 no-wrap"):
                            state_badge(c.state)
                            if c.state != "cached":
                                ui.label(duration_text(c.duration)).classes("designer-muted")
                        if c.reused_from:
                            target = f"/runs/{quote(c.reused_from)}?" + urlencode({"step": row.step})
                            with ui.row().classes("items-center gap-1 text-caption no-wrap"):
                                ui.label("from").classes("designer-muted")
                                ui.link(c.reused_from, target).classes("cmp-mono text-primary")
