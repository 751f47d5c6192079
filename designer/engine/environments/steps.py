"""The environments of one run: every step's resolved before any step starts, each built once.

- :func:`step_env_spec` says which ``environment`` value a step uses (the job's own overrides its
  component's) and where it was written, for located error messages;
- :func:`check_document` is what ``designer validate`` reports (every unresolvable definition);
- :class:`RunEnvironments` resolves a plan's environments up front (a definition that cannot be
  resolved fails the run at once, naming the step and the environment), starts the builds that are
  needed in the background, and gives each step its :class:`BuiltEnv`; a step that waits for one is
  ``preparing`` and its log shows the build as it goes.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from designer.engine.environments.build import BuiltEnv, EnvBuilder, current_env
from designer.engine.environments.definition import EnvDefinition, EnvSettings
from designer.engine.environments.locks import RECORD_FILE, comparable
from designer.engine.environments.resolve import resolve
from designer.errors import DesignerError, Problem, RunError, SpecError
from designer.spec.model import CommandComponent, Job, PipelineComponent, PipelineJob
from designer.spec.yaml_io import PathKey, SourceMap


@dataclass(frozen=True)
class EnvSpec:
    """A step's ``environment`` value and where it was written."""

    value: Any
    base_dir: Path
    source: SourceMap | None
    at: PathKey

    def label(self) -> str:
        """The value as the user wrote it, short (for messages)."""
        text = self.value if isinstance(self.value, str) else json.dumps(self.value, sort_keys=True, default=str)
        return text if len(text) <= 120 else text[:117] + "..."


def step_env_spec(job: Job | None, component: CommandComponent) -> EnvSpec:
    """The environment a step runs in: the job's ``environment`` when it has one, else its component's."""
    if job is not None and job.extra.get("environment") is not None and job.component is not None:
        return EnvSpec(job.extra["environment"], job.loc.base_dir or Path.cwd(), job.loc.source,
                       (*job.loc.at, "environment"))
    return EnvSpec(component.environment, component.loc.base_dir or Path.cwd(), component.loc.source,
                   (*component.loc.at, "environment"))


def resolve_spec(spec: EnvSpec, settings: EnvSettings) -> EnvDefinition:
    """:func:`resolve` for an :class:`EnvSpec`; raises :class:`SpecError`."""
    return resolve(spec.value, spec.base_dir, settings, source=spec.source, at=spec.at)


def check_document(document: Any, settings: EnvSettings, remote_jobs: Collection[int] = ()) -> list[Problem]:
    """Every environment in ``document`` (a pipeline or component) that cannot be resolved, as problems.

    Checks what a run would check before starting: the definition parses, its files exist, the
    name is registered or curated, and the Python version it asks for is installed. For the jobs in
    ``remote_jobs`` (their ``id``; jobs on a Dask target, whose workers build their environments) the
    Python is not looked for here: the run's pre-flight asks the workers.
    """
    problems: list[Problem] = []
    seen: set[tuple[int, bool]] = set()
    builder = EnvBuilder(settings.cache_dir)

    def check(spec: EnvSpec, remote: bool = False) -> None:
        try:
            definition = resolve_spec(spec, settings)
            if not remote:
                builder.key(definition)
        except SpecError as exc:
            problems.extend(exc.problems)
        except DesignerError as exc:  # the Python version it asks for is not installed
            where = spec.source.locate(spec.at) if spec.source is not None else (None, None)
            problems.append(Problem(spec.source.file if spec.source else str(spec.base_dir), where[0], where[1],
                                    ".".join(map(str, spec.at)), "env.python_missing", str(exc)))

    def walk(jobs: dict[str, Job]) -> None:
        for job in jobs.values():
            comp = job.resolved
            if isinstance(comp, CommandComponent):
                remote = id(job) in remote_jobs
                key = (id(comp) if "environment" not in job.extra else id(job), remote)
                if key not in seen:
                    seen.add(key)
                    check(step_env_spec(job, comp), remote=remote)
            elif isinstance(comp, PipelineComponent):
                walk(comp.jobs)

    if isinstance(document, PipelineJob | PipelineComponent):
        walk(document.jobs)
    elif isinstance(document, CommandComponent):
        check(step_env_spec(None, document))
    return problems


RECORD_EVERY_S = 0.5  # the environments record is written at most this often during a run (see save_record)


