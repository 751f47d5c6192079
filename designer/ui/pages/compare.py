"""Compare 2 to 4 runs side by side (``/runs/compare?ids=a,b``): what changed first (step parameters,
pipeline inputs, code and environment), then the metrics with better/worse arrows, their charts
overlaid, and each step's state, duration and reuse.

:func:`~designer.ui.reads.compare.compare_runs` gathers everything from the store (blocking, pure of
NiceGUI) into a :class:`~designer.ui.reads.compare.Comparison`; :func:`compare_view` shows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from nicegui import ui

from designer.errors import DesignerError
from designer.ui import charts
from designer.ui.format import duration_text, full_time, number_text, source_text, time_text
from designer.ui.frame import frame
from designer.ui.reads.compare import Comparison, MetricRow, compare_runs, pipeline_defaults
from designer.ui.reads.run import MAX_COMPARE, run_duration
from designer.ui.widgets import BADGE_CSS, attrs, io, not_found, state_badge, unavailable

if TYPE_CHECKING:
    from designer.store import RunRecord
    from designer.ui.context import AppContext

__all__ = ["compare_runs", "compare_view", "pipeline_defaults", "register"]  # the reads stay importable from here

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
.cmp-changes { padding: 12px 16px; }
.cmp-change { font-size: 14px; padding: 3px 0; overflow-wrap: anywhere; }
.cmp-change .what { font-weight: 600; }
.cmp-kicker { font-size: 11.5px; font-weight: 600; color: #64748b; text-transform: uppercase; letter-spacing: .04em;
  margin-top: 6px; }
body.body--dark .cmp-kicker { color: #94a3b8; }
.cmp-arrow { font-weight: 700; margin-left: 6px; font-size: 12px; white-space: nowrap; }
.cmp-arrow.better { color: #16a34a; }
.cmp-arrow.worse { color: #dc2626; }
.cmp-arrow.same, .cmp-arrow.differs { color: #94a3b8; }
body.body--dark .cmp-arrow.better { color: #4ade80; }
body.body--dark .cmp-arrow.worse { color: #f87171; }
.cmp-dir { font-size: 11.5px; color: #64748b; font-weight: 400; }
body.body--dark .cmp-dir { color: #94a3b8; }
.cmp-runname { font-weight: 700; text-transform: none; letter-spacing: 0; font-size: 13px; color: inherit; }
"""


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
        data = await io(compare_runs, ctx.store, ids, ctx.workspace.state_dir / "snapshots")
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
                    if r.name:
                        attrs(ui.label(r.name).classes("cmp-runname"), data_testid="compare-run-name")
                    ui.link(r.id, f"/runs/{quote(r.id)}").classes("cmp-mono text-primary").style(
                        "text-transform: none; letter-spacing: 0")
            _run_row("State", data.runs, lambda r: state_badge(r.state))
            _run_row("Started", data.runs, lambda r: ui.label(time_text(r.started_at)).tooltip(full_time(r.started_at)))
            _run_row("Duration", data.runs, lambda r: ui.label(duration_text(run_duration(r))))
            _run_row("Steps reused", data.runs, lambda r: ui.label(f"{r.steps_reused} of {r.steps_total}"))
            _run_row("Started from", data.runs, lambda r: ui.label(source_text(r.source)))
            if any(r.note for r in data.runs):
                _run_row("Note", data.runs, lambda r: ui.label(r.note or "—").classes(
                    "designer-muted" if not r.note else "").style("white-space: pre-wrap"))

        _changes(data)
        _metrics(data)
        _parameters(data)
        _steps(data)


def _run_row(label: str, runs: Sequence[RunRecord], build: Any) -> None:
    _cell(label, "name")
    for r in runs:
        with attrs(ui.element("div"), data_run=r.id):
            build(r)


def _parameters(data: Comparison) -> None:
    n = len(data.runs)
    if not data.parameters:
        return  # a pipeline without inputs: nothing to line up ("What changed" said what differs)
    differing = [p for p in data.parameters if p.differs]
    with ui.column().classes("w-full gap-2"):
        with ui.row().classes("w-full items-center"):
            ui.label("Pipeline inputs").classes("text-h6")
            ui.label(f"{len(differing)} of {len(data.parameters)} differ").classes("designer-muted q-ml-sm")
            ui.space()
            show_all = ui.switch("Show all", value=not differing).props('dense data-testid="show-all-parameters"')
        with ui.card().classes("cmp-card w-full q-pa-none"):
            box = ui.column().classes("w-full gap-0")

    def render() -> None:
        box.clear()
        rows = data.parameters if show_all.value else differing
        with box:
            if not rows:
                ui.label("Every parameter is the same in these runs.").classes("designer-muted q-pa-md").props(
                    'data-testid="parameters-same"')
                return
            with _grid(n).props('data-testid="compare-parameters"'):
                _cell("Input", "head")
                for r in data.runs:
                    _cell(_label_of(r), "head cmp-mono")
                for p in rows:
                    _cell(p.name, "name", name=p.name)
                    for r, value in zip(data.runs, p.values, strict=True):
                        _cell(value or "—", "cmp-mono" + (" differs" if p.differs else ""), run=r.id, name=p.name)

    show_all.on_value_change(lambda _: render())
    render()


def _label_of(r: RunRecord) -> str:
    return r.name or r.id


