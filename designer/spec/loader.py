"""Build model objects from parsed YAML, resolving component references.

Over 400 lines on purpose: one job (YAML to model objects); every component form and step form is read by the same small helpers, which would otherwise have to be shared across files.

Loading is lenient: it builds as much of the model as it can and records a :class:`Problem` for
everything structurally wrong, so that validation can report all problems at once. Only a document
that is not a mapping at all (or not YAML) raises :class:`SpecError`.

Component references by path are read here (relative to the file that names them); references by
name (``azureml:name:version``) go through a :class:`ComponentResolver` passed in, which the
registry implements. This module never imports the registry.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from designer.errors import Problem, SpecError
from designer.names import JOB_NAME_RE, bad_io_name
from designer.spec.expressions import parse_binding
from designer.spec.model import (
    ALL_TYPES,
    DATA_TYPES,
    PARAM_TYPES,
    CommandComponent,
    Component,
    ComponentRef,
    DataValue,
    Document,
    InputDecl,
    Job,
    Located,
    OutputDecl,
    PipelineComponent,
    PipelineJob,
    value_type,
)
from designer.spec.parallel import resolve_parallel_job
from designer.spec.sweep import resolve_sweep_job
from designer.spec.values import close_match, kind_of
from designer.spec.yaml_io import PathKey, SourceMap, YamlDocument, read_yaml

RUNNABLE_STEP_TYPES = ("command", "pipeline")
LOCAL_STEP_TYPES = ("sweep", "parallel")  # resolved by designer.spec.sweep / designer.spec.parallel
OTHER_STEP_TYPES = ("spark", "automl", "import", "data_transfer", "if_else", "do_while",
                    "parallel_for")


class ComponentResolver(Protocol):
    """Finds registered components by name (the registry implements this)."""

    def resolve(self, name: str, version: str | None = None, label: str | None = None) -> Component | None:
        """Return the component, or None when no such name/version is known."""
        ...

    def names(self) -> list[str]:
        """Every known component name (for 'did you mean')."""
        ...

    def versions(self, name: str) -> list[str]:
        """The known versions of ``name``, oldest first."""
        ...


@dataclass
class LoadContext:
    """State shared while loading one document and everything it references."""

    resolver: ComponentResolver | None = None
    problems: list[Problem] = field(default_factory=list)
    cache: dict[Path, Component | None] = field(default_factory=dict)
    stack: list[Path] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _take(raw: dict[str, Any], key: str, default: Any = None) -> Any:
    return raw.pop(key, default)


def _mapping(value: Any, loc: Located, rel: PathKey, ctx: LoadContext, what: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        ctx.add(loc.problem(rel, "type.not_mapping", f"{what} must be a mapping of name: value, found {kind_of(value)}"))
        return {}
    return value


# ------------------------------------------------------------------------------------------ declarations


def _input_decl(name: str, raw: Any, loc: Located, rel: PathKey, ctx: LoadContext) -> InputDecl | None:
    if (why := bad_io_name(name, "input")) is not None:
        ctx.add(loc.problem(rel, "input.bad_name", why))
    if isinstance(raw, str) and raw in ALL_TYPES:  # shorthand `x: string` is not Azure syntax, but be helpful
        raw = {"type": raw}
    if not isinstance(raw, dict):
        ctx.add(loc.problem(rel, "input.not_mapping",
                            f"input '{name}' must be a mapping such as '{{type: string}}', found {kind_of(raw)}"))
        return None
    raw = dict(raw)
    order = list(raw)
    type_ = raw.pop("type", None)
    if type_ is None:
        ctx.add(loc.problem(rel, "input.missing_type", f"input '{name}' has no 'type'; expected one of {', '.join(ALL_TYPES)}"))
        type_ = "string"
    elif type_ not in ALL_TYPES:
        ctx.add(loc.problem((*rel, "type"), "input.unknown_type",
                            f"unknown input type '{type_}'{close_match(type_, ALL_TYPES)} Expected one of {', '.join(ALL_TYPES)}"
                            .replace("? Expected", "? expected").replace("' Expected", "'; expected")))
    optional = raw.pop("optional", False)
    if not isinstance(optional, bool):
        ctx.add(loc.problem((*rel, "optional"), "input.bad_optional", f"'optional' must be true or false, found {kind_of(optional)}"))
        optional = str(optional).lower() == "true"
    decl = InputDecl(
        name=name,
        type=str(type_),
        optional=optional,
        default=raw.pop("default", None),
        description=_str_or_none(raw.pop("description", None)),
        enum=raw.pop("enum", None),
        min=raw.pop("min", None),
        max=raw.pop("max", None),
        mode=_str_or_none(raw.pop("mode", None)),
        extra=raw,
        key_order=order,
    )
    if decl.enum is not None and not isinstance(decl.enum, list):
        ctx.add(loc.problem((*rel, "enum"), "input.bad_enum", f"'enum' must be a list of allowed values, found {kind_of(decl.enum)}"))
        decl.enum = None
    for bound in ("min", "max"):
        value = getattr(decl, bound)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            try:
                setattr(decl, bound, float(value))
            except (TypeError, ValueError):
                ctx.add(loc.problem((*rel, bound), "input.bad_bound", f"'{bound}' must be a number, found {kind_of(value)}"))
                setattr(decl, bound, None)
    return decl


def _output_decl(name: str, raw: Any, loc: Located, rel: PathKey, ctx: LoadContext,
                 default_type: str | None = None) -> OutputDecl | None:
    if (why := bad_io_name(name, "output")) is not None:
        ctx.add(loc.problem(rel, "output.bad_name", why))
    if raw is None:
        raw = {}
    if isinstance(raw, str) and raw in DATA_TYPES:
        raw = {"type": raw}
    if not isinstance(raw, dict):
        ctx.add(loc.problem(rel, "output.not_mapping", f"output '{name}' must be a mapping such as '{{type: uri_folder}}', found {kind_of(raw)}"))
        return None
    raw = dict(raw)
    order = list(raw)
    type_ = raw.pop("type", None) or default_type
    if type_ is None:
        ctx.add(loc.problem(rel, "output.missing_type", f"output '{name}' has no 'type'; expected one of {', '.join(DATA_TYPES)}"))
        type_ = "uri_folder"
    elif type_ not in DATA_TYPES:
        hint = " (outputs must be data or model types)" if type_ in PARAM_TYPES else close_match(type_, DATA_TYPES)
        ctx.add(loc.problem((*rel, "type"), "output.unknown_type",
                            f"unknown output type '{type_}'{hint}; expected one of {', '.join(DATA_TYPES)}"))
    return OutputDecl(name=name, type=str(type_), description=_str_or_none(raw.pop("description", None)),
                      mode=_str_or_none(raw.pop("mode", None)), extra=raw, key_order=order)


def _decls(raw: Any, loc: Located, rel: PathKey, ctx: LoadContext, output: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in _mapping(raw, loc, rel, ctx, "'outputs'" if output else "'inputs'").items():
        decl = (_output_decl if output else _input_decl)(str(name), value, loc, (*rel, name), ctx)
        if decl is not None:
            if str(name).lower() in {n.lower() for n in out}:
                ctx.add(loc.problem((*rel, name), "io.duplicate_name", f"'{name}' differs from another port only in case; names must be unique ignoring case"))
            out[str(name)] = decl
    return out


# --------------------------------------------------------------------------------------------- components


def _describe_from(target: Any, raw: dict[str, Any], loc: Located, ctx: LoadContext) -> None:
    """Take the keys every component and pipeline share (name, version, display name, description,
    tags) out of ``raw`` into ``target``."""
    target.name = _str_or_none(_take(raw, "name"))
    target.version = _str_or_none(_take(raw, "version"))
    target.display_name = _str_or_none(_take(raw, "display_name"))
    target.description = _str_or_none(_take(raw, "description"))
    target.tags = _mapping(_take(raw, "tags"), loc, ("tags",), ctx, "'tags'")


def build_command_component(raw: dict[str, Any], loc: Located, ctx: LoadContext) -> CommandComponent:
    """Build a command component from its mapping; problems go to ``ctx``."""
    raw = dict(raw)
    order = list(raw)
    raw.pop("type", None)
    comp = CommandComponent(key_order=order, loc=loc)
    _describe_from(comp, raw, loc, ctx)
    det = _take(raw, "is_deterministic", True)
    if not isinstance(det, bool):
        ctx.add(loc.problem(("is_deterministic",), "component.bad_bool", f"'is_deterministic' must be true or false, found {kind_of(det)}"))
        det = str(det).lower() != "false"
    comp.is_deterministic = det
    comp.inputs = _decls(_take(raw, "inputs"), loc, ("inputs",), ctx, output=False)
    comp.outputs = _decls(_take(raw, "outputs"), loc, ("outputs",), ctx, output=True)
    command = _take(raw, "command")
    if command is None:
        ctx.add(loc.problem((), "component.missing_command", "the component has no 'command'; expected the shell command that runs it"))
        command = ""
    elif not isinstance(command, str):
        ctx.add(loc.problem(("command",), "component.bad_command", f"'command' must be text, found {kind_of(command)}"))
        command = str(command)
    comp.command = command
    code = _take(raw, "code")
    if code is not None and not isinstance(code, str):
        ctx.add(loc.problem(("code",), "component.bad_code", f"'code' must be a path, found {kind_of(code)}"))
        code = None
    comp.code = code
    comp.environment = _take(raw, "environment")
    includes = _take(raw, "additional_includes", [])
    if not isinstance(includes, list):
        ctx.add(loc.problem(("additional_includes",), "component.bad_includes", f"'additional_includes' must be a list of paths, found {kind_of(includes)}"))
        includes = []
    comp.additional_includes = [str(i) for i in includes]
    comp.environment_variables = _mapping(_take(raw, "environment_variables"), loc, ("environment_variables",), ctx,
                                          "'environment_variables'")
    comp.extra = raw
    return comp


def build_pipeline_component(raw: dict[str, Any], loc: Located, ctx: LoadContext) -> PipelineComponent:
    """Build a pipeline component (declared inputs/outputs, jobs); problems go to ``ctx``."""
    raw = dict(raw)
    order = list(raw)
    raw.pop("type", None)
    pc = PipelineComponent(key_order=order, loc=loc)
    _describe_from(pc, raw, loc, ctx)
    det = _take(raw, "is_deterministic")
    pc.is_deterministic = det if isinstance(det, bool) else None
    pc.inputs = _decls(_take(raw, "inputs"), loc, ("inputs",), ctx, output=False)
    pc.outputs = _decls(_take(raw, "outputs"), loc, ("outputs",), ctx, output=True)
    pc.jobs = _jobs(_take(raw, "jobs"), loc, ctx, "jobs" in order)
    pc.extra = raw
    return pc


def build_pipeline_job(raw: dict[str, Any], loc: Located, ctx: LoadContext) -> PipelineJob:
    """Build a pipeline job (input values, settings, jobs); problems go to ``ctx``."""
    raw = dict(raw)
    order = list(raw)
    raw.pop("type", None)
    pj = PipelineJob(key_order=order, loc=loc)
    pj.name = _str_or_none(_take(raw, "name"))
    pj.display_name = _str_or_none(_take(raw, "display_name"))
    pj.description = _str_or_none(_take(raw, "description"))
    pj.experiment_name = _str_or_none(_take(raw, "experiment_name"))
    pj.tags = _mapping(_take(raw, "tags"), loc, ("tags",), ctx, "'tags'")
    pj.properties = _mapping(_take(raw, "properties"), loc, ("properties",), ctx, "'properties'")
    pj.settings = _mapping(_take(raw, "settings"), loc, ("settings",), ctx, "'settings'")
    for key in ("continue_on_step_failure", "force_rerun"):
        if key in pj.settings and not isinstance(pj.settings[key], bool):
            ctx.add(loc.problem(("settings", key), "settings.bad_bool", f"'{key}' must be true or false, found {kind_of(pj.settings[key])}"))
    for name, value in _mapping(_take(raw, "inputs"), loc, ("inputs",), ctx, "'inputs'").items():
        if (why := bad_io_name(name, "input")) is not None:
            ctx.add(loc.problem(("inputs", name), "input.bad_name", why))
        if isinstance(value, dict) and "value" not in value:
            if value.get("type") in PARAM_TYPES:
                ctx.add(loc.problem(("inputs", name), "input.declaration_in_job",
                                    f"pipeline job input '{name}' is a typed declaration ({{type: {value.get('type')}}}); "
                                    "a pipeline job takes values: write the value itself, e.g. "
                                    f"'{name}: {value.get('default', '...')}'"))
                pj.inputs[str(name)] = value
                continue
            pj.inputs[str(name)] = _data_value(value, loc, ("inputs", name), ctx)
        else:
            pj.inputs[str(name)] = value
    for name, value in _mapping(_take(raw, "outputs"), loc, ("outputs",), ctx, "'outputs'").items():
        pj.outputs[str(name)] = _data_value(value, loc, ("outputs", name), ctx) if isinstance(value, dict) else value
    if "jobs" not in order and "component" in raw:
        ctx.add(loc.problem(("component",), "pipeline.component_job_unsupported",
                            "a pipeline job that runs a pipeline component directly ('component:' without 'jobs:') "
                            "is not supported locally; wrap it as one step under 'jobs:'"))
    pj.jobs = _jobs(_take(raw, "jobs"), loc, ctx, "jobs" in order)
    pj.extra = raw
    return pj


def _data_value(raw: dict[str, Any], loc: Located, rel: PathKey, ctx: LoadContext) -> DataValue:
    raw = dict(raw)
    order = list(raw)
    type_ = raw.pop("type", None)
    if type_ is not None and type_ not in DATA_TYPES:
        ctx.add(loc.problem((*rel, "type"), "data.unknown_type",
                            f"unknown data type '{type_}'{close_match(type_, DATA_TYPES)}; expected one of {', '.join(DATA_TYPES)}"))
    path = raw.pop("path", None)
    if path is not None and (not isinstance(path, str) or "\x00" in path):
        ctx.add(loc.problem((*rel, "path"), "data.bad_path", f"'path' must be a file or folder path or a URL, found {kind_of(path)}"))
        path = None
    return DataValue(type=_str_or_none(type_), path=path, mode=_str_or_none(raw.pop("mode", None)),
                     extra=raw, key_order=order)


# ------------------------------------------------------------------------------------------------ jobs


def _jobs(raw: Any, loc: Located, ctx: LoadContext, present: bool) -> dict[str, Job]:
    if not present:
        ctx.add(loc.problem((), "pipeline.missing_jobs", "the pipeline has no 'jobs'; expected a mapping of step name to step"))
        return {}
    jobs: dict[str, Job] = {}
    for name, value in _mapping(raw, loc, ("jobs",), ctx, "'jobs'").items():
        name = str(name)
        if not JOB_NAME_RE.match(name):
            fixed = re.sub(r"[^a-z0-9_]", "_", name.lower())
            if fixed and fixed[0].isdigit():
                fixed = "_" + fixed
            ctx.add(loc.problem(("jobs", name), "job.bad_name",
                                f"job name '{name}' is not valid; expected lowercase letters, digits and '_', "
                                f"starting with a letter or '_' (e.g. '{fixed}')"))
        if not isinstance(value, dict):
            ctx.add(loc.problem(("jobs", name), "job.not_mapping", f"job '{name}' must be a mapping with 'component' and 'inputs', found {kind_of(value)}"))
            continue
        jobs[name] = build_job(name, value, Located(loc.source, (*loc.at, "jobs", name), loc.base_dir), ctx)
    return jobs


def parse_component_ref(value: Any) -> ComponentRef:
    """Classify a job's ``component`` value."""
    if isinstance(value, dict):
        return ComponentRef("inline", raw=value)
    if not isinstance(value, str):
        return ComponentRef("unsupported", raw=value)
    text = value.strip()
    if text.startswith("azureml://registries/"):
        m = re.match(r"azureml://registries/[^/]+/components/([^/]+)(?:/versions/([^/]+)|/labels/([^/]+))?$", text)
        if m:
            return ComponentRef("registry", raw=value, name=m.group(1), version=m.group(2), label=m.group(3))
        return ComponentRef("unsupported", raw=value)
    if text.startswith("azureml:"):
        ref = text[len("azureml:"):]
        if "@" in ref:
            name, label = ref.split("@", 1)
            return ComponentRef("registry", raw=value, name=name, label=label or "latest")
        if ":" in ref:
            name, version = ref.split(":", 1)
            return ComponentRef("registry", raw=value, name=name, version=version)
        return ComponentRef("registry", raw=value, name=ref)
    path = text[len("file:"):] if text.startswith("file:") else text
    return ComponentRef("file", raw=value, path=path)


