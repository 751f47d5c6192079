"""Components in Python: ``@component`` on a typed function, and ``load_component`` for YAML ones.

``@component`` turns a function into a command component whose command runs that function in the
step's process through a small self-contained runner file (``_designer_entry.py``, written next to
the code by ``to_yaml``), so the same YAML runs on Azure ML where this package is not installed::

    python _designer_entry.py steps:train --data ${{inputs.data}} $[[--alpha ${{inputs.alpha}}]] --model ${{outputs.model}}

Data inputs and outputs reach the function as paths (``str``); it writes its outputs into them.
Calling a component inside a ``@pipeline`` function records a step (see :mod:`designer.sdk.builder`);
calling it anywhere else is an error (``train.func(...)`` calls the plain function).

Decorating stays cheap (no model import): the step process imports the user's module, decorators
included, before it runs the function.
"""

from __future__ import annotations

import functools
import inspect
import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from designer.sdk.builder import Step, current_builder
from designer.sdk.entry import RUNNER_FILE
from designer.sdk.signature import Port, read_ports, split_docstring
from designer.sdk.wiring import Where, WiringError, caller, close_match_text

if TYPE_CHECKING:
    from designer.registry import Registry
    from designer.spec.model import CommandComponent, Component, InputDecl, OutputDecl

DEFAULT_ENVIRONMENT: dict[str, Any] = {"image": "mcr.microsoft.com/azureml/openmpi5.0-ubuntu24.04:latest"}
COMPONENT_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def input_decl(port: Port, type_: str | None = None) -> InputDecl:
    """The model's declaration of an input port (``type_`` overrides an inferred type)."""
    from designer.spec.model import InputDecl

    t = type_ or port.type
    is_param = t in ("string", "integer", "number", "boolean")
    return InputDecl(name=port.name, type=t, optional=port.optional,
                     default=port.default if is_param else (str(port.default) if port.default is not None else None),
                     description=port.description, enum=port.enum if t == "string" else None,
                     min=port.min if is_param else None, max=port.max if is_param else None, mode=port.mode)


def output_decl(port: Port) -> OutputDecl:
    """The model's declaration of an output port."""
    from designer.spec.model import OutputDecl

    return OutputDecl(name=port.name, type=port.type, description=port.description, mode=port.mode)


class CallableComponent(ABC):
    """Something a ``@pipeline`` function can call: each call records one step."""

    step_type = "command"
    written_as: Literal["yaml", "function", "pipeline"] = "function"

    @property
    @abstractmethod
    def label(self) -> str:
        """How messages name it."""

    @abstractmethod
    def default_step_name(self) -> str:
        """The step name when the user gives none."""

    @abstractmethod
    def input_decls(self) -> dict[str, InputDecl]:
        """Its declared inputs."""

    @abstractmethod
    def output_types(self) -> dict[str, str]:
        """Its declared outputs and their types."""

    def __call__(self, *args: Any, **kwargs: Any) -> Step:
        """Record a step that runs this component with ``kwargs`` as inputs; returns the step.

        Raises :class:`WiringError` outside a ``@pipeline`` function, for an unknown or missing
        input, a value of the wrong type, or data types that do not connect.
        """
        where = caller()
        builder = current_builder()
        if builder is None:
            hint = f"; to run the Python function itself, call {self.default_step_name()}.func(...)" \
                if isinstance(self, FunctionComponent) else ""
            raise WiringError(f"component '{self.label}' was called outside a @pipeline function; call it inside "
                              f"one, which records a step{hint}", code="component.outside_pipeline", where=where)
        return builder.add(self, args, kwargs, where)


