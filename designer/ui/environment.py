"""The "Environment" block of a step panel: what the step ran with, readable by someone who does not code.

One summary line first ("Python 3.10.14 · 23 packages · built 2 h ago"), then where it came from
(source, lock hash, cache folder), what changed since the step's previous run ("Package `six`
changed from 1.15.0 to 1.16.0", the why machinery's words), and the package list folded away in an
expansion with a search field. Used by the run page's step panel and the designer's side panel
(pages never import each other); the reading is :mod:`designer.ui.reads.environment`, off the loop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nicegui import ui

from designer.errors import DesignerError
from designer.ui.reads.environment import StepEnvironment, step_environment
from designer.ui.widgets import attrs, background, copy_to_clipboard, io

if TYPE_CHECKING:
    from designer.store import Store

CSS = """
.env-block .env-change { background: rgba(245, 158, 11, 0.12); border-radius: 6px; padding: 4px 8px; }
.env-block .env-packages .q-item { padding-left: 0; min-height: 32px; }
.env-block .env-table { max-height: 300px; }
.env-block .env-table td, .env-block .env-table th { font-size: 12px; height: 26px; padding: 2px 8px; }
.env-block .env-mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px;
                       word-break: break-all; }
"""

PACKAGE_ROW = r"""
<q-tr :props="props" data-testid="env-package" :data-package="props.row.name" :data-version="props.row.version">
  <q-td key="name" :props="props" class="env-mono">{{ props.row.name }}</q-td>
  <q-td key="version" :props="props" class="env-mono">{{ props.row.version }}</q-td>
</q-tr>
"""


def load_environment(store: Store, run_id: str, step: str) -> StepEnvironment | None:
    """The environment ``step`` of run ``run_id`` ran with, or None (blocking: call it through ``io``)."""
    run = store.get_run(run_id)
    return step_environment(store, run, step) if run is not None else None


def environment_block(store: Store | None, run_id: str, step: str) -> None:
    """A place for the block, filled off the loop; it stays empty when the step recorded no environment."""
    ui.add_css(CSS, shared=True)
    holder = ui.column().classes("env-block w-full gap-1")
    holder.set_visibility(False)
    if store is None:
        return

    async def fill() -> None:
        try:
            env = await io(load_environment, store, run_id, step)
        except DesignerError:  # a run this store does not know (yet): nothing to show
            return
        if env is None or holder.is_deleted:
            return
        with holder:
            show_environment(env)
        holder.set_visibility(True)

    background(fill())


def show_environment(env: StepEnvironment) -> None:
    """Draw ``env`` here (see the module docstring)."""
    lock = env.lock
    with attrs(ui.column().classes("w-full gap-1"), data_testid="step-env", data_mode=lock.mode,
               data_lock=lock.lock_hash):
        with ui.row().classes("w-full items-center no-wrap gap-2"):
            ui.icon("inventory_2", size="18px").classes("designer-muted")
            ui.label("Environment").classes("text-weight-bold")
        attrs(ui.label(env.summary()).classes("text-body2"), data_testid="env-summary")
        where = lock.root or lock.python
        with ui.row().classes("w-full items-center no-wrap gap-1"):
            parts = [lock.source or "environment", f"lock {lock.lock_hash[:12]}"]
            ui.label(" · ".join(parts)).classes("designer-muted text-caption")
            ui.space()
            if where:
                ui.button(icon="content_copy", on_click=lambda: copy_to_clipboard(where)).props(
                    "flat round dense size=xs").tooltip(f"Copy the folder: {where}")
        if where:
            attrs(ui.label(where).classes("designer-muted env-mono"), data_testid="env-folder")
        if env.previous_run and env.changes != []:
            with attrs(ui.column().classes("env-change w-full gap-0"), data_testid="env-changes"):
                ui.label(env.changes_title() + ":").classes("text-caption text-weight-medium")
                for line in env.change_lines():
                    attrs(ui.label(line).classes("text-caption"), data_testid="env-change")
        if lock.packages is not None:
            _packages(lock.packages)


def _packages(packages: dict[str, str]) -> None:
    rows = [{"name": name, "version": version} for name, version in sorted(packages.items())]
    title = f"Packages ({len(rows)})"
    with attrs(ui.expansion(title, icon="list").props("dense switch-toggle-side").classes(
            "env-packages w-full"), data_testid="env-packages"):
        if not rows:
            ui.label("No packages beyond Python itself.").classes("designer-muted text-caption")
            return
        search = attrs(ui.input(placeholder="Search packages").props("dense outlined clearable").classes(
            "w-full"), data_testid="env-search")
        search.props("debounce=150")
        with search.add_slot("prepend"):
            ui.icon("search", size="18px")
        table = ui.table(columns=[{"name": "name", "label": "Package", "field": "name", "align": "left",
                                   "sortable": True},
                                  {"name": "version", "label": "Version", "field": "version", "align": "left"}],
                         rows=rows, row_key="name", pagination=0).props(
            'flat dense virtual-scroll hide-pagination no-data-label="No package matches" data-testid="env-table"'
        ).classes("env-table w-full")
        table.add_slot("body", PACKAGE_ROW)
        table.bind_filter_from(search, "value")
