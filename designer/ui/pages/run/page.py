"""One run (``/runs/<id>``): its graph, timeline, parameters, metrics, and every step's detail.

(Over 400 lines: its CSS and the one controller of the page's header and main tabs; the step panel,
log view, outputs and actions are modules of their own.)

The page reads the run store and the run's folder only, so it shows runs of any process: a
``ui.timer`` polls :meth:`Store.events_since` for the run off the event loop and, when something
happened, reloads the run's step rows and updates the canvas, the timeline and the open step (see
:mod:`designer.ui.pages.run.panel`). The graph is the pipeline file's own when it still matches the
run (:class:`~designer.ui.reads.graph.RunGraph`).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from nicegui import ui

from designer.engine.events import STEP_FINAL
from designer.errors import DesignerError
from designer.ui.canvas import PipelineCanvas
from designer.ui.format import duration_text, full_time, source_text, time_text
from designer.ui.frame import frame
from designer.ui.pages.run import actions
from designer.ui.pages.run.children import ChildTabs
from designer.ui.pages.run.label import RunLabel
from designer.ui.pages.run.outputs import metrics_block
from designer.ui.pages.run.panel import TABS, StepPanel
from designer.ui.pages.run.parameters import load_parameters, parameters_view
from designer.ui.reads.graph import RunGraph, folded
from designer.ui.reads.metrics import MetricSeries, metric_series
from designer.ui.reads.run import RunSnapshot, load_run, poll_run, run_duration, run_images, run_results
from designer.ui.reads.timeline import gantt_height, gantt_options
from designer.ui.states import state_look
from designer.ui.table_view import open_table_view
from designer.ui.widgets import BADGE_CSS, attrs, background, io, link, not_found, state_badge, unavailable

if TYPE_CHECKING:
    from designer.store import RunRecord, StepRecord, Store
    from designer.ui.context import AppContext
    from designer.ui.files import FileServer

POLL_S = 0.3

CSS = """
.run-page { height: calc(100vh - 48px); }
.run-main { min-height: 0; }
.run-card { border-radius: 12px; border: 1px solid rgba(100,116,139,.22); background: #fff; box-shadow: none; }
body.body--dark .run-card { background: #111a2e; border-color: rgba(148,163,184,.18); }
.run-canvas { height: 100%; width: 100%; }
.run-meta { font-size: 13px; gap: 6px 18px; }
.run-meta .q-icon { font-size: 16px; opacity: .7; margin-right: 3px; }
.run-banner { border-radius: 10px; background: rgba(220,38,38,.08); border: 1px solid rgba(220,38,38,.35); }
.run-banner .run-error-text { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  font-size: 12.5px; white-space: pre-wrap; word-break: break-word; max-height: 4.6em; overflow: hidden; }
.run-kv { display: grid; grid-template-columns: 112px 1fr; gap: 6px 12px; font-size: 13px; align-items: start; }
.run-kv > .k { color: #64748b; }
body.body--dark .run-kv > .k { color: #94a3b8; }
.run-kv > .v { word-break: break-word; min-width: 0; }
.run-code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px;
  white-space: pre-wrap; word-break: break-all; background: rgba(100,116,139,.09); border-radius: 8px;
  padding: 8px 10px; max-height: 220px; overflow: auto; }
.step-log { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px;
  line-height: 1.45; background: #0f172a; color: #e2e8f0; border-radius: 8px; padding: 8px 10px;
  height: 100%; min-height: 200px; outline: none; }
.step-log .q-scrollarea__content { white-space: pre-wrap; word-break: break-word; width: 100%; padding: 0; }
.step-log .log-match { background: rgba(250,204,21,.18); }
.step-log .log-err { color: #fca5a5; }
.run-steps { background: transparent; min-height: 0; flex: 1 1 0; }
.run-steps .q-table__middle { flex: 1 1 auto; overflow-y: auto; }
.run-steps td { border: none !important; height: 40px; }
.run-steps tr.is-failed td { background: rgba(220,38,38,.07); }
.run-steps tbody tr:hover td { background: rgba(100,116,139,.08); }
.run-panel-tabs .q-tab { min-height: 38px; padding: 0 10px; }
.run-panel-tabs .q-tab__label { font-size: 13px; text-transform: none; }
.run-main-tabs .q-tab { min-height: 42px; padding: 0 12px; }
.run-main-tabs .q-tab__label { font-size: 13.5px; text-transform: none; font-weight: 500; }
.run-main-tabs .q-tab__icon { font-size: 18px; }
.run-preview-table .q-table th, .run-preview-table .q-table td { font-size: 12px; padding: 3px 8px; height: 26px; }
.run-preview-table .q-table th { white-space: nowrap; }
.run-img { max-width: 100%; border-radius: 8px; border: 1px solid rgba(100,116,139,.2); background: #fff; }
.run-metric { border-radius: 10px; border: 1px solid rgba(100,116,139,.22); padding: 8px 12px; min-width: 130px; }
.run-metric .name { font-size: 12px; color: #64748b; }
.run-metric .value { font-size: 18px; font-weight: 600; font-variant-numeric: tabular-nums; }
"""




def register(ctx: AppContext, files: FileServer) -> None:
    """Add ``/runs/<id>`` to the app (outputs and logs link to ``files``)."""

    @ui.page("/runs/{run_id}", title="Run · Pipeline Designer")
    async def one_run_page(run_id: str, step: str | None = None, tab: str | None = None) -> None:
        frame("runs", title=f"Run {run_id}")
        await run_view(ctx, files, run_id, step=step, tab=tab)


async def run_view(ctx: AppContext, files: FileServer, run_id: str, *, step: str | None = None,
                   tab: str | None = None) -> None:
    """Build the page of run ``run_id`` (the frame is already there)."""
    ui.add_css(BADGE_CSS)
    if unavailable(ctx) or ctx.store is None:
        return
    try:
        snapshot = await io(load_run, ctx.store, run_id, ctx.workspace)
    except DesignerError as exc:
        not_found("This run cannot be read", str(exc))
        return
    if snapshot is None:
        not_found("No such run", f"There is no run '{run_id}' in this workspace; it may have been deleted.")
        return
    graph = await io(RunGraph.build, ctx.workspace, ctx.registry, ctx.store, snapshot.run, snapshot.steps)
    view = RunView(ctx, ctx.store, files, snapshot, graph)
    view.build(step, tab)


class RunView:
    """One browser tab's run page: builds it, follows the run; the step panel is a :class:`StepPanel`."""

    def __init__(self, ctx: AppContext, store: Store, files: FileServer, snapshot: RunSnapshot,
                 graph: RunGraph) -> None:
        self.ctx = ctx
        self.store = store
        self.files = files
        self.snap = snapshot
        self.graph = graph
        self.main_tab = "graph"
        self._busy = False
        self._gone = False

    @property
    def run(self) -> RunRecord:
        """The run as last read."""
        return self.snap.run

    def steps_by_name(self) -> dict[str, StepRecord]:
        """The run's steps by path, as last read."""
        return {s.step: s for s in self.snap.steps}

    # ------------------------------------------------------------------------------------ build

    def build(self, step: str | None, tab: str | None) -> None:
        """Build the page; open ``step`` on ``tab`` when given."""
        ui.add_css(CSS)
        ui.query(".nicegui-content").classes("p-0 gap-0")
        with ui.column().classes("run-page w-full no-wrap gap-2 q-px-md q-pt-sm q-pb-md"):
            self.header = ui.column().classes("w-full gap-1")
            RunLabel(self.store, self.run.id, self.run.name, self.run.note, self._labelled)
            self.banner = ui.column().classes("w-full")
            with ui.row().classes("run-main w-full grow no-wrap gap-3 items-stretch"):
                with ui.element("div").classes("run-card grow column no-wrap").style("min-width: 0"):
                    self._main_tabs()
                with ui.element("div").classes("run-card column no-wrap").style(
                        "width: 460px; min-width: 460px").props('data-testid="step-panel"'):
                    self.panel = StepPanel(self, self.store, self.files)
        self.render_header()
        self.render_banner()
        if step and step in self.steps_by_name():
            self.select(step, tab if tab in TABS else None)
        else:
            self.panel.render()
        self.timer = ui.timer(POLL_S, self.poll, active=self.run.state == "running")

    def _main_tabs(self) -> None:
        with ui.row().classes("w-full items-center no-wrap q-px-sm").style(
                "border-bottom: 1px solid rgba(100,116,139,.18)"):
            with ui.tabs(on_change=lambda e: self._main_tab_changed(e.value)).props(
                    "dense no-caps inline-label active-color=primary indicator-color=primary").classes(
                    "run-main-tabs") as tabs:
                for key, label, icon in (("graph", "Graph", "account_tree"), ("timeline", "Timeline", "view_timeline"),
                                         ("parameters", "Parameters", "tune"), ("metrics", "Metrics", "insights")):
                    attrs(ui.tab(key, label, icon=icon), data_testid=f"tab-{key}")
            tabs.value = "graph"
            ui.space()
            self.crumbs = ui.row().classes("items-center gap-1 no-wrap")
        with ui.tab_panels(tabs, value="graph").props("animated=false keep-alive").classes(
                "w-full grow").style("min-height: 0") as panels:
            with ui.tab_panel("graph").classes("h-full").style("padding: 0"):
                self.canvas = PipelineCanvas(self.graph.graph(), readonly=True, on_select=self._on_node_select,
                                             on_open=lambda e: self.open_node((e.args or {}).get("id")),
                                             on_node_action=self._on_node_action).classes("run-canvas")
            with ui.tab_panel("timeline").classes("q-pa-sm h-full overflow-auto") as timeline_panel:
                self.timeline_panel = timeline_panel
                self.gantt: ui.echart | None = None
            with ui.tab_panel("parameters").classes("q-pa-md h-full overflow-auto"):
                self.parameters_box = ui.column().classes("w-full gap-2")
            with ui.tab_panel("metrics").classes("q-pa-md h-full overflow-auto"):
                self.metrics_box = ui.column().classes("w-full gap-3")
        self.render_crumbs()
        background(self.render_parameters())
        # a sweep's Trials and a parallel step's Mini-batches tabs, added when the run has such steps
        self.children = ChildTabs(self, self.store, self.files, tabs, panels)

    def _main_tab_changed(self, value: str) -> None:
        self.main_tab = value
        if value == "timeline":
            self.render_timeline()
        elif value == "metrics":
            background(self.render_run_metrics())
        elif value in ("trials", "batches"):
            background(self.children.render(value))

    # ------------------------------------------------------------------------------------ header

    def render_header(self) -> None:
        r = self.run
        self.header.clear()
        with self.header, ui.row().classes("w-full items-center no-wrap gap-3"):
            ui.button(icon="arrow_back", on_click=lambda: ui.navigate.to("/runs")).props(
                'flat round dense data-testid="back-to-runs"').tooltip("All runs")
            with ui.column().classes("gap-0").style("min-width: 0"):
                with ui.row().classes("items-center gap-3 no-wrap"):
                    ui.label(r.name or r.pipeline_name or "(unnamed pipeline)").classes(
                        "text-h6 text-weight-bold ellipsis").props('data-testid="run-title"')
                    if r.name:
                        ui.label(r.pipeline_name).classes("designer-muted ellipsis")
                    state_badge(r.state, testid="run-status")
                with ui.row().classes("run-meta items-center designer-muted"):
                    with ui.row().classes("items-center gap-0 no-wrap"):
                        ui.icon("tag")
                        ui.label(r.id).classes("runs-mono").props('data-testid="run-id"')
                    with ui.row().classes("items-center gap-0 no-wrap").tooltip(full_time(r.started_at)):
                        ui.icon("schedule")
                        ui.label(time_text(r.started_at))
                    with ui.row().classes("items-center gap-0 no-wrap"):
                        ui.icon("timer")
                        self.duration_label = ui.label(duration_text(run_duration(r)))
                    with ui.row().classes("items-center gap-0 no-wrap"):
                        ui.icon("bolt")
                        ui.label(f"from {source_text(r.source)}")
                    with ui.row().classes("items-center gap-0 no-wrap"):
                        ui.icon("account_tree")
                        # a sweep's trials are steps in the store; here they count as their sweep
                        shown = folded(self.snap.steps)
                        total, reused = len(shown), sum(1 for s in shown if s.state == "cached")
                        finished = sum(1 for s in shown if s.state in STEP_FINAL)
                        done = f"{finished}/{total} steps" if r.state == "running" else \
                                f"{total} step{'s' if total != 1 else ''}"
                        attrs(ui.label(done + (f", {reused} reused" if reused else "")), data_testid="run-step-count")
                    trials = len(self.snap.steps) - len(shown)
                    if trials:
                        with ui.row().classes("items-center gap-0 no-wrap"):
                            ui.icon("science")
                            attrs(ui.label(f"{trials} trial{'s' if trials != 1 else ''}"), data_testid="run-trial-count")
                    if r.partial:
                        with ui.row().classes("items-center gap-0 no-wrap"):
                            ui.icon("filter_center_focus")
                            attrs(ui.label(f"partial run: {r.partial}"), data_testid="run-partial")
                    if r.resumed_text:
                        with ui.row().classes("items-center gap-0 no-wrap"):
                            ui.icon("restart_alt")
                            attrs(ui.label(r.resumed_text), data_testid="run-resumed")
                    if r.rerun_of:
                        with ui.row().classes("items-center gap-0 no-wrap"):
                            ui.icon("replay")
                            ui.label("re-run of\u00a0")
                            link(r.rerun_of, f"/runs/{quote(r.rerun_of)}", testid="rerun-of")
                    rel = self.pipeline_rel()
                    if rel:
                        with ui.row().classes("items-center gap-0 no-wrap"):
                            ui.icon("description")
                            ui.label(rel).classes("runs-mono")
            ui.space()
            self._actions()

    def _labelled(self, name: str | None, note: str | None) -> None:
        self.snap.run = dataclasses.replace(self.snap.run, name=name, note=note)
        self.render_header()

    def pipeline_rel(self) -> str | None:
        """The pipeline file relative to the workspace, or None when it is outside or unknown."""
        return self.snap.pipeline_rel

    def _actions(self) -> None:
        r = self.run
        running = r.state == "running"
        with ui.row().classes("items-center gap-2 no-wrap"):
            if running:
                ui.button("Cancel", icon="stop_circle", on_click=self.cancel).props(
                    'outline no-caps color=negative data-testid="cancel-run"').set_enabled(not r.cancel_requested)
            rerun = ui.button("Re-run", icon="replay", on_click=self.rerun).props(
                'unelevated no-caps data-testid="rerun-button"')
            problem = self.rerun_problem()
            if problem:
                rerun.set_enabled(False)
                with rerun:
                    ui.tooltip(problem)
            else:
                with rerun:
                    ui.tooltip("Run the pipeline file again with this run's parameters; unchanged steps are reused")
            edit_button = ui.button("Open in designer", icon="edit", on_click=self.open_in_designer).props(
                'outline no-caps data-testid="open-in-designer"')
            if self.pipeline_rel() is None or not self.snap.pipeline_exists:
                edit_button.set_enabled(False)
            with ui.button(icon="more_vert").props('flat round dense data-testid="run-menu"'), ui.menu():
                item = ui.menu_item("Delete run…", on_click=self.confirm_delete).props('data-testid="delete-run"')
                if running:
                    item.props("disable")

    def rerun_problem(self) -> str | None:
        """Why this run cannot be re-run from here, or None."""
        if self.ctx.runner is None:
            return f"Running is off: {self.ctx.runner_problem or 'no runner'}"
        if not self.snap.pipeline_exists:
            return "The pipeline file of this run is gone"
        return None

    def render_banner(self) -> None:
        self.banner.clear()
        r = self.run
        failed = [s for s in self.snap.steps if s.state == "failed"]
        if r.state not in ("failed", "interrupted") and not failed:
            return
        with self.banner, ui.row().classes("run-banner w-full items-center no-wrap q-px-md q-py-sm gap-3").props(
                'data-testid="run-error"'):
            ui.icon("error", size="24px").classes("text-negative")
            with ui.column().classes("gap-0 grow").style("min-width: 0"):
                if failed:
                    names = ", ".join(s.step for s in failed[:3]) + (" …" if len(failed) > 3 else "")
                    ui.label(f"Step {names} failed" if len(failed) == 1 else f"Steps {names} failed").classes(
                        "text-weight-bold")
                else:
                    ui.label(f"The run was {state_look(r.state).label.lower()}").classes("text-weight-bold")
                detail = ""
                if failed:
                    first = failed[0]
                    detail = " · ".join(t for t in (first.message, self.snap.errors.get(first.step)) if t)
                detail = detail or (r.error or "").strip()
                if detail:
                    ui.label(detail).classes("run-error-text").props('data-testid="run-error-text"')
            if failed:
                ui.button("Show log", icon="subject", on_click=lambda: self.select(failed[0].step, "log")).props(
                    'unelevated no-caps color=negative data-testid="show-failed-log"')

    def render_crumbs(self) -> None:
        self.crumbs.clear()
        view = self.graph.view
        if not view:
            return
        with self.crumbs:
            ui.button(self.run.pipeline_name or "pipeline", on_click=lambda: self.go_to(0)).props(
                "flat dense no-caps size=sm")
            for i, name in enumerate(view):
                ui.icon("chevron_right").classes("designer-muted")
                button = ui.button(name, on_click=lambda level=i + 1: self.go_to(level)).props(
                    "flat dense no-caps size=sm")
                if i == len(view) - 1:
                    button.props("disable")

    def go_to(self, level: int) -> None:
        self.graph.go_to(level)
        self.canvas.set_graph(self.graph.graph())
        self.render_crumbs()
        self.canvas.fit()

    # ------------------------------------------------------------------------------------ parameters

    async def render_parameters(self) -> None:
        """Fill the Parameters tab from the run's record (:mod:`designer.ui.pages.run.parameters`)."""
        params = await load_parameters(self.store, self.run.id)
        defaults: dict[str, Any] | None = None
        session = self.graph.session
        if (params is None or not params.recorded) and session is not None:
            from designer.spec.edit import describe_value

            defaults = {name: describe_value(session.document.input_value(name))
                        if hasattr(session.document, "input_value") else describe_value(value)
                        for name, value in session.document.inputs.items()}
        self.parameters_box.clear()
        with self.parameters_box:
            parameters_view(self.run, params, defaults)

    # ------------------------------------------------------------------------------------ timeline

    def render_timeline(self) -> None:
        options = gantt_options(self.run, self.snap.steps)
        height = gantt_height(len(self.snap.steps))
        if self.gantt is None:
            with self.timeline_panel:
                if not self.snap.steps:
                    ui.label("This run has no steps.").classes("designer-muted q-pa-md")
                    return
                self.gantt = ui.echart(options, on_point_click=self._on_bar_click).classes("w-full").style(
                    f"height: {height}px; flex-shrink: 0").props('data-testid="run-timeline"')
        else:
            self.gantt.options.clear()
            self.gantt.options.update(options)
            self.gantt.style(f"height: {height}px; flex-shrink: 0")
            self.gantt.update()

    def _on_bar_click(self, e: Any) -> None:
        data = e.data if isinstance(e.data, dict) else {}
        step = data.get("step") or e.name
        if step in self.steps_by_name():
            self.select(step)

    # ------------------------------------------------------------------------------------ metrics

    async def render_run_metrics(self) -> None:
        box = self.metrics_box
        run_id = self.run.id
        try:
            metrics = await io(self.store.metrics, run_id)
            images = await io(run_images, self.run, self.snap.steps)
            results = await io(run_results, self.snap.steps)
        except DesignerError as exc:
            box.clear()
            with box:
                ui.label(f"The metrics cannot be read: {exc}").classes("text-negative")
            return
        box.clear()
        with box:
            series = metric_series(metrics)
            if not series and not images and not results:
                with ui.column().classes("w-full items-center q-pa-lg gap-1"):
                    ui.icon("insights", size="36px").classes("designer-muted")
                    ui.label("No metrics or images were logged in this run").classes("text-subtitle1")
                    ui.label("Steps log metrics by writing JSON lines to $DESIGNER_METRICS or with mlflow.")\
                        .classes("designer-muted")
                return
            by_step: dict[str, list[MetricSeries]] = defaultdict(list)
            for s in series:
                by_step[s.step].append(s)
            for step in [s.step for s in self.snap.steps if s.step in by_step or s.step in images or s.step in results]:
                with ui.column().classes("w-full gap-2"):
                    with ui.row().classes("items-center gap-2"):
                        ui.label(step).classes("text-subtitle1 text-weight-bold")
                        ui.button("Open step", on_click=lambda s=step: self.select(s, "metrics")).props(
                            "flat dense no-caps size=sm")
                    metrics_block(by_step.get(step, []), images.get(step, []), self.files, results=results.get(step))
                ui.separator()

    # ------------------------------------------------------------------------------------ choosing a step

    def select(self, step: str | None, tab: str | None = None) -> None:
        """Show ``step`` in the panel (None: the list of steps), on ``tab`` (default: the log of a
        failed step, else its details)."""
        steps = self.steps_by_name()
        if step is not None and step not in steps:
            return
        panel = self.panel
        if step is not None and tab is None:
            tab = "log" if steps[step].state == "failed" else ("details" if step != panel.selected else panel.tab)
        panel.selected = step
        panel.tab = tab or "details"
        self.canvas.set_selected(self.graph.node_of(step) if step else None)
        self.remember()
        panel.render()

    def remember(self) -> None:
        """Keep the chosen step and tab in the address, so a reload shows the same."""
        panel = self.panel
        params = {"step": panel.selected, "tab": panel.tab if panel.selected and panel.tab != "details" else None}
        query = urlencode({k: v for k, v in params.items() if v})
        ui.navigate.history.replace(f"/runs/{quote(self.run.id)}" + (f"?{query}" if query else ""))

    def _on_node_select(self, e: Any) -> None:
        node = (e.args or {}).get("id")
        if not node:
            return
        steps = self.graph.steps_of(node)
        path = self.graph.prefix() + node
        if path in steps:  # a step of its own (a sweep's card also stands for its trials)
            if path != self.panel.selected:
                self.select(path)
        elif steps:
            self.panel.pipeline_step(node, steps)

    async def _on_node_action(self, e: Any) -> None:
        """An output's name on a finished card: its table view (the designer does the same)."""
        args = e.args or {}
        node, port = str(args.get("job") or ""), str(args.get("port") or "")
        step = self.steps_by_name().get(self.graph.prefix() + node)
        port = port or next(iter((step.outputs or {}) if step is not None else {}), "")  # the menu's "Preview output"
        if args.get("action") != "preview" or step is None or not port:
            return
        path = (step.outputs or {}).get(port)
        if path is None:
            ui.notify(f"{node} did not write {port} in this run.", type="info")
            return
        await open_table_view(path, f"{node} · {port}")

    def open_node(self, node: str | None) -> None:
        """Show the inside of pipeline step ``node`` on the graph."""
        if node and self.graph.open(node):
            self.canvas.set_graph(self.graph.graph())
            self.render_crumbs()
            self.canvas.fit()

    # ------------------------------------------------------------------------------------ live + actions

    async def poll(self) -> None:
        """One tick of following the run: re-read it when the store logged events for it."""
        if self._busy or self._gone:
            return
        self._busy = True
        try:
            _, snapshot, gone = await io(poll_run, self.store, self.run.id, self.snap.seq, self.ctx.workspace)
            if gone:
                self._gone = True
                self.timer.deactivate()
                ui.notify("This run was deleted.", type="warning")
                return
            if snapshot is None:
                self.duration_label.text = duration_text(run_duration(self.run))
                return
            self.apply(snapshot)
        except DesignerError:
            return  # the database was busy; the next tick tries again
        finally:
            self._busy = False

    def apply(self, snapshot: RunSnapshot) -> None:
        """Show a newer state of the run: canvas, header, banner, timeline, the open step."""
        before = self.steps_by_name()
        self.snap = snapshot
        self.graph.update(snapshot.steps)
        self.canvas.set_statuses(self.graph.statuses())
        now_steps = self.steps_by_name()
        self.render_header()
        self.render_banner()
        if self.main_tab == "timeline":
            self.render_timeline()
        self.children.update(snapshot)
        if snapshot.run.state != "running":
            self.timer.deactivate()
        panel = self.panel
        if panel.selected is None:
            if any(before.get(k) != v for k, v in now_steps.items()):
                panel.fill_steps_list()
            return
        old = before.get(panel.selected)
        new = now_steps.get(panel.selected)
        if new is not None and old is not None and old.state != new.state:
            panel.show_state(new.state)
            if panel.following_log():
                return  # the tail reads the end of the log itself
            background(panel.fill(new))

    async def cancel(self) -> None:
        """Cancel the run: directly when this process runs it, else through the store's flag."""
        if await actions.cancel(self.ctx, self.run.id):
            self.timer.activate()

    async def rerun(self) -> None:
        """Start the pipeline file again with this run's parameters and open the new run."""
        problem = self.rerun_problem()
        if problem:
            ui.notify(problem, type="warning")
            return
        await actions.rerun(self.ctx, self.run)

    async def open_in_designer(self) -> None:
        """Open the pipeline in the designer with this run's parameters as unsaved changes."""
        rel = self.pipeline_rel()
        if rel is not None:
            await actions.open_in_designer(self.ctx, self.run, rel)

    async def confirm_delete(self) -> None:
        """Ask, then delete the run and the files no other run uses."""
        self._gone = await actions.confirm_delete(self.ctx, self.run) or self._gone
