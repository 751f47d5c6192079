"""One run (``/runs/<id>``): its graph, timeline, parameters, metrics, and every step's detail.

The page reads the run store and the run's folder only, so it shows runs of any process: a
``ui.timer`` polls :meth:`Store.events_since` for the run off the event loop and, when something
happened, reloads the run's step rows and updates the canvas, the timeline and the open step.
A running step's log is tailed from its file the same way.

The graph is the pipeline file's own (same cards, positions and nested pipelines as the designer,
through :class:`~designer.ui.session.EditorSession`) when the file still matches the run; otherwise
it is rebuilt from the recorded steps, so a run stays readable after its pipeline was edited or
deleted.
"""

from __future__ import annotations

import html
import math
import os
import re
import shutil
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from nicegui import ui

from designer.engine.events import STEP_FINAL
from designer.engine.recovery import recover
from designer.errors import DesignerError
from designer.ui import previews
from designer.ui.canvas import PipelineCanvas
from designer.ui.frame import state_look
from designer.ui.live import LiveStatus, record_live
from designer.ui.runs import (
    CSS as RUNS_CSS,
)
from designer.ui.runs import (
    duration_text,
    full_time,
    io,
    not_found,
    run_duration,
    source_text,
    state_badge,
    time_text,
    unavailable,
)

if TYPE_CHECKING:
    from designer.store import ArtifactRecord, MetricRecord, RunRecord, StepRecord, Store
    from designer.ui.app import AppContext
    from designer.ui.files import FileServer
    from designer.ui.session import EditorSession
    from designer.workspace import Workspace

POLL_S = 0.3
LOG_POLL_S = 0.5
LOG_MAX_LINES = 2000
LOG_TAIL_BYTES = 256_000
TABS = ("details", "log", "inputs", "outputs", "metrics")

CSS = """
.run-page { height: calc(100vh - 48px); }
.run-main { min-height: 0; }
.run-card { border-radius: 12px; border: 1px solid rgba(100,116,139,.22); background: #fff; box-shadow: none; }
body.body--dark .run-card { background: #111a2e; border-color: rgba(148,163,184,.18); }
.run-canvas { height: 100%; width: 100%; }
.run-meta { font-size: 13px; gap: 6px 18px; }
.run-meta .q-icon { font-size: 16px; opacity: .7; margin-right: 3px; }
.run-banner { border-radius: 10px; background: rgba(220,38,38,.08); border: 1px solid rgba(220,38,38,.35); }
.run-banner .run-error-text { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  font-size: 12.5px; white-space: pre-wrap; word-break: break-word; max-height: 4.6em; overflow: hidden; }
.run-kv { display: grid; grid-template-columns: 112px 1fr; gap: 6px 12px; font-size: 13px; align-items: start; }
.run-kv > .k { color: #64748b; }
body.body--dark .run-kv > .k { color: #94a3b8; }
.run-kv > .v { word-break: break-word; min-width: 0; }
.run-code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px;
  white-space: pre-wrap; word-break: break-all; background: rgba(100,116,139,.09); border-radius: 8px;
  padding: 8px 10px; max-height: 220px; overflow: auto; }
.step-log { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px;
  line-height: 1.45; background: #0f172a; color: #e2e8f0; border-radius: 8px; padding: 8px 10px;
  height: 100%; min-height: 200px; outline: none; }
.step-log .q-scrollarea__content { white-space: pre-wrap; word-break: break-word; width: 100%; padding: 0; }
.step-log .log-match { background: rgba(250,204,21,.18); }
.step-log .log-err { color: #fca5a5; }
.run-steps { background: transparent; min-height: 0; flex: 1 1 0; }
.run-steps .q-table__middle { flex: 1 1 auto; overflow-y: auto; }
.run-steps td { border: none !important; height: 40px; }
.run-steps tr.is-failed td { background: rgba(220,38,38,.07); }
.run-steps tbody tr:hover td { background: rgba(100,116,139,.08); }
.run-panel-tabs .q-tab { min-height: 38px; padding: 0 10px; }
.run-panel-tabs .q-tab__label { font-size: 13px; text-transform: none; }
.run-main-tabs .q-tab { min-height: 42px; padding: 0 12px; }
.run-main-tabs .q-tab__label { font-size: 13.5px; text-transform: none; font-weight: 500; }
.run-main-tabs .q-tab__icon { font-size: 18px; }
.run-preview-table .q-table th, .run-preview-table .q-table td { font-size: 12px; padding: 3px 8px; height: 26px; }
.run-preview-table .q-table th { white-space: nowrap; }
.run-img { max-width: 100%; border-radius: 8px; border: 1px solid rgba(100,116,139,.2); background: #fff; }
.run-metric { border-radius: 10px; border: 1px solid rgba(100,116,139,.22); padding: 8px 12px; min-width: 130px; }
.run-metric .name { font-size: 12px; color: #64748b; }
.run-metric .value { font-size: 18px; font-weight: 600; font-variant-numeric: tabular-nums; }
"""


ERROR_LINE = re.compile(r"^\S*(Error|Exception)\b|^Error:|^Traceback \(most recent call last\)")
STEPS_BODY = r"""
<q-tr :props="props" data-testid="step-item" :data-step="props.row.step" :data-status="props.row.state"
      class="cursor-pointer" :class="{'is-failed': props.row.failed}" @click="$parent.$emit('pick', props.row.step)">
  <q-td style="width: 34px; padding-right: 0"><q-icon :name="props.row.icon" size="20px" :style="{color: props.row.color}" /></q-td>
  <q-td style="max-width: 0; width: 100%">
    <div class="text-weight-medium ellipsis">{{ props.row.step }}</div>
    <div v-if="props.row.sub" class="text-caption ellipsis" :class="props.row.failed ? 'text-negative' : 'designer-muted'"
         :title="props.row.sub">{{ props.row.sub }}</div>
  </q-td>
  <q-td class="text-right text-caption designer-muted" style="white-space: nowrap">{{ props.row.side }}</q-td>
</q-tr>
"""

# ------------------------------------------------------------------------------------------ data


@dataclass
class RunSnapshot:
    """The run row, its steps and the newest event seq seen, read together; ``errors`` holds the
    last line of each failed step's stderr (what a person reads first)."""

    run: RunRecord
    steps: list[StepRecord]
    seq: int
    errors: dict[str, str] = field(default_factory=dict)
    pipeline_rel: str | None = None  # the pipeline file relative to the workspace; None when outside
    pipeline_exists: bool = False