def build_job(name: str, raw: dict[str, Any], loc: Located, ctx: LoadContext) -> Job:
    """Build one step and resolve the component it runs."""
    raw = dict(raw)
    order = list(raw)
    job = Job(name=name, key_order=order, loc=loc)
    type_ = raw.pop("type", None)
    if type_ is None:
        type_ = "command"
    elif type_ not in RUNNABLE_STEP_TYPES and type_ not in LOCAL_STEP_TYPES:
        if type_ in OTHER_STEP_TYPES:
            ctx.add(loc.problem(("type",), "job.unsupported_type",
                                f"step type '{type_}' runs only on Azure ML; the local runner runs 'command', 'pipeline', 'sweep' and 'parallel' steps"))
        else:
            ctx.add(loc.problem(("type",), "job.unknown_type",
                                f"unknown step type '{type_}'{close_match(type_, RUNNABLE_STEP_TYPES + LOCAL_STEP_TYPES + OTHER_STEP_TYPES)}; "
                                "expected 'command', 'pipeline', 'sweep' or 'parallel'"))
    job.type = str(type_)
    job.display_name = _str_or_none(raw.pop("display_name", None))
    job.description = _str_or_none(raw.pop("description", None))
    job.compute = raw.pop("compute", None)
    job.limits = _mapping(raw.pop("limits", None), loc, ("limits",), ctx, "'limits'")
    timeout = job.limits.get("timeout")
    if timeout is not None and parse_binding(timeout) is None and (
            isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0):
        ctx.add(loc.problem(("limits", "timeout"), "job.bad_timeout", f"'limits.timeout' must be a positive number of seconds, found {kind_of(timeout)}"))
    job.environment_variables = _mapping(raw.pop("environment_variables", None), loc, ("environment_variables",), ctx,
                                         "'environment_variables'")
    for key, value in _mapping(raw.pop("inputs", None), loc, ("inputs",), ctx, "'inputs'").items():
        job.inputs[str(key)] = _data_value(value, loc, ("inputs", key), ctx) if isinstance(value, dict) else value
    for key, value in _mapping(raw.pop("outputs", None), loc, ("outputs",), ctx, "'outputs'").items():
        job.outputs[str(key)] = _data_value(value, loc, ("outputs", key), ctx) if isinstance(value, dict) else value
    if "component" in raw:
        job.component = parse_component_ref(raw.pop("component"))
    elif "command" in raw:
        job.component = ComponentRef("inline_job")
    job.extra = raw
    if job.type in RUNNABLE_STEP_TYPES:
        _resolve_job(job, ctx)
    elif job.type == "sweep":
        resolve_sweep_job(job, _Loading(ctx))
    elif job.type == "parallel":
        resolve_parallel_job(job, _Loading(ctx))
    return job


