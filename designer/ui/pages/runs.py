"""The runs list (``/runs``).

The list is paged by the database (50 runs a page; 10,000 runs open as fast as 10) and follows the
run store's event log: a ``ui.timer`` asks for :meth:`Store.latest_seq` off the event loop and
reloads the page of runs when anything happened, so runs started from the CLI in another process
appear and move on their own.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from nicegui import ui

from designer.errors import DesignerError
from designer.ui.format import SOURCES, duration_text, full_time, time_text
from designer.ui.frame import frame
from designer.ui.reads.run import MAX_COMPARE, run_duration
from designer.ui.states import STATES, state_look
from designer.ui.widgets import BADGE_CSS, io, unavailable

if TYPE_CHECKING:
    from designer.store import RunRecord, Store
    from designer.ui.context import AppContext

PAGE_SIZE = 50
POLL_S = 1.0
RUN_STATES = ("running", "completed", "failed", "canceled", "interrupted")


CSS = """
.runs-table { border-radius: 12px; }
.runs-table thead th { font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .03em;
  color: #64748b; }
.runs-table tbody td { font-size: 13.5px; }
.runs-table a.runs-link { color: inherit; text-decoration: none; font-weight: 600; }
.runs-table a.runs-link:hover { text-decoration: underline; color: var(--q-primary); }
body.body--dark .runs-table { background: #111a2e; }
.runs-chip-reused { color: #0d9488; font-weight: 600; }
.runs-states { border: 1px solid rgba(100,116,139,.35); border-radius: 8px; background: #fff; }
body.body--dark .runs-states { background: #111a2e; }
body.body--dark .runs-states .q-btn:not(.bg-primary) { color: #cbd5e1 !important; }
"""


# ------------------------------------------------------------------------------------------ data


@dataclass(frozen=True)
class Filters:
    """What the runs list shows: a state, a pipeline name, a text to look for, and a page (from 1)."""

    state: str | None = None
    pipeline: str | None = None
    text: str | None = None
    page: int = 1

    def query(self) -> str:
        """The ``?state=...&pipeline=...&q=...&page=...`` part of the address (empty when none)."""
        params = {k: v for k, v in (("state", self.state), ("pipeline", self.pipeline), ("q", self.text)) if v}
        if self.page > 1:
            params["page"] = str(self.page)
        return ("?" + urlencode(params)) if params else ""


@dataclass
class RunsPage:
    """One page of the runs list as the table shows it."""

    rows: list[dict[str, Any]]
    total: int
    pipelines: list[str]
    seq: int
    filters: Filters
    all_runs: int = 0
    error: str | None = None
    running: list[str] = field(default_factory=list)


def run_row(run: RunRecord, now: float) -> dict[str, Any]:
    """The table row of one run (plain JSON values only)."""
    look = state_look(run.state)
    label, icon = SOURCES.get(run.source, (run.source.upper(), "help_outline"))
    return {
        "id": run.id,
        "pipeline": run.pipeline_name or "(unnamed)",
        "file": run.pipeline_file,
        "state": run.state,
        "state_label": look.label,
        "state_icon": look.icon,
        "state_color": look.color,
        "started": time_text(run.started_at, now),
        "started_full": full_time(run.started_at),
        "started_at": run.started_at,
        "duration": duration_text(run_duration(run, now)),
        "steps": f"{run.steps_done}/{run.steps_total}" if run.state == "running" else str(run.steps_total),
        "reused": run.steps_reused,
        "source": label,
        "source_icon": icon,
        "error": (run.error or "").strip().splitlines()[0][:200] if run.error else "",
    }


def load_runs_page(store: Store, filters: Filters, page_size: int = PAGE_SIZE) -> RunsPage:
    """Read one page of runs, the total and the pipeline names (blocking: call via ``run.io_bound``).

    A page beyond the last is brought back to the last one.
    """
    now = time.time()
    seq = store.latest_seq()
    total = store.count_runs(state=filters.state, pipeline=filters.pipeline, text=filters.text)
    last_page = max(1, -(-total // page_size))
    if filters.page > last_page:
        filters = Filters(filters.state, filters.pipeline, filters.text, last_page)
    runs = store.list_runs(state=filters.state, pipeline=filters.pipeline, text=filters.text,
                           offset=(filters.page - 1) * page_size, limit=page_size)
    unfiltered = filters.state is None and filters.pipeline is None and not filters.text
    all_runs = total if unfiltered else store.count_runs()
    return RunsPage([run_row(r, now) for r in runs], total, store.pipelines(), seq, filters, all_runs,
                    running=[r.id for r in runs if r.state == "running"])


# ------------------------------------------------------------------------------------------ the list


TABLE_BODY = r"""
<q-tr :props="props" data-testid="run-row" :data-run="props.row.id" :data-status="props.row.state"
      class="cursor-pointer" @click="(e) => { if (!e.target.closest('a, .q-checkbox')) $parent.$emit('open', props.row.id) }">
  <q-td auto-width>
    <q-checkbox dense v-model="props.selected" :data-testid="'select-' + props.row.id" />
  </q-td>
  <q-td key="state" :props="props">
    <span class="runs-state" :style="{'--state': props.row.state_color}" :data-status="props.row.state">
      <q-icon :name="props.row.state_icon" />{{ props.row.state_label }}
    </span>
  </q-td>
  <q-td key="pipeline" :props="props">
    <a class="runs-link" :href="'/runs/' + encodeURIComponent(props.row.id)">{{ props.row.pipeline }}</a>
    <div class="runs-mono designer-muted">{{ props.row.id }}</div>
    <div v-if="props.row.error" class="text-negative ellipsis" style="max-width: 420px; font-size: 12px"
         :title="props.row.error">{{ props.row.error }}</div>
  </q-td>
  <q-td key="started" :props="props"><span :title="props.row.started_full">{{ props.row.started }}</span></q-td>
  <q-td key="duration" :props="props">{{ props.row.duration }}</q-td>
  <q-td key="steps" :props="props">
    {{ props.row.steps }}
    <span v-if="props.row.reused" class="runs-chip-reused q-ml-xs" :title="props.row.reused + ' reused from earlier runs'">
      <q-icon name="recycling" size="14px" /> {{ props.row.reused }}
    </span>
  </q-td>
  <q-td key="source" :props="props">
    <q-icon :name="props.row.source_icon" size="16px" class="designer-muted q-mr-xs" />{{ props.row.source }}
  </q-td>
</q-tr>
"""

COLUMNS = [
    {"name": "state", "label": "State", "field": "state", "align": "left"},
    {"name": "pipeline", "label": "Pipeline / run", "field": "pipeline", "align": "left"},
    {"name": "started", "label": "Started", "field": "started_at", "align": "left"},
    {"name": "duration", "label": "Duration", "field": "duration", "align": "left"},
    {"name": "steps", "label": "Steps · reused", "field": "steps", "align": "left"},
    {"name": "source", "label": "Started from", "field": "source", "align": "left"},
]


def pipeline_options(page: RunsPage) -> dict[str, str]:
    """The pipeline filter's choices: every pipeline with runs, and the one asked for even when it has
    none (``/runs?pipeline=<a pipeline with no runs>`` shows an empty list, not an error)."""
    options = {"": "All pipelines", **{p: p for p in page.pipelines}}
    if page.filters.pipeline and page.filters.pipeline not in options:
        options[page.filters.pipeline] = page.filters.pipeline
    return options


def filters_from(request_query: dict[str, str]) -> Filters:
    """The :class:`Filters` of a ``/runs?...`` address; unknown values are ignored."""
    state = request_query.get("state") or None
    if state not in RUN_STATES:
        state = None
    try:
        page = max(1, int(request_query.get("page") or 1))
    except ValueError:
        page = 1
    return Filters(state, request_query.get("pipeline") or None, (request_query.get("q") or "").strip() or None, page)


async def runs_list(ctx: AppContext, filters: Filters) -> None:
    """Build the runs list page body (the frame is already there)."""
    ui.add_css(BADGE_CSS)
    ui.add_css(CSS)
    if unavailable(ctx) or ctx.store is None:
        return
    store = ctx.store
    try:
        data = await io(load_runs_page, store, filters)
    except DesignerError as exc:
        with ui.column().classes("w-full items-center q-pa-xl"):
            ui.label("The runs cannot be read").classes("text-h6")
            ui.label(str(exc)).classes("designer-muted")
        return
    state: dict[str, Any] = {"filters": data.filters, "seq": data.seq, "busy": False}

    with ui.column().classes("w-full max-w-[1240px] mx-auto q-px-lg q-pt-md q-pb-xl gap-3"):
        with ui.row().classes("w-full items-end justify-between no-wrap"):
            with ui.column().classes("gap-0"):
                ui.label("Runs").classes("text-h5 text-weight-bold")
                summary = ui.label().classes("designer-muted").props('data-testid="runs-summary"')
            compare = ui.button("Compare", icon="compare_arrows").props(
                'unelevated no-caps data-testid="compare-button"')
        with ui.row().classes("w-full items-center gap-3 no-wrap"):
            state_toggle = ui.toggle({"": "All", **{s: STATES[s].label for s in RUN_STATES}},
                                     value=data.filters.state or "").props(
                'no-caps unelevated toggle-color=primary color=transparent text-color=grey-8 padding="6px 12px" '
                'data-testid="state-filter"').classes("runs-states")
            pipeline_select = ui.select(pipeline_options(data), value=data.filters.pipeline or "", label="Pipeline").props(
                'dense outlined options-dense data-testid="pipeline-filter"').classes("min-w-[220px]")
            search = ui.input(placeholder="Search run id, pipeline or file", value=data.filters.text or "").props(
                'dense outlined clearable debounce=300 data-testid="run-search"').classes("grow")
            with search.add_slot("prepend"):
                ui.icon("search")

        table = ui.table(columns=COLUMNS, rows=data.rows, row_key="id", selection="multiple",
                         pagination={"rowsPerPage": PAGE_SIZE, "page": data.filters.page, "rowsNumber": data.total})
        table.classes("w-full runs-table designer-card").props(
            'flat bordered :rows-per-page-options="[50]" data-testid="runs-table" '
            ":selected-rows-label=\"n => n + (n === 1 ? ' run' : ' runs') + ' ticked'\"")
        table.add_slot("body", TABLE_BODY)
        table.on("open", lambda e: ui.navigate.to(f"/runs/{e.args}"))
        with table.add_slot("no-data"):
            empty = ui.column().classes("w-full items-center q-pa-lg gap-1").props('data-testid="runs-empty"')

    def show_empty(page: RunsPage) -> None:
        empty.clear()
        with empty:
            if page.all_runs == 0:
                ui.icon("play_circle_outline", size="40px").classes("designer-muted")
                ui.label("No runs yet").classes("text-subtitle1 text-weight-medium")
                ui.label("Open a pipeline in the designer and press Run, or run "
                         "'designer run pipeline.yml' in the workspace.").classes("designer-muted")
                ui.button("Open the designer", icon="account_tree",
                          on_click=lambda: ui.navigate.to("/designer")).props("flat no-caps")
            else:
                ui.icon("filter_alt_off", size="40px").classes("designer-muted")
                ui.label("No run matches these filters").classes("text-subtitle1 text-weight-medium")
                ui.button("Clear filters", on_click=clear_filters).props("flat no-caps")

    def show(page: RunsPage) -> None:
        state["filters"] = page.filters
        state["seq"] = page.seq
        table.rows = page.rows
        table.pagination = {"rowsPerPage": PAGE_SIZE, "page": page.filters.page, "rowsNumber": page.total}
        table.update()
        shown = "" if page.total == page.all_runs else f"{page.total:,} shown, "
        summary.text = f"{shown}{page.all_runs:,} run{'s' if page.all_runs != 1 else ''} in {ctx.workspace.root.name}"
        options = pipeline_options(page)
        if pipeline_select.options != options:
            pipeline_select.set_options(options, value=page.filters.pipeline or "")
        show_empty(page)
        # Keep the address in step with the filters, so reload and back show the same list.
        ui.run_javascript(f"history.replaceState(history.state, '', '/runs{page.filters.query()}')")

    async def reload(filters: Filters | None = None) -> None:
        state["busy"] = True
        try:
            page = await io(load_runs_page, store, filters or state["filters"])
        except DesignerError as exc:
            ui.notify(str(exc), type="negative")
            return
        finally:
            state["busy"] = False
        show(page)

    def refilter() -> Filters:
        return Filters(state_toggle.value or None, pipeline_select.value or None,
                       (search.value or "").strip() or None, 1)

    async def on_filter() -> None:
        table.selected = []
        update_compare()
        await reload(refilter())

    async def clear_filters() -> None:
        state_toggle.value = ""
        pipeline_select.value = ""
        search.value = ""
        await reload(Filters())

    async def on_request(e: Any) -> None:
        pagination = (e.args or {}).get("pagination", {})
        current: Filters = state["filters"]
        await reload(Filters(current.state, current.pipeline, current.text, int(pagination.get("page") or 1)))

    def update_compare() -> None:
        n = len(table.selected)
        compare.text = f"Compare {n} runs" if n >= 2 else "Compare"
        compare.set_enabled(2 <= n <= MAX_COMPARE)

    def open_compare() -> None:
        ids = [row["id"] for row in table.selected][:MAX_COMPARE]
        if len(ids) >= 2:
            ui.navigate.to("/runs/compare?" + urlencode({"ids": ",".join(ids)}))

    async def poll() -> None:
        if state["busy"]:
            return
        try:
            seq = await io(store.latest_seq)
        except DesignerError:
            return  # a busy database now and then: the next tick tries again
        if seq != state["seq"]:
            await reload()

    state_toggle.on_value_change(on_filter)
    pipeline_select.on_value_change(on_filter)
    search.on_value_change(on_filter)
    table.on("request", on_request)
    table.on_select(lambda _: update_compare())
    compare.on_click(open_compare)
    with compare:
        ui.tooltip(f"Tick 2 to {MAX_COMPARE} runs of a pipeline to compare them")
    update_compare()
    show(data)
    ui.timer(POLL_S, poll)


# ------------------------------------------------------------------------------------------ registration


def register(ctx: AppContext) -> None:
    """Add ``/runs`` (the list of runs) to the app."""

    @ui.page("/runs", title="Runs · Pipeline Designer")
    async def runs_page(state: str | None = None, pipeline: str | None = None, q: str | None = None,
                        page: str | None = None) -> None:
        frame("runs", title="Runs")
        await runs_list(ctx, filters_from({"state": state or "", "pipeline": pipeline or "", "q": q or "",
                                            "page": page or ""}))