def last_error_line(text: str) -> str:
    """The line of a log tail that says what went wrong: the last ``...Error...`` line, else the last line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in reversed(lines):
        if "error" in line.lower() or "exception" in line.lower():
            return line[:500]
    return lines[-1][:500] if lines else ""


def failed_step_errors(run: RunRecord, steps: Sequence[StepRecord]) -> dict[str, str]:
    """``{step: last error line of its stderr}`` for the failed steps (blocking: reads log tails)."""
    out: dict[str, str] = {}
    for s in steps:
        if s.state != "failed":
            continue
        line = last_error_line(read_log(step_folder(run, s.step) / "logs" / "stderr.txt", tail_bytes=8192,
                                        final=True).text)
        if line:
            out[s.step] = line
    return out


def snapshot_of(store: Store, run: RunRecord, seq: int, workspace: Workspace | None) -> RunSnapshot:
    """The run's steps, failed steps' errors and whether its pipeline file is there (blocking)."""
    steps = store.steps(run.id)
    rel, exists = None, False
    if workspace is not None and run.pipeline_file:
        shown = workspace.relative(run.pipeline_file)
        rel = None if Path(shown).is_absolute() else shown
        exists = Path(run.pipeline_file).is_file()
    return RunSnapshot(run, steps, seq, failed_step_errors(run, steps), rel, exists)


def load_run(store: Store, run_id: str, workspace: Workspace | None = None) -> RunSnapshot | None:
    """Read the run and its steps (blocking); None when there is no such run."""
    seq = store.latest_seq()
    found = store.get_run(run_id)
    if found is None:
        return None
    return snapshot_of(store, found, seq, workspace)


def poll_run(store: Store, run_id: str, after: int,
             workspace: Workspace | None = None) -> tuple[int, RunSnapshot | None, bool]:
    """``(seq, snapshot, gone)``: the run re-read when events arrived after ``after`` (else no
    snapshot); ``gone`` when the run was deleted meanwhile. Blocking."""
    events = store.events_since(run_id, after, limit=10_000)
    if not events:
        return after, None, False
    found = store.get_run(run_id)
    if found is None:
        return after, None, True
    return events[-1][0], snapshot_of(store, found, events[-1][0], workspace), False


@dataclass
class StepDetail:
    """What the step panel shows beyond the step row: artifacts, metrics, where logs are."""

    step: StepRecord
    artifacts: list[ArtifactRecord]
    metrics: list[MetricRecord]
    log_dir: Path | None
    log_from_run: str | None
    images: list[previews.ImageFile]
    command_file: str | None
    log_sizes: dict[str, int] = field(default_factory=dict)


def step_folder(run: RunRecord, step: str) -> Path:
    """``<run_dir>/<step>``."""
    return Path(run.run_dir) / step


def load_step(store: Store, run: RunRecord, step: StepRecord) -> StepDetail:
    """Read the artifacts and metrics of ``step`` and find its log and images (blocking).

    A reused step ran in an earlier run: its log and images are that run's, said so on the page.
    """
    artifacts = store.artifacts(run.id, step.step)
    metrics = store.metrics(run.id, step.step)
    folder: Path | None = step_folder(run, step.step)
    log_from = None
    if step.state == "cached" and step.reused_from_run:
        source = store.get_run(step.reused_from_run)
        folder = step_folder(source, step.reused_from_step or step.step) if source is not None else None
        log_from = step.reused_from_run
    command = None
    if folder is not None and not step.command:
        try:
            command = (folder / "command.txt").read_text(encoding="utf-8", errors="replace")[:20_000]
        except OSError:
            command = None
    images = previews.find_images(folder) if folder is not None else []
    sizes: dict[str, int] = {}
    for stream in ("stdout", "stderr"):
        try:
            sizes[stream] = (folder / "logs" / f"{stream}.txt").stat().st_size if folder is not None else 0
        except OSError:
            sizes[stream] = 0
    return StepDetail(step, artifacts, metrics, folder / "logs" if folder is not None else None, log_from,
                      images, command, sizes)


# ------------------------------------------------------------------------------------------ logs


@dataclass
class LogChunk:
    """New text of a log file: whole lines from ``start``; ``offset`` is where to read on from."""

    text: str
    offset: int
    skipped: int  # bytes left out at the start of a long log


def read_log(path: Path, offset: int = 0, *, tail_bytes: int = LOG_TAIL_BYTES, final: bool = False) -> LogChunk:
    """The text appended to ``path`` since ``offset`` (whole lines only unless ``final``).

    The first read of a long log starts ``tail_bytes`` before its end, at a line start. A missing
    file reads as empty; a file that shrank (rewritten) is read again from the start.
    """
    try:
        with path.open("rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            if size < offset:
                offset = 0
            skipped = 0
            if offset == 0 and size > tail_bytes:
                f.seek(size - tail_bytes)
                f.readline()
                skipped = f.tell()
                offset = skipped
            f.seek(offset)
            data = f.read()
    except OSError:
        return LogChunk("", offset, 0)
    if not final and not data.endswith(b"\n"):
        cut = data.rfind(b"\n")
        data = data[: cut + 1] if cut >= 0 else b""
    return LogChunk(data.decode("utf-8", errors="replace"), offset + len(data), skipped)


# ------------------------------------------------------------------------------------------ graph


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
    def build(cls, ctx: AppContext, snapshot: RunSnapshot) -> RunGraph:
        """Open the run's pipeline file when it still has every step of the run (blocking)."""
        from designer.ui.session import EditorSession, OpenFailure

        session = None
        path = Path(snapshot.run.pipeline_file) if snapshot.run.pipeline_file else None
        if path is not None and path.is_file():
            rel = ctx.workspace.relative(path)
            if not Path(rel).is_absolute():
                try:
                    opened = EditorSession.open(ctx.workspace, ctx.registry, rel)
                except DesignerError:
                    opened = None
                if opened is not None and not isinstance(opened, OpenFailure):
                    tops = {s.step.split("/", 1)[0] for s in snapshot.steps}
                    if tops <= set(opened.document.jobs) and _same_shape(opened, snapshot.steps):
                        session = opened
        artifacts = [] if session is not None else ctx.store.artifacts(snapshot.run.id)
        graph = cls(session, snapshot.steps, artifacts)
        graph.update(snapshot.steps)
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
            from designer.ui.session import Live

            self.session.live = {s.step: Live(**step_live(s)) for s in steps}

    def graph(self) -> dict[str, Any]:
        """The canvas ``graph`` prop for the current view."""
        if self.session is not None:
            return self.session.graph()
        return records_graph(self._steps, self._artifacts)

    def statuses(self) -> dict[str, LiveStatus]:
        """``{node: live}`` for ``setStatuses``."""
        if self.session is not None:
            return self.session.statuses()
        return {s.step: step_live(s) for s in self._steps}

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
                if not isinstance(job.resolved, PipelineComponent):
                    return False
                pipeline = job.resolved
    return True


# ------------------------------------------------------------------------------------------ timeline


def gantt_options(run: RunRecord, steps: Sequence[StepRecord], now: float | None = None) -> dict[str, Any]:
    """ECharts options for the run's timeline: one bar per step from its start to its end (seconds
    since the run started), coloured by state; reused steps are a thin mark where they were reused.

    Tooltip texts are escaped here: ECharts renders tooltips as HTML.
    """
    now = now or time.time()
    t0 = run.started_at
    names: list[str] = []
    offsets: list[Any] = []
    bars: list[Any] = []
    for s in steps:
        names.append(s.step)
        look = state_look(s.state)
        if s.started_at is not None:
            start = s.started_at - t0
            end_at = s.ended_at if s.ended_at is not None else (now if s.state == "running" else s.started_at)
            length = max(0.0, end_at - s.started_at)
        elif s.ended_at is not None and s.state in ("cached", "skipped", "canceled"):
            start, length = s.ended_at - t0, 0.0
        else:
            offsets.append("-")
            bars.append("-")
            continue
        tip = (f"<b>{html.escape(s.step)}</b><br/>{html.escape(look.label)}"
               + (f" · {html.escape(duration_text(length))}" if s.started_at is not None else "")
               + f"<br/>from {start:.1f}s to {start + length:.1f}s")
        if s.state == "cached" and s.reused_from_run:
            tip += f"<br/>reused from run {html.escape(s.reused_from_run)}"
        offsets.append(round(max(0.0, start), 3))
        bars.append({"value": round(length, 3), "itemStyle": {"color": look.color}, "tip": tip,
                     "step": s.step})
    span = max([0.0] + [(o + (b["value"] if isinstance(b, dict) else 0)) for o, b in zip(offsets, bars, strict=True)
                        if o != "-"])
    return {
        "animation": False,
        "grid": {"left": 8, "right": 24, "top": 28, "bottom": 8, "containLabel": True},
        "tooltip": {"trigger": "item", "confine": True, ":formatter": "p => p.data && p.data.tip"},
        "xAxis": {"type": "value", "position": "top", "min": 0, "max": _nice_max(span),
                  "axisLabel": {"formatter": "{value}s", "color": "#64748b"},
                  "splitLine": {"lineStyle": {"color": "rgba(100,116,139,.18)"}}},
        "yAxis": {"type": "category", "data": names, "inverse": True,
                  "axisLabel": {"width": 170, "overflow": "truncate", "color": "#64748b"},
                  "axisTick": {"show": False}, "axisLine": {"lineStyle": {"color": "rgba(100,116,139,.35)"}}},
        "series": [
            {"type": "bar", "stack": "t", "data": offsets, "silent": True, "tooltip": {"show": False},
             "itemStyle": {"color": "transparent"}, "barMaxWidth": 18},
            {"type": "bar", "stack": "t", "data": bars, "barMinHeight": 3, "barMaxWidth": 18,
             "itemStyle": {"borderRadius": 3}, "cursor": "pointer"},
        ],
    }


def _nice_max(span: float) -> float:
    if span <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(span))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if span <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover


def gantt_height(steps: int) -> int:
    """Pixels for a timeline of ``steps`` rows."""
    return max(140, 26 * steps + 44)


# ------------------------------------------------------------------------------------------ metrics


