"""What the designer's side panel is built from: the page it talks to (:class:`PanelHost`), small
form helpers, and the picker for a file or folder of the workspace."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from nicegui import run, ui

from designer.ui.session import EditorSession

if TYPE_CHECKING:
    from designer.ui.canvas import PipelineCanvas
    from designer.ui.context import AppContext
    from designer.ui.live import RunView
    from designer.ui.pages.designer.whys import NextRun

T = TypeVar("T", bound=ui.element)
MAX_PICK = 3000
ICON_BOX = "rounded-lg bg-indigo-50 text-indigo-600 dark:bg-indigo-950 dark:text-indigo-300 p-2 flex"
class PanelHost(Protocol):
    """What the side panel needs of the designer page."""

    ctx: AppContext
    session: EditorSession
    canvas: PipelineCanvas
    run: RunView | None
    selected: str | None
    next_run: NextRun
    problem_lines: dict[str, ui.label]  # the shown step's field problem lines by field (see problem_line)

    def attempt(self, change: Any, *, success: str | None = None, rerender: bool = True) -> bool:
        """Apply an edit, explaining a refusal; True when applied."""

    def render_panel(self) -> None:
        """Rebuild the panel."""

    def refresh(self, *, graph: bool = True, panel_too: bool = True) -> None:
        """Show the session's current state."""

    def open_job(self, job: str) -> None:
        """Show the inside of pipeline step ``job``."""

    def go_to_level(self, level: int) -> None:
        """Go back up the breadcrumb."""


def tag(element: T, testid: str) -> T:
    """Set ``data-testid`` (names come from files: never through the props string parser)."""
    element.props["data-testid"] = testid
    return element


def section(title: str, hint: str | None = None) -> None:
    """A small upper-case heading of the panel, with an optional hint on its right."""
    with ui.row().classes("w-full items-baseline justify-between mt-2"):
        ui.label(title).classes("text-xs font-semibold uppercase tracking-wider designer-muted")
        if hint:
            ui.label(hint).classes("designer-muted text-xs")


def set_hint(field: T, text: str | None) -> T:
    """Put help ``text`` under ``field`` (nothing for None or ""), taking the lines it needs.

    Quasar reserves one line under a field for its hint and draws a longer one over what follows
    (the next field's label); ``hide-bottom-space`` puts the hint in the flow instead. Returns ``field``.
    """
    if text:
        field.props["hint"] = text
        field.props["hide-bottom-space"] = True
    return field


def problem_line(text: str | None, lines: dict[str, ui.label] | None = None, key: str | None = None) -> None:
    """The problem of a field, under it (nothing for None).

    With ``lines`` and ``key`` (a field of the step shown) the line is made even when there is no
    problem yet, hidden, and kept in ``lines``: the page's check after an edit then says a problem
    that came or went in place (:func:`show_problems`) instead of rebuilding the panel, which would
    close a picker the person has open and take the focus from the field they type in.
    """
    if lines is not None and key is not None:
        line = ui.label("").classes("text-negative text-xs mt-1")
        lines[key] = line
        _set_line(line, text)
    elif text:
        ui.label(text[:1].upper() + text[1:]).classes("text-negative text-xs mt-1").props(
            'data-testid="field-problem"')


def _set_line(line: ui.label, text: str | None) -> None:
    line.props["data-testid"] = "field-problem" if text else "field-problem-none"
    line.set_text(text[:1].upper() + text[1:] if text else "")
    line.set_visibility(bool(text))


def show_problems(lines: dict[str, ui.label], before: dict[str, str], now: dict[str, str]) -> bool:
    """Show ``now`` (``{field: message}``) in the kept lines; False when a field of ``before`` or
    ``now`` has no line (the panel must be rebuilt to show or clear it)."""
    if any(key not in lines for key in (*before, *now)):
        return False
    for key, line in lines.items():
        if before.get(key) != now.get(key):
            _set_line(line, now.get(key))
    return True


def mini(icon: str, tip: str, handler: Callable[[], Any], testid: str, *, enabled: bool = True) -> ui.button:
    """A small round icon button with a tooltip; returns it."""
    b = tag(ui.button(icon=icon, on_click=handler).props("flat round dense size=sm"), testid)
    b.tooltip(tip)
    b.set_enabled(enabled)
    return b



# ------------------------------------------------------------------------------------------ file picker


def list_paths(root: Path, kind: str, limit: int = MAX_PICK) -> list[str]:
    """Files (``kind="file"``) or folders of the workspace, relative, skipping hidden and tool folders."""
    out: list[str] = []
    skip = {"node_modules", "__pycache__", "venv", ".venv"}
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in skip)
        rel = Path(folder).relative_to(root)
        if kind == "folder":
            out.extend((rel / d).as_posix() for d in dirs)
        else:
            out.extend((rel / f).as_posix() for f in sorted(files) if not f.startswith("."))
        if len(out) >= limit:
            break
    return sorted(out)[:limit]


async def pick_path(page: PanelHost, kind: str) -> Path | None:
    """Ask for a file or folder of the workspace; returns its absolute path, or None."""
    ws = page.ctx.workspace
    paths = await run.io_bound(list_paths, ws.root, kind) or []
    with ui.dialog() as dialog, ui.card().classes("gap-3 w-[32rem] max-w-full"):
        ui.label(f"Choose a {kind} of the workspace").classes("text-lg font-semibold")
        search = ui.input(placeholder="Filter").props('outlined dense clearable autofocus data-testid="pick-filter"').classes(
            "w-full")

        @ui.refreshable
        def listing() -> None:
            needle = (search.value or "").lower()
            shown = [p for p in paths if needle in p.lower()][:200]
            if not shown:
                ui.label(f"No {kind}s match." if paths else f"The workspace has no {kind}s yet.").classes(
                    "designer-muted text-sm")
            with ui.list().props("dense separator").classes("w-full"):
                for p in shown:
                    with ui.item(on_click=lambda p=p: dialog.submit(p)).props('clickable data-testid="pick-item"') as item:
                        item.props["data-path"] = p
                        with ui.item_section().props("avatar"):
                            ui.icon("folder" if kind == "folder" else "description", size="20px")
                        ui.item_section(p)

        with ui.scroll_area().classes("h-80 w-full"):
            listing()
        search.on_value_change(listing.refresh)
        with ui.row().classes("w-full justify-end"):
            ui.button("Cancel", on_click=lambda: dialog.submit(None)).props("flat no-caps")
    chosen = await dialog
    dialog.delete()
    if not chosen:
        return None
    return ws.inside(str(chosen))

