"""One pipeline being edited: the document, node positions, history, drafts and problems.

(Over 400 lines: one class whose methods are the edits; each goes through the same undo history.)

This is the designer page's state without any NiceGUI: every edit goes through
:meth:`EditorSession.apply`, which snapshots the document and layout first (undo/redo), marks the
session dirty and leaves the draft to be written. Tests drive it directly.
"""

from __future__ import annotations

import copy
import hashlib
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from designer.errors import Problem, SpecError
from designer.registry import Entry, Registry
from designer.spec import clipboard, documents, edit
from designer.spec.clipboard import Clip
from designer.spec.edit import EditRefused
from designer.spec.kinds import ancestors, input_kind, job_upstream, resolved_output_kind
from designer.spec.layout import Positions, complete_layout, read_layout
from designer.spec.loader import load_document, load_text
from designer.spec.model import (
    CommandComponent,
    Component,
    Job,
    PipelineComponent,
    PipelineJob,
)
from designer.spec.validate import validate_loaded
from designer.spec.yaml_io import dump_yaml
from designer.ui.files import MAX_PIPELINE_BYTES, FileRefused, checked_file
from designer.ui.format import human_size
from designer.ui.live import LiveStatus, children_of, live_status, planned_progress
from designer.ui.live import summarize as summarize_live
from designer.workspace import Workspace

T = TypeVar("T")
Pipeline = PipelineJob | PipelineComponent

HISTORY_LIMIT = 200
DRAFTS = "drafts"
NEW_FILE = "untitled.yml"


@dataclass
class Snapshot:
    """The document mapping and positions at one point of the history."""

    document: dict[str, Any]
    positions: Positions
    state: int


@dataclass
class OpenFailure:
    """A file that cannot be shown on the canvas, and why (problems, when the YAML itself is broken)."""

    rel: str
    message: str
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Live:
    """The live state of one (flattened) step, as the canvas shows it."""

    status: str = "idle"
    started_at: float | None = None
    duration_s: float | None = None
    children: dict[str, int] | None = None  # {state: count} of the steps inside a pipeline step
    progress: Mapping[str, Any] | None = None  # a sweep's trials / a parallel step's mini-batches so far

    def to_dict(self) -> LiveStatus:
        """The ``setStatuses`` value (built by :func:`designer.ui.live.live_status`)."""
        return live_status(self.status, self.started_at, self.duration_s, children=self.children,
                           progress=self.progress)


def refusal(workspace: Workspace, rel: str) -> str | None:
    """Why ``rel`` cannot be opened as a pipeline, or None when it can (blocking: one ``stat``).

    The file server's one rule (:func:`designer.ui.files.checked_file`: inside the workspace, not in
    ``.designer/``, a regular file, no link out, no NUL), plus a size limit of
    :data:`~designer.ui.files.MAX_PIPELINE_BYTES`.
    """
    try:
        path = checked_file(workspace.root, rel, state_dir=workspace.state_dir)
    except FileRefused as refused:
        if refused.status == 404:
            return f"'{rel}' does not exist in the workspace"
        if "state" in refused.message:
            return f"'{rel}' is the designer's own state, not a pipeline"
        return f"'{rel}' is outside the workspace"
    try:
        size = path.stat().st_size
    except OSError as exc:
        return f"'{rel}' cannot be read: {exc.strerror or exc}"
    if size > MAX_PIPELINE_BYTES:
        return (f"'{rel}' is {human_size(size)}; a pipeline file may be at most "
                f"{human_size(MAX_PIPELINE_BYTES)}, so it is not opened")
    return None


def draft_key(rel: str) -> str:
    """The draft file name for a workspace-relative pipeline path (readable, collision-free)."""
    digest = hashlib.sha1(rel.encode()).hexdigest()[:8]
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in rel)[-60:]
    return f"{stem}-{digest}"


def component_text(job: Job) -> str:
    """What a node shows under its title: ``name:version``, a file name, or ``inline``."""
    comp = job.resolved
    ref = job.component
    if comp is not None and comp.name:
        return f"{comp.name}:{comp.version}" if comp.version else comp.name
    if ref is None:
        return "no component"
    if ref.form == "file":
        return Path(str(ref.path)).name
    return ref.describe()


