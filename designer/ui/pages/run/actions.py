"""What a person can do to a run from its page: cancel it, re-run it, open it in the designer with its
parameters, delete it. Runs start and stop through :class:`~designer.ui.context.AppContext`; a
run's folders are deleted by the engine (``remove_run_folders``), never by UI code.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from nicegui import ui

from designer.engine.artifacts import remove_run_folders
from designer.errors import DesignerError
from designer.ui.format import sentence
from designer.ui.widgets import io

if TYPE_CHECKING:
    from designer.store import RunRecord, Store
    from designer.ui.context import AppContext


async def cancel(ctx: AppContext, run_id: str) -> bool:
    """Cancel run ``run_id`` and say so; returns False (and says why) when it could not be asked."""
    try:
        await ctx.cancel_run(run_id)
    except DesignerError as exc:
        ui.notify(str(exc), type="negative")
        return False
    ui.notify("Canceling the run: running steps are stopped", position="bottom-right")
    return True


async def rerun(ctx: AppContext, run: RunRecord) -> None:
    """Start the run's pipeline file again with its parameters and open the new run."""
    try:
        handle = await ctx.start_run(run.pipeline_file, parameters=run.parameters, rerun_of=run.id)
    except DesignerError as exc:
        ui.notify(f"Not started: {sentence(str(exc))}", type="negative", multi_line=True)
        return
    ui.navigate.to(f"/runs/{quote(handle.run_id)}")


def draft_with_parameters(ctx: AppContext, rel: str, parameters: dict[str, Any]) -> tuple[bool, list[str]]:
    """Keep the pipeline ``rel`` with the run's ``parameters`` as the designer's unsaved draft of it
    (through :class:`EditorSession`, as the designer itself does); the file is not changed, and
    unsaved edits of it already in a draft are kept.

    Returns ``(written, skipped)``: the parameters that no longer apply are listed in ``skipped``.
    Blocking.
    """
    from designer.spec import edit
    from designer.spec.model import DataValue
    from designer.ui.session import EditorSession, OpenFailure

    opened = EditorSession.open(ctx.workspace, ctx.registry, rel)
    if isinstance(opened, OpenFailure):
        return False, list(parameters)
    opened.restore_draft()  # unsaved edits already there are kept; the parameters go on top
    skipped: list[str] = []
    document = opened.document
    for name, value in parameters.items():
        current = document.inputs.get(name)
        given = Path(value) if isinstance(current, DataValue) and isinstance(value, str) and value else value
        try:
            opened.apply(partial(edit.set_pipeline_input, document, name, given))
        except DesignerError:
            skipped.append(name)
    if opened.dirty:
        opened.write_draft()
        return True, skipped
    opened.delete_draft()
    return True, skipped


async def open_in_designer(ctx: AppContext, run: RunRecord, rel: str) -> None:
    """Open pipeline ``rel`` in the designer with ``run``'s parameters as unsaved changes."""
    if run.parameters:
        try:
            _, skipped = await io(draft_with_parameters, ctx, rel, run.parameters)
        except (DesignerError, OSError) as exc:
            ui.notify(f"The parameters cannot be carried over: {exc}", type="warning")
            skipped = []
        if skipped:
            ui.notify(f"Not carried over (no longer in the pipeline): {', '.join(skipped)}", type="warning")
    ui.navigate.to("/designer?" + urlencode({"file": rel}))


def delete_run_files(store: Store, run_id: str, runs_dir: Path) -> list[str]:
    """Delete the run's records, then the folders the store says nothing else uses (blocking).

    Only folders inside ``runs_dir`` are ever removed (the engine's rule). Returns the folders removed.
    """
    return remove_run_folders(store.delete_run(run_id), runs_dir)


async def confirm_delete(ctx: AppContext, run: RunRecord) -> bool:
    """Ask, then delete the run and the files no other run uses; True when it was deleted."""
    store = ctx.store
    if store is None:
        return False
    try:
        users = await io(store.cache_users, run.id)
    except DesignerError as exc:
        ui.notify(str(exc), type="negative")
        return False
    with ui.dialog() as dialog, ui.card().classes("q-pa-lg").style("max-width: 520px").props(
            'data-testid="delete-dialog"'):
        ui.label("Delete this run?").classes("text-h6")
        ui.label(f"Run {run.id} of {run.pipeline_name or 'this pipeline'}: its record, logs and outputs are "
                 "removed from the workspace.").classes("designer-muted")
        if users:
            shown = ", ".join(users[:3]) + (f" and {len(users) - 3} more" if len(users) > 3 else "")
            with ui.row().classes("items-start no-wrap gap-2 q-mt-sm"):
                ui.icon("recycling", size="20px").style("color: #0d9488")
                ui.label(f"Outputs of this run are reused by {len(users)} later run{'s' if len(users) != 1 else ''} "
                         f"({shown}). Those outputs are kept so those runs stay complete.").classes("text-body2")
        with ui.row().classes("w-full justify-end gap-2 q-mt-md"):
            ui.button("Keep it", on_click=lambda: dialog.submit(False)).props("flat no-caps")
            ui.button("Delete", icon="delete", on_click=lambda: dialog.submit(True)).props(
                'unelevated no-caps color=negative data-testid="confirm-delete"')
    if not await dialog:
        return False
    try:
        folders = await io(delete_run_files, store, run.id, ctx.workspace.runs_dir)
    except DesignerError as exc:
        ui.notify(str(exc), type="negative")
        return False
    kept = "" if folders == [run.run_dir] or not users else " (outputs other runs reuse were kept)"
    ui.notify(f"Run {run.id} deleted{kept}", type="positive")
    ui.navigate.to("/runs")
    return True
