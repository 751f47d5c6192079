"""Plan a run: flatten nested pipelines, resolve every input, pick compute targets and limits.

:func:`load_plan` / :func:`build_plan` turn a validated pipeline job into a :class:`RunPlan`: one
:class:`StepPlan` per command step (``outer/inner`` for steps inside pipeline components), in a
deterministic topological order, with

- every input resolved (by :func:`designer.spec.graph.flatten`) to a typed parameter value, an
  external data path, an upstream step's output, or nothing; a string given to a data-typed input is
  a local path relative to the file that holds it;
- the compute target: the job's ``compute``, else that of the enclosing pipeline step, else the
  pipeline's ``settings.default_compute``; ``azureml:serverless`` is ``local``; an unknown target
  falls back to ``local`` with a warning that is written to the step's log;
- ``limits.timeout``, ``environment_variables`` and the code folder with its ``additional_includes``.

Planning reads files (to check that data and code exist) but writes nothing.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from designer.engine.environments.steps import EnvSpec, step_env_spec
from designer.engine.parameters import pipeline_inputs, step_parameters
from designer.errors import RunError
from designer.spec.graph import ExternalData, Literal, Source, StepOutput, Unbound, flatten
from designer.spec.loader import ComponentResolver, close_match
from designer.spec.model import CommandComponent, DataValue, Document, InputDecl, PipelineJob
from designer.spec.parallel import parse_parallel
from designer.spec.sweep import parse_sweep, sweep_fields
from designer.workspace import ComputeTarget, Settings

_REMOTE_PREFIXES = ("azureml:", "http:", "https:", "wasbs:", "abfss:", "adl:", "git+")


@dataclass
class StepPlan:
    """Everything needed to fingerprint and run one command step."""

    path: str
    job: str
    component: CommandComponent
    inputs: dict[str, Source]
    outputs: dict[str, str]
    target: ComputeTarget
    timeout: float | None = None
    env: dict[str, str] = field(default_factory=dict)
    code: Path | None = None
    includes: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # "sweep" and "parallel" steps carry their parsed spec (SweepSpec / ParallelSpec); a sweep's
    # trial component is kept apart from ``component``, whose ``extra`` adds the sweep's fields so
    # that they are part of the step's fingerprint.
    kind: str = "command"
    spec: Any = None
    trial: CommandComponent | None = None
    environment: EnvSpec | None = None  # the step's `environment` as written (the job's, else its component's)
    env_lock: str | None = None  # the lock hash of its built environment, set when the step starts
    parameters: dict[str, Any] = field(default_factory=dict)  # what it runs with (designer.engine.parameters)
    title: str = ""  # what people call it: the job's display name, else its component's, else the job name

    @property
    def deterministic(self) -> bool:
        """False when the component says ``is_deterministic: false`` (never reused)."""
        return self.component.is_deterministic

    @property
    def upstream(self) -> tuple[str, ...]:
        """Steps whose outputs this step reads, sorted, without repeats."""
        return tuple(sorted({s.step for s in self.inputs.values() if isinstance(s, StepOutput)}))

    def decl(self, name: str) -> InputDecl:
        """The component's declaration of input ``name``."""
        return self.component.inputs[name]


@dataclass
class RunPlan:
    """A pipeline job ready to run: its steps in topological order and its settings."""

    pipeline: PipelineJob
    pipeline_file: str
    name: str
    steps: dict[str, StepPlan]
    outputs: dict[str, StepOutput]
    parameters: dict[str, Any]
    continue_on_step_failure: bool = False
    force_rerun: bool = False
    partial: str | None = None  # "only <step>" / "from <step>" (see designer.engine.partial)
    forced: dict[str, dict[str, Any]] = field(default_factory=dict)  # step -> the change that forces it to run
    inputs: dict[str, Any] = field(default_factory=dict)  # the pipeline inputs' record (designer.engine.parameters)


# ------------------------------------------------------------------------------------------ --set


def parse_assignments(items: list[str] | None) -> dict[str, str]:
    """``["a=1", "b=x=y"]`` -> ``{"a": "1", "b": "x=y"}``. Raises :class:`RunError` for ``NAME`` alone."""
    out: dict[str, str] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise RunError(f"--set '{item}' must look like NAME=VALUE (e.g. --set epochs=10)")
        out[name.strip()] = value
    return out


def _auto(text: str) -> Any:
    low = text.strip().lower()
    if low in ("true", "false"):
        return low == "true"
    for conv in (int, float):
        try:
            return conv(text)
        except ValueError:
            pass
    return text