class EditorSession:
    """A pipeline job open in the designer (see the module docstring)."""

    def __init__(self, workspace: Workspace, registry: Registry, document: PipelineJob, file: Path, *,
                 rel: str | None, positions: Positions | None = None, problems: list[Problem] | None = None) -> None:
        self.workspace = workspace
        self.registry = registry
        self.document = document
        self.file = file
        self.rel = rel
        self.positions: Positions = complete_layout(document, positions or {})
        self.problems: list[Problem] = list(problems or [])
        self.view: list[str] = []  # job names leading into nested pipeline components
        self.live: dict[str, Live] = {}
        self.run_state: str | None = None
        self._undo: list[Snapshot] = []
        self._redo: list[Snapshot] = []
        self._state = 0
        self._next_state = 1
        self._saved_state = 0
        self.draft_id: str | None = None
        self.restored_from_draft: float | None = None
        self._nested_positions: dict[tuple[str, ...], Positions] = {}

    # ------------------------------------------------------------------------------------ opening

    @classmethod
    def new(cls, workspace: Workspace, registry: Registry, draft_id: str) -> EditorSession:
        """A new, unsaved pipeline (it is saved under a name the user chooses)."""
        file = workspace.root / NEW_FILE
        session = cls(workspace, registry, documents.new_pipeline(file), file, rel=None)
        session.draft_id = draft_id
        return session

    @classmethod
    def open(cls, workspace: Workspace, registry: Registry, rel: str) -> EditorSession | OpenFailure:
        """Open the pipeline at ``rel`` (relative to the workspace).

        Returns an :class:`OpenFailure` (never raises) for a path :func:`refusal` refuses, a file
        that is not YAML, or one that is not a pipeline job.
        """
        problem = refusal(workspace, rel)
        if problem is not None:
            return OpenFailure(rel, problem)
        path = workspace.inside(rel)
        try:
            loaded = load_document(path, registry)
        except SpecError as exc:
            return OpenFailure(rel, "the file cannot be read as a pipeline", exc.problems)
        document = loaded.document
        if not isinstance(document, PipelineJob):
            kind = "a pipeline component" if isinstance(document, PipelineComponent) else "a command component"
            return OpenFailure(rel, f"'{rel}' is {kind}, not a pipeline job; open a pipeline that uses it instead")
        session = cls(workspace, registry, document, path, rel=workspace.relative(path),
                      positions=read_layout(path), problems=validate_loaded(loaded))
        return session

    # -------------------------------------------------------------------------------------- state

    @property
    def is_new(self) -> bool:
        """True until the pipeline has been saved to a file."""
        return self.rel is None

    @property
    def dirty(self) -> bool:
        """True when there are changes that are not saved."""
        return self._state != self._saved_state

    @property
    def can_undo(self) -> bool:
        """True when there is an edit to undo."""
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        """True when there is an undone edit to redo."""
        return bool(self._redo)

    @property
    def title(self) -> str:
        """The pipeline's display name, else its file name."""
        return self.document.display_name or (Path(self.rel).name if self.rel else "New pipeline")

    def snapshot(self) -> Snapshot:
        """The current document and positions (deep copies)."""
        return Snapshot(copy.deepcopy(self.document.to_dict()), dict(self.positions), self._state)

    def _restore(self, snap: Snapshot) -> None:
        loaded = documents.document_from_dict(snap.document, self.file, self.registry)
        assert isinstance(loaded.document, PipelineJob)
        self.document = loaded.document
        self.positions = complete_layout(self.document, snap.positions)
        self._state = snap.state
        self.view = []  # the structure may have changed: back to the top level

    def apply(self, change: Callable[[], T]) -> T:
        """Run ``change`` (an edit of ``self.document``/``self.positions``) with undo support.

        A refused edit (:class:`EditRefused`) changes nothing and is re-raised.
        """
        if self.view:
            raise EditRefused("a nested pipeline is shown read-only; go back to the top level to edit")
        before = self.snapshot()
        result = change()  # edits check before they change anything: a refusal leaves nothing to undo
        self._undo.append(before)
        del self._undo[:-HISTORY_LIMIT]
        self._redo.clear()
        self._state = self._next_state
        self._next_state += 1
        self.positions = complete_layout(self.document, self.positions)
        return result

    def undo(self) -> bool:
        """Go back one edit; False when there is nothing to undo."""
        if not self._undo:
            return False
        self._redo.append(self.snapshot())
        self._restore(self._undo.pop())
        return True

    def redo(self) -> bool:
        """Re-apply the last undone edit; False when there is nothing to redo."""
        if not self._redo:
            return False
        self._undo.append(self.snapshot())
        self._restore(self._redo.pop())
        return True

    # ------------------------------------------------------------------------------------- editing

    def add_component(self, name: str, version: str | None, x: float, y: float) -> Job:
        """Add a step running component ``name`` (``version``, else the latest) at ``(x, y)``."""
        entry = self.registry.find(name, version or None) or self.registry.find(name)
        if entry is None:
            raise EditRefused(f"component '{name}' is not known; refresh the page to update the component list")
        return self.add_entry(entry, x, y)

    def add_entry(self, entry: Entry, x: float, y: float) -> Job:
        """Add a step running the registry entry ``entry`` at ``(x, y)``."""
        ref = edit.component_ref(entry.source, entry.name, entry.version, entry.path, self.file)

        def change() -> Job:
            job = edit.add_job(self.document, entry.component, ref)
            self.positions[job.name] = (float(x), float(y))
            return job

        return self.apply(change)

    def move(self, moves: list[dict[str, Any]]) -> None:
        """Record new positions ``[{"id", "x", "y"}]`` (one undo step for the whole drag)."""
        valid = [m for m in moves if m.get("id") in self.document.jobs]
        if not valid or self.view:
            return

        def change() -> None:
            for m in valid:
                self.positions[str(m["id"])] = (float(m["x"]), float(m["y"]))

        self.apply(change)

    def rename(self, old: str, new: str) -> None:
        """Rename a step (bindings and its position follow)."""

        def change() -> None:
            edit.rename_job(self.document, old, new.strip())
            if old in self.positions:
                self.positions[new.strip()] = self.positions.pop(old)

        self.apply(change)

    def rename_step(self, old: str, new: str, display_name: str | None) -> None:
        """Give step ``old`` the step name ``new`` and the display name ``display_name`` (empty: the
        component's), as one edit. Raises :class:`EditRefused` for a taken or invalid name."""

        def change() -> None:
            edit.rename_job(self.document, old, new.strip())  # checks the name before changing anything
            edit.set_display_name(self.document, new.strip(), display_name)
            if old in self.positions and new.strip() != old:
                self.positions[new.strip()] = self.positions.pop(old)

        self.apply(change)

    def copy(self, names: list[str]) -> Clip:
        """The steps ``names`` of the pipeline shown now, copied (see :mod:`designer.spec.clipboard`).

        Raises :class:`EditRefused` when none of them is a step shown now."""
        return clipboard.copy_steps(self.current(), names, self._positions_for_view())

    def paste(self, clip: Clip, at: tuple[float, float] | None = None) -> list[str]:
        """Add the clip's steps under fresh names, as one edit (one undo); returns the new names.

        ``at`` is where the pasted group's top-left corner goes (the pointer); without it the steps
        land next to the originals. Raises :class:`EditRefused` in a nested (read-only) view."""

        def change() -> list[str]:
            pasted = clipboard.paste_steps(self.document, clip, self.positions, at)
            self.positions.update(pasted.positions)
            return list(pasted.names.values())

        return self.apply(change)

    def duplicate(self, names: list[str]) -> list[str]:
        """Copy and paste the steps ``names`` in one edit (the clipboard is left alone); the new names."""
        return self.paste(self.copy(names))

    def delete(self, nodes: list[str], edge_ids: list[str]) -> None:
        """Delete steps and wires (by canvas edge id)."""
        wires = {e.id: e for e in edit.edges(self.document)}

        def change() -> None:
            for edge_id in edge_ids:
                wire = wires.get(edge_id)
                if wire is not None and wire.target not in nodes:
                    edit.disconnect(self.document, wire.target, wire.target_port)
            edit.delete_jobs(self.document, nodes)
            for name in nodes:
                self.positions.pop(name, None)

        self.apply(change)

    def auto_layout(self) -> None:
        """Lay every step out again, left to right."""
        self.apply(lambda: self.positions.update(complete_layout(self.document, {})))

    # ---------------------------------------------------------------------------------- persistence

    def save(self, rel: str | None = None) -> Path:
        """Write the YAML and the layout; ``rel`` names the file of a new pipeline.

        Raises :class:`EditRefused` for a bad name or when the file already exists.
        """
        if self.is_new:
            if not rel:
                raise EditRefused("give the new pipeline a file name first")
            # new pipelines live at the top of the workspace, where their relative paths were made
            path = self._new_path(rel)
            self.file = path
            self.rel = self.workspace.relative(path)
            if self.document.loc.source is not None:
                self.document.loc.source.file = str(path)
        documents.save_document(self.file, self.document, self.positions)
        self._saved_state = self._state
        self.delete_draft()
        if self.draft_id is not None:
            self._drafts_dir().joinpath(f"new-{self.draft_id}.json").unlink(missing_ok=True)
            self.draft_id = None
        return self.file

    def _new_path(self, name: str) -> Path:
        text = name.strip()
        if not text.endswith((".yml", ".yaml")):
            text += ".yml"
        if "/" in text or "\\" in text or text.startswith("."):
            raise EditRefused("use a plain file name such as 'my_pipeline.yml'; new pipelines are saved at the top of the workspace")
        stem = text.rsplit(".", 1)[0]
        if not stem or not all(c.isalnum() or c in "-_ " for c in stem):
            raise EditRefused(f"'{text}' is not a good file name; use letters, digits, '-' and '_'")
        path = self.workspace.inside(text)
        if path.exists():
            raise EditRefused(f"'{text}' already exists; choose another name")
        return path

    def _drafts_dir(self) -> Path:
        return self.workspace.state_dir / DRAFTS

    def draft_path(self) -> Path:
        """Where unsaved changes of this pipeline are kept."""
        if self.rel is None:
            return self._drafts_dir() / f"new-{self.draft_id}.json"
        return self._drafts_dir() / f"{draft_key(self.rel)}.json"

    def draft_payload(self) -> dict[str, Any] | None:
        """What :meth:`store_draft` writes: the unsaved state, or None when nothing is unsaved.

        Built in the caller's thread (the event loop), so that writing can happen in another one.
        """
        if not self.dirty:
            return None
        return {"file": self.rel, "saved_at": time.time(), "document": copy.deepcopy(self.document.to_dict()),
                "layout": {k: list(v) for k, v in self.positions.items()}}

    def store_draft(self, payload: dict[str, Any] | None) -> None:
        """Write (or, for None, delete) the draft file; a crash or a reload then loses nothing."""
        path = self.draft_path()
        if payload is None:
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(json.dumps(payload, default=str), encoding="utf-8")
        tmp.replace(path)

    def write_draft(self) -> None:
        """Keep the unsaved state on disk now (see :meth:`draft_payload`)."""
        self.store_draft(self.draft_payload())

    def delete_draft(self) -> None:
        """Forget the draft (after a save, or when the user discards it)."""
        self.draft_path().unlink(missing_ok=True)

    def restore_draft(self) -> bool:
        """Load the draft of this pipeline if there is one; True when it was restored.

        The restored state is unsaved (dirty) and undoable back to the file's state.
        """
        path = self.draft_path()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            document = data["document"]
            layout = {str(k): (float(v[0]), float(v[1])) for k, v in (data.get("layout") or {}).items()}
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return False
        if not isinstance(document, dict):
            return False
        before = self.snapshot()
        try:
            self._restore(Snapshot(document, layout, self._next_state))
        except SpecError:
            return False
        if not isinstance(self.document, PipelineJob):
            self._restore(before)
            return False
        self._undo.append(before)
        self._next_state += 1
        self.restored_from_draft = float(data.get("saved_at") or 0) or None
        return True

    # ----------------------------------------------------------------------------------- validation

    def saveable_text(self) -> str:
        """The YAML that Save writes."""
        return dump_yaml(documents.to_saveable(self.document))

    def validate(self) -> list[Problem]:
        """Validate what would be saved; keeps and returns the problems (errors and warnings)."""
        text = self.saveable_text()
        try:
            loaded = load_text(text, str(self.file), self.registry)
        except SpecError as exc:
            self.problems = exc.problems
            return self.problems
        self.problems = validate_loaded(loaded)
        return self.problems

    def errors(self) -> list[Problem]:
        """The current problems of severity ``error``."""
        return [p for p in self.problems if p.severity == "error"]

    def problems_by_job(self) -> dict[str, list[Problem]]:
        """Problems grouped by the top-level step they concern (component file problems included)."""
        out: dict[str, list[Problem]] = {}
        own = str(self.file)
        comp_files: dict[str, list[str]] = {}
        for name, job in self.document.jobs.items():
            src = job.resolved.loc.source if job.resolved is not None else None
            if src is not None and src.file != own:
                comp_files.setdefault(src.file, []).append(name)
        for p in self.problems:
            if p.file == own or not p.file:
                parts = p.path.split(".")
                if len(parts) >= 2 and parts[0] == "jobs" and parts[1] in self.document.jobs:
                    out.setdefault(parts[1], []).append(p)
            else:
                for name in comp_files.get(p.file, []):
                    out.setdefault(name, []).append(p)
        return out

    def field_problems(self, job: str) -> dict[str, str]:
        """``{input or output name: message}`` for the fields of step ``job`` that have a problem."""
        out: dict[str, str] = {}
        for p in self.problems_by_job().get(job, []):
            parts = p.path.split(".")
            if len(parts) >= 4 and parts[2] in ("inputs", "outputs"):
                out.setdefault(parts[3], p.message)
            elif len(parts) >= 3 and parts[2] == "inputs" and "required input '" in p.message:
                name = p.message.split("required input '", 1)[1].split("'", 1)[0]
                out.setdefault(name, p.message)
            elif len(parts) >= 3:
                out.setdefault(parts[2], p.message)
        return out

    # ---------------------------------------------------------------------------------------- views

    def current(self) -> Pipeline:
        """The pipeline shown now: the document, or the nested pipeline component opened."""
        pipeline: Pipeline = self.document
        for name in self.view:
            job = pipeline.jobs.get(name)
            if job is None or not isinstance(job.resolved, PipelineComponent):
                self.view = []
                return self.document
            pipeline = job.resolved
        return pipeline

    @property
    def readonly(self) -> bool:
        """Nested pipelines are shown read-only."""
        return bool(self.view)

    def open_nested(self, job: str) -> bool:
        """Show the pipeline component run by step ``job``; False when it is not a pipeline step."""
        step = self.current().jobs.get(job)
        if step is None or not isinstance(step.resolved, PipelineComponent):
            return False
        self.view.append(job)
        return True

    def breadcrumb(self) -> list[str]:
        """Labels from the top: the pipeline title, then each opened step."""
        return [self.title, *self.view]

    def _positions_for_view(self) -> Positions:
        if not self.view:
            return self.positions
        key = tuple(self.view)
        if key not in self._nested_positions:
            self._nested_positions[key] = complete_layout(self.current(), {})
        return self._nested_positions[key]

    def graph(self) -> dict[str, Any]:
        """The canvas ``graph`` prop for the current view (see ``designer.ui.canvas.CanvasGraph``)."""
        pipeline = self.current()
        positions = self._positions_for_view()
        prefix = "".join(f"{v}/" for v in self.view)
        by_job = self.problems_by_job() if not self.view else {}
        nodes = []
        ports: dict[str, tuple[set[str], set[str]]] = {}
        for name, job in pipeline.jobs.items():
            node = node_dict(job, positions.get(name, (0.0, 0.0)), [p.message for p in by_job.get(name, [])],
                             pipeline.jobs)
            live = self.live_for(prefix + name, job).to_dict()
            counts = live.pop("children", None)
            node.update(live)
            if counts is not None and node.get("children"):
                node["children"]["counts"] = counts
            ports[name] = ({i["name"] for i in node["inputs"]}, {o["name"] for o in node["outputs"]})
            nodes.append(node)
        edges = []
        for e in edit.edges(pipeline):
            if e.target_port in ports[e.target][0] and e.source_port in ports[e.source][1]:
                edges.append({"id": e.id, "source": e.source, "source_port": e.source_port,
                              "target": e.target, "target_port": e.target_port})
        return {"nodes": nodes, "edges": edges}

    def live_for(self, path: str, job: Job | None = None) -> Live:
        """The live state of flattened step ``path``; a pipeline step sums up its inner steps."""
        if path in self.live:
            return self.live[path]
        if job is not None and isinstance(job.resolved, PipelineComponent):
            inner = [v for k, v in self.live.items() if k.startswith(path + "/")]
            if inner:
                return summarize(inner)
        return Live()

    def statuses(self) -> dict[str, LiveStatus]:
        """``{job: live state}`` for every node of the current view (for ``setStatuses``)."""
        pipeline = self.current()
        prefix = "".join(f"{v}/" for v in self.view)
        return {name: self.live_for(prefix + name, job).to_dict() for name, job in pipeline.jobs.items()}

    def view_job_for_step(self, step: str) -> str | None:
        """The node of the current view that shows flattened step ``step`` (itself or its pipeline)."""
        prefix = "".join(f"{v}/" for v in self.view)
        if not step.startswith(prefix):
            return None
        return step[len(prefix):].split("/", 1)[0]

    def steps_of(self, job: str) -> list[str]:
        """The flattened step paths a node of the current view stands for."""
        prefix = "".join(f"{v}/" for v in self.view) + job
        return [k for k in self.live if k == prefix or k.startswith(prefix + "/")] or [prefix]


