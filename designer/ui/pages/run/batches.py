"""The run page's Mini-batches tab: a parallel step's mini-batches (state, items, duration, retries, error)
as a sortable table with a bar of their states, and each worker process's log.

While the step runs the rows are updated in place (the table keeps its sort order); the workers'
logs show their last lines, with a link to the whole file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nicegui import ui

from designer.ui.format import count_text, duration_text, human_size
from designer.ui.reads.children import BatchesView
from designer.ui.states import state_look

if TYPE_CHECKING:
    from designer.ui.files import FileServer

ROW = r"""
<q-tr :props="props" data-testid="batch-row" :data-batch="props.row.batch" :data-status="props.row.state"
      :class="{'batches-failed': props.row.state === 'failed'}">
  <q-td v-for="col in props.cols" :key="col.name" :props="props">
    <template v-if="col.name === 'state'">
      <span class="runs-state" :style="{'--state': props.row.color}" :data-status="props.row.state">
        <q-icon :name="props.row.icon" />{{ props.row.label }}</span>
    </template>
    <template v-else-if="col.name === 'duration'">{{ props.row.duration_text }}</template>
    <template v-else-if="col.name === 'error'">
      <span class="batches-error" :title="props.row.error">{{ props.row.error }}</span>
    </template>
    <template v-else>{{ col.value }}</template>
  </q-td>
</q-tr>
"""

CSS = """
.batches-table .q-table th, .batches-table .q-table td { font-size: 12.5px; padding: 4px 10px; height: 30px; }
.batches-table tr.batches-failed td { background: rgba(220,38,38,.07); }
.batches-error { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px;
  display: inline-block; max-width: 520px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
  vertical-align: bottom; }
.batches-bar { display: flex; height: 8px; border-radius: 4px; overflow: hidden; background: rgba(100,116,139,.15); }
.batches-bar > span { display: block; height: 100%; }
.batches-log { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px;
  white-space: pre-wrap; word-break: break-word; background: #0f172a; color: #e2e8f0; border-radius: 8px;
  padding: 8px 10px; max-height: 260px; overflow: auto; margin: 0; }
"""

# The mini-batch states shown as the step states they resemble, with their own words.
LOOKS = {"pending": ("Waiting", "pending"), "running": ("Running", "running"), "retrying": ("Retrying", "running"),
         "completed": ("Completed", "completed"), "reused": ("Reused", "cached"), "failed": ("Failed", "failed")}
BAR_ORDER = ("completed", "reused", "running", "retrying", "failed", "pending")


def _look(state: str) -> tuple[str, str, str]:
    label, like = LOOKS.get(state, (state, state))
    look = state_look(like)
    return label, look.icon, look.color


COLUMNS: list[dict[str, Any]] = [
    {"name": "batch", "label": "Mini-batch", "field": "batch", "align": "left", "sortable": True},
    {"name": "partition", "label": "Partition", "field": "partition", "align": "left", "sortable": True},
    {"name": "state", "label": "State", "field": "state", "align": "left", "sortable": True},
    {"name": "items", "label": "Items", "field": "items", "align": "right", "sortable": True},
    {"name": "duration", "label": "Duration", "field": "duration_s", "align": "right", "sortable": True},
    {"name": "retries", "label": "Retries", "field": "retries", "align": "right", "sortable": True},
    {"name": "error", "label": "Error", "field": "error", "align": "left", "sortable": True},
]


class BatchesTab:
    """The Mini-batches tab's content for one parallel step at a time (see the module docstring)."""

    def __init__(self, files: FileServer, container: ui.element) -> None:
        self.files = files
        self.container = container
        self.step: str | None = None
        self.table: ui.table | None = None
        self.summary: ui.label | None = None
        self.bar: ui.element | None = None
        self.logs: ui.column | None = None
        self._logs_shown: tuple[Any, ...] | None = None

    def show(self, view: BatchesView) -> None:
        """Show ``view``: built for a new step, else updated in place."""
        if view.step != self.step or self.table is None:
            self._build(view)
            return
        self.table.rows = rows_of(view)
        self.table.update()
        self._fill_summary(view)
        self._fill_logs(view)

    def _build(self, view: BatchesView) -> None:
        self.step = view.step
        self.container.clear()
        self._logs_shown = None
        with self.container:
            if not view.batches:
                with ui.column().classes("w-full items-center q-pa-lg gap-1"):
                    ui.icon("view_module", size="36px").classes("designer-muted")
                    ui.label("No mini-batches yet").classes("text-subtitle1")
                    ui.label("The step lists its mini-batches once it has cut its input; this tab fills in "
                             "while it runs.").classes("designer-muted")
                self.table = None
                return
            self.summary = ui.label().classes("text-body2").props('data-testid="batches-summary"')
            self.bar = ui.element("div").classes("batches-bar w-full").props('data-testid="batches-bar"')
            partitioned = any(b.partition for b in view.batches)
            cols = [c for c in COLUMNS if c["name"] != "partition" or partitioned]
            self.table = ui.table(columns=cols, rows=rows_of(view), row_key="batch", pagination=0).props(
                'flat dense bordered data-testid="batches-table" binary-state-sort').classes("w-full batches-table")
            self.table.add_slot("body", ROW)
            ui.label("Workers' logs").classes("text-subtitle2 text-weight-bold q-mt-sm")
            self.logs = ui.column().classes("w-full gap-1")
        self._fill_summary(view)
        self._fill_logs(view)

    def _fill_summary(self, view: BatchesView) -> None:
        counts = view.counts()
        total = len(view.batches)
        done = counts.get("completed", 0) + counts.get("reused", 0)
        parts = [f"{done:,}/{count_text(total, 'mini-batch', 'mini-batches')} done"]
        for state, word in (("running", "running"), ("retrying", "retrying"), ("failed", "failed"),
                            ("reused", "reused from an earlier run")):
            if counts.get(state):
                parts.append(f"{counts[state]:,} {word}")
        if self.summary is not None:
            self.summary.set_text(" · ".join(parts))
        if self.bar is not None:
            self.bar.clear()
            with self.bar:
                for state in BAR_ORDER:
                    n = counts.get(state, 0)
                    if n:
                        ui.element("span").style(f"width: {100 * n / max(1, total)}%; background: {_look(state)[2]}"
                                                 ).props(f'data-state="{state}"').tooltip(f"{n:,} {_look(state)[0].lower()}")

    def _fill_logs(self, view: BatchesView) -> None:
        shown = tuple((w.name, w.size) for w in view.workers)
        if self.logs is None or shown == self._logs_shown:
            return
        self._logs_shown = shown
        self.logs.clear()
        with self.logs:
            if not view.workers:
                ui.label("No worker has started yet.").classes("designer-muted text-caption")
            for w in view.workers:
                with ui.expansion(f"{w.name} · {human_size(w.size)}", icon="terminal").classes("w-full").props(
                        'dense data-testid="worker-log"'):
                    ui.label(w.tail or "(empty)").classes("batches-log w-full")
                    url = self.files.url(w.path)
                    if url:
                        ui.link("Open the whole log", url, new_tab=True).classes("text-primary text-caption")


def rows_of(view: BatchesView) -> list[dict[str, Any]]:
    """The table rows of ``view`` with each state's label, icon and colour."""
    rows = view.rows()
    for row in rows:
        label, icon, color = _look(row["state"])
        row.update(label=label, icon=icon, color=color, duration_text=duration_text(row["duration_s"]))
    return rows