def _changes(data: Comparison) -> None:
    """What differs between the runs, before any number: step parameters, inputs, code and environment."""
    n = len(data.runs)
    base = _label_of(data.runs[0])
    with ui.column().classes("w-full gap-2"):
        with ui.row().classes("w-full items-baseline gap-2"):
            ui.label("What changed").classes("text-h6")
            ui.label(f"from {base} to {_label_of(data.runs[1])}" if n == 2 else f"each run against {base}").classes(
                "designer-muted")
        with ui.card().classes("cmp-card cmp-changes w-full gap-0").props('data-testid="compare-changes"'):
            inputs = data.input_changes
            if data.step_changes:
                ui.label("Step parameters").classes("cmp-kicker")
                for d in data.step_changes:
                    attrs(ui.label(d.text).classes("cmp-change"), data_testid="change-param", data_step=d.step,
                          data_name=d.name)
            if inputs:
                ui.label("Pipeline inputs").classes("cmp-kicker")
                for p in inputs:
                    attrs(ui.label(f"Input · {p.name} " + " → ".join(v or '""' for v in p.values)).classes(
                        "cmp-change"), data_testid="change-input", data_name=p.name)
            if data.code_env:
                ui.label("Code and environment").classes("cmp-kicker")
                for c in data.code_env:
                    suffix = "" if n == 2 else f" (in {next(_label_of(r) for r in data.runs if r.id == c.run_id)})"
                    sentence = c.sentence.replace("`", "")  # the why sentences mark names for Markdown
                    attrs(ui.label(f"{c.title} · {sentence}{suffix}").classes("cmp-change"),
                          data_testid="change-code", data_step=c.step, data_kind=c.kind)
            recorded = len(data.not_recorded) < n
            if not data.step_changes and not inputs and not data.code_env:
                ui.label("The same parameters, code and environment in every step." if recorded else
                         "Nothing to compare: these runs did not record what their steps ran with.").classes(
                    "designer-muted").props('data-testid="nothing-changed"')
            if data.not_recorded:
                ui.label("Step parameters were not recorded for "
                         + ", ".join(data.not_recorded) + " (run before the designer kept them).").classes(
                    "designer-muted text-caption q-mt-xs").props('data-testid="changes-not-recorded"')


def _arrow(m: MetricRow, i: int) -> None:
    v = m.verdicts[i]
    if v is None:
        return
    value, base = m.values[i], m.values[0]
    assert value is not None and base is not None
    glyph = "▲" if value > base else ("▼" if value < base else "=")
    if v in ("better", "worse"):
        text, tip = f"{glyph} {v}", f"{v} than {number_text(base)} in the first run"
    elif v == "same":
        text, tip = "=", "the same as in the first run"
    else:
        text, tip = glyph, "no better or worse known for this metric"
    attrs(ui.label(text).classes(f"cmp-arrow {v}"), data_testid="metric-arrow", data_verdict=v).tooltip(tip)


def _metrics(data: Comparison) -> None:
    n = len(data.runs)
    with ui.column().classes("w-full gap-2"):
        ui.label("Metrics").classes("text-h6")
        if not data.metrics:
            ui.label("No metrics were logged in these runs.").classes("designer-muted")
            return
        with ui.card().classes("cmp-card w-full q-pa-none"), _grid(n).props('data-testid="compare-metrics"'):
            _cell("Step · metric", "head")
            for r in data.runs:
                _cell(_label_of(r), "head cmp-mono")
            for m in data.metrics:
                key = f"{m.step}.{m.name}"
                with attrs(ui.element("div").classes("name"), data_name=key), ui.row().classes("items-baseline gap-2"):
                    ui.label(f"{data.titles.get(m.step, m.step)} · {m.name}")
                    if m.direction:
                        ui.label("higher is better" if m.direction == "up" else "lower is better").classes(
                            "cmp-dir").props(f'data-testid="metric-direction" data-direction={m.direction}')
                for i, (r, value) in enumerate(zip(data.runs, m.values, strict=True)):
                    cell = attrs(ui.element("div").classes("cmp-mono" + (" differs" if m.differs else "")),
                                 data_run=r.id, data_name=key)
                    with cell, ui.row().classes("items-center gap-0 no-wrap"):
                        ui.label("—" if value is None else number_text(value))
                        if i:
                            _arrow(m, i)
        charted = [m for m in data.metrics if m.charted]
        if charted:
            with ui.row().classes("w-full gap-3"):
                for m in charted[:8]:
                    lines = [(_label_of(r), list(s.points)) for r, s in zip(data.runs, m.series, strict=True)
                             if s is not None]
                    with ui.card().classes("cmp-card q-pa-sm").style("width: calc(50% - 6px)"):
                        chart = charts.echart(charts.line_option(lines, x_name="step"),
                                              title=f"{data.titles.get(m.step, m.step)} · {m.name}", height="240px",
                                              testid="compare-chart")
                        chart.props["data-metric"] = f"{m.step}.{m.name}"


def _steps(data: Comparison) -> None:
    n = len(data.runs)
    with ui.column().classes("w-full gap-2"):
        ui.label("Steps").classes("text-h6")
        with ui.card().classes("cmp-card w-full q-pa-none"), _grid(n).props('data-testid="compare-steps"'):
            _cell("Step", "head")
            for r in data.runs:
                _cell(_label_of(r), "head cmp-mono")
            for row in data.steps:
                _cell(data.titles.get(row.step, row.step), "name", name=row.step)
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
