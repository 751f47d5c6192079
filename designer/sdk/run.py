"""Running an SDK pipeline on this machine, and reading past runs back from the run store.

:func:`run_pipeline` writes the pipeline under ``<workspace>/.designer/sdk/<name>/`` and runs that
file with the engine, exactly as ``designer run`` would (the store records it with source ``sdk``).
A :class:`Run` is a snapshot of a run read from the store: its state, each step's state, outputs
(as paths) and metrics.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from designer.engine.artifacts import StepDirs
from designer.engine.recovery import recover

if TYPE_CHECKING:
    from designer.engine.runner import RunResult
    from designer.store import Store
    from designer.store.records import MetricRecord, RunRecord
    from designer.workspace import Workspace

SDK_DIR = "sdk"


class Writable(Protocol):
    """A pipeline that can be written as a file (``designer.sdk.pipelines.Pipeline``; kept a protocol so
    the imports go one way: pipelines -> run)."""

    @property
    def name(self) -> str:
        """Its name (the folder it is written under)."""
        ...

    def to_yaml(self, path: str | Path) -> Path:
        """Write it at ``path``; returns ``path``."""
        ...


@dataclass(frozen=True)
class StepRun:
    """One step of a run: its state, outputs (paths) and the last value of each metric it logged."""

    name: str
    state: str
    outputs: dict[str, Path] = field(default_factory=dict)
    metrics: dict[str, float] = field(default_factory=dict)
    exit_code: int | None = None
    duration: float | None = None
    reused_from: str | None = None
    message: str | None = None
    reason: dict[str, Any] | None = None  # why it ran or was reused (see designer.engine.why)
    folder: Path | None = None  # the step's folder in its run (see designer.engine.artifacts.StepDirs)
    parameters: dict[str, Any] | None = None  # what it ran with, defaults applied; None: not recorded

    @property
    def why(self) -> str:
        """Why the step ran or was reused, as a sentence ("Re-ran because parameter `tag` changed ...")."""
        from designer.engine.why import describe

        return describe(self.reason)

    @property
    def log_dir(self) -> Path | None:
        """The folder of the step's ``stdout``/``stderr`` files, or None."""
        return None if self.folder is None else StepDirs(self.folder).logs

    @property
    def stdout(self) -> str:
        """What the step printed (empty when it has no log)."""
        return self._log("stdout")

    @property
    def stderr(self) -> str:
        """What the step wrote to stderr (empty when it has no log)."""
        return self._log("stderr")

    def _log(self, stream: str) -> str:
        if self.folder is None:
            return ""
        dirs = StepDirs(self.folder)
        try:
            return (dirs.stdout if stream == "stdout" else dirs.stderr).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""


@dataclass(frozen=True)
class Run:
    """A run as the store knows it: ``state``, ``steps`` (by step name), ``outputs`` and ``metrics``.

    ``outputs`` maps each pipeline output to the folder or file that holds it; ``metrics`` lists every
    logged value (``steps[name].metrics`` has the last value per metric).
    """

    id: str
    state: str
    pipeline: str
    pipeline_file: Path
    source: str
    run_dir: Path
    started_at: float
    ended_at: float | None
    parameters: dict[str, Any]
    steps: dict[str, StepRun]
    outputs: dict[str, Path]
    metrics: list[MetricRecord]
    error: str | None = None
    partial: str | None = None  # "only <step>" / "from <step>"
    resumed_from: str | None = None  # the failed or interrupted run this one resumed
    name: str | None = None  # what a person called it (``designer runs name``, the run page, :meth:`edit`)
    note: str | None = None
    workspace: Path | None = None  # the workspace whose store holds it

    @property
    def ok(self) -> bool:
        """True when the run completed."""
        return self.state == "completed"

    def edit(self, *, name: str | None = None, note: str | None = None) -> Run:
        """Set this run's name and/or note in the store ("" clears one); returns the run with them.

        Raises :class:`~designer.errors.RunError` for a name over one line or 200 characters, or a
        note over 10,000 characters.
        """
        from dataclasses import replace

        from designer.store import Store
        from designer.workspace import Workspace

        ws = Workspace.discover(self.workspace)
        fields = {k: v for k, v in (("name", name), ("note", note)) if v is not None}
        with Store.open(ws.settings.db_url) as store:
            stored_name, stored_note = store.label_run(self.id, **fields)
        return replace(self, name=stored_name, note=stored_note)

    def __repr__(self) -> str:
        return f"<run {self.id} {self.pipeline}: {self.state}>"


