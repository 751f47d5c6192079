"""Editing a pipeline: the operations the canvas and the properties panel ask for.

Over 400 lines on purpose: one job (the edit operations), each small, sharing the checks at the top.

Each operation checks first and changes the model only when the change is allowed, so a refused
edit leaves the pipeline exactly as it was and raises :class:`EditRefused` with a sentence a person
can act on ("cannot connect 'split.model' (mlflow_model) to 'score.data' (uri_file) ...").

The operations mutate the :class:`~designer.spec.model.PipelineJob` they are given and touch only
what they are about: keys the user did not edit keep their values and their order, so saving
after an edit changes only the lines of that edit. Making and saving whole documents is
:mod:`designer.spec.documents`; node positions are :mod:`designer.spec.layout`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

from designer.errors import DesignerError
from designer.names import bad_io_name
from designer.spec.documents import DEFAULT_COMPUTE
from designer.spec.expressions import (
    EXPR_RE,
    job_output_ref,
    parent_input_ref,
    parent_output_ref,
    parse_binding,
)
from designer.spec.graph import job_graph
from designer.spec.kinds import check_job_wire
from designer.spec.loader import JOB_NAME_RE, parse_component_ref
from designer.spec.model import (
    Component,
    DataValue,
    InputDecl,
    Job,
    Located,
    OutputDecl,
    PipelineComponent,
    PipelineJob,
    is_data_type,
    pipeline_input_type,
    types_compatible,
)
from designer.spec.validate import check_literal
from designer.spec.values import close_match

Pipeline = PipelineJob | PipelineComponent
_Decl = TypeVar("_Decl", InputDecl, OutputDecl)


class EditRefused(DesignerError):
    """An edit that is not allowed; the message says why and what to do instead."""


# ------------------------------------------------------------------------------------------- helpers


def _job(pipeline: Pipeline, name: str) -> Job:
    job = pipeline.jobs.get(name)
    if job is None:
        raise EditRefused(f"there is no step '{name}' in this pipeline{close_match(name, pipeline.jobs)}")
    return job


def _component(job: Job) -> Component:
    if job.resolved is None:
        raise EditRefused(f"the component of step '{job.name}' cannot be found, so its ports are unknown; "
                          "fix its 'component' reference first")
    return job.resolved


def _declared(job: Job, ports: dict[str, _Decl], name: str, what: str) -> _Decl:
    decl = ports.get(name)
    if decl is None:
        raise EditRefused(f"step '{job.name}' has no {what} '{name}'{close_match(name, ports)}")
    return decl


def _input_decl(job: Job, name: str) -> InputDecl:
    return _declared(job, _component(job).inputs, name, "input")


def _output_decl(job: Job, name: str) -> OutputDecl:
    return _declared(job, _component(job).outputs, name, "output")


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def safe_name(text: str) -> str:
    """``text`` made into a valid step or port name: lowercase letters, digits and ``_``."""
    name = re.sub(r"[^a-z0-9_]+", "_", text.strip().lower()).strip("_") or "step"
    return f"_{name}" if name[0].isdigit() else name


def unique_name(base: str, taken: Any) -> str:
    """``base``, else ``base_2``, ``base_3``, ... whichever is not in ``taken``."""
    used = {str(t) for t in taken}
    if base not in used:
        return base
    n = 2
    while f"{base}_{n}" in used:
        n += 1
    return f"{base}_{n}"


def component_ref(source: str, name: str, version: str, path: Path, pipeline_file: Path) -> str:
    """How a new step names its component.

    Built-in and registered components are named ``azureml:<name>:<version>`` (as after
    ``az ml component create``); a component that lives in the workspace is named by its path
    relative to the pipeline file, so the folder stays self-contained.
    """
    if source in ("builtin", "registered"):
        return f"azureml:{name}:{version}"
    rel = Path(os.path.relpath(path.resolve(), pipeline_file.resolve().parent)).as_posix()
    return rel if rel.startswith("../") else f"./{rel}"


# ------------------------------------------------------------------------------------------------ steps


def add_job(pipeline: Pipeline, component: Component, ref: str, name: str | None = None) -> Job:
    """Add a step running ``component`` (named by ``ref``) and return it.

    The step's name is made from the component's name (``train_model``, ``train_model_2``, ...)
    unless ``name`` is given. No input is set: defaults apply until the user sets or connects them.
    """
    base = safe_name(name or component.name or component.label)
    job_name = unique_name(base, pipeline.jobs) if name is None else base
    if job_name in pipeline.jobs:
        raise EditRefused(f"a step named '{job_name}' already exists; choose another name")
    loc = Located(pipeline.loc.source, (*pipeline.loc.at, "jobs", job_name), pipeline.loc.base_dir)
    job = Job(name=job_name, type="pipeline" if isinstance(component, PipelineComponent) else "command", loc=loc)
    job.component = parse_component_ref(ref)
    job.resolved = component
    pipeline.jobs[job_name] = job
    return job


def delete_jobs(pipeline: Pipeline, names: list[str]) -> list[str]:
    """Remove the steps ``names`` and every binding that reads from them.

    Returns the inputs that were unbound as ``"job.input"``. Unknown names are ignored.
    """
    doomed = {n for n in names if n in pipeline.jobs}
    for name in doomed:
        del pipeline.jobs[name]
    unbound: list[str] = []
    for job in pipeline.jobs.values():
        for input_name in list(job.inputs):
            b = job.input_binding(input_name)
            if b is not None and b.kind in ("job_output", "job_input") and b.job in doomed:
                del job.inputs[input_name]
                unbound.append(f"{job.name}.{input_name}")
    return unbound


def rename_job(pipeline: Pipeline, old: str, new: str) -> None:
    """Rename step ``old`` to ``new`` and rewrite every binding that names it."""
    job = _job(pipeline, old)
    new = new.strip()
    if new == old:
        return
    if not JOB_NAME_RE.match(new):
        raise EditRefused(f"'{new}' is not a valid step name; use lowercase letters, digits and '_', "
                          f"starting with a letter (e.g. '{safe_name(new)}')")
    if new in pipeline.jobs:
        raise EditRefused(f"a step named '{new}' already exists; choose another name")
    pattern = re.compile(r"(\$\{\{\s*parent\.jobs\.)" + re.escape(old) + r"(\.)")

    def rewrite(value: Any) -> Any:
        if isinstance(value, str) and "${{" in value:
            return pattern.sub(lambda m: f"{m.group(1)}{new}{m.group(2)}", value)
        if isinstance(value, DataValue) and isinstance(value.path, str):
            value.path = rewrite(value.path)
        return value

    pipeline.jobs = {(new if name == old else name): j for name, j in pipeline.jobs.items()}
    job.name = new
    job.loc = Located(job.loc.source, (*job.loc.at[:-1], new), job.loc.base_dir)
    for other in pipeline.jobs.values():
        for key, value in other.inputs.items():
            other.inputs[key] = rewrite(value)


def set_display_name(pipeline: Pipeline, job_name: str, text: str | None) -> None:
    """Give step ``job_name`` the display name ``text``; empty text removes it (the card then shows
    the component's name)."""
    job = _job(pipeline, job_name)
    job.display_name = (text or "").strip() or None


def set_compute(pipeline: Pipeline, job_name: str, compute: str | None) -> None:
    """Run step ``job_name`` on compute target ``compute`` (``None``: the pipeline's default)."""
    job = _job(pipeline, job_name)
    if compute is None or not str(compute).strip():
        job.compute = None
        return
    text = str(compute).strip()
    job.compute = text if text.startswith("azureml:") or "${{" in text else f"azureml:{text}"


# ----------------------------------------------------------------------------------------------- wiring


@dataclass(frozen=True)
class Connected:
    """The result of :func:`connect`: the binding written and the one it replaced, if any."""

    binding: str
    replaced: str | None = None


def connect(pipeline: Pipeline, source: str, source_port: str, target: str, target_port: str) -> Connected:
    """Feed input ``target_port`` of step ``target`` from output ``source_port`` of step ``source``.

    An input that was already bound is rebound (its old edge goes). Raises :class:`EditRefused`
    for an unknown step or port, a parameter input, incompatible types, or a loop.
    """
    src_job, dst_job = _job(pipeline, source), _job(pipeline, target)
    out_decl = _output_decl(src_job, source_port)
    in_decl = _input_decl(dst_job, target_port)
    what = f"'{source}.{source_port}' ({out_decl.type}) to '{target}.{target_port}'"
    if source == target:
        raise EditRefused(f"cannot connect {what}: a step cannot read its own output")
    if in_decl.is_param:
        raise EditRefused(f"cannot connect {what}: '{target_port}' is {_a(in_decl.type)} parameter, not data; "
                          "set its value in the properties panel")
    wire = check_job_wire(pipeline.jobs, source, source_port, target, target_port)
    if wire:
        raise EditRefused(wire)
    if not types_compatible(out_decl.type, in_decl.type):
        raise EditRefused(f"cannot connect {what} ({in_decl.type}): {_why_incompatible(out_decl.type, in_decl.type)}")
    g = job_graph(pipeline)
    old = dst_job.input_binding(target_port)
    if old is not None and old.kind == "job_output" and g.has_edge(old.job, target):
        ports = [p for p in g.edges[old.job, target]["ports"] if p[1] != target_port]
        if not ports:
            g.remove_edge(old.job, target)
    g.add_edge(source, target)
    if nx.has_path(g, target, source):
        path = nx.shortest_path(g, target, source)
        loop = " -> ".join([*path, target])
        raise EditRefused(f"cannot connect {what}: it would make a loop ({loop}); "
                          "a step cannot depend on its own results")
    previous = dst_job.inputs.get(target_port)
    replaced = None
    if previous is not None:
        replaced = previous.path if isinstance(previous, DataValue) else previous
        replaced = str(replaced) if replaced is not None else None
    binding = job_output_ref(source, source_port)
    dst_job.inputs[target_port] = binding
    return Connected(binding, replaced)


def _why_incompatible(source: str, target: str) -> str:
    if is_data_type(source) and not is_data_type(target):
        return f"data cannot feed {_a(target)} parameter"
    if target == "uri_file":
        return "this input takes a single file, and that output is a folder"
    if source == "uri_file":
        return "this input takes a folder, and that output is a single file"
    return f"{source} data cannot be used where {target} is expected"


def disconnect(pipeline: Pipeline, target: str, target_port: str) -> str | None:
    """Unbind input ``target_port`` of step ``target``; returns what it was bound to, or None."""
    job = _job(pipeline, target)
    value = job.inputs.pop(target_port, None)
    if isinstance(value, DataValue):
        return str(value.path) if value.path is not None else None
    return None if value is None else str(value)


# ------------------------------------------------------------------------------------------ parameters


def coerce_param(decl: InputDecl, value: Any) -> Any:
    """A form value as the parameter's type: ``3.0`` -> ``3`` for integers, ``"true"`` -> ``True``.

    Values that cannot be converted are returned unchanged (validation then says why).
    """
    if value is None or parse_binding(value) is not None:
        return value
    try:
        if decl.type == "integer" and not isinstance(value, bool):
            number = float(value)
            return int(number) if number.is_integer() else number
        if decl.type == "number" and not isinstance(value, bool):
            number = float(value)
            return int(number) if number.is_integer() and isinstance(value, int) else number
        if decl.type == "boolean" and not isinstance(value, bool):
            text = str(value).strip().lower()
            return True if text == "true" else False if text == "false" else value
        if decl.type == "string" and not isinstance(value, str):
            return str(value)
    except (TypeError, ValueError):
        return value
    return value


def set_input_value(pipeline: Pipeline, job_name: str, input_name: str, value: Any) -> None:
    """Set parameter ``input_name`` of step ``job_name`` to ``value``; ``None`` or ``""`` clears it.

    The value is converted to the parameter's type and checked against its type, ``enum``, ``min``
    and ``max``; a value that does not fit raises :class:`EditRefused` with the reason.
    """
    job = _job(pipeline, job_name)
    decl = _input_decl(job, input_name)
    if value is None or (isinstance(value, str) and (value == "" or (not value.strip() and decl.type != "string"))):
        job.inputs.pop(input_name, None)
        return
    if not decl.is_param:
        raise EditRefused(f"'{input_name}' of step '{job_name}' is {decl.type} data; connect it, bind it to a "
                          "pipeline input or choose a file or folder")
    value = coerce_param(decl, value)
    why = check_literal(decl, value)
    if why:
        raise EditRefused(why)
    job.inputs[input_name] = value


def clear_input(pipeline: Pipeline, job_name: str, input_name: str) -> None:
    """Remove whatever input ``input_name`` of ``job_name`` is set or bound to (defaults apply again)."""
    _job(pipeline, job_name).inputs.pop(input_name, None)


def bind_to_pipeline_input(pipeline: Pipeline, job_name: str, input_name: str, pipeline_input: str) -> None:
    """Bind input ``input_name`` of ``job_name`` to the pipeline's input ``pipeline_input``."""
    job = _job(pipeline, job_name)
    decl = _input_decl(job, input_name)
    if pipeline_input not in pipeline.inputs:
        raise EditRefused(f"the pipeline has no input '{pipeline_input}'{close_match(pipeline_input, pipeline.inputs)}")
    src_type = pipeline_input_type(pipeline, pipeline_input)
    if src_type is not None:
        if decl.is_param and is_data_type(src_type):
            raise EditRefused(f"'{input_name}' is {_a(decl.type)} parameter but pipeline input '{pipeline_input}' is data")
        if not decl.is_param and not is_data_type(src_type):
            raise EditRefused(f"'{input_name}' takes {decl.type} data but pipeline input '{pipeline_input}' is a value")
        if not decl.is_param and not types_compatible(src_type, decl.type):
            raise EditRefused(f"pipeline input '{pipeline_input}' is {src_type} but '{input_name}' takes {decl.type}: "
                              f"{_why_incompatible(src_type, decl.type)}")
    job.inputs[input_name] = parent_input_ref(pipeline_input)


def relative_data_path(pipeline: Pipeline, path: Path) -> str:
    """``path`` as a data path relative to the pipeline file (``./data/x.csv``)."""
    base = pipeline.loc.base_dir or Path.cwd()
    rel = Path(os.path.relpath(path.resolve(), base.resolve())).as_posix()
    return rel if rel.startswith("../") else f"./{rel}"


def bind_to_path(pipeline: Pipeline, job_name: str, input_name: str, path: Path) -> None:
    """Feed data input ``input_name`` of ``job_name`` from a local file or folder ``path``."""
    job = _job(pipeline, job_name)
    decl = _input_decl(job, input_name)
    if decl.is_param:
        raise EditRefused(f"'{input_name}' is {_a(decl.type)} parameter; type its value instead of choosing a file")
    _check_path_kind(decl.type, path, f"'{input_name}'")
    job.inputs[input_name] = DataValue(type=decl.type, path=relative_data_path(pipeline, path))


def _check_path_kind(type_: str, path: Path, what: str) -> None:
    if type_ == "uri_file" and path.is_dir():
        raise EditRefused(f"{what} takes a single file, and '{path.name}' is a folder")
    if type_ != "uri_file" and path.is_file():
        raise EditRefused(f"{what} takes a folder ({type_}), and '{path.name}' is a file; choose the folder that holds it")


# ------------------------------------------------------------------------------------- pipeline inputs


def _neutral(decl: InputDecl) -> Any:
    if decl.default is not None:
        return decl.default
    if decl.enum:
        return decl.enum[0]
    if decl.type == "boolean":
        return False
    if decl.type in ("integer", "number"):
        low = decl.min if decl.min is not None else 0
        return int(low) if decl.type == "integer" else float(low)
    return ""


def promote_input(pipeline: PipelineJob, job_name: str, input_name: str, name: str | None = None) -> str:
    """Make input ``input_name`` of ``job_name`` a pipeline input; returns the pipeline input's name.

    The current value (or the default) moves to the pipeline input and the step input is bound to
    it, so the value can be set once for the whole pipeline (and at run time). An input connected
    to another step cannot be promoted.
    """
    job = _job(pipeline, job_name)
    decl = _input_decl(job, input_name)
    current = job.inputs.get(input_name)
    b = job.input_binding(input_name)
    if b is not None and b.kind == "parent_input":
        return b.name
    if b is not None:
        raise EditRefused(f"'{job_name}.{input_name}' is connected to {b}; disconnect it before making it a pipeline input")
    if name is not None:
        if (why := bad_io_name(name, "input")) is not None:
            raise EditRefused(why)
        if name in pipeline.inputs:
            raise EditRefused(f"the pipeline already has an input named '{name}'")
        new = name
    else:
        new = input_name if input_name not in pipeline.inputs else unique_name(f"{job_name}_{input_name}", pipeline.inputs)
    value: Any
    if decl.is_param:
        value = current if current is not None and not isinstance(current, DataValue) else _neutral(decl)
    elif isinstance(current, DataValue):
        value = current
        if value.type is None:
            value.type = decl.type
    elif isinstance(current, str) and current.strip():
        value = DataValue(type=decl.type, path=current)
    else:
        value = DataValue(type=decl.type, path=decl.default if isinstance(decl.default, str) else None)
    pipeline.inputs[new] = value
    job.inputs[input_name] = parent_input_ref(new)
    return new


def set_pipeline_input(pipeline: PipelineJob, name: str, value: Any) -> None:
    """Set the value of pipeline input ``name`` (a literal, or a data path for data inputs).

    The value is checked against every parameter bound to it; a data input keeps its type.
    """
    if name not in pipeline.inputs:
        raise EditRefused(f"the pipeline has no input '{name}'{close_match(name, pipeline.inputs)}")
    current = pipeline.inputs[name]
    if isinstance(current, DataValue):
        if isinstance(value, Path):
            _check_path_kind(current.type or "uri_folder", value, f"pipeline input '{name}'")
            current.path = relative_data_path(pipeline, value)
        else:
            current.path = None if value in (None, "") else str(value)
        return
    users = [(job, decl) for job, decl in _param_users(pipeline, name)]
    for job, decl in users:
        value = coerce_param(decl, value)
        why = check_literal(decl, value)
        if why:
            raise EditRefused(f"step '{job}': {why}")
    if value is None:
        value = ""
    if isinstance(current, dict) and "value" in current:
        current["value"] = value
    else:
        pipeline.inputs[name] = value


def _param_users(pipeline: Pipeline, name: str) -> list[tuple[str, InputDecl]]:
    out: list[tuple[str, InputDecl]] = []
    for job in pipeline.jobs.values():
        if job.resolved is None:
            continue
        for input_name in job.inputs:
            b = job.input_binding(input_name)
            decl = job.resolved.inputs.get(input_name)
            if b is not None and b.kind == "parent_input" and b.name == name and decl is not None and decl.is_param:
                out.append((job.name, decl))
    return out


def add_pipeline_input(pipeline: PipelineJob, name: str, value: Any) -> str:
    """Add a pipeline input ``name`` with ``value`` (a literal, or a :class:`DataValue`)."""
    name = name.strip()
    if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name):
        raise EditRefused(f"'{name}' is not a valid input name; use letters, digits and '_'")
    if name in pipeline.inputs:
        raise EditRefused(f"the pipeline already has an input named '{name}'")
    pipeline.inputs[name] = "" if value is None else value
    return name


