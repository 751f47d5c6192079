"""The graph a run page shows: the pipeline file's own when it still matches the run, else one rebuilt
from the recorded steps (so a run stays readable after its pipeline was edited or deleted).

NiceGUI-free: :class:`RunGraph` is built off the event loop and answers the canvas' questions.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from designer.errors import DesignerError
from designer.ui.live import LiveStatus, record_live
from designer.ui.session import EditorSession, Live, OpenFailure

if TYPE_CHECKING:
    from designer.registry import Registry
    from designer.store import ArtifactRecord, RunRecord, StepRecord, Store
    from designer.workspace import Workspace

def step_live(step: StepRecord, now: float | None = None) -> LiveStatus:
    """The canvas ``setStatuses`` value of one step (see :func:`designer.ui.live.record_live`)."""
    return record_live(step)


def records_graph(steps: Sequence[StepRecord], artifacts: Sequence[ArtifactRecord] = ()) -> dict[str, Any]:
    """A canvas graph built from the recorded steps alone (when the pipeline file no longer matches).

    Ports come from the recorded inputs and outputs; an upstream link whose ports are unknown (the
    step never started) is drawn between generic ``in``/``out`` ports. Positions: auto layout.
    """
    from networkx import DiGraph

    from designer.spec.graph import auto_layout

    g: DiGraph = DiGraph()
    for s in steps:
        g.add_node(s.step)
    names = {s.step for s in steps}
    for s in steps:
        for up in s.upstream:
            if up in names:
                g.add_edge(up, s.step)
    positions = auto_layout(g)
    inputs: dict[str, dict[str, str]] = defaultdict(dict)
    outputs: dict[str, dict[str, str]] = defaultdict(dict)
    by_path: dict[str, tuple[str, str]] = {}
    for s in steps:
        for name, path in s.outputs.items():
            outputs[s.step][name] = "uri_folder"
            by_path[os.path.normpath(path)] = (s.step, name)
    for a in artifacts:
        if a.direction == "output":
            outputs[a.step][a.name] = a.type
            by_path[os.path.normpath(a.path)] = (a.step, a.name)
    edges: list[dict[str, str]] = []
    linked: set[tuple[str, str]] = set()
    for a in artifacts:
        if a.direction != "input" or a.step not in names:
            continue
        inputs[a.step][a.name] = a.type
        source = by_path.get(os.path.normpath(a.path)) if a.path else None
        if source is not None and source[0] in names and source[0] != a.step:
            edges.append({"id": f"{source[0]}.{source[1]}->{a.step}.{a.name}", "source": source[0],
                          "source_port": source[1], "target": a.step, "target_port": a.name})
            linked.add((source[0], a.step))
    for up, down in g.edges:
        if (up, down) not in linked:
            inputs[down].setdefault("in", "uri_folder")
            outputs[up].setdefault("out", "uri_folder")
            edges.append({"id": f"{up}->{down}", "source": up, "source_port": "out", "target": down,
                          "target_port": "in"})
    nodes = []
    for s in steps:
        x, y = positions.get(s.step, (0.0, 0.0))
        nodes.append({
            "id": s.step, "label": s.step, "component": s.component or "", "category": "", "icon": "terminal",
            "kind": "command",
            "inputs": [{"name": n, "type": t, "optional": False, "bound": True} for n, t in inputs[s.step].items()],
            "outputs": [{"name": n, "type": t} for n, t in outputs[s.step].items()],
            "x": x, "y": y, "problems": [], **step_live(s),
        })
    return {"nodes": nodes, "edges": edges}


class RunGraph:
    """The graph the run page shows and the mapping between its nodes and the run's steps."""

    def __init__(self, session: EditorSession | None, steps: Sequence[StepRecord],
                 artifacts: Sequence[ArtifactRecord] = ()) -> None:
        self.session = session
        self._steps = list(steps)
        self._artifacts = list(artifacts)

    @classmethod
    def build(cls, workspace: Workspace, registry: Registry, store: Store, run: RunRecord,
              steps: Sequence[StepRecord]) -> RunGraph:
        """Open the run's pipeline file when it still has every step of the run (blocking)."""
        session = None
        path = Path(run.pipeline_file) if run.pipeline_file else None
        if path is not None and path.is_file():
            rel = workspace.relative(path)
            if not Path(rel).is_absolute():
                try:
                    opened = EditorSession.open(workspace, registry, rel)
                except DesignerError:
                    opened = None
                if opened is not None and not isinstance(opened, OpenFailure):
                    tops = {s.step.split("/", 1)[0] for s in steps}
                    if tops <= set(opened.document.jobs) and _same_shape(opened, steps):
                        session = opened
        artifacts = [] if session is not None else store.artifacts(run.id)
        graph = cls(session, steps, artifacts)
        graph.update(steps)
        return graph

    @property
    def view(self) -> list[str]:
        """The nested pipeline steps opened, from the top (empty at the top level)."""
        return list(self.session.view) if self.session is not None else []

    def prefix(self) -> str:
        return "".join(f"{v}/" for v in self.view)

    def update(self, steps: Sequence[StepRecord]) -> None:
        """Take the steps' new states."""
        self._steps = list(steps)
        if self.session is not None:
            self.session.live = {s.step: Live(**step_live(s)) for s in steps}

    def graph(self) -> dict[str, Any]:
        """The canvas ``graph`` prop for the current view."""
        if self.session is not None:
            return self.session.graph()
        return records_graph(folded(self._steps), self._artifacts)

    def statuses(self) -> dict[str, LiveStatus]:
        """``{node: live}`` for ``setStatuses``."""
        if self.session is not None:
            return self.session.statuses()
        return {s.step: step_live(s) for s in folded(self._steps)}

    def node_of(self, step: str) -> str | None:
        """The node of the current view that shows ``step`` (itself or its pipeline step)."""
        if self.session is not None:
            return self.session.view_job_for_step(step)
        return step

    def steps_of(self, node: str) -> list[str]:
        """The run's steps a node stands for (one, or every step inside a pipeline step)."""
        path = self.prefix() + node
        return [s.step for s in self._steps if s.step == path or s.step.startswith(path + "/")]

    def open(self, node: str) -> bool:
        """Show the pipeline inside pipeline step ``node``; False for a command step."""
        return self.session.open_nested(node) if self.session is not None else False

    def go_to(self, level: int) -> None:
        """Back to ``level`` of the breadcrumb (0: the top)."""
        if self.session is not None:
            del self.session.view[level:]


def _same_shape(session: EditorSession, steps: Sequence[StepRecord]) -> bool:
    """True when every recorded step is a command step of the file (the file was not restructured)."""
    from designer.spec.model import PipelineComponent

    for s in steps:
        pipeline: Any = session.document
        parts = s.step.split("/")
        for i, part in enumerate(parts):
            job = pipeline.jobs.get(part)
            if job is None:
                return False
            if i < len(parts) - 1:
                if job.type == "sweep" and i == len(parts) - 2 and parts[-1].startswith("trial_"):
                    break  # a trial of a sweep step: shown inside its sweep's card
                if not isinstance(job.resolved, PipelineComponent):
                    return False
                pipeline = job.resolved
    return True


def folded(steps: Sequence[StepRecord]) -> list[StepRecord]:
    """``steps`` without the trials of sweep steps (``tune/trial_0003``), which their sweep's card stands for."""
    from designer.ui.reads.children import is_trial

    names = {s.step for s in steps}
    return [s for s in steps if not is_trial(s.step, names)]


