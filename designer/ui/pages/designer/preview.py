"""Preview a finished step's output from the canvas (click an output's name on its card, or the
table button next to it in the side panel): the table view opens over the canvas, with paging,
sorting and column statistics, without adding a step."""

from __future__ import annotations

from nicegui import ui

from designer.ui.pages.designer.forms import PanelHost
from designer.ui.table_view import open_table_view

NOT_TABLES = frozenset({"mlflow_model", "custom_model"})  # models: their folders hold no table to page through


def produced(page: PanelHost, job: str, port: str) -> str | None:
    """Where output ``port`` of card ``job`` was written in the run the page follows (None: not yet)."""
    if page.run is None:
        return None
    prefix = "".join(f"{v}/" for v in page.session.view)
    step = page.run.steps.get(prefix + job)
    if step is None or step.status not in ("completed", "cached"):
        return None
    return step.outputs.get(port)


async def preview_output(page: PanelHost, job: str, port: str | None) -> None:
    """Open the table view of output ``port`` of ``job`` (its first output when None), or say why not."""
    node = page.session.current().jobs.get(job)
    comp = node.resolved if node is not None else None
    if comp is None or not comp.outputs:
        ui.notify(f"Step {job} has no outputs to preview.", type="warning")
        return
    name = port if port in comp.outputs else next(
        (o.name for o in comp.outputs.values() if o.type not in NOT_TABLES), next(iter(comp.outputs)))
    path = produced(page, job, name)
    if path is None:
        ui.notify(f"Run the pipeline first: {job} has not written {name} yet.", type="info", position="bottom")
        return
    await open_table_view(path, f"{job} · {name}")