@dataclass
class MetricSeries:
    """All values one step logged under one metric name, in logging order."""

    step: str
    name: str
    points: list[tuple[float, float]] = field(default_factory=list)

    @property
    def last(self) -> float:
        return self.points[-1][1]


def metric_series(metrics: Sequence[MetricRecord]) -> list[MetricSeries]:
    """Group metrics by (step, name); x is the logged index, else the position (1, 2, ...)."""
    groups: dict[tuple[str, str], MetricSeries] = {}
    for m in metrics:
        series = groups.setdefault((m.step, m.name), MetricSeries(m.step, m.name))
        x = float(m.index) if m.index is not None else float(len(series.points) + 1)
        series.points.append((x, m.value))
    return list(groups.values())


def number_text(value: float) -> str:
    """A metric value for people: 4 significant digits, no exponent for everyday sizes."""
    if math.isnan(value) or math.isinf(value):
        return str(value)
    if value == int(value) and abs(value) < 1e12:
        return str(int(value))
    if 1e-3 <= abs(value) < 1e6:
        return f"{value:.4g}" if abs(value) >= 1 else f"{value:.4f}".rstrip("0")
    return f"{value:.3e}"


def line_chart_options(series: Sequence[MetricSeries], title: str | None = None) -> dict[str, Any]:
    """ECharts options for one or more metric series drawn as lines."""
    return {
        "animation": False,
        "title": {"text": title or "", "textStyle": {"fontSize": 12, "fontWeight": 600, "color": "#64748b"},
                  "left": 0, "top": 0},
        "grid": {"left": 8, "right": 16, "top": 30, "bottom": 8, "containLabel": True},
        "tooltip": {"trigger": "axis"},
        "legend": {"show": len(series) > 1, "top": 0, "right": 0, "textStyle": {"color": "#64748b"}},
        "xAxis": {"type": "value", "minInterval": 1, "axisLabel": {"color": "#64748b"},
                  "splitLine": {"show": False}},
        "yAxis": {"type": "value", "scale": True, "axisLabel": {"color": "#64748b"},
                  "splitLine": {"lineStyle": {"color": "rgba(100,116,139,.18)"}}},
        "series": [{"type": "line", "name": s.step if len(series) > 1 else s.name, "showSymbol": len(s.points) < 40,
                    "data": [[x, y] for x, y in s.points]} for s in series],
    }


# ------------------------------------------------------------------------------------------ the page


def _kv(key: str, build: Callable[[], Any] | str | None) -> None:
    ui.label(key).classes("k")
    with ui.element("div").classes("v"):
        if callable(build):
            build()
        elif build:
            ui.label(build)
        else:
            ui.label("—").classes("designer-muted")


def _link(text: str, target: str, *, new_tab: bool = False, testid: str | None = None) -> ui.link:
    link = ui.link(text, target, new_tab=new_tab).classes("text-primary")
    if testid:
        link.props(f'data-testid="{testid}"')
    return link


