"""What a step wrote, shown: metric values and charts, images, and each input or output with its
lineage, download and a preview (read off the loop when the card is opened).

Names and paths come from files: they are set as attributes or label text, never put into a props
string (an output named ``o" onclick="...`` must stay a name).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from nicegui import ui

from designer.ui import results as shown
from designer.ui.format import count_text, human_size
from designer.ui.reads import previews
from designer.ui.reads.charts import Results
from designer.ui.reads.metrics import MetricSeries
from designer.ui.table_view import open_table_view
from designer.ui.widgets import attrs, background, io, link

if TYPE_CHECKING:
    from designer.ui.files import FileServer

def metrics_block(series: Sequence[MetricSeries], images: Sequence[previews.ImageFile], files: FileServer,
                  *, empty: bool = False, results: Results | None = None) -> None:
    """Metric cards (the last value of each, rounded for reading), a line chart for each metric with
    several values, the charts and verdict of the step's outputs, and its other pictures (each opens
    in a viewer). A picture that a chart already shows is not shown again."""
    results = results or Results()
    charted = results.images
    pictures = [(url, image.name) for image in images if image.path not in charted
                and (url := files.url(image.path)) is not None]
    if not series and not pictures and not results.charts and results.verdict is None:
        if empty:
            ui.label("This step logged no metrics and wrote no images.").classes("designer-muted")
        return
    if results.verdict is not None:
        shown.verdict_banner(results.verdict)
    if series:
        shown.metric_cards(series)
        shown.metric_lines(series)
    for chart in results.charts:
        shown.chart_block(chart)
    shown.images_block(pictures)


async def artifact_card(a: Any, files: FileServer, run_id: str, select: Callable[[str, str], None], *,
                        expanded: bool) -> None:
    """One input or output: its name, type, size, lineage, download and (on opening) a preview.

    ``select(step, tab)`` shows another step of this run (a lineage link).
    """
    path = Path(a.path) if a.path else None
    url = files.url(path) if path is not None else None
    with ui.expansion(value=expanded).classes("w-full run-card").props("dense") as box:
        # the name is the user's text (an output may be called  o" onclick="...): set, never parsed
        attrs(box, data_testid="artifact", data_name=a.name, data_direction=a.direction)
        with box.add_slot("header"), ui.row().classes("w-full items-center no-wrap gap-2"):
            ui.icon("folder" if a.type in ("uri_folder", "mltable", "mlflow_model", "custom_model", "")
                    else "description", size="20px").classes("designer-muted")
            with ui.column().classes("gap-0 grow").style("min-width: 0"):
                with ui.row().classes("items-baseline gap-2 no-wrap"):
                    ui.label(a.name).classes("text-weight-bold")
                    if a.type:
                        ui.label(a.type).classes("text-caption designer-muted")
                    if a.size:
                        ui.label(human_size(a.size)).classes("text-caption designer-muted")
                _lineage(a, run_id, select)
        with ui.column().classes("w-full gap-2 q-pt-xs"):
            if path is not None:
                shown = files.relative(path)
                ui.label(shown[1].as_posix() if shown else str(path)).classes(
                    "runs-mono designer-muted").style("word-break: break-all")
            content = ui.column().classes("w-full gap-2")
    loaded = {"done": False}

    async def fill() -> None:
        if loaded["done"] or path is None:
            return
        loaded["done"] = True
        with content:
            spinner = ui.spinner()
        result = await io(previews.preview, path, allowed=files.allows)
        spinner.delete()
        with content:
            preview_block(result, files, url_outside=url is None)

    if path is None:
        with content:
            ui.label("No path: the input was left empty.").classes("designer-muted")
    box.on_value_change(lambda e: background(fill()) if e.value else None)
    if expanded:
        await fill()


def _lineage(a: Any, run_id: str, select: Callable[[str, str], None]) -> None:
    if a.direction != "input":
        return
    if a.produced_by_step:
        with ui.row().classes("items-center gap-1 text-caption no-wrap").props('data-testid="lineage"'):
            ui.icon("subdirectory_arrow_right", size="14px").classes("designer-muted")
            ui.label("from step").classes("designer-muted")
            if a.produced_by_run and a.produced_by_run != run_id:
                target = f"/runs/{quote(a.produced_by_run)}?" + urlencode({"step": a.produced_by_step, "tab": "outputs"})
                link(a.produced_by_step, target)
                ui.label("of run").classes("designer-muted")
                link(a.produced_by_run, f"/runs/{quote(a.produced_by_run)}")
            else:
                ui.link(a.produced_by_step).classes("text-primary cursor-pointer").on(
                    "click.prevent", lambda: select(a.produced_by_step, "outputs"))
                ui.label("of this run").classes("designer-muted")
    elif a.path:
        with ui.row().classes("items-center gap-1 text-caption no-wrap"):
            ui.icon("input", size="14px").classes("designer-muted")
            ui.label("external data").classes("designer-muted")


def preview_block(p: previews.Preview, files: FileServer, *, url_outside: bool = False) -> None:
    """Show one preview; a folder lists its files (each downloadable) and previews its main file."""
    if isinstance(p, previews.FolderPreview):
        charted = set()
        if p.results is not None:
            shown.results_block(p.results)
            charted = p.results.images
        if p.main is not None and p.main.path not in charted:
            ui.label(p.main.path.name).classes("text-caption text-weight-bold")
            preview_block(p.main, files)
        if not p.entries:
            ui.label("The folder is empty.").classes("designer-muted")
            return
        # The count is of the whole folder, not of the entries listed (a folder of 100,000 files lists 200)
        shown_files = sum(1 for e in p.entries if not e.is_dir)
        title = count_text(p.total_files, "file")
        if shown_files < p.total_files:
            title = f"showing {shown_files:,} of {title}"
        with ui.expansion(f"{title} · {human_size(p.total_size)}", icon="folder_open",
                          value=p.main is None).classes("w-full").props('dense data-testid="folder-listing"'):
            with ui.list().props("dense separator").classes("w-full"):
                for e in p.entries:
                    with ui.item().classes("q-px-xs"):
                        with ui.item_section().props("avatar").style("min-width: 28px"):
                            ui.icon("folder" if e.is_dir else "insert_drive_file", size="18px").classes(
                                "designer-muted")
                        with ui.item_section():
                            label = ui.item_label(e.name).classes("runs-mono").style("word-break: break-all")
                            picture = files.url(e.path) if e.path.suffix.lower() in previews.IMAGE_SUFFIXES else None
                            if picture is not None:  # a picture in the folder opens in the viewer
                                attrs(label.classes("text-primary cursor-pointer"), data_testid="open-image")
                                label.on("click", lambda u=picture, n=e.name, d=files.url(e.path, download=True):
                                         shown.image_viewer(u, n, download=d))
                        if not e.is_dir:
                            with ui.item_section().props("side"), ui.row().classes("items-center gap-1 no-wrap"):
                                ui.label(human_size(e.size)).classes("text-caption")
                                _download_button(files.url(e.path, download=True))
            if p.truncated:
                ui.label(f"Only the first {len(p.entries):,} of {p.total_entries:,} entries are listed.").classes(
                    "text-caption designer-muted").props('data-testid="folder-truncated"')
        return
    with ui.row().classes("w-full items-center gap-2 no-wrap"):
        if isinstance(p, previews.TablePreview):
            rows = "" if p.total_rows is None else f"{p.total_rows:,} rows · "
            ui.label(f"{p.format} · {rows}{len(p.columns)} columns").classes("text-caption designer-muted")
        elif isinstance(p, previews.TextPreview | previews.ImagePreview):
            ui.label(human_size(p.size)).classes("text-caption designer-muted")
        ui.space()
        if isinstance(p, previews.TablePreview):
            ui.button(icon="open_in_full", on_click=lambda: _table_dialog(p)).props(
                'flat round dense size=sm data-testid="preview-wide"').tooltip("Show wide")
        if not isinstance(p, previews.NoPreview) or p.size:
            _download_button(files.url(p.path, download=True))
    if isinstance(p, previews.TablePreview):
        _preview_table(p).style("max-height: 360px")
        if p.total_rows is not None and p.total_rows > len(p.rows):
            ui.label(f"The first {len(p.rows)} of {p.total_rows:,} rows.").classes("text-caption designer-muted")
    elif isinstance(p, previews.ImagePreview):
        url = files.url(p.path)
        if url:
            shown.image_thumb(url, p.path.name, testid="preview-image",
                              download=files.url(p.path, download=True))
    elif isinstance(p, previews.TextPreview):
        attrs(ui.label(p.text).classes("run-code w-full").style("max-height: 360px"),
              data_testid="preview-text", data_language=p.language)
        if p.truncated:
            ui.label(f"The first {human_size(len(p.text.encode()))} of "
                     f"{human_size(p.size)}.").classes("text-caption designer-muted")
    else:
        ui.label(p.message).classes("designer-muted").props('data-testid="preview-none"')
    if url_outside:
        ui.label("This file is outside the workspace, so it is not served.").classes("text-caption designer-muted")


def _preview_table(p: previews.TablePreview) -> ui.table:
    """The rows of a table preview with each column's type under its name."""
    columns = [{"name": f"c{i}", "label": c.name, "field": f"c{i}", "align": "left", "type": c.type}
               for i, c in enumerate(p.columns)]
    rows = [{f"c{i}": row.get(c.name) for i, c in enumerate(p.columns)} | {"_i": n} for n, row in enumerate(p.rows)]
    table = ui.table(columns=columns, rows=rows, row_key="_i").props(
        'flat dense bordered separator=cell wrap-cells=false data-testid="preview-table"').classes(
        "w-full run-preview-table")
    table.add_slot("header-cell", r"""
<q-th :props="props"><div>{{ props.col.label }}</div>
<div class="text-caption designer-muted" style="font-weight: 400">{{ props.col.type }}</div></q-th>""")
    return table


async def _table_dialog(p: previews.TablePreview) -> None:
    """The whole table across the window: paged, sortable, with column statistics (the designer's view)."""
    await open_table_view(p.path, p.path.name)


def _download_button(url: str | None) -> None:
    if url is None:
        return
    ui.button(icon="download", on_click=lambda: ui.download(url)).props(
        'flat round dense size=sm data-testid="download"').tooltip("Download")


# ------------------------------------------------------------------------------------------ live + actions
@dataclass(frozen=True)
class RecordedOutput:
    """An output known only from the step row (no artifact recorded)."""

    name: str
    path: str
    type: str = ""
    size: int = 0
    direction: str = "output"
    produced_by_run: str | None = None
    produced_by_step: str | None = None
    content_hash: str = ""




