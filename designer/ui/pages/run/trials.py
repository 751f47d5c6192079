"""The run page's Trials tab: a sweep step's trials as a table sortable by the metric, and two charts.

The table has one row per trial (its hyperparameters, the primary metric, its state, duration and a
button opening its log); the best trial is marked, with the note that the step's outputs are the
best trial's. The charts (themed for light and dark by :func:`designer.ui.charts.echart`) show the
metric against each hyperparameter and the metric over the trials with the best so far. While the
sweep runs, the rows and charts are updated in place (the table keeps its sort order).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote, urlencode

from nicegui import ui

from designer.ui import charts
from designer.ui.format import duration_text
from designer.ui.reads.children import SweepView, over_trials_option, scatter_option
from designer.ui.states import state_look

if TYPE_CHECKING:
    from designer.engine.sweep.records import SweepRecord

ROW = r"""
<q-tr :props="props" data-testid="trial-row" :data-trial="props.row.trial" :data-value="props.row.value ?? ''"
      :data-best="props.row.best ? 'true' : 'false'" :class="{'trials-best': props.row.best}">
  <q-td v-for="col in props.cols" :key="col.name" :props="props">
    <template v-if="col.name === 'trial'">
      <q-icon v-if="props.row.best" name="emoji_events" size="16px" style="color: #d97706" class="q-mr-xs">
        <q-tooltip>The best trial: this step's outputs are its outputs</q-tooltip></q-icon>
      <span class="runs-mono">{{ props.row.trial }}</span>
    </template>
    <template v-else-if="col.name === 'value'">
      <span :class="{'text-weight-bold': props.row.best}" class="runs-mono">{{ props.row.value_text || '—' }}</span>
    </template>
    <template v-else-if="col.name === 'state'">
      <span class="runs-state" :style="{'--state': props.row.color}" :data-status="props.row.state">
        <q-icon :name="props.row.icon" />{{ props.row.label }}</span>
      <q-tooltip v-if="props.row.message" max-width="420px">{{ props.row.message }}</q-tooltip>
    </template>
    <template v-else-if="col.name === 'duration'">{{ props.row.duration_text }}</template>
    <template v-else-if="col.name === 'log'">
      <q-btn flat dense no-caps size="sm" icon="subject" label="Log" data-testid="trial-log"
             @click.stop="$parent.$emit('log', props.row)" />
    </template>
    <template v-else><span class="runs-mono">{{ props.row[col.name + '_text'] }}</span></template>
  </q-td>
</q-tr>
"""

CSS = """
.trials-table .q-table th, .trials-table .q-table td { font-size: 12.5px; padding: 4px 10px; height: 32px; }
.trials-table tr.trials-best td { background: rgba(217,119,6,.08); }
body.body--dark .trials-table tr.trials-best td { background: rgba(251,191,36,.10); }
.trials-charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 12px; }
.trials-chart { border: 1px solid rgba(100,116,139,.22); border-radius: 10px; padding: 8px 10px 4px; }
"""

STATE_LABELS = {"stopped": ("Stopped early", "front_hand", "#d97706"), "reused": ("Reused", "recycling", "#0d9488")}


class TrialsHost(Protocol):
    """What the tab needs of its run page."""

    def select(self, step: str | None, tab: str | None = None) -> None:
        """Show ``step`` of this run on ``tab`` in the step panel."""


def _state(row: dict[str, Any]) -> None:
    label, icon, color = STATE_LABELS.get(row["state"]) or (lambda look: (look.label, look.icon, look.color))(
        state_look(row["state"]))
    row.update(label=label, icon=icon, color=color, duration_text=duration_text(row["duration_s"]))


def columns(record: SweepRecord) -> list[dict[str, Any]]:
    """The table's columns: trial, one per hyperparameter, the metric, state, duration, log."""
    cols: list[dict[str, Any]] = [{"name": "trial", "label": "Trial", "field": "index", "align": "left",
                                   "sortable": True}]
    for i, name in enumerate(record.parameters()):
        cols.append({"name": f"p{i}", "label": name, "field": f"p{i}", "align": "left", "sortable": True})
    arrow = "↑" if record.maximize else "↓"
    cols += [
        {"name": "value", "label": f"{record.metric or 'metric'} {arrow}", "field": "value", "align": "right",
         "sortable": True, "headerClasses": "text-weight-bold"},
        {"name": "state", "label": "State", "field": "state", "align": "left", "sortable": True},
        {"name": "duration", "label": "Duration", "field": "duration_s", "align": "right", "sortable": True},
        {"name": "log", "label": "", "field": "trial", "align": "right"},
    ]
    return cols