class RunView:
    """One browser tab's run page: builds it, follows the run, and owns the step panel."""

    def __init__(self, ctx: AppContext, files: FileServer, snapshot: RunSnapshot, graph: RunGraph) -> None:
        self.ctx = ctx
        self.store: Store = ctx.store
        self.files = files
        self.snap = snapshot
        self.graph = graph
        self.selected: str | None = None  # a step path
        self.tab = "details"
        self.main_tab = "graph"
        self.log_timer: ui.timer | None = None
        self._busy = False
        self._last_interrupt_check = 0.0
        self._gone = False
        self._fills = 0
        self.steps_table: ui.table | None = None

    # ------------------------------------------------------------------------------------ build

    @property
    def run(self) -> RunRecord:
        return self.snap.run

    def steps_by_name(self) -> dict[str, StepRecord]:
        return {s.step: s for s in self.snap.steps}

    def build(self, step: str | None, tab: str | None) -> None:
        ui.add_css(RUNS_CSS)
        ui.add_css(CSS)
        ui.query(".nicegui-content").classes("p-0 gap-0")
        with ui.column().classes("run-page w-full no-wrap gap-2 q-px-md q-pt-sm q-pb-md"):
            self.header = ui.column().classes("w-full gap-1")
            self.banner = ui.column().classes("w-full")
            with ui.row().classes("run-main w-full grow no-wrap gap-3 items-stretch"):
                with ui.element("div").classes("run-card grow column no-wrap").style("min-width: 0"):
                    self._main_tabs()
                with ui.element("div").classes("run-card column no-wrap").style(
                        "width: 460px; min-width: 460px").props('data-testid="step-panel"'):
                    self.panel = ui.column().classes("w-full h-full no-wrap gap-0")
        self.render_header()
        self.render_banner()
        steps = self.steps_by_name()
        if step and step in steps:
            self.select(step, tab if tab in TABS else None)
        else:
            self.render_panel()
        self.timer = ui.timer(POLL_S, self.poll, active=self.run.state == "running")

    def _main_tabs(self) -> None:
        with ui.row().classes("w-full items-center no-wrap q-px-sm").style(
                "border-bottom: 1px solid rgba(100,116,139,.18)"):
            with ui.tabs(on_change=lambda e: self._main_tab_changed(e.value)).props(
                    "dense no-caps inline-label active-color=primary indicator-color=primary").classes(
                    "run-main-tabs") as tabs:
                for key, label, icon in (("graph", "Graph", "account_tree"), ("timeline", "Timeline", "view_timeline"),
                                         ("parameters", "Parameters", "tune"), ("metrics", "Metrics", "insights")):
                    ui.tab(key, label, icon=icon).props(f'data-testid="tab-{key}"')
            tabs.value = "graph"
            ui.space()
            self.crumbs = ui.row().classes("items-center gap-1 no-wrap")
        with ui.tab_panels(tabs, value="graph").props("animated=false keep-alive").classes(
                "w-full grow").style("min-height: 0"):
            with ui.tab_panel("graph").classes("h-full").style("padding: 0"):
                self.canvas = PipelineCanvas(self.graph.graph(), readonly=True, on_select=self._on_node_select,
                                             on_open=self._on_node_open).classes("run-canvas")
            with ui.tab_panel("timeline").classes("q-pa-sm h-full overflow-auto") as timeline_panel:
                self.timeline_panel = timeline_panel
                self.gantt: ui.echart | None = None
            with ui.tab_panel("parameters").classes("q-pa-md h-full overflow-auto"):
                self.parameters_box = ui.column().classes("w-full gap-2")
            with ui.tab_panel("metrics").classes("q-pa-md h-full overflow-auto"):
                self.metrics_box = ui.column().classes("w-full gap-3")
        self.render_crumbs()
        self.render_parameters()

    def _main_tab_changed(self, value: str) -> None:
        self.main_tab = value
        if value == "timeline":
            self.render_timeline()
        elif value == "metrics":
            background(self.render_run_metrics())

    # ------------------------------------------------------------------------------------ header

    def render_header(self) -> None:
        r = self.run
        self.header.clear()
        with self.header, ui.row().classes("w-full items-center no-wrap gap-3"):
            ui.button(icon="arrow_back", on_click=lambda: ui.navigate.to("/runs")).props(
                'flat round dense data-testid="back-to-runs"').tooltip("All runs")
            with ui.column().classes("gap-0").style("min-width: 0"):
                with ui.row().classes("items-center gap-3 no-wrap"):
                    ui.label(r.pipeline_name or "(unnamed pipeline)").classes(
                        "text-h6 text-weight-bold ellipsis").props('data-testid="run-title"')
                    state_badge(r.state, testid="run-status")
                with ui.row().classes("run-meta items-center designer-muted"):
                    with ui.row().classes("items-center gap-0 no-wrap"):
                        ui.icon("tag")
                        ui.label(r.id).classes("runs-mono").props('data-testid="run-id"')
                    with ui.row().classes("items-center gap-0 no-wrap").tooltip(full_time(r.started_at)):
                        ui.icon("schedule")
                        ui.label(time_text(r.started_at))
                    with ui.row().classes("items-center gap-0 no-wrap"):
                        ui.icon("timer")
                        self.duration_label = ui.label(duration_text(run_duration(r)))
                    with ui.row().classes("items-center gap-0 no-wrap"):
                        ui.icon("bolt")
                        ui.label(f"from {source_text(r.source)}")
                    with ui.row().classes("items-center gap-0 no-wrap"):
                        ui.icon("account_tree")
                        done = f"{r.steps_done}/{r.steps_total} steps" if r.state == "running" else \
                                f"{r.steps_total} step{'s' if r.steps_total != 1 else ''}"
                        ui.label(done + (f", {r.steps_reused} reused" if r.steps_reused else ""))
                    if r.rerun_of:
                        with ui.row().classes("items-center gap-0 no-wrap"):
                            ui.icon("replay")
                            ui.label("re-run of\u00a0")
                            _link(r.rerun_of, f"/runs/{quote(r.rerun_of)}", testid="rerun-of")
                    rel = self.pipeline_rel()
                    if rel:
                        with ui.row().classes("items-center gap-0 no-wrap"):
                            ui.icon("description")
                            ui.label(rel).classes("runs-mono")
            ui.space()
            self._actions()

    def pipeline_rel(self) -> str | None:
        """The pipeline file relative to the workspace, or None when it is outside or unknown."""
        return self.snap.pipeline_rel

    def _actions(self) -> None:
        r = self.run
        running = r.state == "running"
        with ui.row().classes("items-center gap-2 no-wrap"):
            if running:
                ui.button("Cancel", icon="stop_circle", on_click=self.cancel).props(
                    'outline no-caps color=negative data-testid="cancel-run"').set_enabled(not r.cancel_requested)
            rerun = ui.button("Re-run", icon="replay", on_click=self.rerun).props(
                'unelevated no-caps data-testid="rerun-button"')
            problem = self.rerun_problem()
            if problem:
                rerun.set_enabled(False)
                with rerun:
                    ui.tooltip(problem)
            else:
                with rerun:
                    ui.tooltip("Run the pipeline file again with this run's parameters; unchanged steps are reused")
            edit = ui.button("Open in designer", icon="edit", on_click=self.open_in_designer).props(
                'outline no-caps data-testid="open-in-designer"')
            if self.pipeline_rel() is None or not self.snap.pipeline_exists:
                edit.set_enabled(False)
            with ui.button(icon="more_vert").props('flat round dense data-testid="run-menu"'), ui.menu():
                item = ui.menu_item("Delete run…", on_click=self.confirm_delete).props('data-testid="delete-run"')
                if running:
                    item.props("disable")

    def rerun_problem(self) -> str | None:
        """Why this run cannot be re-run from here, or None."""
        if self.ctx.runner is None:
            return f"Running is off: {self.ctx.runner_problem or 'no runner'}"
        if not self.snap.pipeline_exists:
            return "The pipeline file of this run is gone"
        return None

    def render_banner(self) -> None:
        self.banner.clear()
        r = self.run
        failed = [s for s in self.snap.steps if s.state == "failed"]
        if r.state not in ("failed", "interrupted") and not failed:
            return
        with self.banner, ui.row().classes("run-banner w-full items-center no-wrap q-px-md q-py-sm gap-3").props(
                'data-testid="run-error"'):
            ui.icon("error", size="24px").classes("text-negative")
            with ui.column().classes("gap-0 grow").style("min-width: 0"):
                if failed:
                    names = ", ".join(s.step for s in failed[:3]) + (" …" if len(failed) > 3 else "")
                    ui.label(f"Step {names} failed" if len(failed) == 1 else f"Steps {names} failed").classes(
                        "text-weight-bold")
                else:
                    ui.label(f"The run was {state_look(r.state).label.lower()}").classes("text-weight-bold")
                detail = ""
                if failed:
                    first = failed[0]
                    detail = " · ".join(t for t in (first.message, self.snap.errors.get(first.step)) if t)
                detail = detail or (r.error or "").strip()
                if detail:
                    ui.label(detail).classes("run-error-text").props('data-testid="run-error-text"')
            if failed:
                ui.button("Show log", icon="subject", on_click=lambda: self.select(failed[0].step, "log")).props(
                    'unelevated no-caps color=negative data-testid="show-failed-log"')

    def render_crumbs(self) -> None:
        self.crumbs.clear()
        view = self.graph.view
        if not view:
            return
        with self.crumbs:
            ui.button(self.run.pipeline_name or "pipeline", on_click=lambda: self.go_to(0)).props(
                "flat dense no-caps size=sm")
            for i, name in enumerate(view):
                ui.icon("chevron_right").classes("designer-muted")
                button = ui.button(name, on_click=lambda level=i + 1: self.go_to(level)).props(
                    "flat dense no-caps size=sm")
                if i == len(view) - 1:
                    button.props("disable")

    def go_to(self, level: int) -> None:
        self.graph.go_to(level)
        self.canvas.set_graph(self.graph.graph())
        self.render_crumbs()
        self.canvas.fit()

    # ------------------------------------------------------------------------------------ parameters

    def render_parameters(self) -> None:
        box = self.parameters_box
        box.clear()
        given = self.run.parameters
        defaults: dict[str, Any] = {}
        session = self.graph.session
        if session is not None:
            from designer.spec.edit import describe_value

            defaults = {name: describe_value(session.document.input_value(name))
                        if hasattr(session.document, "input_value") else describe_value(value)
                        for name, value in session.document.inputs.items()}
        names = list(dict.fromkeys([*defaults, *given]))
        with box:
            ui.label("Parameters").classes("text-subtitle1 text-weight-bold")
            if not names:
                ui.label("This pipeline has no inputs.").classes("designer-muted")
                return
            rows = []
            for name in names:
                if name in given:
                    value, origin = given[name], "set for this run"
                else:
                    value, origin = defaults.get(name), "pipeline default"
                rows.append({"name": name, "value": _value_text(value), "origin": origin})
            table = ui.table(columns=[
                {"name": "name", "label": "Input", "field": "name", "align": "left"},
                {"name": "value", "label": "Value", "field": "value", "align": "left"},
                {"name": "origin", "label": "", "field": "origin", "align": "left"},
            ], rows=rows, row_key="name").props('flat dense bordered data-testid="run-parameters"').classes(
                "w-full run-preview-table")
            table.add_slot("body-cell-value", '<q-td :props="props"><span class="runs-mono" '
                                              ":class=\"{'text-weight-bold': props.row.origin !== 'pipeline default'}\">"
                                              "{{ props.value }}</span></q-td>")
            table.add_slot("body-cell-origin", '<q-td :props="props" class="designer-muted">{{ props.value }}</q-td>')
            if session is None and given:
                ui.label("The pipeline file changed since this run, so only the values given to the run are shown."
                         ).classes("designer-muted text-caption")

    # ------------------------------------------------------------------------------------ timeline

    def render_timeline(self) -> None:
        options = gantt_options(self.run, self.snap.steps)
        height = gantt_height(len(self.snap.steps))
        if self.gantt is None:
            with self.timeline_panel:
                if not self.snap.steps:
                    ui.label("This run has no steps.").classes("designer-muted q-pa-md")
                    return
                self.gantt = ui.echart(options, on_point_click=self._on_bar_click).classes("w-full").style(
                    f"height: {height}px; flex-shrink: 0").props('data-testid="run-timeline"')
        else:
            self.gantt.options.clear()
            self.gantt.options.update(options)
            self.gantt.style(f"height: {height}px; flex-shrink: 0")
            self.gantt.update()

    def _on_bar_click(self, e: Any) -> None:
        data = e.data if isinstance(e.data, dict) else {}
        step = data.get("step") or e.name
        if step in self.steps_by_name():
            self.select(step)

    # ------------------------------------------------------------------------------------ metrics

    async def render_run_metrics(self) -> None:
        box = self.metrics_box
        run_id = self.run.id
        try:
            metrics = await io(self.store.metrics, run_id)
            images = await io(_run_images, self.run, self.snap.steps)
        except DesignerError as exc:
            box.clear()
            with box:
                ui.label(f"The metrics cannot be read: {exc}").classes("text-negative")
            return
        box.clear()
        with box:
            series = metric_series(metrics)
            if not series and not images:
                with ui.column().classes("w-full items-center q-pa-lg gap-1"):
                    ui.icon("insights", size="36px").classes("designer-muted")
                    ui.label("No metrics or images were logged in this run").classes("text-subtitle1")
                    ui.label("Steps log metrics by writing JSON lines to $DESIGNER_METRICS or with mlflow.")\
                        .classes("designer-muted")
                return
            by_step: dict[str, list[MetricSeries]] = defaultdict(list)
            for s in series:
                by_step[s.step].append(s)
            for step in [s.step for s in self.snap.steps if s.step in by_step or s.step in images]:
                with ui.column().classes("w-full gap-2"):
                    with ui.row().classes("items-center gap-2"):
                        ui.label(step).classes("text-subtitle1 text-weight-bold")
                        ui.button("Open step", on_click=lambda s=step: self.select(s, "metrics")).props(
                            "flat dense no-caps size=sm")
                    metrics_block(by_step.get(step, []), images.get(step, []), self.files)
                ui.separator()

    # ------------------------------------------------------------------------------------ steps panel

    def render_panel(self) -> None:
        self.stop_log()
        self.panel.clear()
        if self.selected is None:
            self._steps_list()
            return
        step = self.steps_by_name().get(self.selected)
        if step is None:
            self.selected = None
            self._steps_list()
            return
        with self.panel:
            with ui.row().classes("w-full items-center no-wrap q-px-md q-pt-sm gap-2"):
                ui.button(icon="arrow_back", on_click=lambda: self.select(None)).props(
                    'flat round dense size=sm data-testid="close-step"').tooltip("All steps")
                with ui.column().classes("gap-0 grow").style("min-width: 0"):
                    ui.label(step.step).classes("text-subtitle1 text-weight-bold ellipsis").props(
                        f'data-testid="step-title" data-step="{step.step}"')
                    if step.component and step.component != step.step:
                        ui.label(step.component).classes("designer-muted text-caption ellipsis")
                self.step_badge = ui.element("div")
                with self.step_badge:
                    state_badge(step.state, testid="step-status")
            with ui.tabs(on_change=lambda e: self._panel_tab(e.value)).props(
                    "dense no-caps align=left active-color=primary indicator-color=primary").classes(
                    "run-panel-tabs w-full q-px-sm") as tabs:
                for key, label in (("details", "Details"), ("log", "Log"), ("inputs", "Inputs"),
                                   ("outputs", "Outputs"), ("metrics", "Metrics")):
                    ui.tab(key, label).props(f'data-testid="step-tab-{key}"')
            tabs.value = self.tab
            ui.separator()
            self.panel_body = ui.column().classes("w-full grow no-wrap q-pa-md gap-3 overflow-auto").style(
                "min-height: 0")
        background(self.fill_panel(step))

    def _steps_list(self) -> None:
        # One table rendered from a template: a hundred steps cost one component, not seven hundred.
        with self.panel:
            with ui.column().classes("w-full q-px-md q-pt-md gap-1"):
                ui.label("Steps").classes("text-subtitle1 text-weight-bold")
                self.steps_counts = ui.label().classes("designer-muted text-caption")
                ui.label("Select a step on the graph or below to see its log, outputs and metrics.").classes(
                    "designer-muted text-caption")
            self.steps_table = ui.table(columns=[{"name": "step", "label": "Step", "field": "step"}], rows=[],
                                        row_key="step", pagination=0).props(
                'flat dense hide-header hide-bottom data-testid="steps-list"').classes(
                "run-steps w-full grow q-px-sm")
            self.steps_table.add_slot("body", STEPS_BODY)
            self.steps_table.on("pick", lambda e: self.select(str(e.args)))
        self._fill_steps_list()

    def _fill_steps_list(self) -> None:
        table = self.steps_table
        if table is None or table.is_deleted:
            return
        counts: dict[str, int] = defaultdict(int)
        rows = []
        for s in self.snap.steps:
            counts[s.state] += 1
            look = state_look(s.state)
            failed = s.state == "failed"
            rows.append({
                "step": s.step, "state": s.state, "icon": look.icon, "color": look.color, "failed": failed,
                "sub": (self.snap.errors.get(s.step) or s.message or "") if failed else (
                    s.component if s.component != s.step else ""),
                "side": look.label if s.state in ("cached", "skipped", "pending", "queued", "canceled") else
                duration_text(step_live(s)["duration_s"]),
            })
        self.steps_counts.text = " · ".join(f"{n} {state_look(k).label.lower()}" for k, n in counts.items()) or "none"
        table.rows = rows
        table.update()

    def _panel_tab(self, value: str) -> None:
        if value == self.tab:
            return
        self.tab = value
        self._remember()
        step = self.steps_by_name().get(self.selected or "")
        if step is not None:
            background(self.fill_panel(step))

    def select(self, step: str | None, tab: str | None = None) -> None:
        """Show ``step`` in the panel (None: the list of steps), on ``tab`` (default: the log of a
        failed step, else its details)."""
        steps = self.steps_by_name()
        if step is not None and step not in steps:
            return
        if step is not None and tab is None:
            tab = "log" if steps[step].state == "failed" else ("details" if step != self.selected else self.tab)
        self.selected = step
        self.tab = tab or "details"
        node = self.graph.node_of(step) if step else None
        self.canvas.set_selected(node)
        self._remember()
        self.render_panel()

    def _remember(self) -> None:
        params = {"step": self.selected, "tab": self.tab if self.selected and self.tab != "details" else None}
        query = urlencode({k: v for k, v in params.items() if v})
        target = f"/runs/{quote(self.run.id)}" + (f"?{query}" if query else "")
        ui.navigate.history.replace(target)

    def _on_node_select(self, e: Any) -> None:
        node = (e.args or {}).get("id")
        if not node:
            return
        steps = self.graph.steps_of(node)
        if len(steps) == 1 and steps[0] == self.graph.prefix() + node:
            if steps[0] != self.selected:
                self.select(steps[0])
        elif steps:
            self._pipeline_step_panel(node, steps)

    def _on_node_open(self, e: Any) -> None:
        node = (e.args or {}).get("id")
        if node and self.graph.open(node):
            self.canvas.set_graph(self.graph.graph())
            self.render_crumbs()
            self.canvas.fit()

    def _pipeline_step_panel(self, node: str, steps: list[str]) -> None:
        self.stop_log()
        self.selected = None
        self.panel.clear()
        records = self.steps_by_name()
        with self.panel, ui.column().classes("w-full q-pa-md gap-2"):
            ui.label(node).classes("text-subtitle1 text-weight-bold")
            ui.label(f"A pipeline step of {len(steps)} steps.").classes("designer-muted")
            ui.button("Open it on the graph", icon="open_in_full",
                      on_click=lambda: self._on_node_open(_Args({"id": node}))).props("outline no-caps")
            with ui.list().props("dense").classes("run-steps w-full"):
                for name in steps:
                    look = state_look(records[name].state)
                    with ui.item(on_click=lambda n=name: self.select(n)).props("clickable"):
                        with ui.item_section().props("avatar").style("min-width: 32px"):
                            ui.icon(look.icon, size="20px").style(f"color: {look.color}")
                        with ui.item_section():
                            ui.item_label(name)

    async def fill_panel(self, step: StepRecord) -> None:
        """Load the step's detail off the loop and show the current tab."""
        self.stop_log()
        self._fills += 1
        generation = self._fills
        body = self.panel_body
        body.clear()
        with body:
            ui.spinner(size="md").classes("self-center q-mt-lg")
        try:
            detail = await io(load_step, self.store, self.run, step)
        except DesignerError as exc:
            body.clear()
            with body:
                ui.label(f"This step cannot be read: {exc}").classes("text-negative")
            return
        if generation != self._fills or self.selected != step.step or body.is_deleted:
            return  # another step or tab was chosen meanwhile
        body.clear()
        with body:
            if self.tab == "log":
                self._log_tab(detail)
            elif self.tab == "inputs":
                await self._artifacts_tab(detail, "input")
            elif self.tab == "outputs":
                await self._artifacts_tab(detail, "output")
            elif self.tab == "metrics":
                metrics_block(metric_series(detail.metrics), detail.images, self.files, empty=True)
            else:
                self._details_tab(detail)

    # ------------------------------------------------------------------------------------ step tabs

    def _details_tab(self, d: StepDetail) -> None:
        s = d.step
        if s.state == "failed":
            with ui.row().classes("run-banner w-full items-start no-wrap q-pa-sm gap-2"):
                ui.icon("error", size="20px").classes("text-negative")
                with ui.column().classes("gap-1 grow").style("min-width: 0"):
                    ui.label(s.message or "The step failed.").classes("run-error-text")
                    ui.button("Show log", icon="subject", on_click=lambda: self.select(s.step, "log")).props(
                        "flat dense no-caps color=negative size=sm")
        with ui.element("div").classes("run-kv w-full"):
            _kv("State", lambda: state_badge(s.state))
            _kv("Started", full_time(s.started_at) or None)
            _kv("Ended", full_time(s.ended_at) or None)
            _kv("Duration", duration_text(step_live(s)["duration_s"]) or None)
            _kv("Exit code", None if s.exit_code is None else str(s.exit_code))
            _kv("Compute", s.compute + (f" (worker {s.worker})" if s.worker else "") if s.compute else None)
            _kv("Component", s.component or None)
            if s.message and s.state != "failed":
                _kv("Message", s.message)
            fingerprint = s.fingerprint
            _kv("Fingerprint", (lambda: ui.label(fingerprint).classes("runs-mono").style("word-break: break-all"))
                if fingerprint else None)
            if s.state == "cached" and s.reused_from_run:
                target = f"/runs/{quote(s.reused_from_run)}?" + urlencode({"step": s.reused_from_step or s.step})
                _kv("Reused from", lambda: _link(f"{s.reused_from_run} · {s.reused_from_step or s.step}", target,
                                                 testid="reused-from"))
        command = s.command or d.command_file
        with ui.column().classes("w-full gap-1"):
            with ui.row().classes("w-full items-center gap-1"):
                ui.label("Command").classes("text-weight-bold")
                if d.log_from_run and command:
                    ui.label(f"as it ran in {d.log_from_run}").classes("designer-muted text-caption")
                ui.space()
                if command:
                    ui.button(icon="content_copy", on_click=lambda: _copy(command)).props(
                        "flat round dense size=sm").tooltip("Copy")
            if command:
                ui.label(command).classes("run-code w-full").props('data-testid="step-command"')
            else:
                ui.label("Not recorded (the step did not start).").classes("designer-muted")

    def _log_tab(self, d: StepDetail) -> None:
        s = d.step
        log_dir = d.log_dir
        paths = {name: log_dir / f"{name}.txt" for name in ("stdout", "stderr")} if log_dir else {}
        sizes = d.log_sizes
        default = "stderr" if s.state == "failed" and sizes.get("stderr") else (
            "stdout" if sizes.get("stdout") or not sizes.get("stderr") else "stderr")
        state: dict[str, Any] = {"stream": default, "lines": [], "offset": 0, "query": ""}
        if d.log_from_run:
            with ui.row().classes("items-center gap-1 designer-muted text-caption"):
                ui.icon("recycling")
                ui.label("Reused: this is the log of run")
                _link(d.log_from_run, f"/runs/{quote(d.log_from_run)}")
        with ui.row().classes("w-full items-center no-wrap gap-2"):
            stream = ui.toggle({"stdout": "stdout", "stderr": "stderr"}, value=default).props(
                'dense no-caps unelevated toggle-color=primary data-testid="log-stream"')
            search = ui.input(placeholder="Search the log").props(
                'dense outlined clearable debounce=250 data-testid="log-search"').classes("grow")
            with search.add_slot("prepend"):
                ui.icon("search", size="18px")
            download = ui.button(icon="download").props('flat round dense data-testid="log-download"')
            download.tooltip("Download the whole log")
        info = ui.label().classes("text-caption designer-muted").props('data-testid="log-info"')
        log = ui.log(max_lines=LOG_MAX_LINES).classes("step-log w-full grow").props('data-testid="step-log"')

        def path() -> Path | None:
            return paths.get(state["stream"])

        def matches(line: str) -> bool:
            q = state["query"]
            return not q or q.lower() in line.lower()

        def describe() -> None:
            lines = state["lines"]
            shown = [line for line in lines if matches(line)]
            parts = []
            running = self.steps_by_name().get(s.step, s).state not in STEP_FINAL
            if state["query"]:
                parts.append(f"{len(shown)} of {len(lines)} lines match")
            elif not lines:
                parts.append("running, nothing written yet" if running else "empty")
            else:
                parts.append(f"{len(lines)} lines")
            if state.get("skipped"):
                parts.append(f"the first {previews.human_size(state['skipped'])} are not shown; download the log")
            if running and self.log_timer is not None:
                parts.append("following live")
            info.text = " · ".join(parts)

        def line_class(line: str) -> str | None:
            if state["query"]:
                return "log-match"
            return "log-err" if ERROR_LINE.search(line) else None

        def rerender() -> None:
            log.clear()
            shown = [line for line in state["lines"] if matches(line)][-LOG_MAX_LINES:]
            for line in shown:
                log.push(line, classes=line_class(line))
            describe()

        async def load(initial: bool) -> None:
            p = path()
            if p is None or (state.get("loading") and not initial):
                return
            state["loading"] = True
            stream_before = state["stream"]
            try:
                final = self.steps_by_name().get(s.step, s).state in STEP_FINAL
                chunk = await io(read_log, p, state["offset"], final=final)
            finally:
                state["loading"] = False
            if log.is_deleted or stream_before != state["stream"]:
                return
            if initial:
                state["skipped"] = chunk.skipped
            if not chunk.text and not initial:
                return
            state["offset"] = chunk.offset
            new = chunk.text.splitlines()
            state["lines"].extend(new)
            del state["lines"][:-20_000]
            if initial:
                rerender()
                return
            for line in new:
                if matches(line):
                    log.push(line, classes=line_class(line))
            describe()

        async def switch(value: str) -> None:
            state.update(stream=value, lines=[], offset=0, skipped=0)
            log.clear()
            set_download()
            await load(True)

        def on_search(value: str | None) -> None:
            state["query"] = (value or "").strip()
            rerender()

        def set_download() -> None:
            p = path()
            url = self.files.url(p, download=True) if p is not None else None
            download.set_enabled(url is not None)
            state["download"] = url

        stream.on_value_change(lambda e: background(switch(e.value)))
        search.on_value_change(lambda e: on_search(e.value))
        download.on_click(lambda: ui.download(state["download"]) if state.get("download") else None)
        set_download()
        background(load(True))
        if s.state not in STEP_FINAL:
            async def tick() -> None:
                if log.is_deleted:
                    return
                await load(False)
                current = self.steps_by_name().get(s.step)
                if current is not None and current.state in STEP_FINAL:
                    await load(False)  # what was written last, whole
                    self.stop_log()
                    describe()

            self.log_timer = ui.timer(LOG_POLL_S, tick)

    def stop_log(self) -> None:
        if self.log_timer is not None:
            self.log_timer.cancel()
            self.log_timer = None

    # ------------------------------------------------------------------------------------ live + actions

    async def poll(self) -> None:
        """One tick of following the run (see :func:`_poll`)."""
        await _poll(self)

    async def cancel(self) -> None:
        """Cancel the run: directly when this process runs it, else through the store's flag."""
        await _cancel(self)

    async def rerun(self) -> None:
        """Start the pipeline file again with this run's parameters and open the new run."""
        await _rerun(self)

    async def open_in_designer(self) -> None:
        """Open the pipeline in the designer with this run's parameters as unsaved changes."""
        await _open_in_designer(self)

    async def confirm_delete(self) -> None:
        """Ask, then delete the run and the files no other run uses."""
        await _confirm_delete(self)

    async def _artifacts_tab(self, d: StepDetail, direction: str) -> None:
        s = d.step
        items = [a for a in d.artifacts if a.direction == direction]
        if direction == "output" and not items and s.outputs:
            items = [_Output(name, path) for name, path in s.outputs.items()]  # type: ignore[misc]
        if not items:
            text = ("This step has no inputs." if direction == "input" else
                    "No outputs: the step " + ("has not finished yet." if s.state not in STEP_FINAL else
                                               "did not write any (outputs are kept only when a step succeeds)."))
            if direction == "input" and s.state in ("pending", "queued"):
                text = "Inputs are recorded when the step starts."
            ui.label(text).classes("designer-muted")
            return
        for i, a in enumerate(items):
            await artifact_card(a, self, expanded=(direction == "output" and i == 0) or len(items) == 1)