class _Loading:
    """The loader's services lent to the sweep and parallel resolvers (:class:`StepLoading`)."""

    def __init__(self, ctx: LoadContext) -> None:
        self.ctx = ctx

    def add(self, problem: Problem) -> None:
        self.ctx.add(problem)

    def extend(self, problems: list[Problem]) -> None:
        self.ctx.problems.extend(problems)

    def component(self, value: Any, loc: Located, rel: PathKey) -> tuple[str, Component | None]:
        ref = parse_component_ref(value)
        if ref.form == "inline":
            return ref.form, build_command_component(ref.raw, Located(loc.source, (*loc.at, *rel), loc.base_dir), self.ctx)
        if ref.form == "file":
            return ref.form, load_component_file(((loc.base_dir or Path.cwd()) / str(ref.path)).resolve(), self.ctx, loc, rel)
        if ref.form == "registry":
            return ref.form, _resolve_registry(ref, loc, self.ctx)
        return ref.form, None

    def decls(self, raw: Any, loc: Located, rel: PathKey, *, output: bool) -> dict[str, Any]:
        return _decls(raw, loc, rel, self.ctx, output)


def _resolve_job(job: Job, ctx: LoadContext) -> None:
    loc = job.loc
    ref = job.component
    if ref is None:
        ctx.add(loc.problem((), "job.missing_component", f"job '{job.name}' has no 'component' (and no 'command'); expected e.g. 'component: ./train.yml'"))
        return
    if ref.form == "inline_job":
        job.resolved = _inline_job_component(job, ctx)
    elif ref.form == "inline":
        raw = ref.raw
        if raw.get("type", "command") == "pipeline":
            ctx.add(loc.problem(("component",), "job.inline_pipeline",
                                "a pipeline component cannot be defined inline; put it in its own file and use 'component: ./file.yml'"))
            return
        job.resolved = build_command_component(raw, Located(loc.source, (*loc.at, "component"), loc.base_dir), ctx)
    elif ref.form == "file":
        if job.type == "pipeline" and str(ref.raw).startswith("file:"):
            ctx.add(loc.problem(("component",), "job.file_prefix_pipeline",
                                f"Azure ML does not accept 'file:' for a pipeline component; write "
                                f"'component: {ref.path}'", "warning"))
        base = loc.base_dir or Path.cwd()
        job.resolved = load_component_file((base / str(ref.path)).resolve(), ctx, loc, ("component",))
    elif ref.form == "registry":
        job.resolved = _resolve_registry(ref, loc, ctx)
    else:
        ctx.add(loc.problem(("component",), "job.bad_component",
                            f"'component' must be a path ('./x.yml'), a reference ('azureml:name:version') or a mapping, found {kind_of(ref.raw)}"))
        return
    if job.resolved is not None:
        want = "pipeline" if job.resolved.kind == "pipeline" else "command"
        if job.type in RUNNABLE_STEP_TYPES and job.type != want:
            if "type" in job.key_order:
                ctx.add(loc.problem(("type",), "job.type_mismatch",
                                    f"step type is '{job.type}' but its component is a {want} component; expected 'type: {want}'"))
            job.type = want


