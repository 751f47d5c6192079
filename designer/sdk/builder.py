"""What a ``@pipeline`` function builds while it runs: steps, their bound inputs, and handles.

Over 400 lines on purpose: the builder, its handles and the checks of one call read together.

Inside a ``@pipeline`` function every component call goes to the innermost :class:`Builder`, which
checks the call at once (unknown input, missing required input, a value of the wrong type, data
types that do not connect) and records a :class:`Step`. ``step.outputs.x`` is an :class:`OutputRef`
that later calls take as input; the function's parameters are :class:`PipelineInput` placeholders.
Nothing runs and nothing is written: :mod:`designer.sdk.writer` turns a finished builder into the
model. The model (``designer.spec``) is imported inside functions only, because a step process
imports this module through ``from designer import component`` and must start fast.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from designer.names import IO_NAME_RE, JOB_NAME_RE
from designer.sdk.io import DATA_TYPES, Input, Output
from designer.sdk.wiring import UnknownOutputError, Where, WiringError, a, caller, close_match_text

if TYPE_CHECKING:
    from designer.spec.model import InputDecl

_REMOTE = ("azureml:", "http://", "https://", "wasbs://", "abfss://", "adl://", "git+")

_current: ContextVar[Builder | None] = ContextVar("designer_sdk_builder", default=None)


class Callee(Protocol):
    """What a step calls: a command component or a pipeline component (see :mod:`designer.sdk.components`)."""

    @property
    def label(self) -> str:
        """How messages name it."""
        ...

    @property
    def step_type(self) -> str:
        """``command`` or ``pipeline``."""
        ...

    @property
    def written_as(self) -> Literal["yaml", "function", "pipeline"]:
        """How the writer turns it into a component: an existing YAML, a Python function, a nested pipeline."""
        ...

    def default_step_name(self) -> str:
        """The step name used when the user gives none (made unique per pipeline)."""
        ...

    def input_decls(self) -> dict[str, InputDecl]:
        """Its declared inputs."""
        ...

    def output_types(self) -> dict[str, str]:
        """Its declared outputs and their types."""
        ...


def current_builder() -> Builder | None:
    """The pipeline being built by the innermost running ``@pipeline`` function, if any."""
    return _current.get()


def local_path(path: str | Path) -> str:
    """An absolute local path (relative ones are taken from the current folder); URLs stay as given."""
    text = str(path)
    if text.startswith(_REMOTE) or "://" in text or "${{" in text:
        return text
    text = text[len("file:"):] if text.startswith("file:") else text
    return os.path.abspath(os.path.expanduser(text))


@dataclass(frozen=True)
class DataRef:
    """Data given as a value: a type and an absolute local path (or a URL)."""

    type: str
    path: str


class PipelineInput:
    """A parameter of a ``@pipeline`` function: bound when the pipeline runs, not a Python value.

    Pass it to a component call; inside text it becomes ``${{parent.inputs.<name>}}``. Using it in
    Python logic (``if``, arithmetic) raises, since its value is not known while building.
    """

    def __init__(self, builder: Builder, name: str, type_: str, *, optional: bool = False, default: Any = None,
                 value: Any = None, has_value: bool = True) -> None:
        self.builder = builder
        self.name = name
        self.type = type_
        self.optional = optional
        self.default = default
        self.value = value
        self.has_value = has_value

    @property
    def is_data(self) -> bool:
        """True for file, folder and model types."""
        return self.type in DATA_TYPES

    @property
    def binding(self) -> str:
        """``${{parent.inputs.<name>}}``."""
        return f"${{{{parent.inputs.{self.name}}}}}"

    @property
    def known_value(self) -> tuple[bool, Any]:
        """``(True, value)`` when the value is known while building (a top-level value or a default)."""
        if self.builder.top_level and self.has_value and not self.is_data:
            return True, self.value
        if not self.builder.top_level and self.default is not None:
            return True, self.default
        return False, None

    def __str__(self) -> str:
        return self.binding

    def __format__(self, spec: str) -> str:
        return format(self.binding, spec)

    def __repr__(self) -> str:
        return f"<pipeline input {self.name}: {self.type}>"

    def _refuse(self, *_: Any) -> Any:
        raise WiringError(f"pipeline input '{self.name}' has no value while the pipeline is built (it is bound when "
                          "it runs); pass it to a component instead of using it in Python logic",
                          code="pipeline.input_in_python", where=caller())

    __bool__ = __int__ = __float__ = __index__ = __len__ = __iter__ = _refuse
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _refuse
    __lt__ = __le__ = __gt__ = __ge__ = _refuse


class OutputRef:
    """Output ``name`` of a step; pass it to a later call to connect the two."""

    def __init__(self, step: Step, name: str, type_: str) -> None:
        self.step = step
        self.name = name
        self.type = type_

    @property
    def binding(self) -> str:
        """``${{parent.jobs.<step>.outputs.<name>}}``."""
        return f"${{{{parent.jobs.{self.step.name}.outputs.{self.name}}}}}"

    def __repr__(self) -> str:
        return f"<output {self.step.name}.{self.name}: {self.type}>"


class Outputs:
    """``step.outputs``: one :class:`OutputRef` per output, by attribute or by ``["name"]``."""

    def __init__(self, step: Step, types: dict[str, str]) -> None:
        self._step = step
        self._refs = {name: OutputRef(step, name, t) for name, t in types.items()}

    def __getattr__(self, name: str) -> OutputRef:
        if name.startswith("__"):
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, name: str) -> OutputRef:
        try:
            return self._refs[name]
        except KeyError:
            step = self._step
            outs = ", ".join(self._refs) or "none"
            raise UnknownOutputError(
                f"step '{step.name}' (component '{step.component.label}') has no output '{name}'"
                f"{close_match_text(name, self._refs)}; its outputs are: {outs}",
                code="binding.unknown_output", where=caller()) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._refs)

    def __len__(self) -> int:
        return len(self._refs)

    def __dir__(self) -> list[str]:
        return list(self._refs)

    def __repr__(self) -> str:
        return f"<outputs of {self._step.name}: {', '.join(self._refs)}>"


Bound = DataRef | PipelineInput | OutputRef | str | int | float | bool | Any  # Any: a sweep's SearchSpace


class Step:
    """One call of a component inside a pipeline.

    ``outputs.<name>`` wires into later calls. ``name`` (unique in the pipeline), ``display_name``,
    ``compute``, ``timeout`` (seconds) and ``environment_variables`` may be set after the call.
    """

    def __init__(self, builder: Builder, component: Callee, name: str, where: Where) -> None:
        self.builder = builder
        self.component = component
        self._name = name
        self.where = where
        self.inputs: dict[str, Bound] = {}
        self.outputs = Outputs(self, component.output_types())
        self.display_name: str | None = None
        self.compute: str | None = None
        self.timeout: int | None = None
        self.environment_variables: dict[str, str] = {}
        self.sweep_spec: dict[str, Any] | None = None  # set by .sweep(): the step is written as type: sweep

    @property
    def name(self) -> str:
        """The step's name in the pipeline (``jobs.<name>``)."""
        return self._name

    @name.setter
    def name(self, value: str) -> None:
        if not isinstance(value, str) or not JOB_NAME_RE.match(value):
            raise WiringError(f"step name '{value}' is not valid; expected lowercase letters, digits and '_', "
                              "starting with a letter or '_'", code="job.bad_name", where=caller(),
                              path=f"jobs.{self._name}")
        if value != self._name and value in self.builder.step_names():
            raise WiringError(f"pipeline '{self.builder.name}' already has a step named '{value}'",
                              code="job.duplicate_name", where=caller(), path=f"jobs.{self._name}")
        self._name = value

    def __repr__(self) -> str:
        return f"<step {self._name}: {self.component.label}>"

    def sweep(self, *, primary_metric: str, goal: str = "maximize", sampling_algorithm: str = "random",
              seed: int | None = None, max_total_trials: int | None = None, max_concurrent_trials: int | None = None,
              timeout: float | None = None, trial_timeout: float | None = None,
              early_termination: dict[str, Any] | None = None) -> Step:
        """Make this step a hyperparameter sweep over the parameters given a search space
        (:mod:`designer.sdk.sweep`: ``Choice``, ``Uniform``, ...), as Azure's ``command(...).sweep()``.

        Its outputs become the best trial's. Returns the step. Raises :class:`WiringError` when no
        parameter has a search space or the sweep's fields are not valid (the sentence names the field).
        """
        from designer.errors import Problem
        from designer.sdk.sweep import SearchSpace, sweep_fields
        from designer.spec.model import Located
        from designer.spec.sweep import parse_sweep

        where = caller()
        space = {n: v for n, v in self.inputs.items() if isinstance(v, SearchSpace)}
        if self.component.step_type != "command":
            raise WiringError(f"step '{self.name}' runs a pipeline component; only a command component can be swept",
                              code="sweep.trial_not_command", where=where, path=f"jobs.{self.name}")
        if not space:
            raise WiringError(f"step '{self.name}' has no parameter with a search space; give one, e.g. "
                              f"{self.name}(c=Choice([0.1, 1.0])) with Choice from designer.sdk.sweep, then call .sweep()",
                              code="sweep.empty_search_space", where=where, path=f"jobs.{self.name}")
        fields = sweep_fields(primary_metric=primary_metric, goal=goal, sampling_algorithm=sampling_algorithm,
                              seed=seed, search_space=space, max_total_trials=max_total_trials,
                              max_concurrent_trials=max_concurrent_trials, timeout=timeout,
                              trial_timeout=trial_timeout, early_termination=early_termination)
        _, problems = parse_sweep(fields, Located(), None, None)
        errors: list[Problem] = [p for p in problems if p.severity == "error"]
        if errors:
            first = errors[0]
            raise WiringError(f"step '{self.name}': {first.message}", code=first.code, where=where,
                              path=f"jobs.{self.name}.{first.path}" if first.path else f"jobs.{self.name}")
        self.sweep_spec = fields
        return self