@dataclass(frozen=True)
class _Output:
    """An output known only from the step row (no artifact recorded)."""

    name: str
    path: str
    type: str = ""
    size: int = 0
    direction: str = "output"
    produced_by_run: str | None = None
    produced_by_step: str | None = None
    content_hash: str = ""


@dataclass(frozen=True)
class _Args:
    args: dict[str, Any]


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if value is None:
        return ""
    return str(value)


def _copy(text: str) -> None:
    import json

    ui.run_javascript(f"navigator.clipboard.writeText({json.dumps(text)})")
    ui.notify("Copied", position="bottom-right", timeout=1000)


def _run_images(run: RunRecord, steps: Sequence[StepRecord]) -> dict[str, list[previews.ImageFile]]:
    out: dict[str, list[previews.ImageFile]] = {}
    for s in steps:
        if s.state == "cached":
            continue
        images = previews.find_images(step_folder(run, s.step), limit=12)
        if images:
            out[s.step] = images
    return out


def background(coro: Any) -> None:
    """Run ``coro`` in the page's event loop without waiting for it (UI work after a slow read)."""
    from nicegui import background_tasks

    background_tasks.create(coro, name="run-page")


# ------------------------------------------------------------------------------------------ blocks


def metrics_block(series: Sequence[MetricSeries], images: Sequence[previews.ImageFile], files: FileServer,
                  *, empty: bool = False) -> None:
    """Metric values (the last of each), a line chart for each metric with several values, and images."""
    if not series and not images:
        if empty:
            ui.label("This step logged no metrics and wrote no images.").classes("designer-muted")
        return
    if series:
        with ui.row().classes("w-full gap-2").props('data-testid="metric-values"'):
            for s in series:
                with ui.column().classes("run-metric gap-0") as card:
                    card.props["data-metric"] = s.name  # free text from the step: set, not parsed
                    ui.label(s.name).classes("name ellipsis")
                    ui.label(number_text(s.last)).classes("value")
                    if len(s.points) > 1:
                        ui.label(f"last of {len(s.points)}").classes("text-caption designer-muted")
        for s in series:
            if len(s.points) > 1:
                chart = ui.echart(line_chart_options([s], s.name)).classes("w-full").style("height: 220px")
                chart.props.update({"data-testid": "metric-chart", "data-metric": s.name})
    for image in images:
        url = files.url(image.path)
        if url is None:
            continue
        with ui.column().classes("w-full gap-1"):
            ui.label(image.name).classes("text-caption designer-muted runs-mono")
            ui.image(url).classes("run-img").props('fit=contain data-testid="step-image"').style("max-height: 420px")