def _resolve_registry(ref: ComponentRef, loc: Located, ctx: LoadContext) -> Component | None:
    if ctx.resolver is None:
        ctx.add(loc.problem(("component",), "component.unknown",
                            f"component '{ref.describe()}' cannot be looked up: no component registry is available"))
        return None
    found = ctx.resolver.resolve(str(ref.name), ref.version, ref.label)
    if found is not None:
        return found
    versions = ctx.resolver.versions(str(ref.name))
    if versions:
        ctx.add(loc.problem(("component",), "component.unknown_version",
                            f"component '{ref.name}' has no version '{ref.version or ref.label}'; "
                            f"registered versions: {', '.join(versions)}"))
    else:
        ctx.add(loc.problem(("component",), "component.unknown",
                            f"unknown component '{ref.name}': it is not built in, in the workspace or registered "
                            f"(see 'designer components list'){close_match(str(ref.name), ctx.resolver.names())}"))
    return None


def _infer_type(value: Any) -> str:
    """The type of an inline job's input from its value; a binding to another step's output is data."""
    return "uri_folder" if parse_binding(value) is not None else value_type(value)


def _inline_job_component(job: Job, ctx: LoadContext) -> CommandComponent:
    """An inline command job's anonymous component; port types are inferred as Azure's SDK does."""
    comp = CommandComponent(loc=job.loc)
    comp.command = str(job.extra.get("command") or "")
    code = job.extra.get("code")
    comp.code = code if isinstance(code, str) else None
    comp.environment = job.extra.get("environment")
    comp.environment_variables = {}
    comp.display_name = job.display_name or job.name
    for name, value in job.inputs.items():
        comp.inputs[name] = InputDecl(name=name, type=_infer_type(value))
    for name, value in job.outputs.items():
        type_ = value.type if isinstance(value, DataValue) and value.type else "uri_folder"
        comp.outputs[name] = OutputDecl(name=name, type=type_)
    comp.extra = {"inferred": True}
    return comp