def remove_pipeline_input(pipeline: PipelineJob, name: str) -> list[str]:
    """Remove pipeline input ``name`` and unbind the step inputs that read it; returns those."""
    if name not in pipeline.inputs:
        raise EditRefused(f"the pipeline has no input '{name}'")
    del pipeline.inputs[name]
    unbound: list[str] = []
    for job in pipeline.jobs.values():
        for input_name in list(job.inputs):
            b = job.input_binding(input_name)
            if b is not None and b.kind == "parent_input" and b.name == name:
                del job.inputs[input_name]
                unbound.append(f"{job.name}.{input_name}")
    return unbound


# ------------------------------------------------------------------------------------ pipeline outputs


def promote_output(pipeline: PipelineJob, job_name: str, output_name: str, name: str | None = None) -> str:
    """Route output ``output_name`` of ``job_name`` to a pipeline output; returns its name."""
    job = _job(pipeline, job_name)
    decl = _output_decl(job, output_name)
    b = job.output_binding(output_name)
    if b is not None and b.kind == "parent_output":
        return b.name
    new = name or (output_name if output_name not in pipeline.outputs else unique_name(f"{job_name}_{output_name}", pipeline.outputs))
    if (why := bad_io_name(new, "output")) is not None:
        raise EditRefused(why)
    if new in pipeline.outputs:
        raise EditRefused(f"the pipeline already has an output named '{new}'")
    pipeline.outputs[new] = DataValue(type=decl.type)
    job.outputs[output_name] = parent_output_ref(new)
    return new