class RunEnvironments:
    """The environments of one run (see the module docstring). ``steps`` maps a step path to its spec."""

    def __init__(self, settings: EnvSettings, builder: EnvBuilder | None = None) -> None:
        self.settings = settings
        self.builder = builder or EnvBuilder(settings.cache_dir)
        self.definitions: dict[str, EnvDefinition] = {}
        self.keys: dict[str, str] = {}
        self._tasks: dict[str, asyncio.Future[BuiltEnv]] = {}
        self._builder_step: dict[str, str] = {}
        self.remote_steps: set[str] = set()  # steps whose environment their executor's machine builds (Dask)
        self.record: dict[str, Any] = {"mode": settings.mode, "mode_source": settings.mode_source, "steps": {}}
        self._record_dir: Path | None = None  # where save_record last wrote (or will write) the record
        self._written_at = -RECORD_EVERY_S
        self._dirty = False
        self._pending: asyncio.TimerHandle | None = None

    def resolve_all(self, specs: dict[str, EnvSpec], remote: Collection[str] = (), *, fetch: bool = False) -> None:
        """Resolve every step's environment before anything starts.

        Steps in ``remote`` have their environment built by the machine that runs them (a Dask
        worker, from the definition resolved here): they get no local key and are never built here.
        With ``fetch`` (a run about to start), a Python installed nowhere is first downloaded by uv.
        Raises :class:`RunError` listing each step whose environment cannot be resolved (or whose
        Python is not installed here, for a local step), with the environment as written and what to do.
        """
        problems: list[str] = []
        for step, spec in specs.items():
            try:
                definition = resolve_spec(spec, self.settings)
                self.definitions[step] = definition
                if definition.kind != "current" and step in remote:
                    self.remote_steps.add(step)
                elif definition.kind != "current":
                    self.keys[step] = self.builder.key(definition, fetch=fetch)
            except SpecError as exc:
                problems.extend(f"step '{step}': environment '{spec.label()}': {p.format()}" for p in exc.errors)
            except DesignerError as exc:
                problems.append(f"step '{step}': environment '{spec.label()}': {exc}")
        if problems:
            raise RunError("cannot run the pipeline:\n  " + "\n  ".join(problems))

    def pending(self) -> list[str]:
        """Steps whose environment is not built yet (one per environment, in step order)."""
        out, seen = [], set()
        for step, key in self.keys.items():
            if key not in seen and self.builder.find(self.definitions[step]) is None:
                out.append(step)
            seen.add(key)
        return out

    def start_builds(self, log_of: Callable[[str], Path], progress: Callable[[str, str], None] | None = None) -> None:
        """Start building, in the background, every environment the run needs that is not ready.

        Each build's log goes to ``log_of(step)`` of the first step that uses it.
        """
        for step in self.pending():
            self._start(step, log_of(step), progress)

    def _start(self, step: str, log: Path, progress: Callable[[str, str], None] | None) -> asyncio.Future[BuiltEnv]:
        key = self.keys[step]
        if key not in self._tasks:
            say = (lambda text: progress(step, text)) if progress else None
            task = asyncio.ensure_future(self.builder.ensure(self.definitions[step], log, say))
            # a build no step waits for any more (its steps were skipped) must not warn at exit
            task.add_done_callback(lambda t: t.cancelled() or t.exception())
            self._tasks[key] = task
            self._builder_step[key] = step
        return self._tasks[key]

    async def ensure(self, step: str, log: Path, preparing: Callable[[str], None],
                     progress: Callable[[str, str], None] | None = None) -> BuiltEnv:
        """The built environment of ``step``; calls ``preparing(message)`` first when it must wait.

        Raises :class:`RunError` with the installer's message when the build fails.
        """
        owner = self._owner(step)
        definition = self.definitions.get(owner)
        if definition is None or definition.kind == "current":
            built = current_env()
        else:
            if owner not in self.keys:  # a remote step that runs here after all (no executor for its target)
                self.keys[owner] = self.builder.key(definition)
            ready = self.builder.find(definition)
            if ready is not None:
                built = ready
            else:
                task = self._start(owner, log, progress)
                builder_step = self._builder_step[self.keys[owner]]
                preparing(f"building its environment ({definition.describe()})")
                if builder_step != step:
                    _append(log, f"[environment] waiting for environment {self.keys[owner][:12]}, which is being "
                                 f"built for step '{builder_step}' (that step's log shows the build)\n")
                try:
                    built = await asyncio.shield(task)
                except DesignerError as exc:
                    raise RunError(f"environment '{definition.source}' could not be built: {exc}") from None
        self.note(step, built)
        return built

    def remote(self, step: str) -> EnvDefinition | None:
        """The definition of ``step``'s environment when the machine that runs it builds it, else None."""
        owner = self._owner(step)
        return self.definitions.get(owner) if owner in self.remote_steps else None

    def note(self, step: str, built: BuiltEnv, where: str | None = None) -> None:
        """Record what ``step`` runs with (``where``: the worker that built it, for a remote step)."""
        definition = self.definitions.get(self._owner(step))
        self.record["steps"][step] = {"source": definition.source if definition else "", "key": built.key,
                                      "python": str(built.python), "python_version": built.python_version,
                                      "lock_hash": built.lock_hash, "packages": len(built.lock), "mode": built.mode,
                                      "root": str(built.root) if built.root is not None else None,
                                      "built_at": built.built_at, "built_now": not built.reused}
        self._keep_lock(built)
        if where:
            self.record["steps"][step]["built_on"] = where
        if definition is not None and definition.hint:
            self.record["steps"][step]["hint"] = definition.hint

    def known_lock(self, step: str) -> str | None:
        """The lock hash of ``step``'s environment when it is built (reads only), else None."""
        owner = self._owner(step)
        definition = self.definitions.get(owner)
        if definition is None or definition.kind == "current":
            self._keep_lock(current_env())
            return current_env().lock_hash
        if owner in self.remote_steps:
            return None  # built on a worker: known once the run asks it
        built = self.builder.find(definition, touch=False)
        if built is None:
            return None
        self._keep_lock(built)
        return built.lock_hash

    def _keep_lock(self, built: BuiltEnv) -> None:
        """Keep ``built``'s packages in the record, once per lock (see :mod:`.locks`)."""
        locks = self.record.setdefault("locks", {})
        if built.lock_hash not in locks:
            locks[built.lock_hash] = {"python": built.python_version, "packages": dict(sorted(built.lock.items()))}

    def lock_packages(self, lock_hash: str | None) -> dict[str, str] | None:
        """The lock ``lock_hash`` as one comparable map (:func:`.locks.comparable`), when this run has seen it."""
        return comparable(self.record.get("locks", {}).get(lock_hash)) if lock_hash else None

    def _owner(self, step: str) -> str:
        """The step whose environment ``step`` uses: itself, or the sweep step of a trial (``sweep/trial_3``)."""
        while step not in self.definitions and "/" in step:
            step = step.rsplit("/", 1)[0]
        return step

    def hint(self, step: str) -> str | None:
        """What to say when ``step`` fails to import a module (its environment named only an image)."""
        definition = self.definitions.get(self._owner(step))
        return definition.hint if definition is not None else None

    def save_record(self, run_dir: Path) -> None:
        """Write the record to ``run_dir``'s ``environments.json`` now, or within :data:`RECORD_EVERY_S`.

        At most one write per interval: the record grows with every step, and writing it whole after
        each step of a 1,000-step run cost seconds of the event loop. A write that has to wait is
        scheduled on the running loop; :meth:`flush_record` (the run's end) writes what is still pending.
        """
        self._record_dir = run_dir
        self._dirty = True
        wait = self._written_at + RECORD_EVERY_S - time.monotonic()
        if wait <= 0:
            self.flush_record()
        elif self._pending is None:
            self._pending = asyncio.get_running_loop().call_later(wait, self.flush_record)

    def flush_record(self) -> None:
        """Write the record if a change is not written yet (atomically; see :mod:`.locks`)."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        if not self._dirty or self._record_dir is None:
            return
        path = self._record_dir / RECORD_FILE
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self.record, indent=2, sort_keys=True), encoding="utf-8")
        tmp.replace(path)
        self._dirty = False
        self._written_at = time.monotonic()


def step_path_env(built: BuiltEnv, env: dict[str, str]) -> dict[str, str]:
    """``env`` with the environment's ``bin`` first on PATH (its ``python`` is the step's ``python``)."""
    out = dict(env)
    if built.mode == "current":
        return out
    out["PATH"] = str(built.bin_dir) + os.pathsep + out.get("PATH", "")
    if built.root is not None:
        out["VIRTUAL_ENV"] = str(built.root)
    out.pop("PYTHONHOME", None)
    return out


def import_hint(built_hint: str | None, stderr_tail: str) -> str | None:
    """The hint to add when a step failed to import a module and its environment had only an image."""
    if built_hint and ("ModuleNotFoundError" in stderr_tail or "ImportError" in stderr_tail):
        return built_hint
    return None


def _append(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(text)
