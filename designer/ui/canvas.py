"""The pipeline canvas: a NiceGUI element around the Vue Flow component built in ``static/``.

Python owns the pipeline. The canvas shows the ``graph`` it is given and sends intents as events
(``add_node``, ``connect``, ``move``, ``select``, ``selection``, ``delete``, ``open``, ``undo``,
``redo``, ``clipboard``, ``node_action``); it never changes the graph itself, so a refused intent needs no rollback: just do
not send a new graph.

Node data (``CanvasNode``), besides the card's ports and place:

- ``status``, ``started_at``, ``duration_s``: the live state (built by
  :func:`designer.ui.live.live_status`); later changes go through :meth:`PipelineCanvas.set_statuses`,
  which sends only the changed cards' states, never the graph.
- ``why`` (optional): a short sentence saying why the step will re-run; the card shows a small
  "will re-run" marker with the sentence as its tooltip. :meth:`PipelineCanvas.set_whys` changes
  them without re-sending the graph.
- ``children`` (optional): ``{"total": n, "counts": {state: n}, "noun": "steps", "expandable": True}``
  for a step that stands for many (a nested pipeline's steps; later a sweep's trials or a parallel
  step's mini-batches). The card is drawn once, collapsed, with a bar of its children's states and
  "done/total"; the expand button (and a double-click) sends ``open`` so that the page shows the
  children on demand. A live state may carry ``children`` (``{state: n}``) to update the bar. A
  thousand children are one card, not a thousand.
- ``progress`` (optional, live): a sweep's trials or a parallel step's mini-batches so far
  (:class:`designer.ui.live.Progress`: ``{unit, done, running, failed, stopped, total, best, best_text,
  metric, goal}``); the card draws a bar and "7/10 trials · best accuracy 0.953" (StepProgress.vue).

While a wire is dragged the canvas lights up the ports it may end on and dims the others, by the
ports' kinds (an input's ``accepts``, an output's ``kinds``; see designer/spec/kinds.py) and, for
ports without kinds, Azure's type rule, which it gets from Python as the ``wiring`` prop
(:func:`wiring_prop`). A connection Python refuses is explained next to the port it was dropped
on (:meth:`PipelineCanvas.show_refusal`).

Run and step states are shown with the one table of :data:`designer.ui.frame.STATES` (passed as the
``states`` prop), so the canvas and the rest of the designer cannot disagree on a colour.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, NotRequired, TypedDict

from nicegui import ui
from nicegui.events import GenericEventArguments, Handler

from designer.spec.model import DATA_TYPES, types_compatible
from designer.ui.frame import STATES
from designer.ui.live import LiveStatus, Progress, Status, live_status

__all__ = ["CanvasEdge", "CanvasGraph", "CanvasNode", "Children", "LiveStatus", "PaletteEntry",
           "PipelineCanvas", "Status", "states_prop", "wiring_prop"]

# Built by `npm ci && npm run build` in static/ and committed, so running the designer needs no Node.js.
# A source checkout reads it from the repository; an installed wheel ships it as designer/_data/static.
_HERE = Path(__file__).resolve()
DIST = next(
    (d for d in (_HERE.parents[2] / "static" / "dist", _HERE.parents[1] / "_data" / "static" / "dist") if d.is_dir()),
    _HERE.parents[2] / "static" / "dist",
)


class InputPort(TypedDict):
    name: str
    type: str
    optional: bool
    bound: bool
    kind: NotRequired[str | None]  # as the card shows it: "table", "trained_model|trained_clustering_model"
    accepts: NotRequired[list[str]]  # the kinds it takes (empty: any, by Azure's type rule only)


class OutputPort(TypedDict):
    name: str
    type: str
    kind: NotRequired[str | None]
    kinds: NotRequired[list[str]]  # its kind and the kinds that refines (scored_table, table)


class Children(TypedDict):
    """The steps a card stands for, drawn collapsed inside it (see the module docstring)."""

    total: int
    counts: dict[str, int]
    noun: NotRequired[str]
    expandable: NotRequired[bool]


class CanvasNode(TypedDict):
    """One job as the canvas shows it; ``id`` is the job name."""

    id: str
    label: str
    component: str
    category: str
    icon: str
    kind: Literal["command", "pipeline"]
    inputs: list[InputPort]
    outputs: list[OutputPort]
    x: float
    y: float
    status: Status
    started_at: float | None
    duration_s: float | None
    problems: list[str]
    why: NotRequired[str | None]
    children: NotRequired[Children | None]
    progress: NotRequired[Progress | None]  # a sweep's trials / a parallel step's mini-batches (sweep helper)


class CanvasEdge(TypedDict):
    id: str
    source: str
    source_port: str
    target: str
    target_port: str


class CanvasGraph(TypedDict):
    nodes: list[CanvasNode]
    edges: list[CanvasEdge]


class PaletteEntry(TypedDict):
    name: str
    version: str
    versions: list[str]
    display_name: str
    description: str
    category: str
    icon: str


EVENTS = ("add_node", "connect", "move", "select", "selection", "delete", "open", "undo", "redo", "clipboard",
          "node_action")
# What a card's right-click menu sends; a readonly canvas offers only preview, run_only and run_from.
NODE_ACTIONS = ("rename", "duplicate", "promote", "preview", "run_only", "run_from", "delete")


def wiring_prop() -> dict[str, list[str]]:
    """The canvas ``wiring`` prop: ``{data type: [data types it may feed]}`` by Azure's type rule
    (:func:`designer.spec.model.types_compatible`), so the canvas never keeps a copy of the rule."""
    return {source: [t for t in DATA_TYPES if types_compatible(source, t)] for source in DATA_TYPES}


def states_prop() -> dict[str, dict[str, str]]:
    """The canvas ``states`` prop: ``{state: {"label", "icon", "color"}}`` from frame.py's one table."""
    return {name: {"label": look.label, "icon": look.icon, "color": look.color} for name, look in STATES.items()}