def remove_pipeline_output(pipeline: PipelineJob, name: str) -> None:
    """Remove pipeline output ``name`` and the step routes to it."""
    if name not in pipeline.outputs:
        raise EditRefused(f"the pipeline has no output '{name}'")
    del pipeline.outputs[name]
    for job in pipeline.jobs.values():
        for output_name in list(job.outputs):
            b = job.output_binding(output_name)
            if b is not None and b.kind == "parent_output" and b.name == name:
                del job.outputs[output_name]


# ------------------------------------------------------------------------------------ pipeline settings


_UNSET: Any = object()


def set_pipeline_info(pipeline: PipelineJob, *, display_name: Any = _UNSET, description: Any = _UNSET,
                      experiment_name: Any = _UNSET) -> None:
    """Set the pipeline's display name, description or experiment name (empty text removes it)."""
    for key, value in (("display_name", display_name), ("description", description),
                       ("experiment_name", experiment_name)):
        if value is not _UNSET:
            text = str(value).strip() if value is not None else ""
            setattr(pipeline, key, text or None)


def set_settings(pipeline: PipelineJob, *, default_compute: Any = _UNSET, continue_on_step_failure: Any = _UNSET,
                 force_rerun: Any = _UNSET) -> None:
    """Change pipeline settings; only the ones passed are touched.

    ``default_compute`` is a target name (``gpu`` -> ``azureml:gpu``); ``local`` or empty means
    ``azureml:serverless``. The booleans are written only when they differ from their defaults or
    were already in the file.
    """
    if default_compute is not _UNSET:
        text = str(default_compute or "").strip()
        if text in ("", "local", "serverless", DEFAULT_COMPUTE):
            value = DEFAULT_COMPUTE
        else:
            value = text if text.startswith("azureml:") else f"azureml:{text}"
        pipeline.settings["default_compute"] = value
        pipeline.extra.pop("compute", None)
    for key, flag in (("continue_on_step_failure", continue_on_step_failure), ("force_rerun", force_rerun)):
        if flag is _UNSET:
            continue
        if flag or key in pipeline.settings:
            pipeline.settings[key] = bool(flag)


