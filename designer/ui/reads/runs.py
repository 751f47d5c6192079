"""One page of the runs list, read from the store without NiceGUI: filters, rows, metric columns.

:class:`Filters` is what the list shows (state, pipeline, text, metric filter, metric columns, the
metric it is ordered by, page), kept in the address (``/runs?cols=accuracy&where=accuracy>0.9``);
:func:`load_runs_page` reads one page of it. Blocking: call through ``designer.ui.widgets.io``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from designer.errors import DesignerError
from designer.ui.format import SOURCES, duration_text, full_time, number_text, time_text
from designer.ui.reads.compare import metric_direction
from designer.ui.reads.run import run_duration
from designer.ui.states import state_look

if TYPE_CHECKING:
    from designer.store import RunRecord, Store

PAGE_SIZE = 50
RUN_STATES = ("running", "completed", "failed", "canceled", "interrupted")
MAX_COLUMNS = 8


@dataclass(frozen=True)
class Filters:
    """What the runs list shows: a state, a pipeline name, a text to look for, and a page (from 1);
    ``where`` filters by metrics (``accuracy > 0.9``), ``columns`` are the metric columns shown,
    ``sort`` orders by a metric's last value (``descending`` or not)."""

    state: str | None = None
    pipeline: str | None = None
    text: str | None = None
    page: int = 1
    where: str | None = None
    columns: tuple[str, ...] = ()
    sort: str | None = None
    descending: bool = True

    def query(self) -> str:
        """The ``?state=...&pipeline=...&q=...&page=...`` part of the address (empty when none)."""
        params = {k: v for k, v in (("state", self.state), ("pipeline", self.pipeline), ("q", self.text),
                                    ("where", self.where)) if v}
        if self.columns:
            params["cols"] = ",".join(self.columns)
        if self.sort:
            params["sort"] = ("-" if self.descending else "+") + self.sort
        if self.page > 1:
            params["page"] = str(self.page)
        return ("?" + urlencode(params)) if params else ""

    def shown_columns(self) -> tuple[str, ...]:
        """The metric columns: the chosen ones, then any metric the filter or the order names."""
        from designer.store import parse_metric_filters

        try:
            filtered = [f.name for f in parse_metric_filters(self.where)]
        except DesignerError:
            filtered = []
        return tuple(dict.fromkeys([*self.columns, *filtered, *([self.sort] if self.sort else [])]))


@dataclass
class RunsPage:
    """One page of the runs list as the table shows it; ``where_error`` says why the metric filter was not applied."""

    rows: list[dict[str, Any]]
    total: int
    pipelines: list[str]
    seq: int
    filters: Filters
    all_runs: int = 0
    error: str | None = None
    running: list[str] = field(default_factory=list)
    metric_names: list[str] = field(default_factory=list)
    where_error: str | None = None


def metric_key(name: str) -> str:
    """The table column name of metric ``name`` (kept apart from the fixed columns)."""
    return f"m:{name}"


def run_row(run: RunRecord, now: float, metrics: dict[str, float] | None = None) -> dict[str, Any]:
    """The table row of one run (plain JSON values only); ``metrics`` are its last values by name."""
    look = state_look(run.state)
    label, icon = SOURCES.get(run.source, (run.source.upper(), "help_outline"))
    return {
        "id": run.id,
        "name": run.name or "",
        "note": run.note or "",
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
        "metrics": {metric_key(k): number_text(v) for k, v in (metrics or {}).items()},
    }


def metric_columns(names: tuple[str, ...]) -> list[dict[str, Any]]:
    """Table columns for the metrics ``names`` (sortable; the arrow in the header says which way is better)."""
    out = []
    for name in names:
        direction = metric_direction(name)
        hint = {"up": " ↑", "down": " ↓"}.get(direction or "", "")
        out.append({"name": metric_key(name), "label": name + hint, "field": metric_key(name), "align": "right",
                    "sortable": True, "sortOrder": "ad" if direction == "down" else "da"})  # the better end first
    return out


def load_runs_page(store: Store, filters: Filters, page_size: int = PAGE_SIZE) -> RunsPage:
    """Read one page of runs, the total, the pipeline and metric names (blocking: call via ``run.io_bound``).

    A page beyond the last is brought back to the last one. A metric filter that does not read
    (``accuracy is high``) is not applied; ``where_error`` says why.
    """
    from designer.store import parse_metric_filters

    now = time.time()
    seq = store.latest_seq()
    where_error = None
    try:
        metric_filters = parse_metric_filters(filters.where)
    except DesignerError as exc:
        metric_filters, where_error = [], str(exc)
    kw: dict[str, Any] = {"state": filters.state, "pipeline": filters.pipeline, "text": filters.text,
                          "metrics": metric_filters}
    total = store.count_runs(**kw)
    last_page = max(1, -(-total // page_size))
    if filters.page > last_page:
        filters = replace(filters, page=last_page)
    runs = store.list_runs(**kw, offset=(filters.page - 1) * page_size, limit=page_size,
                           sort_metric=filters.sort, descending=filters.descending)
    unfiltered = filters.state is None and filters.pipeline is None and not filters.text and not metric_filters
    all_runs = total if unfiltered else store.count_runs()
    columns = filters.shown_columns()
    values = store.last_metrics([r.id for r in runs], columns)
    return RunsPage([run_row(r, now, values.get(r.id)) for r in runs], total, store.pipelines(), seq, filters,
                    all_runs, running=[r.id for r in runs if r.state == "running"],
                    metric_names=store.metric_names(), where_error=where_error)


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
    columns = tuple(dict.fromkeys(c.strip() for c in (request_query.get("cols") or "").split(",") if c.strip()))
    sort = (request_query.get("sort") or "").strip()
    descending = not sort.startswith(("+", " "))  # a "+" typed in an address reads as a space
    sort = sort.lstrip("+-").strip()
    return Filters(state, request_query.get("pipeline") or None, (request_query.get("q") or "").strip() or None, page,
                   (request_query.get("where") or "").strip() or None, columns[:MAX_COLUMNS], sort or None, descending)
