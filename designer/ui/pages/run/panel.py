"""The run page's right-hand panel: the list of steps, or one step's details, log, inputs, outputs and
metrics. The step's detail is read off the loop each time a step or a tab is chosen.

The panel asks its page (a :class:`PanelHost`) for the run's current snapshot and to select a step;
it never imports the page.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Protocol
from urllib.parse import quote, urlencode

from nicegui import ui

from designer.engine.events import STEP_FINAL
from designer.errors import DesignerError
from designer.ui.environment import environment_block
from designer.ui.format import duration_text, full_time, progress_text
from designer.ui.pages.run.log import LogView
from designer.ui.pages.run.outputs import RecordedOutput, artifact_card, metrics_block
from designer.ui.reads.graph import folded, step_live
from designer.ui.reads.metrics import metric_series
from designer.ui.reads.run import RunSnapshot, StepDetail, load_step
from designer.ui.states import state_look
from designer.ui.widgets import attrs, background, copy_to_clipboard, io, kv, link, state_badge

if TYPE_CHECKING:
    from designer.store import StepRecord, Store
    from designer.ui.files import FileServer

TABS = ("details", "log", "inputs", "outputs", "metrics")
STEPS_BODY = r"""
<q-tr :props="props" data-testid="step-item" :data-step="props.row.step" :data-status="props.row.state"
      class="cursor-pointer" :class="{'is-failed': props.row.failed}" @click="$parent.$emit('pick', props.row.step)">
  <q-td style="width: 34px; padding-right: 0"><q-icon :name="props.row.icon" size="20px" :style="{color: props.row.color}" /></q-td>
  <q-td style="max-width: 0; width: 100%">
    <div class="text-weight-medium ellipsis">{{ props.row.step }}</div>
    <div v-if="props.row.sub" class="text-caption ellipsis" :class="props.row.failed ? 'text-negative' : 'designer-muted'"
         :title="props.row.sub">{{ props.row.sub }}</div>
  </q-td>
  <q-td class="text-right text-caption designer-muted" style="white-space: nowrap">{{ props.row.side }}</q-td>