def load_component_file(path: Path, ctx: LoadContext, loc: Located | None = None, rel: PathKey = ()) -> Component | None:
    """Load the component at ``path`` (cached per load); problems go to ``ctx``."""
    if path in ctx.stack:
        chain = " -> ".join(p.name for p in [*ctx.stack[ctx.stack.index(path):], path])
        problem = loc.problem(rel, "component.recursive", f"component files include each other in a loop: {chain}") if loc else None
        if problem:
            ctx.add(problem)
        return None
    if path in ctx.cache:
        return ctx.cache[path]
    if path.is_dir():
        if loc is not None:
            inside = sorted(p.name for p in path.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())[:5]
            use = next((n for n in ("component.yml", "component.yaml", "spec.yml") if n in inside), None)
            written = f"./{os.path.relpath(path / use, loc.base_dir)}" if use and loc.base_dir else str(path / (use or ""))
            hint = (f"; expected a YAML file: use 'component: {written}'" if use else
                    f"; it holds {', '.join(inside)}: name one of them" if inside else "; it holds no YAML file")
            ctx.add(loc.problem(rel, "component.is_folder",
                                f"component path '{path}' is a folder, not a component file{hint}"))
        ctx.cache[path] = None
        return None
    if not path.is_file():
        if loc is not None:
            hint = ""
            if path.parent.is_dir():
                hint = close_match(path.name, [p.name for p in path.parent.iterdir() if p.suffix in (".yml", ".yaml")])
            ctx.add(loc.problem(rel, "component.file_not_found",
                                f"component file '{path}' does not exist{hint}"))
        ctx.cache[path] = None
        return None
    try:
        doc = read_yaml(path)
    except SpecError as exc:
        ctx.problems.extend(exc.problems)
        ctx.cache[path] = None
        return None
    ctx.problems.extend(doc.problems)
    ctx.stack.append(path)
    try:
        comp = _component_from_doc(doc, ctx)
    finally:
        ctx.stack.pop()
    ctx.cache[path] = comp
    return comp