# ------------------------------------------------------------------------------------------ inspection


@dataclass(frozen=True)
class Edge:
    """One wire of the canvas: output ``source_port`` of ``source`` feeds ``target_port`` of ``target``."""

    source: str
    source_port: str
    target: str
    target_port: str

    @property
    def id(self) -> str:
        """A stable id: ``source.port->target.port``."""
        return f"{self.source}.{self.source_port}->{self.target}.{self.target_port}"


def edges(pipeline: Pipeline) -> list[Edge]:
    """Every wire between steps, in step and input order."""
    out: list[Edge] = []
    for name, job in pipeline.jobs.items():
        for input_name in job.inputs:
            b = job.input_binding(input_name)
            if b is not None and b.kind == "job_output" and b.job in pipeline.jobs:
                out.append(Edge(str(b.job), b.name, name, input_name))
    return out


def describe_value(value: Any) -> str:
    """A short human text for a step input's value (for the properties panel)."""
    if isinstance(value, DataValue):
        return str(value.path) if value.path is not None else f"({value.type or 'data'})"
    if isinstance(value, bool):
        return str(value).lower()
    return "" if value is None else str(value)


def uses_expression(value: Any) -> bool:
    """True when a value contains ``${{...}}`` (a binding the form cannot edit as a plain value)."""
    if isinstance(value, DataValue):
        value = value.path
    return isinstance(value, str) and EXPR_RE.search(value) is not None

