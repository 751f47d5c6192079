"""The pipeline canvas: a NiceGUI element around the Vue Flow component built in ``static/``.

Python owns the pipeline. The canvas shows the ``graph`` it is given and sends intents as events
(``add_node``, ``connect``, ``move``, ``select``, ``delete``, ``open``, ``undo``, ``redo``); it never
changes the graph itself, so a refused intent needs no rollback: just do not send a new graph.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, TypedDict

from nicegui import ui
from nicegui.events import GenericEventArguments, Handler

# Built by `npm ci && npm run build` in static/ and committed, so running the designer needs no Node.js.
# A source checkout reads it from the repository; an installed wheel ships it as designer/_data/static.
_HERE = Path(__file__).resolve()
DIST = next(
    (d for d in (_HERE.parents[2] / "static" / "dist", _HERE.parents[1] / "_data" / "static" / "dist") if d.is_dir()),
    _HERE.parents[2] / "static" / "dist",
)

Status = Literal[
    "idle", "pending", "queued", "running", "completed", "failed", "canceled", "cached", "skipped"
]


class InputPort(TypedDict):
    name: str
    type: str
    optional: bool
    bound: bool


class OutputPort(TypedDict):
    name: str
    type: str


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


class LiveStatus(TypedDict):
    status: Status
    started_at: float | None
    duration_s: float | None


EVENTS = ("add_node", "connect", "move", "select", "delete", "open", "undo", "redo")


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
    - ``delete``: ``{"nodes": [job], "edges": [edge id]}``, Delete or Backspace with a selection.
    - ``open``: ``{"id"}``, a card was double-clicked (nested pipelines open).
    - ``undo`` / ``redo``: Ctrl+Z / Ctrl+Shift+Z or Ctrl+Y outside text fields.
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
        on_delete: Handler[GenericEventArguments] | None = None,
        on_open: Handler[GenericEventArguments] | None = None,
        on_undo: Handler[GenericEventArguments] | None = None,
        on_redo: Handler[GenericEventArguments] | None = None,
    ) -> None:
        """Create the canvas; ``graph`` is ``{"nodes": [...], "edges": [...]}`` (see ``CanvasGraph``)."""
        super().__init__()
        self._props["graph"] = dict(graph) if graph is not None else {"nodes": [], "edges": []}
        self._props["palette"] = list(palette)
        self._props["readonly"] = readonly
        self._props["selected"] = selected
        # Registered first, so the stored graph already has the new places when the page's handler runs.
        self.on("move", self._remember_moves)
        handlers = (on_add_node, on_connect, on_move, on_select, on_delete, on_open, on_undo, on_redo)
        for event, handler in zip(EVENTS, handlers, strict=True):
            if handler is not None:
                self.on(event, handler)

    def _remember_moves(self, e: GenericEventArguments) -> None:
        """Keep the stored graph where the browser shows the cards, so that a reconnect or a later
        full update does not move them back; the page still decides what the pipeline stores."""
        moves = {move["id"]: move for move in (e.args or {}).get("moves", [])}
        with self._props.suspend_updates():
            for node in self._props["graph"].get("nodes", []):
                move = moves.get(node.get("id"))
                if move is not None:
                    node["x"], node["y"] = move["x"], move["y"]

    @property
    def graph(self) -> Mapping[str, Any]:
        """The graph the canvas shows now (with the statuses last given to ``set_statuses``)."""
        return self._props["graph"]

    def set_graph(self, graph: Mapping[str, Any]) -> None:
        """Show a new graph. Send the whole graph; the browser skips the work when nothing changed."""
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

    def set_statuses(self, statuses: Mapping[str, Mapping[str, Any]]) -> None:
        """Update live step states, ``{job: {"status", "started_at", "duration_s"}}``, without re-sending the graph.

        The stored graph is updated too, so a later full update or a reconnect shows the same states.
        """
        changed = {
            job: {
                "status": value.get("status", "idle"),
                "started_at": value.get("started_at"),
                "duration_s": value.get("duration_s"),
            }
            for job, value in statuses.items()
        }
        with self._props.suspend_updates():
            for node in self._props["graph"].get("nodes", []):
                live = changed.get(node.get("id"))
                if live is not None:
                    node.update(live)
        self.run_method("setStatuses", changed)

    def fit(self) -> None:
        """Zoom and pan so that every card is visible."""
        self.run_method("fit")

    def zoom_in(self) -> None:
        """Zoom in one step."""
        self.run_method("zoomIn")

    def zoom_out(self) -> None:
        """Zoom out one step."""
        self.run_method("zoomOut")
