"""The pipeline model: components, ports, pipelines, jobs and bindings (Azure ML CLI v2 shapes).

Over 400 lines on purpose: the shapes refer to each other, and one file shows the whole model.

These are plain typed objects. :mod:`designer.spec.loader` builds them from YAML and records where
each came from; :meth:`to_dict` turns them back into the mapping that is written out, keeping the
original key order for keys that were read and a readable canonical order for new ones. Keys this
model does not know are kept in ``extra`` and written back unchanged, so load -> save -> load is
lossless.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal

from designer.spec.expressions import Binding, parse_binding
from designer.spec.yaml_io import PathKey, SourceMap

PARAM_TYPES: tuple[str, ...] = ("string", "integer", "number", "boolean")
DATA_TYPES: tuple[str, ...] = (
    "uri_folder",
    "uri_file",
    "mltable",
    "mlflow_model",
    "custom_model",
    "triton_model",
    "path",
)
MODEL_TYPES: tuple[str, ...] = ("mlflow_model", "custom_model", "triton_model")
ALL_TYPES: tuple[str, ...] = PARAM_TYPES + DATA_TYPES

COMMAND_COMPONENT_SCHEMA = "https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json"
PIPELINE_COMPONENT_SCHEMA = "https://azuremlschemas.azureedge.net/latest/pipelineComponent.schema.json"
PIPELINE_JOB_SCHEMA = "https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json"


def is_data_type(type_: str | None) -> bool:
    """True for file, folder and model types (anything that is not a parameter)."""
    return type_ in DATA_TYPES


def types_compatible(source: str | None, target: str | None) -> bool:
    """Can an output of type ``source`` feed an input of type ``target``?

    Identical types always can; ``uri_folder`` and ``path`` accept any folder-shaped data
    (``mltable`` and the model types are folders); ``uri_file`` accepts only ``uri_file``.
    Unknown types (None) are accepted: there is nothing to check against.
    """
    if source is None or target is None or source == target:
        return True
    if not (is_data_type(source) and is_data_type(target)):
        return False
    if "uri_file" in (source, target):
        return False
    if target in ("uri_folder", "path"):
        return True
    return source in ("uri_folder", "path")


def _ordered(data: dict[str, Any], order: list[str], canonical: tuple[str, ...]) -> dict[str, Any]:
    """Return ``data`` with keys in original order first, then canonical order, then the rest."""
    out: dict[str, Any] = {}
    for key in (*order, *canonical, *data.keys()):
        if key in data and key not in out:
            out[key] = data[key]
    return out


@dataclass
class InputDecl:
    """A declared input of a component: a parameter or a data/model port."""

    name: str
    type: str
    optional: bool = False
    default: Any = None
    description: str | None = None
    enum: list[Any] | None = None
    min: int | float | None = None
    max: int | float | None = None
    mode: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    key_order: list[str] = field(default_factory=list)

    @property
    def is_param(self) -> bool:
        """True for string, integer, number and boolean inputs."""
        return self.type in PARAM_TYPES

    @property
    def required(self) -> bool:
        """An input is required when it is neither optional nor defaulted."""
        return not self.optional and self.default is None

    _CANON = ("type", "optional", "default", "min", "max", "enum", "mode", "description")

    def to_dict(self) -> dict[str, Any]:
        """Return the YAML mapping of this declaration."""
        d: dict[str, Any] = {"type": self.type}
        if self.optional or "optional" in self.key_order:
            d["optional"] = self.optional
        for key in ("default", "min", "max", "enum", "mode", "description"):
            value = getattr(self, key)
            if value is not None:
                d[key] = value
        d.update(self.extra)
        return _ordered(d, self.key_order, self._CANON)


@dataclass
class OutputDecl:
    """A declared output of a component."""

    name: str
    type: str
    description: str | None = None
    mode: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    key_order: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the YAML mapping of this declaration."""
        d: dict[str, Any] = {"type": self.type}
        if self.mode is not None:
            d["mode"] = self.mode
        if self.description is not None:
            d["description"] = self.description
        d.update(self.extra)
        return _ordered(d, self.key_order, ("type", "mode", "description"))


