"""A step's results as a person reads them: metric cards, interactive charts, a comparison's winner,
and pictures that open in a viewer. The designer's step panel and the run page both draw them here.

Charts come from the ``charts.json`` the evaluation components write (see
:mod:`designer.ui.reads.charts`) and are drawn themed for light and dark by :mod:`designer.ui.charts`.
Names and paths come from files: they are label text or attributes, never parsed as props.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence

from nicegui import Client, ui

from designer.ui import charts
from designer.ui.format import metric_text
from designer.ui.reads.charts import Chart, Results, Verdict
from designer.ui.reads.metrics import MetricSeries
from designer.ui.widgets import attrs

CSS = """
.res-metrics { display: grid; grid-template-columns: repeat(auto-fill, minmax(118px, 1fr)); gap: 8px; width: 100%; }
.res-metric { border-radius: 10px; border: 1px solid rgba(100,116,139,.22); padding: 7px 10px; min-width: 0;
  background: rgba(100,116,139,.04); }
.res-metric .name { font-size: 12px; color: #64748b; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
body.body--dark .res-metric .name { color: #94a3b8; }
.res-metric .value { font-size: 19px; font-weight: 600; font-variant-numeric: tabular-nums; line-height: 1.3; }
.res-chart { border-radius: 10px; border: 1px solid rgba(100,116,139,.22); padding: 8px 8px 4px; width: 100%; }
.res-chart .title { font-size: 12.5px; font-weight: 600; color: #475569; padding: 0 4px; }
body.body--dark .res-chart .title { color: #cbd5e1; }
.res-verdict { border-radius: 10px; padding: 10px 12px; width: 100%;
  background: rgba(79,70,229,.08); border: 1px solid rgba(79,70,229,.3); }
body.body--dark .res-verdict { background: rgba(129,140,248,.12); border-color: rgba(129,140,248,.35); }
.res-verdict .winner { font-size: 16px; font-weight: 600; }
.res-thumb { cursor: zoom-in; border-radius: 8px; border: 1px solid rgba(100,116,139,.22); overflow: hidden;
  background: #fff; max-width: 100%; }
.res-thumb img { display: block; max-width: 100%; max-height: 260px; object-fit: contain; }
.res-viewer-stage { overflow: auto; background: repeating-conic-gradient(rgba(100,116,139,.10) 0 25%, transparent 0 50%)
  0 0 / 20px 20px; border-radius: 8px; }
.res-viewer-stage img { display: block; margin: auto; background: #fff; }
"""

_STYLED: weakref.WeakSet[Client] = weakref.WeakSet()


def use_css() -> None:
    """Add this module's styles to the page (once per page)."""
    client = ui.context.client
    if client not in _STYLED:
        _STYLED.add(client)
        ui.add_css(CSS)


def metric_cards(series: Sequence[MetricSeries]) -> None:
    """One card per metric: its name and its last value, rounded for reading (the exact value on hover)."""
    use_css()
    with attrs(ui.element("div").classes("res-metrics"), data_testid="metric-values"):
        for s in series:
            with ui.element("div").classes("res-metric") as card:
                card.props["data-metric"] = s.name  # free text from the step: set, not parsed
                card.props["data-value"] = repr(s.last)
                ui.label(s.name).classes("name").tooltip(s.name)
                ui.label(metric_text(s.last)).classes("value").tooltip(repr(s.last))
                if len(s.points) > 1:
                    ui.label(f"last of {len(s.points)}").classes("text-caption designer-muted")


def metric_lines(series: Sequence[MetricSeries], *, height: str = "220px") -> None:
    """A line chart for each metric logged more than once (a loss per epoch)."""
    for s in series:
        if len(s.points) > 1:
            chart = charts.echart(charts.line_option([(s.name, s.points)]), title=s.name, height=height,
                                  testid="metric-chart")
            chart.props["data-metric"] = s.name


def verdict_banner(verdict: Verdict) -> None:
    """A comparison's answer: the winner's name first, then the sentence with the numbers."""
    use_css()
    with attrs(ui.row().classes("res-verdict items-start no-wrap gap-3"), data_testid="verdict"):
        ui.icon("emoji_events" if verdict.winner else "balance", size="26px").classes("text-amber-500")
        with ui.column().classes("gap-0 min-w-0"):
            winner = attrs(ui.label(f"Winner: {verdict.winner}" if verdict.winner else "A tie").classes("winner"),
                           data_testid="winner")
            winner.props["data-winner"] = verdict.winner or ""
            ui.label(verdict.text).classes("text-sm designer-muted")


def chart_block(chart: Chart, *, height: str = "280px") -> None:
    """One chart of ``charts.json`` with its title above it (the title may be a long sentence)."""
    use_css()
    with attrs(ui.column().classes("res-chart gap-1"), data_testid="result-chart", data_chart=chart.id,
               data_kind=chart.kind):
        if chart.title:
            ui.label(chart.title).classes("title")
        tall = chart.kind == "heatmap" or (chart.kind == "bar" and _categories(chart) > 8)
        charts.echart(chart.option, height=f"{max(320, 24 * _categories(chart) + 90)}px" if tall else height)


def _categories(chart: Chart) -> int:
    for key in ("yAxis", "xAxis"):
        axis = chart.option.get(key)
        if isinstance(axis, dict) and axis.get("type") == "category":
            return len(axis.get("data") or [])
    return 0


def results_block(results: Results, *, height: str = "280px") -> None:
    """A step's verdict (when it compared models) and every chart its outputs describe."""
    if results.verdict is not None:
        verdict_banner(results.verdict)
    for chart in results.charts:
        chart_block(chart, height=height)


def image_thumb(url: str, name: str, *, testid: str = "step-image", download: str | None = None) -> None:
    """A picture a step wrote, small, with its name; a click opens it in the viewer."""
    use_css()
    with attrs(ui.element("div").classes("res-thumb"), data_testid=testid, data_name=name) as box:
        img = ui.element("img")
        img.props["src"] = url
        img.props["alt"] = name
        box.tooltip(f"{name} · click to enlarge")
    box.on("click", lambda: image_viewer(url, name, download=download))


def images_block(images: Sequence[tuple[str, str]]) -> None:
    """Thumbnails of ``(url, name)`` pictures, each opening in the viewer."""
    if not images:
        return
    with ui.row().classes("w-full gap-2 items-start"):
        for url, name in images:
            image_thumb(url, name)


ZOOMS = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0)


def image_viewer(url: str, name: str, *, download: str | None = None) -> ui.dialog:
    """A dialog showing one picture fitted to the window, with zoom in/out, actual size and fit.

    Returns the open dialog (it deletes itself when closed).
    """
    use_css()
    state: dict[str, float | None] = {"zoom": None}  # None: fitted to the window
    # in the page's root: the panel that opened it may be re-rendered by a run's events meanwhile
    with ui.context.client.layout, ui.dialog().props("maximized") as dialog, \
            ui.card().classes("w-full h-full q-pa-md column no-wrap gap-2"):
        attrs(dialog, data_testid="image-viewer")
        with ui.row().classes("w-full items-center no-wrap gap-1"):
            ui.icon("image", size="22px").classes("designer-muted")
            ui.label(name).classes("text-h6 ellipsis")
            ui.space()
            level = attrs(ui.label("Fit").classes("designer-muted text-sm q-mr-sm"), data_testid="zoom-level")
            buttons: list[tuple[str, str, str, Callable[[], None]]] = [
                ("zoom_out", "Zoom out", "zoom-out", lambda: step(-1)),
                ("zoom_in", "Zoom in", "zoom-in", lambda: step(1)),
                ("fit_screen", "Fit to the window", "zoom-fit", lambda: show(None)),
                ("crop_free", "Actual size", "zoom-actual", lambda: show(1.0)),
            ]
            for icon, tip, testid, action in buttons:
                attrs(ui.button(icon=icon, on_click=action).props("flat round dense"), data_testid=testid).tooltip(tip)
            if download:
                ui.button(icon="download", on_click=lambda: ui.download(download)).props(
                    "flat round dense").tooltip("Download")
            ui.button(icon="close", on_click=dialog.close).props('flat round dense data-testid="viewer-close"')
        with ui.element("div").classes("res-viewer-stage w-full grow").style("min-height: 0"):
            img = attrs(ui.element("img"), data_testid="viewer-image")
            img.props["src"] = url
            img.props["alt"] = name

    def show(zoom: float | None) -> None:
        state["zoom"] = zoom
        if zoom is None:
            img.style(replace="max-width: 100%; max-height: 100%; width: auto; height: auto; object-fit: contain")
            level.set_text("Fit")
        else:
            # the picture's own size times the zoom; the stage scrolls when it is larger
            img.style(replace=f"width: auto; height: auto; max-width: none; max-height: none; zoom: {zoom}")
            level.set_text(f"{round(zoom * 100)} %")
        img.props["data-zoom"] = "fit" if zoom is None else str(zoom)
        img.update()

    def step(direction: int) -> None:
        current = state["zoom"] or 1.0
        bigger = [z for z in ZOOMS if z > current]
        smaller = [z for z in ZOOMS if z < current]
        if direction > 0 and bigger:
            show(bigger[0])
        elif direction < 0 and smaller:
            show(smaller[-1])

    show(None)
    dialog.on("hide", dialog.delete)
    dialog.open()
    return dialog