def coerce_override(current: Any, value: Any) -> Any:
    """Type the text ``value`` of ``--set`` like the pipeline input's current value.

    A boolean input takes ``true``/``false``; an integer or number input takes a number; a string
    input keeps the text as is (``007`` stays ``007``); an input without a value is parsed as a
    boolean, an integer, a float, or kept as text. A data input takes a local path (relative to
    the current folder) or a URL. Non-text values (from the SDK) are returned unchanged.
    """
    if not isinstance(value, str):
        return value
    if isinstance(current, DataValue):
        path = value
        if "://" not in path and not path.startswith(_REMOTE_PREFIXES):
            path = str(Path(path.removeprefix("file:")).resolve())
        return DataValue(type=current.type, path=path, mode=current.mode)
    if isinstance(current, bool):
        low = value.strip().lower()
        if low not in ("true", "false"):
            raise RunError(f"expected true or false, found '{value}'")
        return low == "true"
    if isinstance(current, int | float):
        try:
            number = float(value)
        except ValueError:
            raise RunError(f"expected a number, found '{value}'") from None
        if isinstance(current, int) and number == int(number) and "." not in value and "e" not in value.lower():
            return int(number)
        return number
    if isinstance(current, str):
        return value
    return _auto(value)


def _overrides(pipeline: PipelineJob, parameters: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in parameters.items():
        if name not in pipeline.inputs:
            raise RunError(f"the pipeline has no input '{name}'{close_match(name, pipeline.inputs)}; "
                           f"its inputs are: {', '.join(pipeline.inputs) or 'none'}")
        try:
            out[name] = coerce_override(pipeline.input_value(name), value)
        except RunError as exc:
            raise RunError(f"--set {name}: {exc}") from None
    return out


# ------------------------------------------------------------------------------------------ values


def typed_value(decl: InputDecl, value: Any) -> Any:
    """A parameter value converted to its declared type, as the Azure ML SDK parses it."""
    if value is None:
        return None
    if decl.type == "integer":
        return value if isinstance(value, int) and not isinstance(value, bool) else int(float(value))
    if decl.type == "number":
        return value if isinstance(value, float) else float(value)
    if decl.type == "boolean":
        return value if isinstance(value, bool) else str(value).lower() == "true"
    if decl.type == "string":
        return value if isinstance(value, str) else str(value)
    return value


def is_local(path: str) -> bool:
    """True for a local path (not a URL or an ``azureml:`` reference)."""
    return "://" not in path and not path.startswith(_REMOTE_PREFIXES)


def _local_data(path: str, base: Path | None, type_: str | None, mode: str | None) -> ExternalData:
    if is_local(path):
        path = str(((base or Path.cwd()) / path.removeprefix("file:")).resolve())
    return ExternalData(path, type_, mode)


def _resolve_input(decl: InputDecl, src: Source, base: Path | None, problems: list[str], where: str,
                   inferred: bool = False) -> Source:
    from designer.spec.validate import check_literal

    if inferred and isinstance(src, Literal) and not isinstance(src.value, str):
        return src  # an inline job's input typed 'uri_folder' only because it is a binding (as the SDK infers)
    if decl.is_param:
        if isinstance(src, Literal):
            why = check_literal(decl, src.value)
            if why:
                problems.append(f"{where}: {why}")
                return src
            return Literal(typed_value(decl, src.value))
        if isinstance(src, ExternalData | StepOutput):
            problems.append(f"{where}: input '{decl.name}' is a {decl.type} parameter but receives data")
        return src
    if isinstance(src, Literal):
        if not isinstance(src.value, str):
            problems.append(f"{where}: input '{decl.name}' is {decl.type} data; expected a path, found {src.value!r}")
            return src
        src = ExternalData(src.value, decl.type)
    if isinstance(src, ExternalData):
        src = _local_data(src.path, base, src.type or decl.type, src.mode)
        if is_local(src.path) and not os.path.exists(src.path):
            problems.append(f"{where}: data for input '{decl.name}' does not exist: {src.path}")
    return src


# -------------------------------------------------------------------------------------------- plan


def build_plan(document: Document, settings: Settings, *, parameters: Mapping[str, Any] | None = None,
               pipeline_file: str | Path | None = None, force_rerun: bool = False) -> RunPlan:
    """Plan a run of the pipeline job ``document`` (already validated).

    ``parameters`` overrides pipeline inputs (text from ``--set`` is typed by :func:`coerce_override`).
    Raises :class:`RunError` for a document that is not a pipeline job, an unknown or ill-typed
    parameter, missing input data or a missing code folder.
    """
    if not isinstance(document, PipelineJob):
        raise RunError("only a pipeline job (type: pipeline with jobs) can be run; wrap a component in a pipeline")
    overrides = _overrides(document, parameters or {})
    flat = flatten(document, overrides)
    file = str(pipeline_file or (document.loc.source.file if document.loc.source else ""))
    base = document.loc.base_dir
    problems: list[str] = []
    steps: dict[str, StepPlan] = {}
    for path in flat.order():
        fs = flat.steps[path]
        comp = fs.component
        where = f"step '{path}'"
        job_base = fs.job.loc.base_dir or base
        inferred = bool(comp.extra.get("inferred"))
        inputs = {name: _resolve_input(comp.inputs[name], src, job_base, problems, where, inferred)
                  for name, src in fs.inputs.items()}
        swept = set(fs.job.extra.get("search_space") or {}) if fs.job.type == "sweep" else set()
        for name, src in inputs.items():
            if isinstance(src, Unbound) and comp.inputs[name].required and not comp.extra.get("inferred") \
                    and name not in swept:
                problems.append(f"{where}: required input '{name}' has no value")
        target, warning = settings.target(fs.compute)
        step = StepPlan(
            path=path,
            job=fs.job.name,
            component=comp,
            inputs=inputs,
            outputs={name: decl.type for name, decl in comp.outputs.items()},
            target=target,
            timeout=float(fs.timeout) if fs.timeout else None,
            env=dict(fs.environment_variables),
            warnings=[warning] if warning else [],
            environment=step_env_spec(fs.job, comp),
            title=fs.job.display_name or comp.display_name or fs.job.name,
        )
        _plan_code(step, problems, where)
        if fs.job.type == "sweep":
            plan_sweep(step, fs.job, problems, where)
        elif fs.job.type == "parallel":
            plan_parallel(step, fs.job, problems, where)
        step.parameters = step_parameters(fs.job, (step.trial or step.component).inputs, step.inputs)
        steps[path] = step
    if problems:
        raise RunError("cannot run the pipeline:\n  " + "\n  ".join(problems))
    name = document.display_name or document.name or (Path(file).stem if file else "pipeline")
    return RunPlan(
        pipeline=document,
        pipeline_file=file,
        name=name,
        steps=steps,
        outputs=dict(flat.outputs),
        parameters={k: (v.path if isinstance(v, DataValue) else v) for k, v in overrides.items()},
        continue_on_step_failure=document.continue_on_step_failure,
        force_rerun=force_rerun or document.force_rerun,
        inputs=pipeline_inputs(document, overrides),
    )


def _plan_code(step: StepPlan, problems: list[str], where: str) -> None:
    comp = step.component
    if comp.code is not None:
        code = comp.code_dir()
        if code is None:
            step.warnings.append(f"code '{comp.code}' is not a local folder; the step runs without it")
        elif not code.exists():
            problems.append(f"{where}: the code folder '{comp.code}' does not exist ({code})")
        else:
            step.code = code
    base = comp.loc.base_dir or Path.cwd()
    for inc in comp.additional_includes:
        src = (base / inc).resolve()
        if not src.exists():
            problems.append(f"{where}: additional include '{inc}' does not exist ({src})")
        else:
            step.includes.append(src)


def load_plan(path: str | Path, settings: Settings, *, resolver: ComponentResolver | None = None,
              parameters: Mapping[str, Any] | None = None, force_rerun: bool = False) -> RunPlan:
    """Load, validate and plan the pipeline file at ``path``.

    Raises :class:`~designer.errors.SpecError` with every problem when the file is not valid, and
    :class:`RunError` as :func:`build_plan` does.
    """
    from designer.spec.validate import load_valid

    document, _warnings = load_valid(path, resolver)
    return build_plan(document, settings, parameters=parameters, pipeline_file=Path(path).resolve(),
                      force_rerun=force_rerun)


# Here, not in engine/sweep or engine/parallel: those import the plan, and the plan must not import them back.


def plan_sweep(step: StepPlan, job: Any, problems: list[str], where: str) -> None:
    """Attach the parsed sweep to ``step``: its spec, its trial component, its fingerprinted fields."""
    spec, found = parse_sweep(sweep_fields(job), job.loc)
    errors = [p.message for p in found if p.severity == "error"]
    if spec is None or errors:
        problems.extend(f"{where}: {m}" for m in errors or ["the sweep cannot run"])
        return
    step.kind = "sweep"
    step.spec = spec
    step.trial = step.component
    for name in spec.search_space:
        step.inputs.pop(name, None)
    fields = {k: v for k, v in sweep_fields(job).items() if k != "trial"}
    step.component = dataclasses.replace(step.component, extra={**step.component.extra, "sweep": fields})
    step.timeout = None  # limits.timeout is the whole sweep's; the controller keeps it


def plan_parallel(step: StepPlan, job: Any, problems: list[str], where: str) -> None:
    """Attach the parsed parallel spec to ``step``; add to ``problems`` when it cannot run."""
    fields = step.component.extra.get("parallel") or {}
    types = {name: step.component.inputs[name].type for name in step.inputs if name in step.component.inputs}
    spec, found = parse_parallel(fields, job.loc, input_types=types, output_names=list(step.outputs))
    errors = [p.message for p in found if p.severity == "error"]
    if spec is None or errors:
        problems.extend(f"{where}: {m}" for m in errors or ["the parallel step cannot run"])
        return
    step.kind = "parallel"
    step.spec = spec