def summarize(inner: list[Live]) -> Live:
    """One state for a pipeline step from the states of the steps inside it (see live.summarize)."""
    found = summarize_live(live.to_dict() for live in inner)
    return Live(found["status"], found["started_at"], found["duration_s"], found.get("children"))


def node_dict(job: Job, position: tuple[float, float], problems: list[str],
              jobs: Mapping[str, Job] | None = None) -> dict[str, Any]:
    """The canvas node for ``job`` (data inputs are ports; parameters live in the properties panel).

    Ports carry their kind (designer/spec/kinds.py): an input's ``accepts`` (kinds it takes), an
    output's ``kinds`` (its kind and the kinds it refines, resolved through ``jobs`` for ``table like``
    outputs). A wire fits when one of ``kinds`` is in ``accepts``, or when either list is empty.
    """
    comp: Component | None = job.resolved
    inputs: list[dict[str, Any]] = []
    outputs: list[dict[str, Any]] = []
    if comp is not None:
        for name, decl in comp.inputs.items():
            if decl.is_param:
                continue
            kind = input_kind(comp, name)
            inputs.append({"name": name, "type": decl.type, "optional": decl.optional or decl.default is not None,
                           "bound": name in job.inputs, "kind": kind.text if kind else None,
                           "accepts": list(kind.kinds) if kind else []})
        upstream = job_upstream(jobs, job.name) if jobs is not None else None
        for name, out in comp.outputs.items():
            resolved = resolved_output_kind(comp, name, upstream)
            outputs.append({"name": name, "type": out.type, "kind": resolved,
                            "kinds": ancestors(resolved) if resolved else []})
    label = job.display_name or (comp.label if comp is not None and not (
        isinstance(comp, CommandComponent) and comp.extra.get("inferred")) else None) or job.name
    return {
        "id": job.name,
        "label": label,
        "component": component_text(job),
        "category": comp.category if comp is not None else "Unknown",
        "icon": comp.icon if comp is not None else "help_outline",
        "kind": "pipeline" if isinstance(comp, PipelineComponent) else "command",
        "inputs": inputs,
        "outputs": outputs,
        "x": float(position[0]),
        "y": float(position[1]),
        **live_status(),
        "problems": problems,
        "children": children_of(comp) if isinstance(comp, PipelineComponent) else None,
        "progress": planned_progress(job),  # a sweep's trials before it runs (live progress replaces it)
    }


INVALID_CATEGORY = "Needs fixing"  # the palette group of components that do not load


def palette(registry: Registry) -> list[dict[str, Any]]:
    """The canvas ``palette`` prop: one entry per component name (its latest version).

    Components that cannot be used come last with ``problem`` (their first problem, one line): the
    palette shows them greyed, not draggable, with the problem as their tooltip.
    """
    out = []
    for entry in registry.latest():
        comp = entry.component
        out.append({
            "name": entry.name,
            "version": entry.version,
            "versions": registry.versions(entry.name),
            "display_name": comp.label,
            "description": comp.description or "",
            "category": comp.category,
            "icon": comp.icon,
        })
    seen: set[str] = set()
    for bad in registry.invalid():
        if bad.name not in seen:
            seen.add(bad.name)
            out.append({"name": bad.name, "version": "", "versions": [], "display_name": bad.name,
                        "description": bad.reason, "category": INVALID_CATEGORY, "icon": "error_outline",
                        "problem": bad.reason})
    return out
