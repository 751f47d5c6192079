"""The designer page (``/designer``): toolbar, canvas with its palette, and the side panel.

(Over 400 lines: one controller class whose methods are the canvas' intents, the toolbar's buttons
and the run it follows; they share the session and the canvas, so splitting it would scatter them.)

Python owns the pipeline: the canvas sends intents (add, connect, move, delete, ...), the page
turns each into an edit of the :class:`~designer.ui.session.EditorSession` and answers with the
new graph, or with a notification saying why the edit was refused. Runs started here report to
the app's :class:`~designer.ui.live.RunHub`; each step's new state is pushed to the canvas as it
happens.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from nicegui import background_tasks, run, ui
from nicegui.events import GenericEventArguments

from designer.engine.events import Event, RunFinished, RunStarted, StepProgress, StepStateChanged
from designer.errors import DesignerError, Problem, SpecError
from designer.spec import edit
from designer.ui.canvas import PipelineCanvas
from designer.ui.context import AppContext
from designer.ui.files import FileRefused, read_head
from designer.ui.format import sentence
from designer.ui.frame import frame
from designer.ui.live import RunView
from designer.ui.pages.designer import panel
from designer.ui.pages.designer.editing import Editing
from designer.ui.pages.designer.failures import Failures, latest_run
from designer.ui.pages.designer.forms import show_problems
from designer.ui.pages.designer.preview import preview_output
from designer.ui.pages.designer.problems import job_of, problem_row, validate_text
from designer.ui.pages.designer.whys import NextRun, explain_text, markers
from designer.ui.session import EditorSession, Live, OpenFailure, palette
from designer.ui.states import state_look
from designer.ui.widgets import attrs, empty_state

log = logging.getLogger(__name__)
SOURCE_SHOWN_BYTES = 200_000  # of a file that cannot be opened, this much is shown under its problems


PAGE_JS = """
window.designerDirty = false;
window.addEventListener('beforeunload', (e) => { if (window.designerDirty) { e.preventDefault(); e.returnValue = ''; } });
document.addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 's') {
    e.preventDefault();
    document.querySelector('[data-testid=save-button]')?.click();
  }
});
"""

PROGRESS_S = 0.4  # the toolbar's run progress is redrawn at most this often
EXPLAIN_S = 0.5  # the "will re-run" markers are worked out this long after the last edit

CSS = """
.designer-toolbar { border-bottom: 1px solid #e2e8f0; background: #fff; }
body.body--dark .designer-toolbar { border-color: #1e293b; background: #0f172a; }
.designer-side { border-left: 1px solid #e2e8f0; background: #fff; }
body.body--dark .designer-side { border-color: #1e293b; background: #0f172a; }
.designer-toolbar .q-btn { text-transform: none; }
.designer-sep { width: 1px; height: 24px; background: #e2e8f0; }
body.body--dark .designer-sep { background: #334155; }
.designer-crumb { cursor: pointer; }
.designer-crumb:hover { text-decoration: underline; }
.step-log pre { font-size: 12px; line-height: 1.45; white-space: pre-wrap; word-break: break-word; margin: 0; }
.designer-panel .q-field__bottom { padding-top: 2px; }
.designer-side .q-scrollarea__content { width: 100%; max-width: 100%; }
.designer-side .q-tab-panels, .designer-side .q-tab-panel { background: transparent; }
"""


def register(ctx: AppContext) -> None:
    """Add the designer page (``/designer``) to the app."""

    # Reading a 1,000-step pipeline takes seconds on a busy machine; NiceGUI's default of 3 s would
    # answer with an error page instead.
    @ui.page("/designer", response_timeout=30)
    async def designer(file: str | None = None, draft: str | None = None) -> None:
        """``/designer?file=<path in the workspace>`` opens a pipeline; ``/designer`` starts a new one."""
        frame("designer", title="Designer")
        ui.add_css(CSS)
        ui.add_body_html(f"<script>{PAGE_JS}</script>")
        ui.query(".nicegui-content").classes("p-0 gap-0")
        page = DesignerPage(ctx)
        await page.build(file, draft)


class DesignerPage:
    """One browser tab's designer: the session, the canvas and the controls around it."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.session: EditorSession
        self.canvas: PipelineCanvas
        self.selected: str | None = None
        self.selection: list[str] = []  # the cards selected together on the canvas (box, Ctrl-click, Ctrl+A)
        self.run: RunView | None = None
        self.buttons: dict[str, ui.button] = {}
        self._draft_task: asyncio.Task[None] | None = None
        self._validate_task: asyncio.Task[None] | None = None
        self._dirty_shown: bool | None = None
        self._run_look: tuple[str, str, str, str] | None = None
        self._crumbs_shown: tuple[Any, ...] | None = None
        self._run_tip: ui.tooltip | None = None
        self._resolved: tuple[Path | None, str] = (None, "")
        self._progress_pending = False
        self._whys: dict[str, str] = {}  # step path -> why it would re-run (reused steps are absent)
        self._explain_task: asyncio.Task[None] | None = None
        self._explain_gen = 0  # bumped by every edit: an explain started before the last edit is stale
        self._explain_due = 0.0
        self.next_run = NextRun()  # the selected step's "will run" line in the panel
        self.problem_lines: dict[str, ui.label] = {}  # the panel's field problem lines (forms.problem_line)
        self.side_tabs: ui.tabs
        self.tab_props: ui.tab
        self.tab_problems: ui.tab
        self.tab_yaml: ui.tab
        self.failures = Failures(self)  # the last run's failed steps: Problems tab, toast, one-click fixes
        self.editing = Editing(self)  # copy, paste, duplicate, rename, make pipeline input

    # ------------------------------------------------------------------------------------ building

    async def build(self, file: str | None, draft: str | None) -> None:
        """Open the pipeline (or a new one) and build the page; a file that cannot be opened shows why."""
        ctx = self.ctx
        opened: EditorSession | OpenFailure | None
        if file:
            opened = await run.io_bound(EditorSession.open, ctx.workspace, ctx.registry, file)
        else:
            draft_id = draft if draft and draft.isalnum() else secrets.token_hex(6)
            opened = EditorSession.new(ctx.workspace, ctx.registry, draft_id)
        if opened is None:
            return  # the server is shutting down
        if isinstance(opened, OpenFailure):
            await self._failure(opened)
            return
        self.session = opened
        restored = await run.io_bound(self.session.restore_draft)
        if restored:  # the problems found on opening are the saved file's, not the draft's
            await run.io_bound(self.session.validate)
        if not file:
            ui.navigate.history.replace(f"/designer?draft={self.session.draft_id}")
        entries = await run.io_bound(palette, ctx.registry)
        self._layout(entries or [])
        if restored:
            self._draft_banner()
        if self.session.errors():
            self.side_tabs.set_value(self.tab_problems)
        latest = await latest_run(ctx, self.session.file)  # the last run's failures show in Problems
        if latest is not None:
            self._follow(latest)
        self.client = ui.context.client
        unsubscribe = ctx.hub.subscribe(self._on_run_event)
        self.client.on_delete(unsubscribe)
        self._sync_controls()
        self._schedule_explain(0.0)

    def _layout(self, entries: list[dict[str, Any]]) -> None:
        s = self.session
        ui.page_title(f"{s.title} · Pipeline Designer")
        with ui.column().classes("w-full gap-0 no-wrap"):
            self._toolbar()
            # Sizes as inline styles, not Tailwind classes: the canvas fits its graph into the size it has
            # when it first shows it, which can be before Tailwind's generated styles arrive.
            with ui.row().classes("w-full no-wrap gap-0").style("height: calc(100vh - 96px); flex-wrap: nowrap"):
                with ui.element("div").style("flex: 1 1 auto; height: 100%; min-width: 0; position: relative"):
                    self.banner = ui.row().classes("absolute top-2 left-1/2 -translate-x-1/2 z-10")
                    self.banner.set_visibility(False)
                    self.canvas = PipelineCanvas(
                        s.graph(), palette=entries, readonly=s.readonly,
                        on_add_node=self._on_add_node, on_connect=self._on_connect, on_move=self._on_move,
                        on_select=self._on_select, on_delete=self._on_delete, on_open=self._on_open,
                        on_undo=lambda _e: self.undo(), on_redo=lambda _e: self.redo(),
                        on_node_action=self._on_node_action,
                        on_selection=lambda e: self.editing.on_selection([str(i) for i in (e.args or {}).get("ids") or []]),
                        on_clipboard=lambda e: self.editing.on_clipboard(e.args or {}),
                    ).style("width: 100%; height: 100%")
                with ui.column().classes("designer-side gap-0 no-wrap").style("width: 380px; flex: 0 0 380px; height: 100%"):
                    with ui.tabs().classes("w-full shrink-0").props("dense no-caps align=justify") as tabs:
                        self.tab_props = ui.tab("props", "Properties").props('data-testid="tab-properties"')
                        self.tab_problems = ui.tab("problems", "Problems").props('data-testid="tab-problems"')
                        self.tab_yaml = ui.tab("yaml", "YAML").props('data-testid="tab-yaml"')
                    self.side_tabs = tabs
                    ui.separator()
                    with ui.tab_panels(tabs, value=self.tab_props).classes("w-full grow min-h-0").props(
                            "animated=false keep-alive") as panels:
                        panels.on_value_change(lambda e: self._on_tab(e.value))
                        with ui.tab_panel(self.tab_props).classes("p-0 h-full"), \
                                ui.scroll_area().classes("h-full designer-panel"):
                            self.panel_body = ui.column().classes("w-full gap-4 p-4")
                        with ui.tab_panel(self.tab_problems).classes("p-0 h-full"), ui.scroll_area().classes("h-full"):
                            self.problems_body = ui.column().classes("w-full gap-2 p-4")
                        with ui.tab_panel(self.tab_yaml).classes("p-0 h-full"), ui.scroll_area().classes("h-full"):
                            self.yaml_body = ui.column().classes("w-full gap-2 p-3")
        self.render_panel()
        self.render_problems()

    def _toolbar(self) -> None:
        def button(key: str, icon: str, tip: str, handler: Any, label: str | None = None, **props: str) -> ui.button:
            b = ui.button(label, icon=icon, on_click=handler) if label else ui.button(icon=icon, on_click=handler)
            style = props.get("style", "flat dense")
            b.props(f"{style} no-caps")
            b.props["data-testid"] = key
            b.tooltip(tip)
            self.buttons[key] = b
            return b

        with ui.row().classes("designer-toolbar w-full items-center gap-2 px-3 py-1 no-wrap shrink-0 h-12"):
            self.crumbs = ui.row().classes("items-center gap-1 no-wrap min-w-0")
            self.dirty_dot = ui.icon("circle", size="10px").classes("text-amber-500")
            self.dirty_dot.tooltip("Unsaved changes (kept as a draft)")
            ui.space()
            button("undo-button", "undo", "Undo (Ctrl+Z)", lambda: self.undo())
            button("redo-button", "redo", "Redo (Ctrl+Shift+Z)", lambda: self.redo())
            ui.element("div").classes("designer-sep")
            button("zoom-out-button", "zoom_out", "Zoom out", lambda: self.canvas.zoom_out())
            button("zoom-in-button", "zoom_in", "Zoom in", lambda: self.canvas.zoom_in())
            button("fit-button", "fit_screen", "Fit to screen", lambda: self.canvas.fit())
            button("layout-button", "auto_fix_high", "Arrange the steps automatically", self.auto_layout)
            button("delete-button", "delete_outline", "Delete the selected steps (Del)", self.delete_selected)
            ui.element("div").classes("designer-sep")
            button("validate-button", "rule", "Check the pipeline for problems", self.validate_clicked, "Validate")
            button("save-button", "save", "Save (Ctrl+S)", self.save_clicked, "Save")
            ui.element("div").classes("designer-sep")
            with ui.row().classes("items-center gap-1 no-wrap px-1").props(
                    'data-testid="run-status" data-status="idle"') as status:
                self.run_icon = ui.icon("radio_button_unchecked", size="20px")
                self.run_label = ui.label("Not run yet").classes("text-sm whitespace-nowrap")
            self.run_status = status
            with status:
                self._run_tip = ui.tooltip("No run yet")
            button("cancel-button", "stop", "Cancel the run", self.cancel_clicked, "Cancel",
                   style="outline dense color=negative")
            button("run-button", "play_arrow", "Save, check and run the pipeline", self.run_clicked, "Run",
                   style="unelevated dense color=primary")
            self.buttons["run-button"].classes("px-3")

    async def _failure(self, failure: OpenFailure) -> None:
        ui.page_title("Cannot open · Pipeline Designer")
        source = ""
        if failure.problems:  # the file passed the path rule and was read: show its start
            try:
                head = await run.io_bound(read_head, self.ctx.workspace.inside(failure.rel), SOURCE_SHOWN_BYTES)
                source = (head or b"").decode("utf-8", errors="replace")
            except (DesignerError, OSError, FileRefused):
                source = ""
        with ui.column().classes("w-full max-w-4xl mx-auto p-6 gap-4").props('data-testid="open-failure"'):
            with ui.row().classes("items-center gap-3"):
                ui.icon("report", size="32px").classes("text-red-500")
                ui.label(f"Cannot open {failure.rel}").classes("text-2xl font-semibold")
            ui.label(failure.message[:1].upper() + failure.message[1:] + ".").classes("text-base")
            if failure.problems:
                with ui.card().classes("designer-card w-full gap-1").props("flat bordered"):
                    for p in failure.problems:
                        problem_row(p, None)
            if source:
                ui.label("The file").classes("text-lg font-medium mt-2")
                ui.code(source, language="yaml").classes("w-full text-sm")
            with ui.row().classes("gap-2"):
                ui.button("Back to the pipelines", icon="arrow_back", on_click=lambda: ui.navigate.to("/")).props(
                    "unelevated no-caps")

    # ---------------------------------------------------------------------------------- rendering

    def refresh(self, *, graph: bool = True, panel_too: bool = True) -> None:
        """Show the session's current state: graph, controls, side panel; then save a draft."""
        if graph:
            self._send_graph()
            if self.canvas.props["readonly"] != self.session.readonly:
                self.canvas.set_readonly(self.session.readonly)
        if self.selected is not None and self.selected not in self.session.current().jobs:
            self.selected = None
            self.canvas.set_selected(None)
        self._sync_controls()
        if panel_too:
            self.render_panel()
        if self.side_tabs.value == "yaml":
            self.render_yaml()

    def _send_graph(self) -> None:
        """Send the graph to the canvas unless it already shows exactly this one (300 cards weigh ~150 kB)."""
        graph = self.session.graph()
        if graph != self.canvas.graph:
            self.canvas.set_graph(graph)
            if self._whys:  # a new graph (another level, an edit) comes without the markers
                self._show_whys()

    def changed(self, *, panel_too: bool = True) -> None:
        """After an edit: show it, keep a draft, re-check the pipeline shortly."""
        self.refresh(panel_too=panel_too)
        self._schedule_draft()
        self._schedule_validation()
        self._schedule_explain()

    def sync_controls(self) -> None:
        """Enable and disable the toolbar's buttons for the current state (cheap when nothing changed)."""
        self._sync_controls()

    def _sync_controls(self) -> None:
        s = self.session
        editing = not s.readonly
        running = self.run is not None and not self.run.done
        enabled = {
            "undo-button": s.can_undo and editing,
            "redo-button": s.can_redo and editing,
            "layout-button": editing,
            "delete-button": editing and bool(self.editing.chosen()),
            "run-button": not running and self.ctx.runner is not None,
        }
        for key, value in enabled.items():
            if self.buttons[key].enabled != value:
                self.buttons[key].set_enabled(value)
        if self.buttons["cancel-button"].visible != running:
            self.buttons["cancel-button"].set_visibility(running)
        if self.dirty_dot.visible != s.dirty:
            self.dirty_dot.set_visibility(s.dirty)
        if self._dirty_shown != s.dirty:
            self._dirty_shown = s.dirty
            ui.run_javascript(f"window.designerDirty = {'true' if s.dirty else 'false'}")
        crumbs = (tuple(s.breadcrumb()), s.readonly, s.is_new)
        if crumbs != self._crumbs_shown:
            self._crumbs_shown = crumbs
            self._render_crumbs()

    def _render_crumbs(self) -> None:
        s = self.session
        self.crumbs.clear()
        with self.crumbs:
            labels = s.breadcrumb()
            for i, label in enumerate(labels):
                if i:
                    ui.icon("chevron_right", size="18px").classes("designer-muted")
                last = i == len(labels) - 1
                crumb = ui.label(label).classes("text-sm truncate " + ("font-semibold" if last else "designer-crumb designer-muted"))
                attrs(crumb, data_testid="crumb", data_level=str(i))
                if not last:
                    crumb.on("click", lambda _e, level=i: self.go_to_level(level))
            if s.readonly:
                ui.badge("read-only", color="grey-6").props("outline").classes("ml-1")
            elif s.is_new:
                ui.badge("not saved yet", color="amber-8").props("outline").classes("ml-1")

    def render_panel(self) -> None:
        """Rebuild the properties panel for the selected step, or the pipeline when none is."""
        self.panel_body.clear()
        self.problem_lines = {}
        with self.panel_body:
            job = self.session.current().jobs.get(self.selected) if self.selected else None
            if job is not None:
                panel.job_panel(self, job)
            else:
                panel.pipeline_panel(self)

    def render_problems(self) -> None:
        """Rebuild the problems list (and the count on its tab)."""
        problems = self.session.problems
        errors = any(p.severity == "error" for p in problems) or bool(self.failures.items)
        shown = len(problems) + len(self.failures.items)
        count = f" ({shown})" if shown else ""
        self.tab_problems.props["label"] = f"Problems{count}"
        self.tab_problems.update()
        self.tab_problems.classes(replace="text-negative" if errors else "")
        self.problems_body.clear()
        with self.problems_body:
            self.failures.problem_rows()
            if not problems and not self.failures.items:
                empty_state("task_alt", "No problems found", "Press Validate after changes to check again.",
                            icon_class="text-green-500", size="40px", testid="no-problems")
                return
            for p in sorted(problems, key=lambda p: (p.severity != "error", p.line or 0)):
                job = job_of(p, self.session)
                problem_row(p, (lambda j=job: self.select(j)) if job else None)

    def render_yaml(self) -> None:
        """Show the YAML that Save writes."""
        self.yaml_body.clear()
        with self.yaml_body:
            file = self.session.rel or "not saved yet"
            with ui.row().classes("w-full items-center justify-between"):
                ui.label(file).classes("designer-muted text-xs")
                ui.label("read-only").classes("designer-muted text-xs")
            ui.code(self.session.saveable_text(), language="yaml").classes("w-full text-xs").props(
                'data-testid="yaml-view"')

    def _on_tab(self, value: Any) -> None:
        if value == "yaml":
            self.render_yaml()

    # ------------------------------------------------------------------------------- canvas events

    def attempt(self, change: Any, *, success: str | None = None, rerender: bool = True) -> bool:
        """Run an edit; a refusal is shown to the user and changes nothing. True when it was applied.

        ``rerender=False`` keeps the side panel as it is (the field that made the change already
        shows it, and keeps the focus).
        """
        try:
            change()
        except DesignerError as exc:
            ui.notify(sentence(str(exc)), type="warning", position="bottom", multi_line=True,
                      classes="designer-refusal")
            if not rerender:
                self.render_panel()
            return False
        if success:
            ui.notify(success, type="positive", position="bottom-right")
        self.changed(panel_too=rerender)
        return True

    def _on_add_node(self, e: GenericEventArguments) -> None:
        args = e.args or {}
        try:
            job = self.session.add_component(str(args.get("component")), args.get("version"),
                                             float(args.get("x") or 0), float(args.get("y") or 0))
        except DesignerError as exc:
            ui.notify(sentence(str(exc)), type="warning", position="top")
            return
        self.selected = job.name
        self.changed()
        self.canvas.set_selected(job.name)

    def _on_connect(self, e: GenericEventArguments) -> None:
        a = e.args or {}
        source, sport, target, tport = (str(a.get(k)) for k in ("source", "source_port", "target", "target_port"))
        try:
            self.session.apply(lambda: edit.connect(self.session.document, source, sport, target, tport))
        except DesignerError as exc:  # said at the port it was dropped on, where the user looks
            self.canvas.show_refusal(target, tport, sentence(str(exc)))
            return
        self.changed()

    def _on_move(self, e: GenericEventArguments) -> None:
        moves = (e.args or {}).get("moves") or []
        if self.session.readonly:
            return
        self.session.move(list(moves))
        # the canvas already shows the new places: no need to send the graph back
        self._sync_controls()
        self._schedule_draft()

    def _on_select(self, e: GenericEventArguments) -> None:
        job = (e.args or {}).get("id")
        self.selected = str(job) if job else None
        self._sync_controls()
        self.render_panel()
        if self.selected and self.side_tabs.value != "props":
            self.side_tabs.set_value(self.tab_props)

    def select(self, job: str | None) -> None:
        """Select ``job`` (from the problems list or the panel) on the canvas and in the panel."""
        self.selected = job
        self.canvas.set_selected(job)
        self._sync_controls()
        self.render_panel()
        self.side_tabs.set_value(self.tab_props)

    def _on_delete(self, e: GenericEventArguments) -> None:
        args = e.args or {}
        nodes = [str(n) for n in args.get("nodes") or []]
        edges = [str(x) for x in args.get("edges") or []]
        if self.session.readonly or not (nodes or edges):
            return
        self.attempt(lambda: self.session.delete(nodes, edges))

    async def _on_node_action(self, e: GenericEventArguments) -> None:
        """The card's right-click menu (rename, duplicate, make pipeline input, preview, run this step,
        run from here, delete) and the output names of a finished card (preview)."""
        args = e.args or {}
        job, action = str(args.get("job") or ""), args.get("action")
        jobs = self.session.current().jobs
        if not job or job not in jobs:
            return
        nodes = [str(n) for n in args.get("nodes") or [job] if str(n) in jobs]
        path = "".join(f"{v}/" for v in self.session.view) + job  # the step's path in the run
        if action == "run_only":
            await self.run_clicked(only=path)
        elif action == "run_from":
            await self.run_clicked(from_step=path)
        elif action == "delete":
            self.editing.delete(nodes)
        elif action == "duplicate":
            self.editing.duplicate(nodes)
        elif action == "rename":
            await self.editing.rename(job)
        elif action == "promote":
            await self.editing.promote(job)
        elif action == "preview":  # the menu's entry, or an output's name on a finished card
            await preview_output(self, job, str(args.get("port") or "") or None)

    def _on_open(self, e: GenericEventArguments) -> None:
        job = (e.args or {}).get("id")
        if job:
            self.open_job(str(job))

    def open_job(self, job: str) -> None:
        """Show the inside of pipeline step ``job`` (read-only), with a breadcrumb back."""
        if self.session.open_nested(job):
            self.selected = None
            self.refresh()
            self.canvas.set_selected(None)
            self.canvas.fit()

    def go_to_level(self, level: int) -> None:
        """Go back up the breadcrumb to ``level`` (0: the pipeline itself)."""
        del self.session.view[level:]
        self.selected = None
        self.refresh()

    def undo(self) -> None:
        """Undo the last edit."""
        if self.session.readonly:
            return
        if self.session.undo():
            self.changed()

    def redo(self) -> None:
        """Redo the last undone edit."""
        if self.session.readonly:
            return
        if self.session.redo():
            self.changed()

    def auto_layout(self) -> None:
        """Arrange every step left to right and fit them on screen (a long pipeline: its first steps,
        readable, with ports large enough to grab)."""
        if self.attempt(self.session.auto_layout):
            self.canvas.fit(readable=True)

    def delete_selected(self) -> None:
        """The toolbar's Delete: the steps selected together, else the selected step (one undo)."""
        self.editing.delete(self.editing.chosen())

    # ----------------------------------------------------------------------------- drafts, checks

    def _schedule_draft(self) -> None:
        if self._draft_task is not None and not self._draft_task.done():
            return

        async def later() -> None:
            await asyncio.sleep(0.4)
            session = self.session
            try:
                await run.io_bound(session.store_draft, session.draft_payload())
            except OSError as exc:
                ui.notify(f"Could not keep a draft of your changes: {exc.strerror}", type="warning")

        self._draft_task = background_tasks.create(later(), name="designer-draft")

    def _schedule_validation(self) -> None:
        if self._validate_task is not None and not self._validate_task.done():
            self._validate_task.cancel()

        async def later() -> None:
            await asyncio.sleep(0.5)
            await self.validate()

        self._validate_task = background_tasks.create(later(), name="designer-validate")

    def _schedule_explain(self, delay: float = EXPLAIN_S) -> None:
        """Work out the "will re-run" markers ``delay`` seconds from now (again after each later edit)."""
        if self.ctx.runner is None:
            return
        self._explain_gen += 1
        self._explain_due = time.monotonic() + delay
        if self._explain_task is None or self._explain_task.done():
            self._explain_task = background_tasks.create(self._explain_loop(), name="designer-explain")

    async def _explain_loop(self) -> None:
        # One explain at a time per page: a thread cannot be stopped, so an edit made while one runs
        # does not start another; it makes this one stale, and the loop explains again afterwards.
        runner = self.ctx.runner
        while runner is not None and not self.client.is_deleted:
            wait = self._explain_due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
                continue
            if self.run is not None and not self.run.done:  # until it ends the markers would be guessing
                await asyncio.sleep(EXPLAIN_S)
                continue
            gen, s = self._explain_gen, self.session
            try:
                whys = await run.io_bound(explain_text, s.saveable_text(), str(s.file), self.ctx.registry, runner)
            except Exception:  # never a toast: the markers are a hint, the problems list says what is wrong
                log.exception("could not work out which steps would re-run")
                whys = None
            if self.client.is_deleted:
                return
            if gen != self._explain_gen:
                continue  # an edit made meanwhile wins
            self._whys = whys or {}
            with self.client:
                self._show_whys()
                self.next_run.update(self._whys)
            return

    def _show_whys(self) -> None:
        s = self.session
        self.canvas.set_whys(markers(self._whys, s.view, s.current().jobs))

    async def validate(self) -> list[Problem]:
        """Check what would be saved; show the problems on the nodes, the fields and the list."""
        s = self.session
        text, file = s.saveable_text(), str(s.file)
        before = self._panel_problems()
        s.problems = await run.io_bound(validate_text, text, file, self.ctx.registry) or []
        self._send_graph()
        self.render_problems()
        now = self._panel_problems()
        if now != before and (before is None or now is None or not show_problems(self.problem_lines, before, now)):
            self.render_panel()  # only when a problem has no line of its own: a rebuild takes the focus away
        return s.problems

    def _panel_problems(self) -> Any:
        if self.selected is None:
            return None
        return self.session.field_problems(self.selected)

    async def validate_clicked(self) -> None:
        """The Validate button: check, then say how it went (and show the list when there are errors)."""
        problems = await self.validate()
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            ui.notify(f"{len(errors)} problem{'s' if len(errors) != 1 else ''} to fix before running",
                      type="negative", position="top")
            self.side_tabs.set_value(self.tab_problems)
        elif problems:
            ui.notify(f"Valid, with {len(problems)} warning{'s' if len(problems) != 1 else ''}", type="warning")
        else:
            ui.notify("The pipeline is valid", type="positive")

    # ----------------------------------------------------------------------------------- saving

    async def save_clicked(self) -> None:
        """The Save button (and Ctrl+S)."""
        await self.save()

    async def save(self, *, quiet: bool = False) -> bool:
        """Save the pipeline (asking for a name the first time); True when it was written."""
        s = self.session
        if s.readonly:
            self.go_to_level(0)
        if s.is_new:
            name = await self._ask_name()
            if not name:
                return False
        else:
            name = None
        try:
            await run.io_bound(s.save, name)
        except DesignerError as exc:
            ui.notify(sentence(str(exc)), type="negative", position="top")
            return False
        except OSError as exc:
            ui.notify(f"Could not save {s.rel or name}: {exc.strerror}", type="negative", position="top")
            return False
        if name is not None:
            ui.navigate.history.replace(f"/designer?file={quote(str(s.rel))}")
        if not quiet or name is not None:
            ui.notify(f"Saved {s.rel}", type="positive", position="bottom-right")
        self.refresh(graph=False, panel_too=False)
        self.banner.set_visibility(False)
        return True

    async def _ask_name(self) -> str | None:
        """Ask a new pipeline's name, in words; set it as the display name and return the file name
        derived from it (``Iris flowers`` -> ``iris_flowers.yml``, numbered when taken), or None."""
        with ui.dialog() as dialog, ui.card().classes("gap-4 min-w-[26rem]"):
            ui.label("Save the new pipeline").classes("text-lg font-semibold")
            name = ui.input("Pipeline name", value=self.session.document.display_name or "",
                            placeholder="e.g. Iris flowers").props(
                'outlined dense autofocus data-testid="save-name"').classes("w-full")
            where = attrs(ui.label().classes("designer-muted text-sm -mt-2"), data_testid="save-file")

            def file_for(text: str) -> str:
                stem = edit.safe_name(re.sub(r"\.ya?ml$", "", text.strip(), flags=re.IGNORECASE))
                taken = {p.stem for p in self.ctx.workspace.root.glob("*.y*ml")}
                return f"{edit.unique_name(stem, taken)}.yml"

            def shown() -> None:
                where.set_text(f"Saved as {file_for(name.value)} at the top of the workspace."
                               if (name.value or "").strip() else "Give it a name you will recognise in the list.")

            def submit() -> None:
                if (name.value or "").strip():
                    dialog.submit(name.value.strip())

            shown()
            name.on_value_change(lambda _: shown())
            name.on("keydown.enter", submit)
            with ui.row().classes("w-full justify-end gap-2"):
                ui.button("Cancel", on_click=lambda: dialog.submit(None)).props("flat no-caps")
                ui.button("Save", on_click=submit).props('unelevated no-caps data-testid="save-confirm"')
        result = await dialog
        dialog.delete()
        if not result:
            return None
        display = re.sub(r"\.ya?ml$", "", str(result), flags=re.IGNORECASE).strip()
        s = self.session
        if display != (s.document.display_name or ""):
            self.attempt(lambda: s.apply(lambda: edit.set_pipeline_info(s.document, display_name=display)),
                         rerender=False)
        return file_for(str(result))

    def _draft_banner(self) -> None:
        s = self.session
        when = time.strftime("%H:%M", time.localtime(s.restored_from_draft)) if s.restored_from_draft else "earlier"
        self.banner.clear()
        self.banner.classes(replace="absolute top-3 left-1/2 -translate-x-1/2 z-10 items-center gap-3 px-4 py-2 "
                                    "rounded-lg shadow-md bg-amber-50 text-amber-900 dark:bg-amber-900 dark:text-amber-50 no-wrap")
        self.banner.props('data-testid="draft-banner"')
        with self.banner:
            ui.icon("history", size="20px")
            ui.label(f"Restored unsaved changes from {when}. Save to keep them.").classes("text-sm grow")
            ui.button("Keep", on_click=lambda: self.banner.set_visibility(False)).props("flat dense no-caps")
            ui.button("Discard changes", on_click=self.discard_draft).props(
                'flat dense no-caps color=negative data-testid="discard-draft"')
        self.banner.set_visibility(True)

    async def discard_draft(self) -> None:
        """Forget the restored draft and show the saved file again."""
        s = self.session
        await run.io_bound(s.delete_draft)
        ui.run_javascript("window.designerDirty = false")
        ui.navigate.reload()

    # ------------------------------------------------------------------------------------- running

    async def run_clicked(self, *, only: str | None = None, from_step: str | None = None) -> None:
        """Save, validate and start the pipeline in the embedded runner (all of it, only step
        ``only``, or ``from_step`` and what it feeds)."""
        ctx = self.ctx
        if ctx.runner is None:
            ui.notify(f"Running is not available: {ctx.runner_problem or 'no runner'}", type="negative")
            return
        if not await self.save(quiet=True):
            return
        problems = await self.validate()
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            ui.notify(f"Not started: {len(errors)} problem{'s' if len(errors) != 1 else ''} to fix first",
                      type="negative", position="top")
            self.side_tabs.set_value(self.tab_problems)
            return
        self._show_run_state("starting")
        self.buttons["run-button"].set_enabled(False)
        try:
            handle = await ctx.start_run(self.session.file, only=only, from_step=from_step)
        except SpecError as exc:
            self.session.problems = exc.problems
            self.render_problems()
            self._show_run_state("idle")
            self._sync_controls()
            ui.notify(sentence(str(exc)), type="negative", position="top", multi_line=True)
            return
        except DesignerError as exc:
            self._show_run_state("idle")
            self._sync_controls()
            ui.notify(f"Not started: {sentence(str(exc))}", type="negative", position="top", multi_line=True)
            return
        run_view = ctx.hub.runs.get(handle.run_id)
        if run_view is not None and (self.run is None or self.run.run_id != handle.run_id):
            self._follow(run_view)

    async def cancel_clicked(self) -> None:
        """Cancel the run this page follows."""
        if self.run is None or self.run.done:
            return
        try:
            await self.ctx.cancel_run(self.run.run_id)
        except DesignerError as exc:
            ui.notify(sentence(str(exc)), type="negative")
            return
        ui.notify("Canceling the run…", position="bottom-right")

    def _follow(self, run_view: RunView) -> None:
        """Show ``run_view`` on the canvas from now on."""
        self.run = run_view
        s = self.session
        s.live = {step: Live(v.status, v.started_at, v.duration_s, progress=v.progress)
                  for step, v in run_view.steps.items()}
        s.run_state = run_view.state
        self.canvas.set_statuses(s.statuses())
        self._show_run_state(run_view.state)
        self._sync_controls()
        self.failures.follow(run_view)
        self.render_panel()

    def _on_run_event(self, run_view: RunView, event: Event) -> None:
        # Every event of every run reaches every open page: resolving the path (system calls) once per
        # file, not once per event, keeps the runner's loop free.
        if self._resolved[0] != self.session.file:
            self._resolved = (self.session.file, str(self.session.file.resolve()))
        if run_view.pipeline_file != self._resolved[1]:
            return
        with self.client:  # called by the runner, outside any page's context
            self._handle_run_event(run_view, event)

    def _handle_run_event(self, run_view: RunView, event: Event) -> None:
        if isinstance(event, RunStarted):
            self._follow(run_view)
            return
        if self.run is None or run_view.run_id != self.run.run_id:
            return
        s = self.session
        if isinstance(event, StepStateChanged | StepProgress):  # progress: a sweep's trials, a parallel step's batches
            step = run_view.steps[event.step]
            s.live[event.step] = Live(step.status, step.started_at, step.duration_s, progress=step.progress)
            node = s.view_job_for_step(event.step)
            if node is not None:
                job = s.current().jobs.get(node)
                prefix = "".join(f"{v}/" for v in s.view)
                self.canvas.set_statuses({node: s.live_for(prefix + node, job).to_dict()})
                if node == self.selected and isinstance(event, StepStateChanged):
                    self.render_panel()
            self._progress_soon()
        elif isinstance(event, RunFinished):
            s.run_state = event.state
            self._schedule_explain(0.0)
            self._show_run_state(event.state)
            self._sync_controls()
            self.render_panel()
            if event.state == "completed":
                ui.notify("Run completed", type="positive", position="bottom-right")
            elif event.state == "failed":  # select the failed step, say why in its own words
                background_tasks.create(self.failures.load(run_view, announce=True), name="designer-failures")
            else:
                ui.notify(f"Run {event.state}", position="bottom-right")

    def _progress_soon(self) -> None:
        """Show "Running · done/total" within PROGRESS_S, once for all the step events until then: any
        change to a NiceGUI element re-renders the page's whole element tree in the browser, which a
        canvas's state changes (sent apart, see PipelineCanvas.set_statuses) must not wait behind."""
        if self._progress_pending:
            return
        self._progress_pending = True

        def show() -> None:
            self._progress_pending = False
            if self.run is not None and not self.run.done and not self.client.is_deleted:
                self._show_run_state("running")

        asyncio.get_running_loop().call_later(PROGRESS_S, show)

    def _show_run_state(self, state: str) -> None:
        found = state_look(state)
        icon, text, colour = found.icon, found.label, found.color
        if state == "running" and self.run is not None:
            done = sum(1 for v in self.run.steps.values() if v.status in ("completed", "cached", "failed", "skipped",
                                                                          "canceled"))
            text = f"Running · {done}/{len(self.run.steps)}"
        elif state in ("completed", "failed", "canceled") and self.run is not None:
            reused = sum(1 for v in self.run.steps.values() if v.status == "cached")
            if reused:
                text += f" · {reused} reused"
        look = (state, icon, text, colour)
        if look == self._run_look:  # one step's change must cost the page as little as possible
            return
        if self._run_look is None or self._run_look[:2] != look[:2]:
            self.run_icon.props["name"] = icon
            self.run_icon.style(f"color: {colour}").classes(
                replace="animate-spin" if state in ("running", "starting") else "")
            self.run_status.props["data-status"] = state
            self.run_status.update()
        self.run_label.set_text(text)
        self._run_look = look
        if self.run is not None and self._run_tip is not None:
            self._run_tip.set_text(f"Run {self.run.run_id}")