def _locate(fn: Callable[..., Any], name: str, code: str | Path | None) -> tuple[Path, Path, str]:
    """``(source file, code folder, importable module name)`` of ``fn``; raises :class:`WiringError`."""
    if "<locals>" in fn.__qualname__:
        raise WiringError(f"component '{name}' is defined inside a function ({fn.__qualname__}); a step imports it "
                          "by name, so define it at module level", code="component.not_importable")
    raw = inspect.getsourcefile(fn) or fn.__code__.co_filename
    source = Path(raw).resolve()
    if source.suffix != ".py" or not source.is_file():
        raise WiringError(f"component '{name}' is not defined in a .py file ({raw}); a step imports it from its "
                          "file, so define it in a module (not a notebook cell or exec'd text)",
                          code="component.not_importable")
    code_dir = source.parent if code is None else (source.parent / code).resolve()
    try:
        rel = source.relative_to(code_dir)
    except ValueError:
        raise WiringError(f"component '{name}': its file {source} is not inside its code folder {code_dir}",
                          code="component.bad_code") from None
    parts = rel.with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    if not parts or not all(p.isidentifier() for p in parts):
        raise WiringError(f"component '{name}': '{rel}' cannot be imported as a module; rename the file to a Python "
                          "identifier (letters, digits and '_')", code="component.not_importable")
    return source, code_dir, ".".join(parts)


class FunctionComponent(CallableComponent):
    """A command component made from a Python function by :func:`component`."""

    def __init__(self, func: Callable[..., Any], *, name: str | None = None, version: str = "1",
                 display_name: str | None = None, description: str | None = None,
                 environment: str | dict[str, Any] | None = None, code: str | Path | None = None,
                 is_deterministic: bool = True, tags: dict[str, str] | None = None) -> None:
        functools.update_wrapper(self, func)
        self.func = func
        self.name = name or func.__name__
        if not COMPONENT_NAME_RE.match(self.name):
            raise WiringError(f"component name '{self.name}' is not valid; expected lowercase letters, digits and '_', "
                              "starting with a letter: pass @component(name='...')", code="component.bad_name")
        self.version = str(version)
        self.display_name = display_name
        self.description = description if description is not None else split_docstring(func.__doc__)[0]
        self.environment = environment if environment is not None else dict(DEFAULT_ENVIRONMENT)
        self.is_deterministic = is_deterministic
        self.tags = dict(tags or {})
        self.source_file, self.code_dir, self.module = _locate(func, self.name, code)
        self.where = Where(str(self.source_file), func.__code__.co_firstlineno)
        self.ports = read_ports(func, self.name, allow_outputs=True)
        for port in self.ports:
            if not port.type:
                raise WiringError(f"parameter '{port.name}' of component '{self.name}' has no type; annotate it, e.g. "
                                  f"{port.name}: int, {port.name}: str or {port.name}: Input(type='uri_folder')",
                                  code="signature.missing_type", where=self.where)
        self._spec: CommandComponent | None = None

    @property
    def label(self) -> str:
        """The name messages use: the component's name, as written in the code."""
        return self.name

    def default_step_name(self) -> str:
        """The component name."""
        return self.name

    @property
    def command(self) -> str:
        """The generated command: the runner file, ``module:function``, then one ``--port value`` per port."""
        parts = ["python", RUNNER_FILE, f"{self.module}:{self.func.__qualname__}"]
        for port in self.ports:
            kind = "inputs" if port.direction == "input" else "outputs"
            piece = f"--{port.name} ${{{{{kind}.{port.name}}}}}"
            parts.append(f"$[[{piece}]]" if port.direction == "input" and port.optional else piece)
        return " ".join(parts)

    def spec(self, code: str | None = None) -> CommandComponent:
        """The model of this component; ``code`` is the ``code:`` value (default: the absolute code folder).

        Raises :class:`WiringError` when a default does not fit its parameter's type.
        """
        if code is None and self._spec is not None:
            return self._spec
        from designer.spec.model import COMMAND_COMPONENT_SCHEMA, CommandComponent, Located
        from designer.spec.validate import check_literal
        from designer.spec.yaml_io import SourceMap

        inputs = {p.name: input_decl(p) for p in self.ports if p.direction == "input"}
        for decl in inputs.values():
            why = check_literal(decl, decl.default)
            if why:
                raise WiringError(f"component '{self.name}', default value: {why}", code="input.bad_default",
                                  where=self.where, path=f"inputs.{decl.name}.default")
        source = SourceMap(str(self.source_file), {(): (self.where.line or 1, 1)})
        comp = CommandComponent(
            name=self.name, version=self.version, display_name=self.display_name, description=self.description,
            tags=dict(self.tags), is_deterministic=self.is_deterministic, inputs=inputs,
            outputs={p.name: output_decl(p) for p in self.ports if p.direction == "output"},
            command=self.command, code=code if code is not None else str(self.code_dir),
            environment=self.environment, extra={"$schema": COMMAND_COMPONENT_SCHEMA},
            loc=Located(source, (), self.code_dir),
        )
        if code is None:
            self._spec = comp
        return comp

    def input_decls(self) -> dict[str, InputDecl]:
        """Its declared inputs (from the signature)."""
        return self.spec().inputs

    def output_types(self) -> dict[str, str]:
        """Its outputs (the ``Output(...)`` parameters) and their types."""
        return {p.name: p.type for p in self.ports if p.direction == "output"}

    def to_yaml(self, path: str | Path | None = None) -> Path:
        """Write this component's YAML (default: ``<name>.yml`` next to its code) and the runner file.

        Returns the YAML path. The file loads with ``azure.ai.ml.load_component``.
        """
        from designer.sdk.writer import write_component  # deferred: the writer loads the model (startup)

        return write_component(self, Path(path) if path is not None else self.code_dir / f"{self.name}.yml")

    def __repr__(self) -> str:
        return f"<component {self.name} ({self.module}:{self.func.__qualname__})>"


