"""The designer canvas's editing habits: copy, paste and duplicate (Ctrl+C, Ctrl+V, Ctrl+D), the
selection of several cards (toolbar Delete acts on all of them), and the right-click menu's Rename
and Make pipeline input dialogs.

The clipboard is the app's (:attr:`designer.ui.context.AppContext.clipboard`): steps copied in one
tab can be pasted into another pipeline, and a copy outlives a reload of the page. What a paste does
to wires and names is :mod:`designer.spec.clipboard`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from nicegui import ui

from designer.errors import DesignerError
from designer.spec import edit
from designer.ui.format import sentence
from designer.ui.pages.designer.forms import PanelHost, tag


class EditingHost(PanelHost, Protocol):
    """What the editing habits need of the designer page, besides the side panel's needs."""

    selection: list[str]

    def changed(self, *, panel_too: bool = True) -> None:
        """Show an edit, keep a draft, re-check."""

    def sync_controls(self) -> None:
        """Enable and disable the toolbar's buttons for the current state."""


def _steps(n: int) -> str:
    return f"{n} step{'s' if n != 1 else ''}"


class Editing:
    """Copy, paste, duplicate, rename and promote on one designer page."""

    def __init__(self, page: EditingHost) -> None:
        self.page = page

    # ------------------------------------------------------------------------------ selection

    def on_selection(self, ids: list[str]) -> None:
        """The canvas's selected cards changed."""
        page = self.page
        jobs = page.session.current().jobs
        page.selection = [i for i in ids if i in jobs]
        page.sync_controls()

    def chosen(self) -> list[str]:
        """The steps the toolbar's Delete acts on: the selection of several, else the selected step."""
        page = self.page
        jobs = page.session.current().jobs
        many = [n for n in page.selection if n in jobs]
        if len(many) > 1:
            return many
        return [page.selected] if page.selected in jobs else many

    def _add(self, make: Callable[[], list[str]]) -> None:
        """Run a paste or duplicate; show the new steps selected, or say why it was refused."""
        page = self.page
        try:
            names = make()
        except DesignerError as exc:
            ui.notify(sentence(str(exc)), type="warning", position="bottom", multi_line=True,
                      classes="designer-refusal")
            return
        page.selected = names[0] if len(names) == 1 else None
        page.selection = list(names)
        page.changed()
        page.canvas.select_nodes(names)

    # ------------------------------------------------------------------------------ clipboard

    def on_clipboard(self, args: dict[str, Any]) -> None:
        """``clipboard`` from the canvas: copy, paste or duplicate (see PipelineCanvas)."""
        action = args.get("action")
        nodes = [str(n) for n in args.get("nodes") or []]
        if action == "copy":
            self.copy(nodes)
        elif action == "duplicate":
            self.duplicate(nodes)
        elif action == "paste":
            x, y = args.get("x"), args.get("y")
            at = (float(x), float(y)) if isinstance(x, int | float) and isinstance(y, int | float) else None
            self.paste(at)

    def copy(self, nodes: list[str]) -> None:
        """Put the steps ``nodes`` on the clipboard."""
        page = self.page
        try:
            page.ctx.clipboard = page.session.copy(nodes)
        except DesignerError as exc:
            ui.notify(sentence(str(exc)), type="warning", position="bottom")
            return
        ui.notify(f"Copied {_steps(len(page.ctx.clipboard.jobs))}", position="bottom-right", timeout=1500)

    def paste(self, at: tuple[float, float] | None) -> None:
        """Paste the clipboard's steps (at ``at``, the pointer, else next to the originals)."""
        page = self.page
        clip = page.ctx.clipboard
        if clip is None:
            ui.notify("Nothing is copied yet: select steps and press Ctrl+C", position="bottom")
            return
        self._add(lambda: page.session.paste(clip, at))

    def duplicate(self, nodes: list[str]) -> None:
        """Copy and paste ``nodes`` in one edit, next to the originals."""
        self._add(lambda: self.page.session.duplicate(nodes))

    def delete(self, nodes: list[str]) -> None:
        """Delete the steps ``nodes`` (one edit, one undo)."""
        page = self.page
        if nodes and not page.session.readonly:
            page.attempt(lambda: page.session.delete(nodes, []))

    # ---------------------------------------------------------------------------------- rename

    async def rename(self, job_name: str) -> None:
        """Ask for step ``job_name``'s display name and step name; a taken or invalid step name is
        refused in the dialog, which stays open."""
        page = self.page
        s = page.session
        job = s.current().jobs.get(job_name)
        if job is None or s.readonly:
            return
        comp = job.resolved
        shown = job.display_name or (comp.label if comp is not None else job.name)
        with ui.dialog() as dialog, tag(ui.card(), "rename-dialog").classes("gap-3 min-w-[26rem]"):
            ui.label(f"Rename {shown}").classes("text-lg font-semibold")
            display = tag(ui.input("Display name", value=job.display_name or "",
                                   placeholder=comp.label if comp is not None else None), "rename-display")
            display.props("outlined dense autofocus").classes("w-full")
            ui.label("What the card shows; empty shows the component's name.").classes("designer-muted text-xs -mt-2")
            step = tag(ui.input("Step name", value=job.name), "rename-step").props("outlined dense").classes("w-full")
            ui.label("Names the step in the YAML and in its wires: lowercase letters, digits and _.").classes(
                "designer-muted text-xs -mt-2")
            error = tag(ui.label(), "rename-error").classes("text-negative text-sm")
            error.set_visibility(False)

            def submit() -> None:
                new = (step.value or "").strip()
                if not new:
                    error.set_text("Give the step a name.")
                    error.set_visibility(True)
                    return
                try:
                    s.rename_step(job_name, new, display.value)
                except DesignerError as exc:
                    error.set_text(sentence(str(exc)))
                    error.set_visibility(True)
                    return
                dialog.submit(new)

            for box in (display, step):
                box.on("keydown.enter", submit)
            with ui.row().classes("w-full justify-end gap-2"):
                ui.button("Cancel", on_click=lambda: dialog.submit(None)).props("flat no-caps")
                tag(ui.button("Rename", on_click=submit), "rename-confirm").props("unelevated no-caps")
        result = await dialog
        dialog.delete()
        if not result:
            return
        page.selected = str(result)
        page.changed()
        page.canvas.set_selected(page.selected)

    # ------------------------------------------------------------------------ make pipeline input

    async def promote(self, job_name: str) -> None:
        """Ask which input of step ``job_name`` becomes a pipeline input, and under what name; the
        step's input is then bound to it with ``${{parent.inputs.<name>}}``."""
        page = self.page
        s = page.session
        job = s.current().jobs.get(job_name)
        if job is None or s.readonly or job.resolved is None:
            return
        choices: dict[str, str] = {}
        for port, decl in job.resolved.inputs.items():
            if job.input_binding(port) is not None:
                continue  # wired to a step (no value of its own to lift), or a pipeline input already
            value = edit.describe_value(job.inputs.get(port, decl.default))
            choices[port] = f"{port} · {decl.type}" + (f" · {value}" if value else "")
        with ui.dialog() as dialog, tag(ui.card(), "promote-dialog").classes("gap-3 min-w-[26rem]"):
            ui.label(f"Make a pipeline input from {job.display_name or job.name}").classes("text-lg font-semibold")
            if not choices:
                ui.label("Every input of this step is connected to another step or is a pipeline input already.")
                ui.button("Close", on_click=lambda: dialog.submit(None)).props("flat no-caps").classes("self-end")
            else:
                ui.label("Its value is then set once for the whole pipeline, and can be changed at each run.").classes(
                    "designer-muted text-sm")
                first = next(iter(choices))
                which = tag(ui.radio(choices, value=first), "promote-choice").props("dense")
                taken = set(s.document.inputs)
                name = tag(ui.input("Pipeline input name", value=edit.unique_name(first, taken)), "promote-name")
                name.props("outlined dense").classes("w-full")
                which.on_value_change(lambda e: name.set_value(edit.unique_name(str(e.value), taken)))
                error = tag(ui.label(), "promote-error").classes("text-negative text-sm")
                error.set_visibility(False)

                def submit() -> None:
                    chosen, wanted = str(which.value), (name.value or "").strip()
                    try:
                        made = s.apply(lambda: edit.promote_input(s.document, job_name, chosen, wanted or None))
                    except DesignerError as exc:
                        error.set_text(sentence(str(exc)))
                        error.set_visibility(True)
                        return
                    dialog.submit(f"{made}\u0000{chosen}")

                name.on("keydown.enter", submit)
                with ui.row().classes("w-full justify-end gap-2"):
                    ui.button("Cancel", on_click=lambda: dialog.submit(None)).props("flat no-caps")
                    tag(ui.button("Make pipeline input", on_click=submit), "promote-confirm").props(
                        "unelevated no-caps")
        result = await dialog
        dialog.delete()
        if not result:
            return
        made, port = str(result).split("\u0000")
        page.changed()
        ui.notify(f"Pipeline input '{made}' now sets {job_name}.{port}", type="positive", position="bottom-right")
