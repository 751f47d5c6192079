"""A finished step's results in the designer's side panel: metric cards, the charts its outputs
describe, a comparison's winner and its pictures, so a person sees the answer without leaving the
canvas. Read off the loop when the panel is built; the run page shows the same with more room."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from nicegui import ui

from designer.engine.artifacts import StepDirs
from designer.errors import DesignerError
from designer.spec.model import Job
from designer.ui import results as shown
from designer.ui.pages.designer.forms import PanelHost, section
from designer.ui.reads import previews
from designer.ui.reads.charts import Results, read_results
from designer.ui.reads.metrics import MetricSeries, metric_series
from designer.ui.reads.run import step_metrics
from designer.ui.widgets import attrs, background, io

if TYPE_CHECKING:
    from designer.store import Store
    from designer.ui.live import StepView

DONE = ("completed", "cached")


@dataclass
class StepResults:
    """What a finished step has to show: metrics, charts and verdict, and its other pictures."""

    series: list[MetricSeries] = field(default_factory=list)
    results: Results = field(default_factory=Results)
    images: list[previews.ImageFile] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.series or self.results.charts or self.results.verdict or self.images)


def read_step_results(store: Store | None, run_id: str, path: str, step: StepView, step_dir: Path) -> StepResults:
    """Read ``step``'s metrics (from the store), charts (from its outputs) and pictures (blocking)."""
    metrics = []
    if store is not None:
        cached = step.status == "cached"
        metrics = step_metrics(store, run_id, path, step.reused_from_run if cached else None, step.reused_from_step)
    found = read_results(step.outputs)
    charted = found.images
    images = [i for i in previews.find_images(step_dir, limit=12) if i.path not in charted]
    return StepResults(metric_series(metrics), found, images)


def results_section(page: PanelHost, job: Job) -> None:
    """The results of step ``job`` in the run the page follows (nothing before it has finished)."""
    run_view = page.run
    if run_view is None:
        return
    path = "".join(f"{v}/" for v in page.session.view) + job.name
    step = run_view.steps.get(path)
    if step is None or step.status not in DONE:
        return
    box = attrs(ui.column().classes("w-full gap-2"), data_testid="step-results")
    store, files, run_id = page.ctx.store, page.ctx.files, run_view.run_id
    step_dir = StepDirs(run_view.run_dir / path).root
    if step.status == "cached" and step.reused_from_run:
        step_dir = StepDirs(run_view.run_dir.parent / step.reused_from_run / (step.reused_from_step or path)).root

    async def fill() -> None:
        try:
            found = await io(read_step_results, store, run_id, path, step, step_dir)
        except DesignerError:  # a run the store does not know (yet): nothing to show
            return
        if box.is_deleted or found.empty:
            return
        with box:
            section("Results")
            if found.results.verdict is not None:
                shown.verdict_banner(found.results.verdict)
            if found.series:
                shown.metric_cards(found.series)
                shown.metric_lines(found.series, height="180px")
            for chart in found.results.charts:
                shown.chart_block(chart, height="240px")
            if files is not None:
                shown.images_block([(url, i.name) for i in found.images if (url := files.url(i.path)) is not None])

    background(fill())