@dataclass
class DataValue:
    """A data object given as a value: ``{type, path, mode, ...}`` (pipeline input or step port)."""

    type: str | None = None
    path: Any = None
    mode: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    key_order: list[str] = field(default_factory=list)

    @property
    def binding(self) -> Binding | None:
        """The binding when ``path`` is ``${{parent...}}``."""
        return parse_binding(self.path)

    def to_dict(self) -> dict[str, Any]:
        """Return the YAML mapping of this value."""
        d: dict[str, Any] = {}
        for key in ("type", "path", "mode"):
            value = getattr(self, key)
            if value is not None:
                d[key] = value
        d.update(self.extra)
        return _ordered(d, self.key_order, ("type", "path", "mode"))


@dataclass
class ComponentRef:
    """How a job names its component.

    ``form`` is ``file`` (``./x.yml`` or ``file:./x.yml``), ``registry`` (``azureml:name:version``,
    ``azureml:name@label``, ``azureml:name``), ``inline`` (a component mapping) or ``inline_job``
    (no ``component`` key: ``command``/``code``/``environment`` on the job itself).
    """

    form: Literal["file", "registry", "inline", "inline_job", "unsupported"]
    raw: Any = None
    path: str | None = None
    name: str | None = None
    version: str | None = None
    label: str | None = None

    def describe(self) -> str:
        """A short human form: the path, ``name:version`` or ``inline``."""
        if self.form == "file":
            return str(self.path)
        if self.form == "registry":
            if self.version:
                return f"{self.name}:{self.version}"
            return f"{self.name}@{self.label}" if self.label else str(self.name)
        return str(self.raw) if self.form == "unsupported" else self.form


@dataclass
class Located:
    """Where an object was read from: the file's source map and the object's key path in it."""

    source: SourceMap | None = None
    at: PathKey = ()
    base_dir: Path | None = None

    def problem(self, rel: PathKey, code: str, message: str, severity: str = "error") -> Any:
        """Build a :class:`~designer.errors.Problem` at ``self.at + rel``."""
        from designer.errors import Problem

        if self.source is None:
            return Problem("", None, None, ".".join(map(str, (*self.at, *rel))), code, message,
                           "warning" if severity == "warning" else "error")
        return self.source.problem((*self.at, *rel), code, message, severity)


@dataclass
class _ComponentBase:
    """What every component has (names, tags, typed ports) and shows (category, icon, label)."""

    name: str | None = None
    version: str | None = None
    display_name: str | None = None
    description: str | None = None
    tags: dict[str, Any] = field(default_factory=dict)
    inputs: dict[str, InputDecl] = field(default_factory=dict)
    outputs: dict[str, OutputDecl] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    key_order: list[str] = field(default_factory=list)
    loc: Located = field(default_factory=Located, repr=False, compare=False)

    _DEFAULTS: ClassVar[tuple[str, str, str]] = ("Custom", "terminal", "component")  # category, icon, label

    @property
    def category(self) -> str:
        """The palette category (``tags.category``), or a default."""
        return str(self.tags.get("category") or self._DEFAULTS[0])

    @property
    def icon(self) -> str:
        """The Material icon name (``tags.icon``), or a default."""
        return str(self.tags.get("icon") or self._DEFAULTS[1])

    @property
    def label(self) -> str:
        """What a person calls it: display name, else name, else the kind of component."""
        return self.display_name or self.name or self._DEFAULTS[2]

    def _head_to_dict(self, kind: str) -> dict[str, Any]:
        """The keys every component writes first: ``type``, its names and ``tags``."""
        d: dict[str, Any] = {"type": kind}
        for key in ("name", "version", "display_name", "description"):
            value = getattr(self, key)
            if value is not None:
                d[key] = value
        if self.tags or "tags" in self.key_order:
            d["tags"] = dict(self.tags)
        return d

    def _ports_to_dict(self, d: dict[str, Any]) -> None:
        """Add ``inputs`` and ``outputs`` to ``d`` (when there are any, or the file had the key)."""
        if self.inputs or "inputs" in self.key_order:
            d["inputs"] = {n: i.to_dict() for n, i in self.inputs.items()}
        if self.outputs or "outputs" in self.key_order:
            d["outputs"] = {n: o.to_dict() for n, o in self.outputs.items()}


