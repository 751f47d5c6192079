"""The run page's Trials and Mini-batches tabs: added when the run has a sweep or a parallel step.

:class:`ChildTabs` finds the run's sweep and parallel steps (from their recorded progress, or their
files for a step reused whole), adds a "Trials" and a "Mini-batches" main tab the first time one is
seen (also while the run goes on), and fills the open tab off the event loop: again at most once a
second while the run runs, and once more when it ends. With several sweep (or parallel) steps a
selector picks which one is shown.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Protocol

from nicegui import ui

from designer.errors import DesignerError
from designer.ui.pages.run import batches, trials
from designer.ui.pages.run.batches import BatchesTab
from designer.ui.pages.run.trials import TrialsTab
from designer.ui.reads.children import kinds, read_batches, read_sweep
from designer.ui.widgets import attrs, background, io

if TYPE_CHECKING:
    from designer.store import Store
    from designer.ui.files import FileServer
    from designer.ui.reads.run import RunSnapshot

REFRESH_S = 1.0  # the sweep rewrites trials.json at most once a second
TABS = {"trials": ("Trials", "science"), "batches": ("Mini-batches", "view_module")}


class ChildHost(Protocol):
    """What the tabs need of the run page."""

    snap: RunSnapshot
    main_tab: str

    def select(self, step: str | None, tab: str | None = None) -> None:
        """Show ``step`` in the step panel on ``tab``."""


class ChildTabs:
    """The Trials and Mini-batches tabs of one run page (see the module docstring)."""

    def __init__(self, host: ChildHost, store: Store, files: FileServer, tabs: ui.tabs, panels: ui.tab_panels) -> None:
        self.host = host
        self.store = store
        self.files = files
        self.tabs = tabs
        self.panels = panels
        self.kinds: dict[str, str] = {}  # step -> "trials" | "batches"
        self.chosen: dict[str, str | None] = {"trials": None, "batches": None}
        self.views: dict[str, TrialsTab | BatchesTab] = {}
        self.pickers: dict[str, ui.element] = {}
        self._read_at = 0.0
        self._busy = False
        self._again: str | None = None  # a render asked for while one was reading
        ui.add_css(trials.CSS + batches.CSS)  # here, in the page's context: the tabs may come later
        background(self._detect())

    async def _detect(self) -> None:
        snap = self.host.snap
        try:
            found = await io(kinds, self.store, snap.run, snap.steps)
        except DesignerError:
            return
        self._ensure(found)

    def update(self, snapshot: RunSnapshot) -> None:
        """After the page read a newer snapshot: add tabs for new sweep/parallel steps, refresh the open one."""
        found = {s.step: str(s.progress["unit"]) for s in snapshot.steps
                 if s.progress and s.progress.get("unit") in TABS}
        self._ensure(found)
        kind = self.host.main_tab
        ended = snapshot.run.state != "running"
        if kind in TABS and (ended or time.monotonic() - self._read_at >= REFRESH_S):
            background(self.render(kind))

    def _ensure(self, found: dict[str, str]) -> None:
        new = {k: v for k, v in found.items() if self.kinds.get(k) != v}
        if not new:
            return
        self.kinds.update(new)
        for kind in sorted(set(new.values()), key=list(TABS).index):
            if kind in self.views:
                self._fill_picker(kind)
                continue
            label, icon = TABS[kind]
            with self.tabs:
                attrs(ui.tab(kind, label, icon=icon), data_testid=f"tab-{kind}")
            with self.panels, ui.tab_panel(kind).classes("q-pa-md h-full overflow-auto"), \
                    ui.column().classes("w-full gap-3"):
                self.pickers[kind] = ui.row().classes("w-full items-center gap-2")
                body = ui.column().classes("w-full gap-3")
            self.views[kind] = (TrialsTab(self.host, self.host.snap.run.id, body) if kind == "trials"
                                else BatchesTab(self.files, body))
            self._fill_picker(kind)

    def steps_of(self, kind: str) -> list[str]:
        """The run's steps of ``kind`` in plan order."""
        order = [s.step for s in self.host.snap.steps]
        return sorted((s for s, k in self.kinds.items() if k == kind),
                      key=lambda s: order.index(s) if s in order else len(order))

    def _fill_picker(self, kind: str) -> None:
        picker = self.pickers[kind]
        steps = self.steps_of(kind)
        picker.clear()
        with picker:
            what = "Sweep step" if kind == "trials" else "Parallel step"
            if len(steps) > 1:
                current = self.chosen[kind] if self.chosen[kind] in steps else steps[0]
                ui.select(steps, value=current, label=what,
                          on_change=lambda e, k=kind: self._choose(k, e.value)).props(
                    f'outlined dense options-dense data-testid="{kind}-step"').classes("min-w-[14rem]")
            elif steps:
                ui.label(f"{what}:").classes("designer-muted text-body2")
                ui.label(steps[0]).classes("text-body2 text-weight-bold runs-mono").props(
                    f'data-testid="{kind}-step"')
            ui.space()
            ui.button("Open step", icon="open_in_new", on_click=lambda k=kind: self._open_step(k)).props(
                "flat dense no-caps size=sm")

    def _choose(self, kind: str, step: Any) -> None:
        self.chosen[kind] = str(step) if step else None
        background(self.render(kind))

    def _open_step(self, kind: str) -> None:
        step = self.current(kind)
        if step:
            self.host.select(step)

    def current(self, kind: str) -> str | None:
        """The step the ``kind`` tab shows (the chosen one, else the first)."""
        steps = self.steps_of(kind)
        chosen = self.chosen[kind]
        return chosen if chosen in steps else (steps[0] if steps else None)

    async def render(self, kind: str) -> None:
        """Read the shown step's trials or mini-batches (off the loop) and show them."""
        if kind not in self.views:
            return
        if self._busy:
            self._again = kind
            return
        step_name = self.current(kind)
        snap = self.host.snap
        step = next((s for s in snap.steps if s.step == step_name), None)
        if step is None:
            return
        self._busy = True
        self._read_at = time.monotonic()
        try:
            view = self.views[kind]
            if isinstance(view, TrialsTab):
                view.show(await io(read_sweep, self.store, snap.run, step, snap.steps))
            else:
                view.show(await io(read_batches, self.store, snap.run, step))
        except DesignerError:
            return  # the store was busy: the next refresh tries again
        finally:
            self._busy = False
        again, self._again = self._again, None
        if again is not None:
            await self.render(again)