def _component_from_doc(doc: YamlDocument, ctx: LoadContext) -> Component | None:
    loc = Located(doc.source, (), Path(doc.source.file).resolve().parent)
    if not isinstance(doc.data, dict):
        ctx.add(loc.problem((), "document.not_mapping", f"a component file must be a YAML mapping, found {kind_of(doc.data)}"))
        return None
    type_ = doc.data.get("type", "command")
    if type_ == "pipeline":
        return build_pipeline_component(doc.data, loc, ctx)
    if type_ != "command":
        ctx.add(loc.problem(("type",), "component.unknown_type",
                            f"unknown component type '{type_}'{close_match(type_, ['command', 'pipeline'])}; expected 'command' or 'pipeline'"))
    return build_command_component(doc.data, loc, ctx)


# ------------------------------------------------------------------------------------------ documents


DOC_TYPES = ("pipeline", "command")


@dataclass
class Loaded:
    """A loaded document with every problem found while loading it (validation adds more)."""

    document: Document
    problems: list[Problem]
    source: SourceMap


def load_document(path: str | Path, resolver: ComponentResolver | None = None, *, as_component: bool = False) -> Loaded:
    """Load a pipeline job, pipeline component or command component from ``path``.

    A ``type: pipeline`` file is a pipeline job unless its ``$schema`` names the pipeline component
    schema or ``as_component`` is set. Returns a :class:`Loaded`; raises :class:`SpecError` only when
    the file cannot be parsed into a mapping at all.
    """
    doc = read_yaml(path)
    return load_parsed(doc, resolver, as_component=as_component)