@dataclass
class CommandComponent(_ComponentBase):
    """A ``type: command`` component: one script with typed inputs and outputs."""

    is_deterministic: bool = True
    command: str = ""
    code: str | None = None
    environment: Any = None
    additional_includes: list[str] = field(default_factory=list)
    environment_variables: dict[str, Any] = field(default_factory=dict)

    kind: Literal["command"] = "command"
    _DEFAULTS = ("Custom", "terminal", "command")

    _CANON = (
        "$schema", "type", "name", "version", "display_name", "description", "tags", "is_deterministic",
        "inputs", "outputs", "code", "additional_includes", "environment", "environment_variables",
        "resources", "distribution", "command",
    )

    def code_dir(self) -> Path | None:
        """The absolute local folder (or file) named by ``code``, or None."""
        if self.code is None or not isinstance(self.code, str):
            return None
        if self.code.startswith(("http://", "https://", "git+", "azureml:")):
            return None
        code = self.code[5:] if self.code.startswith("file:") else self.code
        base = self.loc.base_dir or Path.cwd()
        return (base / code).resolve()

    def to_dict(self) -> dict[str, Any]:
        """Return the YAML mapping of this component."""
        d = self._head_to_dict("command")
        if not self.is_deterministic or "is_deterministic" in self.key_order:
            d["is_deterministic"] = self.is_deterministic
        self._ports_to_dict(d)
        if self.code is not None:
            d["code"] = self.code
        if self.additional_includes or "additional_includes" in self.key_order:
            d["additional_includes"] = list(self.additional_includes)
        if self.environment is not None:
            d["environment"] = self.environment
        if self.environment_variables or "environment_variables" in self.key_order:
            d["environment_variables"] = dict(self.environment_variables)
        d["command"] = self.command
        d.update(self.extra)
        return _ordered(d, self.key_order, self._CANON)


@dataclass
class Job:
    """One step of a pipeline: a component with its inputs bound."""

    name: str
    type: str = "command"
    component: ComponentRef | None = None
    inputs: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    compute: Any = None
    limits: dict[str, Any] = field(default_factory=dict)
    environment_variables: dict[str, Any] = field(default_factory=dict)
    display_name: str | None = None
    description: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    key_order: list[str] = field(default_factory=list)
    loc: Located = field(default_factory=Located, repr=False, compare=False)
    # Filled in by the loader: the component this job runs (None when it cannot be resolved).
    resolved: CommandComponent | PipelineComponent | None = field(default=None, repr=False, compare=False)

    _CANON = (
        "type", "component", "display_name", "description", "compute", "code", "environment",
        "command", "inputs", "outputs", "limits", "environment_variables", "resources", "distribution",
    )

    @property
    def timeout(self) -> int | None:
        """``limits.timeout`` in seconds, when it is a number."""
        t = self.limits.get("timeout")
        return int(t) if isinstance(t, int | float) and not isinstance(t, bool) else None

    def input_binding(self, name: str) -> Binding | None:
        """The binding of input ``name`` (plain or inside ``{path: ...}``), or None."""
        value = self.inputs.get(name)
        if isinstance(value, DataValue):
            return value.binding
        return parse_binding(value)

    def output_binding(self, name: str) -> Binding | None:
        """The ``${{parent.outputs.x}}`` an output is routed to, or None."""
        value = self.outputs.get(name)
        if isinstance(value, DataValue):
            return value.binding
        return parse_binding(value)

    def to_dict(self) -> dict[str, Any]:
        """Return the YAML mapping of this job."""
        d: dict[str, Any] = {}
        if "type" in self.key_order or self.type != "command" or self.component is not None:
            d["type"] = self.type
        if self.component is not None and self.component.form != "inline_job":
            raw = self.component.raw
            if self.component.form == "inline" and isinstance(self.resolved, CommandComponent):
                raw = self.resolved.to_dict()
            d["component"] = raw
        for key in ("display_name", "description", "compute"):
            value = getattr(self, key)
            if value is not None:
                d[key] = value
        if self.inputs or "inputs" in self.key_order:
            d["inputs"] = {n: _value_to_yaml(v) for n, v in self.inputs.items()}
        if self.outputs or "outputs" in self.key_order:
            d["outputs"] = {n: _value_to_yaml(v) for n, v in self.outputs.items()}
        if self.limits or "limits" in self.key_order:
            d["limits"] = dict(self.limits)
        if self.environment_variables or "environment_variables" in self.key_order:
            d["environment_variables"] = dict(self.environment_variables)
        d.update(self.extra)
        return _ordered(d, self.key_order, self._CANON)


def _value_to_yaml(value: Any) -> Any:
    return value.to_dict() if isinstance(value, DataValue) else value