</q-tr>
"""


class PanelHost(Protocol):
    """What the panel needs of its page."""

    snap: RunSnapshot

    def select(self, step: str | None, tab: str | None = None) -> None:
        """Show ``step`` (None: the list of steps) on ``tab``."""

    def open_node(self, node: str) -> None:
        """Open pipeline step ``node`` on the graph."""

    def remember(self) -> None:
        """Keep the chosen step and tab in the address."""


class StepPanel:
    """The panel of one run page: which step is shown, on which tab."""

    def __init__(self, host: PanelHost, store: Store, files: FileServer) -> None:
        self.host = host
        self.store = store
        self.files = files
        self.selected: str | None = None  # a step path
        self.tab = "details"
        self.log: LogView | None = None
        self.steps_table: ui.table | None = None
        self._fills = 0
        self.root = ui.column().classes("w-full h-full no-wrap gap-0")

    @property
    def snap(self) -> RunSnapshot:
        return self.host.snap

    def steps_by_name(self) -> dict[str, StepRecord]:
        """The run's steps by path, as last read."""
        return {s.step: s for s in self.snap.steps}

    def state_of(self, step: str) -> str:
        """The step's state as last read (``pending`` when unknown)."""
        found = self.steps_by_name().get(step)
        return found.state if found is not None else "pending"

    # ------------------------------------------------------------------------------------ building

    def render(self) -> None:
        """Rebuild the panel for :attr:`selected` (the list of steps when None)."""
        self.stop_log()
        self.root.clear()
        step = self.steps_by_name().get(self.selected) if self.selected is not None else None
        if step is None:
            self.selected = None
            self._steps_list()
            return
        with self.root:
            with ui.row().classes("w-full items-center no-wrap q-px-md q-pt-sm gap-2"):
                ui.button(icon="arrow_back", on_click=lambda: self.host.select(None)).props(
                    'flat round dense size=sm data-testid="close-step"').tooltip("All steps")
                with ui.column().classes("gap-0 grow").style("min-width: 0"):
                    attrs(ui.label(step.step).classes("text-subtitle1 text-weight-bold ellipsis"),
                          data_testid="step-title", data_step=step.step)
                    if step.component and step.component != step.step:
                        ui.label(step.component).classes("designer-muted text-caption ellipsis")
                self.step_badge = ui.element("div")
                with self.step_badge:
                    state_badge(step.state, testid="step-status")
            with ui.tabs(on_change=lambda e: self._tab_changed(e.value)).props(
                    "dense no-caps align=left active-color=primary indicator-color=primary").classes(
                    "run-panel-tabs w-full q-px-sm") as tabs:
                for key, label in (("details", "Details"), ("log", "Log"), ("inputs", "Inputs"),
                                   ("outputs", "Outputs"), ("metrics", "Metrics")):
                    attrs(ui.tab(key, label), data_testid=f"step-tab-{key}")
            tabs.value = self.tab
            ui.separator()
            self.body = ui.column().classes("w-full grow no-wrap q-pa-md gap-3 overflow-auto").style(
                "min-height: 0")
        background(self.fill(step))

    def _steps_list(self) -> None:
        # One table rendered from a template: a hundred steps cost one component, not seven hundred.
        with self.root:
            with ui.column().classes("w-full q-px-md q-pt-md gap-1"):
                ui.label("Steps").classes("text-subtitle1 text-weight-bold")
                self.steps_counts = ui.label().classes("designer-muted text-caption")
                ui.label("Select a step on the graph or below to see its log, outputs and metrics.").classes(
                    "designer-muted text-caption")
            self.steps_table = ui.table(columns=[{"name": "step", "label": "Step", "field": "step"}], rows=[],
                                        row_key="step", pagination=0).props(
                'flat dense hide-header hide-bottom data-testid="steps-list"').classes(
                "run-steps w-full grow q-px-sm")
            self.steps_table.add_slot("body", STEPS_BODY)
            self.steps_table.on("pick", lambda e: self.host.select(str(e.args)))
        self.fill_steps_list()

    def fill_steps_list(self) -> None:
        """Show the steps' current states in the list (when the list is shown)."""
        table = self.steps_table
        if table is None or table.is_deleted:
            return
        counts: dict[str, int] = defaultdict(int)
        rows = []
        for s in folded(self.snap.steps):  # a sweep's trials are listed in its Trials tab, not here
            counts[s.state] += 1
            look = state_look(s.state)
            failed = s.state == "failed"
            rows.append({
                "step": s.step, "state": s.state, "icon": look.icon, "color": look.color, "failed": failed,
                "sub": (self.snap.errors.get(s.step) or s.message or "") if failed else (
                    progress_text(s.progress) or (s.component if s.component != s.step else "")),
                "side": look.label if s.state in ("cached", "skipped", "pending", "queued", "canceled") else
                duration_text(step_live(s)["duration_s"]),
            })
        self.steps_counts.text = " · ".join(f"{n} {state_look(k).label.lower()}" for k, n in counts.items()) or "none"
        table.rows = rows
        table.update()

    def _tab_changed(self, value: str) -> None:
        if value == self.tab:
            return
        self.tab = value
        self.host.remember()
        step = self.steps_by_name().get(self.selected or "")
        if step is not None:
            background(self.fill(step))

    def pipeline_step(self, node: str, steps: list[str]) -> None:
        """The panel of a pipeline step: its inner steps, and a way to open it on the graph."""
        self.stop_log()
        self.selected = None
        self.root.clear()
        records = self.steps_by_name()
        with self.root, ui.column().classes("w-full q-pa-md gap-2"):
            ui.label(node).classes("text-subtitle1 text-weight-bold")
            ui.label(f"A pipeline step of {len(steps)} steps.").classes("designer-muted")
            ui.button("Open it on the graph", icon="open_in_full",
                      on_click=lambda: self.host.open_node(node)).props("outline no-caps")
            with ui.list().props("dense").classes("run-steps w-full"):
                for name in steps:
                    look = state_look(records[name].state)
                    with ui.item(on_click=lambda n=name: self.host.select(n)).props("clickable"):
                        with ui.item_section().props("avatar").style("min-width: 32px"):
                            ui.icon(look.icon, size="20px").style(f"color: {look.color}")
                        with ui.item_section():
                            ui.item_label(name)

    def show_state(self, state: str) -> None:
        """The open step's new state in its badge."""
        self.step_badge.clear()
        with self.step_badge:
            state_badge(state, testid="step-status")

    def following_log(self) -> bool:
        """True while the log tab follows a running step (it reads the end of the log itself)."""
        return self.tab == "log" and self.log is not None and self.log.timer is not None

    # ------------------------------------------------------------------------------------ one step

    async def fill(self, step: StepRecord) -> None:
        """Load the step's detail off the loop and show the current tab."""
        self.stop_log()
        self._fills += 1
        generation = self._fills
        body = self.body
        body.clear()
        with body:
            ui.spinner(size="md").classes("self-center q-mt-lg")
        try:
            detail = await io(load_step, self.store, self.snap.run, step)
        except DesignerError as exc:
            body.clear()
            with body:
                ui.label(f"This step cannot be read: {exc}").classes("text-negative")
            return
        if generation != self._fills or self.selected != step.step or body.is_deleted:
            return  # another step or tab was chosen meanwhile
        body.clear()
        with body:
            _why_line(detail.step)  # above every tab: links open a step at its metrics or log
            if self.tab == "log":
                self._log_tab(detail)
            elif self.tab in ("inputs", "outputs"):
                await self._artifacts_tab(detail, self.tab[:-1])
            elif self.tab == "metrics":
                metrics_block(metric_series(detail.metrics), detail.images, self.files, empty=True,
                              results=detail.results)
            else:
                self._details_tab(detail)

    def _details_tab(self, d: StepDetail) -> None:
        s = d.step
        if s.state == "failed":
            with ui.row().classes("run-banner w-full items-start no-wrap q-pa-sm gap-2"):
                ui.icon("error", size="20px").classes("text-negative")
                with ui.column().classes("gap-1 grow").style("min-width: 0"):
                    ui.label(s.message or "The step failed.").classes("run-error-text")
                    ui.button("Show log", icon="subject", on_click=lambda: self.host.select(s.step, "log")).props(
                        "flat dense no-caps color=negative size=sm")
        with ui.element("div").classes("run-kv w-full"):
            kv("State", lambda: state_badge(s.state))
            kv("Started", full_time(s.started_at) or None)
            kv("Ended", full_time(s.ended_at) or None)
            kv("Duration", duration_text(step_live(s)["duration_s"]) or None)
            kv("Exit code", None if s.exit_code is None else str(s.exit_code))
            kv("Compute", s.compute + (f" (worker {s.worker})" if s.worker else "") if s.compute else None)
            kv("Component", s.component or None)
            if s.message and s.state != "failed":
                kv("Message", s.message)
            fingerprint = s.fingerprint
            kv("Fingerprint", (lambda: ui.label(fingerprint).classes("runs-mono").style("word-break: break-all"))
               if fingerprint else None)
            if s.state == "cached" and s.reused_from_run:
                target = f"/runs/{quote(s.reused_from_run)}?" + urlencode({"step": s.reused_from_step or s.step})
                kv("Reused from", lambda: link(f"{s.reused_from_run} · {s.reused_from_step or s.step}", target,
                                               testid="reused-from"))
        environment_block(self.store, self.snap.run.id, s.step)
        command = s.command or d.command_file
        with ui.column().classes("w-full gap-1"):
            with ui.row().classes("w-full items-center gap-1"):
                ui.label("Command").classes("text-weight-bold")
                if d.log_from_run and command:
                    ui.label(f"as it ran in {d.log_from_run}").classes("designer-muted text-caption")
                ui.space()
                if command:
                    ui.button(icon="content_copy", on_click=lambda: copy_to_clipboard(command)).props(
                        "flat round dense size=sm").tooltip("Copy")
            if command:
                ui.label(command).classes("run-code w-full").props('data-testid="step-command"')
            else:
                ui.label("Not recorded (the step did not start).").classes("designer-muted")

    def _log_tab(self, d: StepDetail) -> None:
        s = d.step
        paths = {"stdout": d.dirs.stdout, "stderr": d.dirs.stderr} if d.dirs is not None else {}
        sizes = d.log_sizes
        default = "stderr" if s.state == "failed" and sizes.get("stderr") else (
            "stdout" if sizes.get("stdout") or not sizes.get("stderr") else "stderr")
        self.log = LogView(paths, default, lambda: self.state_of(s.step),
                           lambda p: self.files.url(p, download=True), d.log_from_run)

    def stop_log(self) -> None:
        """Stop following a log (safe when none is followed)."""
        if self.log is not None:
            self.log.stop()
            self.log = None

    async def _artifacts_tab(self, d: StepDetail, direction: str) -> None:
        s = d.step
        items: list[object] = [a for a in d.artifacts if a.direction == direction]
        if direction == "output" and not items and s.outputs:
            items = [RecordedOutput(name, path) for name, path in s.outputs.items()]
        if not items:
            text = ("This step has no inputs." if direction == "input" else
                    "No outputs: the step " + ("has not finished yet." if s.state not in STEP_FINAL else
                                               "did not write any (outputs are kept only when a step succeeds)."))
            if direction == "input" and s.state in ("pending", "queued"):
                text = "Inputs are recorded when the step starts."
            ui.label(text).classes("designer-muted")
            return
        for i, a in enumerate(items):
            await artifact_card(a, self.files, self.snap.run.id, self.host.select,
                                expanded=(direction == "output" and i == 0) or len(items) == 1)


def _why_line(s: StepRecord) -> None:
    """Why the step ran again, or was reused: the first thing to read, whatever tab is open."""
    if not s.why:
        return
    with ui.row().classes("w-full items-start no-wrap gap-2"):
        ui.icon("recycling" if s.state == "cached" else "help_outline", size="18px").classes(
            "designer-muted q-mt-xs")
        attrs(ui.label(s.why).classes("text-body2"), data_testid="step-why")