@overload
def component(func: Callable[..., Any], /) -> FunctionComponent: ...


@overload
def component(*, name: str | None = None, version: str = "1", display_name: str | None = None,
              description: str | None = None, environment: str | dict[str, Any] | None = None,
              code: str | Path | None = None, is_deterministic: bool = True,
              tags: dict[str, str] | None = None) -> Callable[[Callable[..., Any]], FunctionComponent]: ...


def component(func: Callable[..., Any] | None = None, /, **options: Any) -> Any:
    """Make a command component of a typed function: ``@component`` or ``@component(name=..., ...)``.

    Parameters annotated ``int``/``float``/``str``/``bool`` (``| None`` or a ``None`` default makes them
    optional) become parameters, ``Input(type=...)`` data inputs, ``Output(type=...)`` outputs; the
    docstring becomes the description. Options: ``name`` (default: the function's name), ``version``
    (``"1"``), ``display_name``, ``description``, ``environment`` (an ``azureml:`` reference or an
    inline definition; default: an Azure ML base image), ``code`` (the folder shipped with the step,
    relative to the function's file; default: that file's folder), ``is_deterministic``, ``tags``.

    Returns a :class:`FunctionComponent`. Raises :class:`WiringError` for a signature that is not
    a component's (``*args``, an unannotated parameter, an unknown type, a nested function).
    """
    if func is not None:
        return FunctionComponent(func, **options)
    return lambda f: FunctionComponent(f, **options)


# ------------------------------------------------------------------------------------------ from YAML


class YamlComponent(CallableComponent):
    """A component loaded from a YAML file or the registry by :func:`load_component`."""

    def __init__(self, spec: Component, ref: str, *, from_file: bool, step_type: str | None = None) -> None:
        self.spec = spec
        self.ref = ref
        self.from_file = from_file
        # "parallel": a type: parallel component file (spec is the command component standing for it)
        self.step_type = step_type or ("pipeline" if spec.kind == "pipeline" else "command")
        self.written_as = "yaml"
        self.__doc__ = spec.description

    @property
    def name(self) -> str | None:
        """The component's name."""
        return self.spec.name

    @property
    def label(self) -> str:
        """The name messages use: the component's name, else its display name."""
        return self.spec.name or self.spec.label

    def default_step_name(self) -> str:
        """The component's name (else the file's stem)."""
        return self.spec.name or Path(self.ref).stem

    def input_decls(self) -> dict[str, InputDecl]:
        """Its declared inputs."""
        return self.spec.inputs

    def output_types(self) -> dict[str, str]:
        """Its declared outputs and their types."""
        return {n: o.type for n, o in self.spec.outputs.items()}

    def __repr__(self) -> str:
        return f"<component {self.label} ({self.ref})>"


def _registry(workspace: str | Path | None, registry: Registry | None) -> Registry:
    if registry is not None:
        return registry
    from designer.registry import Registry
    from designer.workspace import Workspace

    return Registry.for_workspace(Workspace.discover(workspace))


def _looks_like_file(text: str) -> bool:
    if text.startswith("azureml:"):
        return False
    return text.endswith((".yml", ".yaml")) or text.startswith(("file:", ".", "/", "~")) or "/" in text