def load_text(text: str, file: str, resolver: ComponentResolver | None = None) -> Loaded:
    """Like :func:`load_document` for YAML text; relative paths resolve against ``file``'s folder."""
    from designer.spec.yaml_io import parse_yaml

    return load_parsed(parse_yaml(text, file), resolver)


def load_parsed(doc: YamlDocument, resolver: ComponentResolver | None = None, *, as_component: bool = False) -> Loaded:
    """Build the model from a parsed YAML document (see :func:`load_document`)."""
    ctx = LoadContext(resolver=resolver)
    ctx.problems.extend(doc.problems)
    source = doc.source
    loc = Located(source, (), Path(source.file).resolve().parent)
    data = doc.data
    if not isinstance(data, dict):
        raise SpecError([source.problem((), "document.not_mapping", f"expected a YAML mapping with 'type: pipeline' or 'type: command' at the top, found {kind_of(data)}"), *ctx.problems])
    type_ = data.get("type")
    document: Document
    if type_ is None:
        if "jobs" in data:
            ctx.add(source.problem((), "document.missing_type", "the file has no 'type'; expected 'type: pipeline' at the top", "warning"))
            type_ = "pipeline"
        elif "command" in data:
            type_ = "command"
        else:
            raise SpecError([source.problem((), "document.missing_type", "the file has no 'type'; expected 'type: pipeline' or 'type: command'"), *ctx.problems])
    path_real = Path(source.file).resolve()
    if type_ == "pipeline":
        schema = str(data.get("$schema", ""))
        if as_component or "pipelineComponent" in schema:
            ctx.stack.append(path_real)
            document = build_pipeline_component(data, loc, ctx)
        else:
            ctx.stack.append(path_real)
            document = build_pipeline_job(data, loc, ctx)
    elif type_ == "command":
        document = build_command_component(data, loc, ctx)
    else:
        raise SpecError([source.problem(("type",), "document.unknown_type", f"unknown type '{type_}'{close_match(str(type_), DOC_TYPES)}; expected 'pipeline' or 'command'"), *ctx.problems])
    return Loaded(document=document, problems=ctx.problems, source=source)


def iter_jobs(pipeline: PipelineJob | PipelineComponent, prefix: str = "") -> list[tuple[str, Job]]:
    """Every job in a pipeline, nested pipeline jobs included, as ``(path, job)`` (``outer/inner``)."""
    out: list[tuple[str, Job]] = []
    for name, job in pipeline.jobs.items():
        full = f"{prefix}{name}"
        out.append((full, job))
        if isinstance(job.resolved, PipelineComponent):
            out.extend(iter_jobs(job.resolved, f"{full}/"))
    return out