def _ported(callee: Callee) -> Any:
    """The spec that port kinds are read from (a YAML or registry component's), or None."""
    spec = getattr(callee, "spec", None)
    return None if spec is None or callable(spec) else spec


def _upstream(step: Step) -> Callable[[str], str | None]:
    """The kind feeding each input of ``step`` (see :data:`designer.spec.kinds.Upstream`)."""
    from designer.spec.kinds import resolved_output_kind

    def feed(input_name: str) -> str | None:
        bound = step.inputs.get(input_name)
        if not isinstance(bound, OutputRef):
            return None
        return resolved_output_kind(_ported(bound.step.component), bound.name, _upstream(bound.step))

    return feed


def wire_kind_problem(source: OutputRef, target: Step, target_port: str) -> str | None:
    """Why ``source`` cannot feed input ``target_port`` of ``target`` by port kind (the sentence
    :func:`designer.spec.kinds.check_wire` gives), or None."""
    from designer.spec.kinds import check_wire

    return check_wire(_ported(source.step.component), source.name, _ported(target.component), target_port,
                      upstream=_upstream(source.step))


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, int | float):
        return str(value)
    return f"a {type(value).__name__}"


class Builder:
    """The steps, inputs and outputs of one pipeline while its function runs (and after)."""

    def __init__(self, name: str, *, top_level: bool) -> None:
        self.name = name
        self.top_level = top_level
        self.inputs: dict[str, PipelineInput] = {}
        self.steps: list[Step] = []
        self.outputs: dict[str, OutputRef] = {}

    def __enter__(self) -> Builder:
        self._token = _current.set(self)
        return self

    def __exit__(self, *exc: object) -> None:
        _current.reset(self._token)

    def step_names(self) -> set[str]:
        """The names of the steps so far."""
        return {s.name for s in self.steps}

    def _unique(self, base: str) -> str:
        from designer.spec.edit import safe_name, unique_name

        return unique_name(safe_name(base), self.step_names())

    # ------------------------------------------------------------------------------------- calls

    def add(self, component: Callee, args: tuple[Any, ...], kwargs: dict[str, Any], where: Where) -> Step:
        """Record a call of ``component``; raises :class:`WiringError` for a wrong call."""
        step = Step(self, component, self._unique(component.default_step_name()), where)
        label = component.label
        decls = component.input_decls()
        if args:
            example = ", ".join(f"{n}=..." for n in list(decls)[:3])
            raise WiringError(f"component '{label}' takes its inputs by name, e.g. {step.name}({example}); "
                              f"found {len(args)} positional argument{'s' if len(args) != 1 else ''}",
                              code="input.positional", where=where, path=f"jobs.{step.name}")
        for name, value in kwargs.items():
            path = f"jobs.{step.name}.inputs.{name}"
            decl = decls.get(name)
            if decl is None:
                raise WiringError(f"component '{label}' has no input '{name}'{close_match_text(name, decls)}; its "
                                  f"inputs are: {', '.join(decls) or 'none'}", code="input.unknown", where=where,
                                  path=path)
            bound = self._bind(step, decl, value, where, path)
            if bound is not None:
                step.inputs[name] = bound
        for name, decl in decls.items():
            if decl.required and name not in step.inputs:
                raise WiringError(f"step '{step.name}' does not set required input '{name}' ({decl.type}) of component "
                                  f"'{label}'; pass {name}=...", code="input.missing_required", where=where,
                                  path=f"jobs.{step.name}.inputs")
        self.steps.append(step)
        return step

    def _bind(self, step: Step, decl: InputDecl, value: Any, where: Where, path: str) -> Bound | None:
        from designer.spec.model import types_compatible
        from designer.spec.validate import check_literal

        name, label = decl.name, step.component.label

        def fail(message: str, code: str = "input.bad_value") -> WiringError:
            return WiringError(message, code=code, where=where, path=path)

        if value is None:
            return None
        from designer.sdk.sweep import SearchSpace

        if isinstance(value, SearchSpace):  # a hyperparameter: the step becomes a sweep with .sweep()
            if not decl.is_param:
                raise fail(f"input '{name}' of component '{label}' is {decl.type} data; a search space "
                           f"({type(value).__name__}) is for parameters")
            return value
        if isinstance(value, Step):
            outs = list(value.outputs)
            if len(outs) != 1:
                raise fail(f"input '{name}' of component '{label}' is given step '{value.name}', which has "
                           f"{len(outs) or 'no'} outputs ({', '.join(outs) or 'none'}); pass one of them, e.g. "
                           f"{value.name}.outputs.{outs[0] if outs else 'x'}", "binding.ambiguous_step")
            value = value.outputs[outs[0]]
        if isinstance(value, OutputRef):
            if value.step.builder is not self:
                raise fail(f"output '{value.step.name}.{value.name}' belongs to pipeline '{value.step.builder.name}', "
                           f"not '{self.name}'; pass it into '{self.name}' as one of its inputs",
                           "binding.other_pipeline")
            if decl.is_param:
                raise fail(f"input '{name}' of component '{label}' is {a(decl.type)} parameter but output "
                           f"'{value.step.name}.{value.name}' is {value.type} data; connect it to a data input",
                           "binding.type_mismatch")
            wire = wire_kind_problem(value, step, name)
            if wire:
                raise fail(wire, "binding.kind_mismatch")
            if not types_compatible(value.type, decl.type):
                raise fail(f"output '{value.step.name}.{value.name}' is {value.type} but input '{name}' of component "
                           f"'{label}' expects {decl.type}; these types do not connect", "binding.type_mismatch")
            return value
        if isinstance(value, PipelineInput):
            if value.builder is not self:
                raise fail(f"pipeline input '{value.name}' belongs to pipeline '{value.builder.name}', not "
                           f"'{self.name}'; pass it into '{self.name}' as one of its inputs", "binding.other_pipeline")
            if not value.has_value:
                return None
            if decl.is_param and value.is_data:
                raise fail(f"input '{name}' of component '{label}' is {a(decl.type)} parameter but pipeline input "
                           f"'{value.name}' is {value.type} data", "binding.type_mismatch")
            if not decl.is_param and not value.is_data:
                raise fail(f"input '{name}' of component '{label}' is {decl.type} data but pipeline input "
                           f"'{value.name}' is {a(value.type)} parameter", "binding.type_mismatch")
            if value.is_data and not types_compatible(value.type, decl.type):
                raise fail(f"pipeline input '{value.name}' is {value.type} but input '{name}' of component '{label}' "
                           f"expects {decl.type}", "binding.type_mismatch")
            known, literal = value.known_value
            why = check_literal(decl, literal) if known else None
            if why:
                raise fail(f"component '{label}', via pipeline input '{value.name}': {why}")
            return value
        if isinstance(value, Output):
            raise fail(f"input '{name}' of component '{label}' is given Output(...); pass another step's output "
                       "(step.outputs.<name>) or data (Input(type=..., path=...))")
        if isinstance(value, Input):
            if value.path is None:
                raise fail(f"input '{name}' of component '{label}' is given Input(type='{value.type}') without a "
                           "path; expected Input(type=..., path='./data')")
            if decl.is_param:
                raise fail(f"input '{name}' of component '{label}' is {a(decl.type)} parameter; expected a value, "
                           "found a data object")
            if not types_compatible(value.type, decl.type):
                raise fail(f"data '{value.path}' is {value.type} but input '{name}' of component '{label}' expects "
                           f"{decl.type}; these types do not connect", "binding.type_mismatch")
            return DataRef(value.type, local_path(value.path))
        if isinstance(value, Path):
            value = str(value)
        if not decl.is_param:
            if isinstance(value, str):
                return DataRef(decl.type, local_path(value))
            raise fail(f"input '{name}' of component '{label}' is {decl.type} data; expected a path, another step's "
                       f"output or Input(type=..., path=...), found {_kind(value)}")
        if not isinstance(value, str | int | float | bool):
            raise fail(f"input '{name}' of component '{label}' is {a(decl.type)} parameter; expected a value, found "
                       f"{_kind(value)}")
        if not (isinstance(value, str) and "${{" in value):
            why = check_literal(decl, value)
            if why:
                raise fail(f"component '{label}': {why}")
        return value

    # ------------------------------------------------------------------------------------ outputs

    def set_outputs(self, returned: Any, where: Where) -> None:
        """Make pipeline outputs from what the function returned (None, a dict, an output or a step)."""
        if returned is None:
            return
        if isinstance(returned, Step):
            returned = {name: returned.outputs[name] for name in returned.outputs}
        elif isinstance(returned, OutputRef):
            returned = {returned.name: returned}
        if not isinstance(returned, dict):
            raise WiringError(f"pipeline '{self.name}' returned {_kind(returned)}; expected nothing, a step output or "
                              "a dict such as {'model': train.outputs.model}", code="pipeline.bad_return", where=where)
        seen: dict[tuple[int, str], str] = {}
        for key, ref in returned.items():
            path = f"outputs.{key}"
            if not isinstance(key, str) or not IO_NAME_RE.match(key):
                raise WiringError(f"pipeline output name {key!r} of '{self.name}' is not valid; expected letters, "
                                  "digits and '_'", code="output.bad_name", where=where, path=path)
            if isinstance(ref, Step) and len(ref.outputs) == 1:
                ref = ref.outputs[next(iter(ref.outputs))]
            if not isinstance(ref, OutputRef):
                hint = " (pipeline inputs cannot be passed through as outputs)" if isinstance(ref, PipelineInput) else ""
                raise WiringError(f"pipeline output '{key}' of '{self.name}' is {_kind(ref)}{hint}; expected a step "
                                  "output such as train.outputs.model", code="output.bad_value", where=where, path=path)
            if ref.step.builder is not self:
                raise WiringError(f"pipeline output '{key}' is output '{ref.step.name}.{ref.name}' of pipeline "
                                  f"'{ref.step.builder.name}', not of '{self.name}'", code="binding.other_pipeline",
                                  where=where, path=path)
            ident = (id(ref.step), ref.name)
            if ident in seen:
                raise WiringError(f"output '{ref.step.name}.{ref.name}' is returned twice (as '{seen[ident]}' and "
                                  f"'{key}'); a step output can feed one pipeline output", code="output.duplicate",
                                  where=where, path=path)
            seen[ident] = key
            self.outputs[key] = ref