@dataclass
class PipelineComponent(_ComponentBase):
    """A ``type: pipeline`` component: a reusable sub-graph with declared inputs and outputs."""

    is_deterministic: bool | None = None
    jobs: dict[str, Job] = field(default_factory=dict)

    kind: Literal["pipeline"] = "pipeline"
    _DEFAULTS = ("Pipelines", "account_tree", "pipeline")

    _CANON = ("$schema", "type", "name", "version", "display_name", "description", "tags",
              "is_deterministic", "inputs", "outputs", "jobs")

    def to_dict(self) -> dict[str, Any]:
        """Return the YAML mapping of this pipeline component."""
        d = self._head_to_dict("pipeline")
        if self.is_deterministic is not None:
            d["is_deterministic"] = self.is_deterministic
        self._ports_to_dict(d)
        d["jobs"] = {n: j.to_dict() for n, j in self.jobs.items()}
        d.update(self.extra)
        return _ordered(d, self.key_order, self._CANON)


@dataclass
class PipelineJob:
    """A ``type: pipeline`` job: the file a person runs."""

    name: str | None = None
    display_name: str | None = None
    description: str | None = None
    experiment_name: str | None = None
    tags: dict[str, Any] = field(default_factory=dict)
    properties: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    inputs: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    jobs: dict[str, Job] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    key_order: list[str] = field(default_factory=list)
    loc: Located = field(default_factory=Located, repr=False, compare=False)

    kind: Literal["pipeline_job"] = "pipeline_job"

    _CANON = ("$schema", "type", "name", "display_name", "description", "experiment_name", "tags",
              "properties", "settings", "inputs", "outputs", "jobs")

    @property
    def label(self) -> str:
        """What a person calls it: display name, else name, else the file name."""
        if self.display_name or self.name:
            return str(self.display_name or self.name)
        return self.loc.source.file.rsplit("/", 1)[-1] if self.loc.source else "pipeline"

    @property
    def continue_on_step_failure(self) -> bool:
        """``settings.continue_on_step_failure``; this project's default is false."""
        return self.settings.get("continue_on_step_failure") is True

    @property
    def force_rerun(self) -> bool:
        """``settings.force_rerun`` (default false)."""
        return self.settings.get("force_rerun") is True

    @property
    def default_compute(self) -> str | None:
        """``settings.default_compute``, else the legacy top-level ``compute``."""
        value = self.settings.get("default_compute") or self.extra.get("compute")
        return str(value) if value else None

    def input_value(self, name: str) -> Any:
        """The literal value of a pipeline input (``{value: x}`` unwrapped) or its DataValue."""
        value = self.inputs.get(name)
        if isinstance(value, dict) and "value" in value:
            return value["value"]
        return value

    def to_dict(self) -> dict[str, Any]:
        """Return the YAML mapping of this pipeline job."""
        d: dict[str, Any] = {"type": "pipeline"}
        for key in ("name", "display_name", "description", "experiment_name"):
            value = getattr(self, key)
            if value is not None:
                d[key] = value
        if self.tags or "tags" in self.key_order:
            d["tags"] = dict(self.tags)
        if self.properties or "properties" in self.key_order:
            d["properties"] = dict(self.properties)
        if self.settings or "settings" in self.key_order:
            d["settings"] = dict(self.settings)
        if self.inputs or "inputs" in self.key_order:
            d["inputs"] = {n: _value_to_yaml(v) for n, v in self.inputs.items()}
        if self.outputs or "outputs" in self.key_order:
            d["outputs"] = {n: _value_to_yaml(v) for n, v in self.outputs.items()}
        d["jobs"] = {n: j.to_dict() for n, j in self.jobs.items()}
        d.update(self.extra)
        return _ordered(d, self.key_order, self._CANON)


Component = CommandComponent | PipelineComponent
Document = PipelineJob | CommandComponent | PipelineComponent


def pipeline_input_type(pipeline: PipelineJob | PipelineComponent, name: str) -> str | None:
    """The type of pipeline input ``name``: its declared type (pipeline component), the type of its
    value (pipeline job: a data object's type, or integer/number/boolean/string), or None when unknown."""
    if isinstance(pipeline, PipelineComponent):
        decl = pipeline.inputs.get(name)
        return decl.type if decl else None
    value = pipeline.input_value(name)
    return value_type(value) if value is not None else None


def value_type(value: Any) -> str:
    """The input type a literal value has: a data object's type (``uri_folder`` when unset), else
    ``boolean``, ``integer``, ``number`` or ``string``."""
    if isinstance(value, DataValue):
        return value.type or "uri_folder"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"