class TrialsTab:
    """The Trials tab's content for one sweep step at a time (see the module docstring)."""

    def __init__(self, host: TrialsHost, run_id: str, container: ui.element) -> None:
        self.host = host
        self.run_id = run_id
        self.container = container
        self.step: str | None = None
        self.table: ui.table | None = None
        self.summary: ui.label | None = None
        self.charts: dict[str, charts.ThemedChart] = {}
        self._shape: tuple[Any, ...] | None = None

    def show(self, view: SweepView) -> None:
        """Show ``view``: rebuilt when the step or its hyperparameters changed, else updated in place."""
        record = view.record
        shape = (view.step, tuple(record.parameters()) if record else None, record.metric if record else None)
        if shape != self._shape:
            self._shape = shape
            self._build(view)
            return
        assert record is not None and self.table is not None
        rows = view.rows()
        for row in rows:
            _state(row)
        self.table.rows = rows
        self.table.update()
        if self.summary is not None:
            self.summary.set_text(summary_text(record))
        self._update_charts(record)

    def _build(self, view: SweepView) -> None:
        self.step = view.step
        self.container.clear()
        self.charts = {}
        record = view.record
        with self.container:
            if record is None:
                with ui.column().classes("w-full items-center q-pa-lg gap-1"):
                    ui.icon("science", size="36px").classes("designer-muted")
                    ui.label("No trials yet").classes("text-subtitle1")
                    ui.label("The sweep writes its trials as they start; this tab fills in while it runs.").classes(
                        "designer-muted")
                self.table = self.summary = None
                self._shape = None
                return
            with ui.row().classes("w-full items-center gap-2 no-wrap"):
                ui.icon("emoji_events", size="20px").style("color: #d97706")
                self.summary = ui.label(summary_text(record)).classes("text-body2").props(
                    'data-testid="trials-summary"')
            ui.label("This step's outputs are the best trial's outputs: the steps after it read the model "
                     "(or whatever the trial writes) of the trial marked with the cup.").classes(
                "designer-muted text-caption").props('data-testid="trials-best-note"')
            rows = view.rows()
            for row in rows:
                _state(row)
            self.table = ui.table(columns=columns(record), rows=rows, row_key="trial", pagination=0).props(
                'flat dense bordered data-testid="trials-table" binary-state-sort').classes("w-full trials-table")
            self.table.add_slot("body", ROW)
            self.table.on("log", lambda e: self._open_log(e.args))
            with ui.element("div").classes("trials-charts w-full"):
                with ui.element("div").classes("trials-chart"):
                    ui.label(f"{record.metric} by trial, with the best so far").classes("text-caption text-weight-medium")
                    self.charts["over"] = charts.echart(over_trials_option(record), height="230px",
                                                        testid="trials-chart-over")
                for name in record.parameters():
                    with ui.element("div").classes("trials-chart"):
                        ui.label(f"{record.metric} against {name}").classes("text-caption text-weight-medium")
                        self.charts[name] = charts.echart(scatter_option(record, name), height="230px",
                                                          testid="trials-chart-param")

    def _update_charts(self, record: SweepRecord) -> None:
        for key, chart in self.charts.items():
            option = over_trials_option(record) if key == "over" else scatter_option(record, key)
            if option != chart.raw:
                chart.raw = option
                chart.retheme(chart.props.get("data-theme") == "dark")

    def _open_log(self, row: Any) -> None:
        if not isinstance(row, dict):
            return
        step, run_id = str(row.get("log_step") or ""), str(row.get("log_run") or "")
        if not step:
            return
        if row.get("log_here"):
            self.host.select(step, "log")
        else:  # a trial reused with its whole sweep: its log is in the run that ran it
            ui.navigate.to(f"/runs/{quote(run_id)}?{urlencode({'step': step, 'tab': 'log'})}")


def summary_text(record: SweepRecord) -> str:
    """``6 of 6 trials · best accuracy 0.9999 (trial_0001: c=0.59, kernel=rbf)``."""
    from designer.ui.format import number_text, value_text

    counts: dict[str, int] = {}
    for t in record.trials:
        counts[t.state] = counts.get(t.state, 0) + 1
    parts = [f"{len(record.trials)} of {record.total} trials"]
    for state, word in (("running", "running"), ("failed", "failed"), ("stopped", "stopped early")):
        if counts.get(state):
            parts.append(f"{counts[state]} {word}")
    best = next((t for t in record.trials if t.trial == record.best_trial), None)
    if best is not None and best.value is not None:
        params = ", ".join(f"{k}={number_text(v) if isinstance(v, float) else value_text(v)}"
                           for k, v in best.params.items())
        parts.append(f"best {record.metric} {number_text(best.value)} ({best.trial}: {params})")
    else:
        parts.append(f"no trial has logged {record.metric} yet")
    return " · ".join(parts)