def _pipeline_outputs(record: RunRecord, steps: dict[str, StepRun], workspace: Workspace) -> dict[str, Path]:
    """Where the pipeline's outputs are: read the run's pipeline file again and follow its bindings."""
    from designer.errors import SpecError
    from designer.registry import Registry
    from designer.spec.graph import flatten
    from designer.spec.loader import load_document
    from designer.spec.model import PipelineJob

    try:
        doc = load_document(record.pipeline_file, Registry.for_workspace(workspace)).document
    except SpecError:
        return {}
    if not isinstance(doc, PipelineJob):
        return {}
    out: dict[str, Path] = {}
    for name, src in flatten(doc).outputs.items():
        step = steps.get(src.step)
        if step is not None and src.output in step.outputs:
            out[name] = step.outputs[src.output]
    return out


def _run(store: Store, record: RunRecord, workspace: Workspace, outputs: dict[str, str] | None = None) -> Run:
    metrics = store.metrics(record.id)
    last: dict[str, dict[str, float]] = {}
    for m in sorted(metrics, key=lambda m: m.at):
        last.setdefault(m.step, {})[m.name] = m.value
    run_dir = Path(record.run_dir)
    steps = {
        s.step: StepRun(name=s.step, state=s.state, outputs={k: Path(v) for k, v in s.outputs.items()},
                        metrics=last.get(s.step, {}), exit_code=s.exit_code, duration=s.duration,
                        reused_from=s.reused_from_run, message=s.message, reason=s.reason,
                        folder=run_dir / s.step,
                        parameters=None if s.settings is None else {k: v.value for k, v in s.settings.items()})
        for s in store.steps(record.id)
    }
    found = ({k: Path(v) for k, v in outputs.items()} if outputs is not None
             else _pipeline_outputs(record, steps, workspace))
    return Run(id=record.id, state=record.state, pipeline=record.pipeline_name, pipeline_file=Path(record.pipeline_file),
               source=record.source, run_dir=run_dir, started_at=record.started_at, ended_at=record.ended_at,
               parameters=dict(record.parameters), steps=steps, outputs=found, metrics=metrics, error=record.error,
               partial=record.partial, resumed_from=record.resumed_from, name=record.name, note=record.note,
               workspace=workspace.root)


def _in_own_loop(work: Any) -> RunResult:
    """Run ``work()`` (which calls ``asyncio.run``) here, or in a worker thread when a loop already runs
    in this thread (a notebook)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()  # type: ignore[no-any-return]
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="designer-sdk-run") as pool:
        return pool.submit(work).result()


def _parameter(value: Any) -> Any:
    from designer.sdk.io import Input

    if isinstance(value, Input):
        return str(value.path)
    return str(value) if isinstance(value, Path) else value


def run_pipeline(p: Writable, workspace: str | Path | None = None, parameters: dict[str, Any] | None = None, *,
                 only: str | None = None, from_step: str | None = None) -> Run:
    """Write ``p`` under ``<workspace>/.designer/sdk/<name>/`` and run it to its end; returns the :class:`Run`.

    ``parameters`` are the inputs the caller changed for this run (already built into ``p``); the
    store records them as ``designer run --set`` values are recorded. ``only``/``from_step`` run
    part of it (``designer run --only/--from``).

    Raises :class:`~designer.errors.SpecError` when the written pipeline is not valid and
    :class:`~designer.errors.RunError` when it cannot start (missing data or code).
    """
    from designer.engine.plan import load_plan
    from designer.engine.runner import run_pipeline as engine_run
    from designer.registry import Registry
    from designer.store import Store
    from designer.workspace import Workspace

    ws = Workspace.discover(workspace)
    ws.ensure()
    path = p.to_yaml(ws.state_dir / SDK_DIR / p.name / f"{p.name}.yml")
    registry = Registry.for_workspace(ws)
    changed = {name: _parameter(v) for name, v in (parameters or {}).items() if v is not None}
    load_plan(path, ws.settings, resolver=registry, parameters=changed)  # fail before anything is recorded
    store = Store.open(ws.settings.db_url)
    try:
        recover(store, ws.settings.stale_after_s)
        result = _in_own_loop(lambda: engine_run(
            path, settings=ws.settings, run_root=ws.runs_dir, sink=store, cache=store, parameters=changed,
            source="sdk", resolver=registry, cancel_requested=store.cancel_requested, only=only,
            from_step=from_step))
        store.flush()
        record = store.get_run(result.run_id)
        assert record is not None, "the store lost a run it just recorded"
        return _run(store, record, ws, result.outputs)
    finally:
        store.close()


def runs(workspace: str | Path | None = None, *, limit: int = 50, pipeline: str | None = None,
         state: str | None = None) -> list[Run]:
    """Past runs of the workspace (default: ``$DESIGNER_WORKSPACE`` or the current folder), newest first.

    ``pipeline`` and ``state`` filter; runs started from the canvas and the CLI are listed too.
    """
    from designer.store import Store
    from designer.workspace import Workspace

    ws = Workspace.discover(workspace)
    if not ws.state_dir.is_dir():
        return []
    with Store.open(ws.settings.db_url) as store:
        recover(store, ws.settings.stale_after_s)
        return [_run(store, r, ws) for r in store.list_runs(state=state, pipeline=pipeline, limit=limit)]
