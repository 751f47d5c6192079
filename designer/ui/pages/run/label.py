"""A run's name and note on the run page: shown under the header, edited in a small dialog.

The name is one line (the runs list and the compare page show it instead of the id); the note is
free text (why the run was made, what it showed). Both are saved with :meth:`Store.label_run`, off
the event loop; a refusal (a name over 200 characters) is shown at the field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from nicegui import ui

from designer.errors import DesignerError
from designer.ui.widgets import io

if TYPE_CHECKING:
    from designer.store import Store

CSS = """
.run-label { font-size: 13px; gap: 4px 10px; }
.run-note { white-space: pre-wrap; overflow-wrap: anywhere; max-width: 900px; color: #475569; }
body.body--dark .run-note { color: #cbd5e1; }
"""


class RunLabel:
    """The name/note row of one run page; ``on_saved(name, note)`` is called after a save."""

    def __init__(self, store: Store, run_id: str, name: str | None, note: str | None,
                 on_saved: Callable[[str | None, str | None], None]) -> None:
        ui.add_css(CSS)
        self.store = store
        self.run_id = run_id
        self.name = name
        self.note = note
        self.on_saved = on_saved
        self.box = ui.row().classes("run-label w-full items-start no-wrap").props('data-testid="run-label"')
        self.render()

    def render(self) -> None:
        """Show the note (or an invitation to write one) and the edit button."""
        self.box.clear()
        with self.box:
            if self.note:
                ui.icon("sticky_note_2", size="18px").classes("designer-muted q-mt-xs")
                ui.label(self.note).classes("run-note").props('data-testid="run-note"')
            edit = ui.button("Edit name and note" if (self.name or self.note) else "Name this run / add a note",
                             icon="edit_note", on_click=self.open_editor).props(
                'flat dense no-caps size=sm color=primary data-testid="edit-run-label"')
            edit.tooltip("A name shows in the runs list and in comparisons; a note says why this run was made")

    def open_editor(self) -> None:
        """Open the dialog with the name and note as they are."""
        with ui.dialog() as dialog, ui.card().classes("q-pa-md").style("width: 520px; max-width: 92vw"):
            ui.label("Name and note of this run").classes("text-h6")
            name = ui.input("Name", value=self.name or "", placeholder="e.g. baseline, fraction 0.8").props(
                'outlined dense autofocus maxlength=200 counter data-testid="run-name-input"').classes("w-full")
            note = ui.textarea("Note", value=self.note or "",
                               placeholder="Why this run was made, what it showed").props(
                'outlined autogrow maxlength=10000 data-testid="run-note-input"').classes("w-full")
            problem = ui.label().classes("text-negative text-caption").props('data-testid="run-label-problem"')
            problem.set_visibility(False)

            async def save() -> None:
                try:
                    saved = await io(self.store.label_run, self.run_id, name=name.value or "", note=note.value or "")
                except DesignerError as exc:
                    problem.text = str(exc)
                    problem.set_visibility(True)
                    return
                self.name, self.note = saved
                dialog.close()
                self.render()
                self.on_saved(*saved)
                ui.notify("Saved", type="positive", timeout=1500)

            name.on("keydown.enter", save)
            with ui.row().classes("w-full justify-end gap-2 q-mt-sm"):
                ui.button("Cancel", on_click=dialog.close).props("flat no-caps")
                ui.button("Save", icon="check", on_click=save).props(
                    'unelevated no-caps data-testid="save-run-label"')
        dialog.on("hide", dialog.delete)
        dialog.open()