async def artifact_card(a: Any, page: RunView, *, expanded: bool) -> None:
    """One input or output: its name, type, size, lineage, download and (on opening) a preview."""
    files = page.files
    path = Path(a.path) if a.path else None
    url = files.url(path) if path is not None else None
    with ui.expansion(value=expanded).classes("w-full run-card").props(
            f'dense data-testid="artifact" data-name="{a.name}" data-direction="{a.direction}"') as box:
        with box.add_slot("header"), ui.row().classes("w-full items-center no-wrap gap-2"):
            ui.icon("folder" if a.type in ("uri_folder", "mltable", "mlflow_model", "custom_model", "")
                    else "description", size="20px").classes("designer-muted")
            with ui.column().classes("gap-0 grow").style("min-width: 0"):
                with ui.row().classes("items-baseline gap-2 no-wrap"):
                    ui.label(a.name).classes("text-weight-bold")
                    if a.type:
                        ui.label(a.type).classes("text-caption designer-muted")
                    if a.size:
                        ui.label(previews.human_size(a.size)).classes("text-caption designer-muted")
                _lineage(a, page)
        with ui.column().classes("w-full gap-2 q-pt-xs"):
            if path is not None:
                shown = files.relative(path)
                ui.label(shown[1].as_posix() if shown else str(path)).classes(
                    "runs-mono designer-muted").style("word-break: break-all")
            content = ui.column().classes("w-full gap-2")
    loaded = {"done": False}

    async def fill() -> None:
        if loaded["done"] or path is None:
            return
        loaded["done"] = True
        with content:
            spinner = ui.spinner()
        result = await io(previews.preview, path)
        spinner.delete()
        with content:
            preview_block(result, files, url_outside=url is None)

    if path is None:
        with content:
            ui.label("No path: the input was left empty.").classes("designer-muted")
    box.on_value_change(lambda e: background(fill()) if e.value else None)
    if expanded:
        await fill()