class PipelineCanvas(
    ui.element,
    component="canvas.js",
    esm={"pipeline-canvas": str(DIST)},
    default_classes="pipeline-canvas",
):
    """The pipeline canvas with its component palette.

    Events (``e.args`` of the handler):

    - ``add_node``: ``{"component", "version", "x", "y"}``, a palette entry was dropped; ``x``, ``y`` are
      flow coordinates for the new card's top-left corner (the card lands centred under the pointer).
    - ``connect``: ``{"source", "source_port", "target", "target_port"}``, output dragged onto an input.
    - ``move``: ``{"moves": [{"id", "x", "y"}]}``, cards were dragged (sent when the drag ends).
    - ``select``: ``{"id": job or None}``, a card or the empty canvas was clicked.
    - ``selection``: ``{"ids": [job]}``, the selected cards changed (a click, Ctrl/Shift-click, a box
      drawn with Shift held, Ctrl+A, a paste); sent once per change of the set.
    - ``delete``: ``{"nodes": [job], "edges": [edge id]}``, Delete or Backspace with a selection.
    - ``open``: ``{"id"}``, a card was double-clicked or its children's expand button pressed (nested
      pipelines open).
    - ``undo`` / ``redo``: Ctrl+Z / Ctrl+Shift+Z or Ctrl+Y outside text fields.
    - ``clipboard``: outside text fields, ``{"action": "copy", "nodes": [job]}`` (Ctrl+C with cards
      selected; also when readonly), ``{"action": "duplicate", "nodes": [job]}`` (Ctrl+D) or
      ``{"action": "paste", "x", "y"}`` (Ctrl+V; ``x``, ``y`` the pointer's flow coordinates when it
      is over the canvas, else None). The clipboard itself is Python's.
    - ``node_action``: ``{"job", "action"}`` from the right-click menu of a card, ``action`` one of
      :data:`NODE_ACTIONS`: ``"rename"``, ``"duplicate"``, ``"promote"`` ("Make pipeline input"),
      ``"preview"`` (only offered enabled for a finished step with outputs), ``"run_only"``,
      ``"run_from"``, ``"delete"``; ``duplicate`` and ``delete`` carry ``"nodes"``, the whole
      selection when the card is part of one. A readonly canvas offers preview and the two runs.
      (The output names of a finished card send ``{"job", "action": "preview", "port"}``.)
    """

    def __init__(
        self,
        graph: Mapping[str, Any] | None = None,
        *,
        palette: Sequence[Mapping[str, Any]] = (),
        readonly: bool = False,
        selected: str | None = None,
        on_add_node: Handler[GenericEventArguments] | None = None,
        on_connect: Handler[GenericEventArguments] | None = None,
        on_move: Handler[GenericEventArguments] | None = None,
        on_select: Handler[GenericEventArguments] | None = None,
        on_selection: Handler[GenericEventArguments] | None = None,
        on_delete: Handler[GenericEventArguments] | None = None,
        on_open: Handler[GenericEventArguments] | None = None,
        on_undo: Handler[GenericEventArguments] | None = None,
        on_redo: Handler[GenericEventArguments] | None = None,
        on_clipboard: Handler[GenericEventArguments] | None = None,
        on_node_action: Handler[GenericEventArguments] | None = None,
    ) -> None:
        """Create the canvas; ``graph`` is ``{"nodes": [...], "edges": [...]}`` (see ``CanvasGraph``)."""
        super().__init__()
        self._props["graph"] = dict(graph) if graph is not None else {"nodes": [], "edges": []}
        self._props["palette"] = list(palette)
        self._props["readonly"] = readonly
        self._props["selected"] = selected
        self._props["states"] = states_prop()
        self._props["wiring"] = wiring_prop()
        self._index: dict[str, dict[str, Any]] | None = None
        # Live states not yet sent: one message per event-loop tick, whatever the number of events in it.
        self._pending: dict[str, LiveStatus] = {}
        self._flush_scheduled = False
        # Registered first, so the stored graph already has the new places when the page's handler runs.
        self.on("move", self._remember_moves)
        handlers = (on_add_node, on_connect, on_move, on_select, on_selection, on_delete, on_open, on_undo,
                    on_redo, on_clipboard, on_node_action)
        for event, handler in zip(EVENTS, handlers, strict=True):
            if handler is not None:
                self.on(event, handler)

    def _nodes(self) -> dict[str, dict[str, Any]]:
        """The stored graph's nodes by id (built once per graph, so one state change costs one lookup)."""
        if self._index is None:
            self._index = {node.get("id"): node for node in self._props["graph"].get("nodes", [])}
        return self._index

    def _remember_moves(self, e: GenericEventArguments) -> None:
        """Keep the stored graph where the browser shows the cards, so that a reconnect or a later
        full update does not move them back; the page still decides what the pipeline stores."""
        nodes = self._nodes()
        with self._props.suspend_updates():
            for move in (e.args or {}).get("moves", []):
                node = nodes.get(move.get("id"))
                if node is not None:
                    node["x"], node["y"] = move["x"], move["y"]

    @property
    def graph(self) -> Mapping[str, Any]:
        """The graph the canvas shows now (with the statuses last given to ``set_statuses``)."""
        return self._props["graph"]

    def set_graph(self, graph: Mapping[str, Any]) -> None:
        """Show a new graph. Send the whole graph; the browser skips the work when nothing changed."""
        self._flush()  # states queued for the old graph go first, so the new graph's own states win
        self._index = None
        self._props["graph"] = dict(graph)

    def set_palette(self, palette: Sequence[Mapping[str, Any]]) -> None:
        """Replace the palette entries."""
        self._props["palette"] = list(palette)

    def set_readonly(self, readonly: bool) -> None:
        """Switch between editing (palette, drag, connect) and viewing (select and zoom only)."""
        self._props["readonly"] = readonly

    def set_selected(self, job: str | None) -> None:
        """Highlight ``job`` (or nothing) without re-sending the graph."""
        with self._props.suspend_updates():
            self._props["selected"] = job
        self.run_method("setSelected", job)

    def select_nodes(self, jobs: Sequence[str]) -> None:
        """Select the cards ``jobs`` together (e.g. the steps just pasted), once the canvas shows them."""
        with self._props.suspend_updates():
            self._props["selected"] = jobs[0] if len(jobs) == 1 else None
        self.run_method("selectNodes", list(jobs))

    def set_statuses(self, statuses: Mapping[str, Mapping[str, Any]]) -> None:
        """Update live step states, ``{job: {"status", "started_at", "duration_s"[, "children"]}}``.

        Only these cards' states travel, never the graph. Changes made in one event-loop tick go
        out as one message holding each job's newest state (a burst of 1,000 "queued" events is one
        message); the order of the states of one job is kept, so the page never shows an older one.
        The stored graph is updated too, so a later full update or a reconnect shows the same states.
        """
        nodes = self._nodes()
        with self._props.suspend_updates():
            for job, value in statuses.items():
                live = live_status(value.get("status"), value.get("started_at"), value.get("duration_s"),
                                   children=value.get("children"), progress=value.get("progress"))
                self._pending[job] = live
                node = nodes.get(job)
                if node is not None:
                    node.update({k: v for k, v in live.items() if k != "children"})
                    children = node.get("children")
                    if live.get("children") is not None and children:
                        children["counts"] = dict(live["children"] or {})
        self._schedule_flush()

    def set_whys(self, whys: Mapping[str, str | None]) -> None:
        """Show (or, with None, clear) the "will re-run" marker of jobs, ``{job: sentence}``."""
        nodes = self._nodes()
        with self._props.suspend_updates():
            for job, sentence in whys.items():
                node = nodes.get(job)
                if node is not None:
                    node["why"] = sentence or None
        self.run_method("setWhys", {job: sentence or None for job, sentence in whys.items()})

    def _schedule_flush(self) -> None:
        if self._flush_scheduled:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not in the event loop (a script, a test): send at once
            self._flush()
            return
        self._flush_scheduled = True
        loop.call_soon(self._flush)

    def _flush(self) -> None:
        self._flush_scheduled = False
        if not self._pending:
            return
        pending, self._pending = self._pending, {}
        if self.is_deleted:
            return
        self.run_method("setStatuses", pending)

    def show_refusal(self, job: str, port: str, text: str) -> None:
        """Say why a wire into input ``port`` of ``job`` was refused, next to that port (for a while)."""
        self.run_method("showRefusal", job, port, text)

    def focus(self, job: str) -> None:
        """Bring card ``job`` to the middle of the view (at a readable zoom); nothing for an unknown job."""
        self.run_method("focus", job)

    def fit(self, *, readable: bool = False) -> None:
        """Zoom and pan so that every card is visible; with ``readable``, as a pipeline opens: whole when
        it fits at a zoom where its cards can still be told apart, else its first steps at a readable zoom."""
        self.run_method("fit", {"readable": readable})

    def zoom_in(self) -> None:
        """Zoom in one step."""
        self.run_method("zoomIn")

    def zoom_out(self) -> None:
        """Zoom out one step."""
        self.run_method("zoomOut")
