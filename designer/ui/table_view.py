"""The table view: one output table in a dialog, a page at a time, sortable by any column, with each
column's type and statistics (count, missing, mean, min/max, distinct and a small histogram).

The designer opens it from a finished step's output (no step needs to be added to see a table) and
the run page from its enlarged preview: one widget for both. Reads go through
:mod:`designer.ui.reads.tables` off the loop; they are bounded, and a sample says it is one.
Names and values come from files: label text and table data, never markup.
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any

from nicegui import Client, ui

from designer.ui.format import count_text, metric_text
from designer.ui.reads import tables
from designer.ui.reads.previews import NoPreview
from designer.ui.widgets import attrs, background, io

CSS = """
.tv-stats { display: flex; gap: 8px; overflow-x: auto; padding-bottom: 4px; flex: 0 0 auto; }
.tv-stat { flex: 0 0 188px; border-radius: 10px; border: 1px solid rgba(100,116,139,.22); padding: 8px 10px;
  font-size: 12px; background: rgba(100,116,139,.04); }
.tv-stat .name { font-weight: 600; font-size: 13px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.tv-stat .type { color: #64748b; }
body.body--dark .tv-stat .type, body.body--dark .tv-stat .k { color: #94a3b8; }
.tv-stat .kv { display: grid; grid-template-columns: auto 1fr; gap: 0 8px; margin-top: 4px; }
.tv-stat .k { color: #64748b; }
.tv-stat .v { text-align: right; font-variant-numeric: tabular-nums; overflow: hidden; text-overflow: ellipsis;
  white-space: nowrap; }
.tv-hist { display: flex; align-items: flex-end; gap: 2px; height: 36px; margin-top: 6px; }
.tv-hist > div { flex: 1 1 0; background: #6366f1; opacity: .75; border-radius: 2px 2px 0 0; min-height: 1px; }
body.body--dark .tv-hist > div { background: #818cf8; }
.tv-top { margin-top: 6px; display: grid; grid-template-columns: 1fr auto; gap: 1px 6px; }
.tv-top .bar { grid-column: 1 / 3; height: 3px; background: #6366f1; opacity: .6; border-radius: 2px; }
.tv-table { min-height: 0; }
.tv-table .q-table th, .tv-table .q-table td { font-size: 12px; padding: 3px 8px; height: 26px; }
.tv-table .q-table th { white-space: nowrap; }
"""

_STYLED: weakref.WeakSet[Client] = weakref.WeakSet()


def _use_css() -> None:
    client = ui.context.client
    if client not in _STYLED:
        _STYLED.add(client)
        ui.add_css(CSS)


def _value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return metric_text(float(value))
    return str(value)


def _stat_card(c: tables.ColumnStats) -> None:
    with attrs(ui.element("div").classes("tv-stat"), data_testid="column-stats") as card:
        card.props["data-column"] = c.name
        ui.label(c.name).classes("name").tooltip(c.name)
        ui.label(c.type).classes("type")
        with ui.element("div").classes("kv"):
            rows: list[tuple[str, str]] = [("count", f"{c.count:,}"), ("missing", f"{c.missing:,}"),
                                           ("distinct", f"{c.distinct:,}")]
            if c.mean is not None:
                rows.append(("mean", _value(c.mean)))
            if c.min is not None:
                rows += [("min", _value(c.min)), ("max", _value(c.max))]
            for key, value in rows:
                ui.label(key).classes("k")
                attrs(ui.label(value).classes("v"), data_stat=key)
        if not c.histogram:
            return
        top = max(n for _, n in c.histogram) or 1
        if c.mean is not None:  # numbers: a histogram of bins
            with attrs(ui.element("div").classes("tv-hist"), data_testid="histogram"):
                for label, n in c.histogram:
                    ui.element("div").style(f"height: {max(2, round(100 * n / top))}%").tooltip(f"{label}: {n:,}")
        else:  # text: the most frequent values
            with attrs(ui.element("div").classes("tv-top"), data_testid="top-values"):
                for label, n in c.histogram:
                    ui.label(label).classes("ellipsis").tooltip(label)
                    ui.label(f"{n:,}").classes("v")
                    ui.element("div").classes("bar").style(f"width: {max(2, round(100 * n / top))}%")


class TableView:
    """The dialog of one table: statistics on top, the paged and sortable rows below."""

    def __init__(self, path: Path, title: str) -> None:
        _use_css()
        self.path = path
        self.rows_per_page = tables.PAGE_ROWS
        self._total = 0  # rows the table has (server-side paging: the browser knows only a page)
        # in the page's root, not in the panel that opened it: a panel re-rendered by a run's events
        # would take the dialog with it
        with ui.context.client.layout, ui.dialog().props("maximized") as self.dialog, \
                ui.card().classes("w-full h-full q-pa-md column no-wrap gap-3"):
            attrs(self.dialog, data_testid="table-view")
            with ui.row().classes("w-full items-center no-wrap gap-2"):
                ui.icon("table_chart", size="24px").classes("designer-muted")
                ui.label(title).classes("text-h6 ellipsis")
                self.summary = attrs(ui.label().classes("designer-muted q-ml-sm"), data_testid="table-summary")
                ui.space()
                ui.button(icon="close", on_click=self.dialog.close).props(
                    'flat round dense data-testid="table-view-close"')
            self.stats_note = attrs(ui.label("Reading statistics…").classes("text-caption designer-muted"),
                                    data_testid="stats-note")
            self.stats = ui.element("div").classes("tv-stats w-full")
            self.note = attrs(ui.label().classes("text-caption designer-muted"), data_testid="sort-note")
            self.table = ui.table(columns=[], rows=[], row_key="_i", pagination={
                "page": 1, "rowsPerPage": self.rows_per_page, "rowsNumber": 0, "sortBy": None, "descending": False,
            }).props('flat dense bordered separator=cell wrap-cells=false data-testid="table-view-rows" '
                     ':rows-per-page-options="[25, 50, 100, 250]"').classes("w-full grow tv-table")
            self.table.add_slot("header-cell", r"""
<q-th :props="props"><span>{{ props.col.label }}</span>
<div class="text-caption designer-muted" style="font-weight: 400">{{ props.col.type }}</div></q-th>""")
            self.table.on("request", self._on_request)
            self.table.on_pagination_change(self._keep_total)
        self.dialog.on("hide", self.dialog.delete)

    async def open(self) -> None:
        """Show the dialog and read the first page and the statistics."""
        self.dialog.open()
        background(self._load_stats())
        await self._load(1, self.rows_per_page, None, False)

    def _keep_total(self, e: Any) -> None:
        # the browser reports its pagination as it was (a late "update:pagination" from when the
        # dialog opened would say 0 rows): the number of rows is the server's to say
        value = e.value if isinstance(e.value, dict) else {}
        if value.get("rowsNumber") != self._total:
            self.table.pagination = {**value, "rowsNumber": self._total}
            self.table.update()

    def _on_request(self, e: Any) -> None:
        p = (e.args or {}).get("pagination") or {}
        background(self._load(int(p.get("page") or 1), int(p.get("rowsPerPage") or self.rows_per_page),
                              p.get("sortBy") or None, bool(p.get("descending"))))

    async def _load(self, page: int, per_page: int, sort: str | None, descending: bool) -> None:
        per_page = per_page if per_page > 0 else tables.MAX_PAGE_ROWS
        self.table.props("loading")
        result = await io(tables.read_page, self.path, offset=(page - 1) * per_page, limit=per_page, sort=sort,
                          descending=descending)
        if self.table.is_deleted:
            return
        self.table.props(remove="loading")
        if isinstance(result, NoPreview):
            self.summary.set_text(result.message)
            return
        self.table.columns = [{"name": c.name, "label": c.name, "field": c.name, "align": "left", "type": c.type,
                               "sortable": True} for c in result.columns]
        self.table.rows = [dict(row, _i=result.offset + i) for i, row in enumerate(result.rows)]
        total = result.total_rows if result.total_rows is not None else result.offset + len(result.rows) + (
            per_page if len(result.rows) == per_page else 0)
        self._total = total
        self.table.pagination = {"page": page, "rowsPerPage": per_page, "rowsNumber": total,
                                 "sortBy": result.sort, "descending": result.descending}
        rows = "an unknown number of rows" if result.total_rows is None else count_text(result.total_rows, "row")
        self.summary.set_text(f"{result.format} · {rows} · {count_text(len(result.columns), 'column')}")
        if result.sorted_over is not None:
            self.note.set_text(f"Sorted over the first {result.sorted_over:,} rows (the table is too big to sort "
                               f"whole here).")
        else:
            self.note.set_text("")
        self.table.update()

    async def _load_stats(self) -> None:
        result = await io(tables.read_stats, self.path)
        if self.stats.is_deleted:
            return
        if isinstance(result, NoPreview):
            self.stats_note.set_text(result.message)
            return
        where = (f"Statistics of the first {result.rows:,} rows" + (
            f" of {result.total_rows:,}" if result.total_rows is not None else "") + " (a sample).") if result.sampled \
            else f"Statistics of all {result.rows:,} rows."
        self.stats_note.set_text(where)
        with self.stats:
            for c in result.columns:
                _stat_card(c)


async def open_table_view(path: str | Path, title: str) -> TableView:
    """Open the table view of the table at ``path`` (a file, or a folder holding one). Returns it."""
    view = TableView(Path(path), title)
    await view.open()
    return view