PROBE_UNBOUND = frozenset({"parallel.input_data_unbound"})


def _parallel_component(path: Path, registry: Registry) -> YamlComponent | None:
    """A ``type: parallel`` component file as a callable component, or None for another file.

    It is read as the step of a pipeline would read it (the spec resolves a parallel step's ports,
    task and fields only there), so calling it checks its inputs like any component. Raises
    :class:`~designer.errors.SpecError` for a parallel component with problems.
    """
    import json

    from designer.errors import Problem, SpecError
    from designer.spec.loader import load_text
    from designer.spec.model import CommandComponent
    from designer.spec.yaml_io import read_yaml

    try:
        data = read_yaml(path).data
    except SpecError:
        return None  # load_document says what is wrong with it
    if not isinstance(data, dict) or data.get("type") != "parallel":
        return None
    probe = f"type: pipeline\njobs:\n  step:\n    type: parallel\n    component: {json.dumps(path.name)}\n"
    loaded = load_text(probe, str(path.with_name(".designer-sdk-probe.yml")), registry)
    job = loaded.document.jobs["step"]  # type: ignore[union-attr]
    # the probe's step binds nothing: what it lacks is checked when the component is called
    problems = [p for p in loaded.problems if p.severity == "error" and p.code not in PROBE_UNBOUND
                and not p.path.startswith("jobs.step.inputs")]
    if problems:
        raise SpecError(problems)
    if not isinstance(job.resolved, CommandComponent):
        raise SpecError([Problem(str(path), 1, 1, "type", "parallel.unreadable",
                                 f"the parallel component {path.name} could not be read")])
    spec = job.resolved
    spec.name = data.get("name") or spec.name
    return YamlComponent(spec, str(path), from_file=True, step_type="parallel")


def load_component(source: str | Path, *, workspace: str | Path | None = None,
                   registry: Registry | None = None) -> YamlComponent:
    """A callable component from a YAML file, or a registered one by ``name:version`` / ``name@latest``.

    ``source`` is a path (``./train.yml``, ``file:./train.yml``) or a reference (``azureml:name:version``,
    ``azureml:name@latest``, ``name``); references are looked up in ``registry``, else in the
    registry of ``workspace`` (default: ``$DESIGNER_WORKSPACE`` or the current folder): built-ins,
    the workspace's components and registered ones.

    Raises :class:`~designer.errors.SpecError` listing every problem of an invalid file, and
    :class:`~designer.errors.RegistryError` for an unknown name or version.
    """
    text = str(source)
    if isinstance(source, Path) or _looks_like_file(text):
        from designer.errors import SpecError
        from designer.spec.loader import load_document
        from designer.spec.model import PipelineJob
        from designer.spec.validate import errors_of, validate_loaded

        path = Path(text.removeprefix("file:")).expanduser().resolve()
        parallel = _parallel_component(path, _registry(workspace, registry))
        if parallel is not None:
            return parallel
        loaded = load_document(path, _registry(workspace, registry), as_component=True)
        problems = validate_loaded(loaded)
        if errors_of(problems):
            raise SpecError(problems)
        doc = loaded.document
        assert not isinstance(doc, PipelineJob)  # loaded as a component
        return YamlComponent(doc, str(path), from_file=True)
    from designer.errors import RegistryError
    from designer.spec.loader import parse_component_ref

    parsed = parse_component_ref(text if text.startswith("azureml:") else f"azureml:{text}")
    if parsed.form != "registry":
        raise RegistryError(f"'{text}' is neither a component file nor a reference such as azureml:name:version")
    ref, version, label = str(parsed.name), parsed.version, parsed.label
    reg = _registry(workspace, registry)
    entry = reg.find(ref, version, label)
    if entry is None:
        versions = reg.versions(ref)
        if versions:
            raise RegistryError(f"component '{ref}' has no version '{version or label}'; known versions: "
                                f"{', '.join(versions)}")
        raise RegistryError(f"unknown component '{ref}'{close_match_text(ref, reg.names())}; expected a file path or "
                            "a built-in or registered component (see 'designer components list')")
    return YamlComponent(entry.component, f"azureml:{entry.name}:{entry.version}", from_file=False)