def _lineage(a: Any, page: RunView) -> None:
    if a.direction != "input":
        return
    if a.produced_by_step:
        with ui.row().classes("items-center gap-1 text-caption no-wrap").props('data-testid="lineage"'):
            ui.icon("subdirectory_arrow_right", size="14px").classes("designer-muted")
            ui.label("from step").classes("designer-muted")
            if a.produced_by_run and a.produced_by_run != page.run.id:
                target = f"/runs/{quote(a.produced_by_run)}?" + urlencode({"step": a.produced_by_step, "tab": "outputs"})
                _link(a.produced_by_step, target)
                ui.label("of run").classes("designer-muted")
                _link(a.produced_by_run, f"/runs/{quote(a.produced_by_run)}")
            else:
                ui.link(a.produced_by_step).classes("text-primary cursor-pointer").on(
                    "click.prevent", lambda: page.select(a.produced_by_step, "outputs"))
                ui.label("of this run").classes("designer-muted")
    elif a.path:
        with ui.row().classes("items-center gap-1 text-caption no-wrap"):
            ui.icon("input", size="14px").classes("designer-muted")
            ui.label("external data").classes("designer-muted")


def preview_block(p: previews.Preview, files: FileServer, *, url_outside: bool = False) -> None:
    """Show one preview; a folder lists its files (each downloadable) and previews its main file."""
    if isinstance(p, previews.FolderPreview):
        if p.main is not None:
            ui.label(p.main.path.name).classes("text-caption text-weight-bold")
            preview_block(p.main, files)
        if not p.entries:
            ui.label("The folder is empty.").classes("designer-muted")
            return
        files_count = sum(1 for e in p.entries if not e.is_dir)
        with ui.expansion(f"{files_count} file{'s' if files_count != 1 else ''} · "
                          f"{previews.human_size(p.total_size)}", icon="folder_open",
                          value=p.main is None).classes("w-full").props('dense data-testid="folder-listing"'):
            with ui.list().props("dense separator").classes("w-full"):
                for e in p.entries:
                    with ui.item().classes("q-px-xs"):
                        with ui.item_section().props("avatar").style("min-width: 28px"):
                            ui.icon("folder" if e.is_dir else "insert_drive_file", size="18px").classes(
                                "designer-muted")
                        with ui.item_section():
                            ui.item_label(e.name).classes("runs-mono").style("word-break: break-all")
                        if not e.is_dir:
                            with ui.item_section().props("side"), ui.row().classes("items-center gap-1 no-wrap"):
                                ui.label(previews.human_size(e.size)).classes("text-caption")
                                _download_button(files.url(e.path, download=True))
            if p.truncated:
                ui.label(f"Only the first {len(p.entries)} entries are listed.").classes("text-caption designer-muted")
        return
    with ui.row().classes("w-full items-center gap-2 no-wrap"):
        if isinstance(p, previews.TablePreview):
            rows = "" if p.total_rows is None else f"{p.total_rows:,} rows · "
            ui.label(f"{p.format} · {rows}{len(p.columns)} columns").classes("text-caption designer-muted")
        elif isinstance(p, previews.TextPreview | previews.ImagePreview):
            ui.label(previews.human_size(p.size)).classes("text-caption designer-muted")
        ui.space()
        if isinstance(p, previews.TablePreview):
            ui.button(icon="open_in_full", on_click=lambda: _table_dialog(p)).props(
                'flat round dense size=sm data-testid="preview-wide"').tooltip("Show wide")
        if not isinstance(p, previews.NoPreview) or p.size:
            _download_button(files.url(p.path, download=True))
    if isinstance(p, previews.TablePreview):
        _preview_table(p).style("max-height: 360px")
        if p.total_rows is not None and p.total_rows > len(p.rows):
            ui.label(f"The first {len(p.rows)} of {p.total_rows:,} rows.").classes("text-caption designer-muted")
    elif isinstance(p, previews.ImagePreview):
        url = files.url(p.path)
        if url:
            ui.image(url).classes("run-img").props('fit=contain data-testid="preview-image"').style(
                "max-height: 420px")
    elif isinstance(p, previews.TextPreview):
        ui.label(p.text).classes("run-code w-full").style("max-height: 360px").props(
            f'data-testid="preview-text" data-language="{p.language}"')
        if p.truncated:
            ui.label(f"The first {previews.human_size(len(p.text.encode()))} of "
                     f"{previews.human_size(p.size)}.").classes("text-caption designer-muted")
    else:
        ui.label(p.message).classes("designer-muted").props('data-testid="preview-none"')
    if url_outside:
        ui.label("This file is outside the workspace, so it is not served.").classes("text-caption designer-muted")


