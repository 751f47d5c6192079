"""The runs list (``/runs``).

The list is paged by the database (50 runs a page; 10,000 runs open as fast as 10) and follows the
run store's event log: a ``ui.timer`` asks for :meth:`Store.latest_seq` off the event loop and
reloads the page of runs when anything happened, so runs started from the CLI in another process
appear and move on their own.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from nicegui import ui

from designer.errors import DesignerError
from designer.ui.frame import frame
from designer.ui.reads.run import MAX_COMPARE
from designer.ui.reads.runs import (
    MAX_COLUMNS,
    PAGE_SIZE,
    RUN_STATES,
    Filters,
    RunsPage,
    filters_from,
    load_runs_page,
    metric_columns,
    pipeline_options,
    run_row,
)
from designer.ui.states import STATES
from designer.ui.widgets import BADGE_CSS, io, unavailable

if TYPE_CHECKING:
    from designer.ui.context import AppContext

# The reads are importable from here too (tests and older callers).
__all__ = ["PAGE_SIZE", "RUN_STATES", "Filters", "RunsPage", "filters_from", "load_runs_page", "pipeline_options",
           "register", "run_row", "runs_list"]

POLL_S = 1.0
COLUMNS_KEY = "designer.runs.columns"  # the browser remembers the chosen metric columns (localStorage)


CSS = """
.runs-table { border-radius: 12px; }
.runs-table thead th { font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .03em;
  color: #64748b; }
.runs-table tbody td { font-size: 13.5px; }
.runs-table a.runs-link { color: inherit; text-decoration: none; font-weight: 600; }
.runs-table a.runs-link:hover { text-decoration: underline; color: var(--q-primary); }
body.body--dark .runs-table { background: #111a2e; }
.runs-chip-reused { color: #0d9488; font-weight: 600; }
.runs-table td.runs-metric { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  font-variant-numeric: tabular-nums; }
.runs-states { border: 1px solid rgba(100,116,139,.35); border-radius: 8px; background: #fff; }
body.body--dark .runs-states { background: #111a2e; }
body.body--dark .runs-states .q-btn:not(.bg-primary) { color: #cbd5e1 !important; }
"""


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
    <div v-if="props.row.name" class="runs-name" data-testid="run-name">
      <a class="runs-link" :href="'/runs/' + encodeURIComponent(props.row.id)">{{ props.row.name }}</a>
      <span class="designer-muted q-ml-xs">· {{ props.row.pipeline }}</span>
    </div>
    <a v-else class="runs-link" :href="'/runs/' + encodeURIComponent(props.row.id)">{{ props.row.pipeline }}</a>
    <div class="runs-mono designer-muted">{{ props.row.id }}
      <q-icon v-if="props.row.note" name="sticky_note_2" size="14px" class="q-ml-xs" data-testid="run-has-note"
              :title="props.row.note" />
    </div>
    <div v-if="props.row.error" class="text-negative ellipsis" style="max-width: 420px; font-size: 12px"
         :title="props.row.error">{{ props.row.error }}</div>
  </q-td>
  <q-td key="started" :props="props"><span :title="props.row.started_full">{{ props.row.started }}</span></q-td>
  <q-td key="duration" :props="props">{{ props.row.duration }}</q-td>
  <q-td key="steps" :props="props">
    <span data-testid="run-steps">{{ props.row.steps }}</span>
    <span v-if="props.row.reused" class="runs-chip-reused q-ml-xs" :title="props.row.reused + ' reused from earlier runs'">
      <q-icon name="recycling" size="14px" /> {{ props.row.reused }}
    </span>
  </q-td>
  <q-td key="source" :props="props">
    <q-icon :name="props.row.source_icon" size="16px" class="designer-muted q-mr-xs" />{{ props.row.source }}
  </q-td>
  <q-td v-for="col in props.cols.filter(c => c.name.startsWith('m:'))" :key="col.name" :props="props"
        class="runs-metric" data-testid="metric-cell" :data-metric="col.name.slice(2)">
    {{ props.row.metrics[col.name] ?? '—' }}
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
    state: dict[str, Any] = {"filters": data.filters, "seq": data.seq, "busy": 0, "asked": 0}

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
            search = ui.input(placeholder="Search run id, name, note, pipeline or file", value=data.filters.text or "").props(
                'dense outlined clearable debounce=300 data-testid="run-search"').classes("grow")
            with search.add_slot("prepend"):
                ui.icon("search")
        with ui.row().classes("w-full items-center gap-3 no-wrap"):
            chosen = list(data.filters.columns)
            columns_select = ui.select(sorted({*data.metric_names, *chosen}), value=chosen, multiple=True,
                                       label="Metric columns").props(
                f'dense outlined use-chips options-dense clearable max-values={MAX_COLUMNS} '
                'data-testid="metric-columns"').classes("min-w-[300px]")
            columns_select.tooltip("Show the last value of these metrics for each run; click a column to sort")
            where = ui.input(placeholder="Filter by metrics, e.g. accuracy > 0.9", value=data.filters.where or "").props(
                'dense outlined clearable debounce=500 data-testid="metric-filter"').classes("grow")
            with where.add_slot("prepend"):
                ui.icon("filter_alt")

        table = ui.table(columns=COLUMNS + metric_columns(data.filters.shown_columns()), rows=data.rows, row_key="id",
                         selection="multiple", pagination=_pagination(data))
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
        table.columns = COLUMNS + metric_columns(page.filters.shown_columns())
        table.rows = page.rows
        table.pagination = _pagination(page)
        table.update()
        names = sorted({*page.metric_names, *page.filters.columns})
        if columns_select.options != names:
            columns_select.set_options(names, value=list(page.filters.columns))
        if page.where_error:  # set as values, never parsed as props: the message quotes what was typed
            where.props["error"] = True
            where.props["error-message"] = page.where_error
        else:
            where.props["error"] = False
            where.props["error-message"] = ""
        where.update()
        shown = "" if page.total == page.all_runs else f"{page.total:,} shown, "
        summary.text = f"{shown}{page.all_runs:,} run{'s' if page.all_runs != 1 else ''} in {ctx.workspace.root.name}"
        options = pipeline_options(page)
        if pipeline_select.options != options:
            pipeline_select.set_options(options, value=page.filters.pipeline or "")
        show_empty(page)
        # Keep the address in step with the filters, so reload and back show the same list.
        ui.run_javascript(f"history.replaceState(history.state, '', '/runs{page.filters.query()}')")

    async def reload(filters: Filters | None = None) -> None:
        """Load and show the list for ``filters`` (the current ones by default).

        Only the newest request is shown: a poll's load that started before the person changed a
        filter may end after the filter's load, and would bring the old list (and filters) back.
        """
        state["asked"] += 1
        asked = state["asked"]
        state["busy"] += 1
        try:
            page = await io(load_runs_page, store, filters or state["filters"])
        except DesignerError as exc:
            ui.notify(str(exc), type="negative")
            return
        finally:
            state["busy"] -= 1
        if asked == state["asked"]:
            show(page)

    def refilter() -> Filters:
        current: Filters = state["filters"]
        return replace(current, state=state_toggle.value or None, pipeline=pipeline_select.value or None,
                       text=(search.value or "").strip() or None, page=1, where=(where.value or "").strip() or None,
                       columns=tuple(columns_select.value or ()))

    async def on_columns() -> None:
        remember(list(columns_select.value or ()))
        await reload(refilter())

    async def on_filter() -> None:
        table.selected = []
        update_compare()
        await reload(refilter())

    async def clear_filters() -> None:
        state_toggle.value = ""
        pipeline_select.value = ""
        search.value = ""
        where.value = ""
        current: Filters = state["filters"]
        await reload(Filters(columns=current.columns))

    async def on_request(e: Any) -> None:
        pagination = (e.args or {}).get("pagination", {})
        current: Filters = state["filters"]
        sort_by = str(pagination.get("sortBy") or "")
        sort = sort_by[2:] if sort_by.startswith("m:") else None
        await reload(replace(current, page=int(pagination.get("page") or 1), sort=sort,
                             descending=bool(pagination.get("descending", True)) if sort else True))

    def remember(columns: list[str]) -> None:
        ui.run_javascript(f"localStorage.setItem({json.dumps(COLUMNS_KEY)}, {json.dumps(json.dumps(columns))})")

    async def restore_columns() -> None:
        """Bring back the metric columns chosen last time (kept by the browser) when the address names none."""
        try:
            await ui.context.client.connected()
            saved = await ui.run_javascript(f"localStorage.getItem({json.dumps(COLUMNS_KEY)})", timeout=5)
        except TimeoutError:
            return
        try:
            names = [str(n) for n in json.loads(saved)][:MAX_COLUMNS] if saved else []
        except (ValueError, TypeError):
            return
        if names and not state["filters"].columns:
            columns_select.value = names  # its change handler reloads the list

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
    where.on_value_change(on_filter)
    columns_select.on_value_change(on_columns)
    table.on("request", on_request)
    table.on_select(lambda _: update_compare())
    compare.on_click(open_compare)
    with compare:
        ui.tooltip(f"Tick 2 to {MAX_COMPARE} runs of a pipeline to compare them")
    update_compare()
    show(data)
    ui.timer(POLL_S, poll)
    if not data.filters.columns:
        await restore_columns()


def _pagination(page: RunsPage) -> dict[str, Any]:
    f = page.filters
    return {"rowsPerPage": PAGE_SIZE, "page": f.page, "rowsNumber": page.total,
            "sortBy": f"m:{f.sort}" if f.sort else None, "descending": f.descending}


# ------------------------------------------------------------------------------------------ registration


def register(ctx: AppContext) -> None:
    """Add ``/runs`` (the list of runs) to the app."""

    @ui.page("/runs", title="Runs · Pipeline Designer")
    async def runs_page(state: str | None = None, pipeline: str | None = None, q: str | None = None,
                        page: str | None = None, where: str | None = None, cols: str | None = None,
                        sort: str | None = None) -> None:
        frame("runs", title="Runs")
        await runs_list(ctx, filters_from({"state": state or "", "pipeline": pipeline or "", "q": q or "",
                                            "page": page or "", "where": where or "", "cols": cols or "",
                                            "sort": sort or ""}))