def _preview_table(p: previews.TablePreview) -> ui.table:
    """The rows of a table preview with each column's type under its name."""
    columns = [{"name": f"c{i}", "label": c.name, "field": f"c{i}", "align": "left", "type": c.type}
               for i, c in enumerate(p.columns)]
    rows = [{f"c{i}": row.get(c.name) for i, c in enumerate(p.columns)} | {"_i": n} for n, row in enumerate(p.rows)]
    table = ui.table(columns=columns, rows=rows, row_key="_i").props(
        'flat dense bordered separator=cell wrap-cells=false data-testid="preview-table"').classes(
        "w-full run-preview-table")
    table.add_slot("header-cell", r"""
<q-th :props="props"><div>{{ props.col.label }}</div>
<div class="text-caption designer-muted" style="font-weight: 400">{{ props.col.type }}</div></q-th>""")
    return table


def _table_dialog(p: previews.TablePreview) -> None:
    """The same preview across the whole window (wide tables)."""
    with ui.dialog().props("maximized") as dialog, ui.card().classes("w-full h-full q-pa-md column no-wrap"):
        with ui.row().classes("w-full items-center no-wrap"):
            ui.label(p.path.name).classes("text-h6")
            rows = "" if p.total_rows is None else f" · {p.total_rows:,} rows"
            ui.label(f"{p.format}{rows} · {len(p.columns)} columns · the first {len(p.rows)} rows").classes(
                "designer-muted q-ml-md")
            ui.space()
            ui.button(icon="close", on_click=dialog.close).props("flat round dense")
        _preview_table(p).classes("grow").style("min-height: 0")
    dialog.on("hide", dialog.delete)
    dialog.open()


def _download_button(url: str | None) -> None:
    if url is None:
        return
    ui.button(icon="download", on_click=lambda: ui.download(url)).props(
        'flat round dense size=sm data-testid="download"').tooltip("Download")


# ------------------------------------------------------------------------------------------ live + actions


async def _poll(view: RunView) -> None:
    if view._busy or view._gone:
        return
    view._busy = True
    try:
        _, snapshot, gone = await io(poll_run, view.store, view.run.id, view.snap.seq, view.ctx.workspace)
        if gone:
            view._gone = True
            view.timer.deactivate()
            ui.notify("This run was deleted.", type="warning")
            return
        if snapshot is None:
            await _check_interrupted(view)
            view.duration_label.text = duration_text(run_duration(view.run))
            return
        apply_snapshot(view, snapshot)
    except DesignerError:
        return  # the database was busy; the next tick tries again
    finally:
        view._busy = False


async def _check_interrupted(view: RunView) -> None:
    """A running run whose runner went quiet is closed as interrupted (as the store defines it)."""
    r = view.run
    now = time.time()
    stale = view.ctx.workspace.settings.stale_after_s
    if r.state != "running" or now - view._last_interrupt_check < 5:
        return
    view._last_interrupt_check = now
    last = r.heartbeat_at or r.started_at
    if now - last > stale:
        await io(recover, view.store, stale)


def apply_snapshot(view: RunView, snapshot: RunSnapshot) -> None:
    """Show a newer state of the run: canvas, header, banner, timeline, the open step."""
    before = view.steps_by_name()
    view.snap = snapshot
    view.graph.update(snapshot.steps)
    view.canvas.set_statuses(view.graph.statuses())
    now_steps = view.steps_by_name()
    view.render_header()
    view.render_banner()
    if view.main_tab == "timeline":
        view.render_timeline()
    if snapshot.run.state != "running":
        view.timer.deactivate()
    if view.selected is None:
        if any(before.get(k) != v for k, v in now_steps.items()):
            view._fill_steps_list()
        return
    old = before.get(view.selected)
    new = now_steps.get(view.selected)
    if new is not None and old is not None and old.state != new.state:
        view.step_badge.clear()
        with view.step_badge:
            state_badge(new.state, testid="step-status")
        if view.tab == "log" and view.log_timer is not None:
            return  # the tail reads the end of the log itself
        background(view.fill_panel(new))




async def _cancel(view: RunView) -> None:
    handle = view.ctx.hub.handles.get(view.run.id) if getattr(view.ctx, "hub", None) else None
    try:
        if handle is not None:
            handle.cancel()
        else:
            await io(view.store.request_cancel, view.run.id)
    except DesignerError as exc:
        ui.notify(str(exc), type="negative")
        return
    ui.notify("Canceling the run: running steps are stopped", position="bottom-right")
    view.timer.activate()


async def _rerun(view: RunView) -> None:
    ctx = view.ctx
    problem = view.rerun_problem()
    if problem:
        ui.notify(problem, type="warning")
        return
    r = view.run
    try:
        plan = await io(ctx.runner.plan, Path(r.pipeline_file), parameters=r.parameters)
        handle = await ctx.runner.start(plan, source="ui", rerun_of=r.id)
    except DesignerError as exc:
        ui.notify(f"Not started: {exc}", type="negative", multi_line=True)
        return
    if getattr(ctx, "hub", None) is not None:
        ctx.hub.handles[handle.run_id] = handle
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


async def _open_in_designer(view: RunView) -> None:
    rel = view.pipeline_rel()
    if rel is None:
        return
    params = view.run.parameters
    if params:
        try:
            _, skipped = await io(draft_with_parameters, view.ctx, rel, params)
        except (DesignerError, OSError) as exc:
            ui.notify(f"The parameters cannot be carried over: {exc}", type="warning")
            skipped = []
        if skipped:
            ui.notify(f"Not carried over (no longer in the pipeline): {', '.join(skipped)}", type="warning")
    ui.navigate.to("/designer?" + urlencode({"file": rel}))


async def _confirm_delete(view: RunView) -> None:
    r = view.run
    try:
        users = await io(view.store.cache_users, r.id)
    except DesignerError as exc:
        ui.notify(str(exc), type="negative")
        return
    with ui.dialog() as dialog, ui.card().classes("q-pa-lg").style("max-width: 520px").props(
            'data-testid="delete-dialog"'):
        ui.label("Delete this run?").classes("text-h6")
        ui.label(f"Run {r.id} of {r.pipeline_name or 'this pipeline'}: its record, logs and outputs are removed "
                 "from the workspace.").classes("designer-muted")
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
        return
    try:
        folders = await io(delete_run_files, view.store, r.id, view.ctx.workspace.runs_dir)
    except DesignerError as exc:
        ui.notify(str(exc), type="negative")
        return
    kept = "" if folders == [r.run_dir] or not users else " (outputs other runs reuse were kept)"
    view._gone = True
    ui.notify(f"Run {r.id} deleted{kept}", type="positive")
    ui.navigate.to("/runs")


def delete_run_files(store: Store, run_id: str, runs_dir: Path) -> list[str]:
    """Delete the run's records, then the folders the store says nothing else uses (blocking).

    Only folders inside ``runs_dir`` are ever removed. Returns the folders removed.
    """
    folders = store.delete_run(run_id)
    root = Path(runs_dir).resolve()
    removed = []
    for folder in folders:
        path = Path(folder)
        try:
            real = path.resolve()
        except OSError:
            continue
        if real == root or root not in real.parents or path.is_symlink():
            continue
        if real.is_dir():
            shutil.rmtree(real, ignore_errors=True)
            removed.append(folder)
        elif real.exists():
            real.unlink(missing_ok=True)
            removed.append(folder)
    return removed




async def run_view(ctx: AppContext, files: FileServer, run_id: str, *, step: str | None = None,
                   tab: str | None = None) -> None:
    """Build the page of run ``run_id`` (the frame is already there)."""
    ui.add_css(RUNS_CSS)
    if unavailable(ctx):
        return
    try:
        snapshot = await io(load_run, ctx.store, run_id, ctx.workspace)
    except DesignerError as exc:
        not_found("This run cannot be read", str(exc))
        return
    if snapshot is None:
        not_found("No such run", f"There is no run '{run_id}' in this workspace; it may have been deleted.")
        return
    graph = await io(RunGraph.build, ctx, snapshot)
    view = RunView(ctx, files, snapshot, graph)
    view.build(step, tab)
