"""Pipelines in Python: ``@pipeline`` on a function that calls components.

Called at top level, a ``@pipeline`` function returns a :class:`Pipeline` (a pipeline job: its
parameters are the job's inputs, with the values given); called inside another ``@pipeline``
function, it becomes one step running a pipeline component (written to its own YAML file). The
function body runs once per call, with :class:`~designer.sdk.builder.PipelineInput` placeholders
for its parameters; what it returns (a dict of step outputs) becomes the pipeline's outputs.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from designer.sdk.builder import Builder, DataRef, OutputRef, PipelineInput, Step, current_builder, local_path
from designer.sdk.components import COMPONENT_NAME_RE, input_decl
from designer.sdk.entry import SDK_STEP_ENV
from designer.sdk.io import DATA_TYPES, Input
from designer.sdk.signature import PY_TYPES, Port, read_ports, split_docstring
from designer.sdk.wiring import Where, WiringError, a, caller, close_match_text

if TYPE_CHECKING:
    import networkx as nx

    from designer.errors import Problem
    from designer.sdk.run import Run
    from designer.spec.model import InputDecl, PipelineJob



def _value_type(value: Any) -> str | None:
    """The port type a value given to an unannotated parameter implies."""
    if isinstance(value, OutputRef | PipelineInput | DataRef | Input):
        return value.type
    if isinstance(value, Step) and len(value.outputs) == 1:
        return value.outputs[next(iter(value.outputs))].type
    if isinstance(value, Path):
        return "uri_file" if value.is_file() else "uri_folder"
    return PY_TYPES.get(type(value))


class PipelineFunction:
    """A function decorated with :func:`pipeline`; call it to build a pipeline."""

    def __init__(self, func: Callable[..., Any], *, name: str | None = None, display_name: str | None = None,
                 description: str | None = None, version: str = "1", default_compute: str | None = None,
                 continue_on_step_failure: bool | None = None, force_rerun: bool | None = None,
                 experiment_name: str | None = None, tags: dict[str, str] | None = None) -> None:
        functools.update_wrapper(self, func)
        self.func = func
        self.name = name or func.__name__
        if not COMPONENT_NAME_RE.match(self.name):
            raise WiringError(f"pipeline name '{self.name}' is not valid; expected lowercase letters, digits and '_', "
                              "starting with a letter: pass @pipeline(name='...')", code="component.bad_name")
        self.display_name = display_name
        self.description = description if description is not None else split_docstring(func.__doc__)[0]
        self.version = str(version)
        self.settings: dict[str, Any] = {"default_compute": default_compute or "azureml:serverless"}
        if continue_on_step_failure is not None:
            self.settings["continue_on_step_failure"] = continue_on_step_failure
        if force_rerun is not None:
            self.settings["force_rerun"] = force_rerun
        self.experiment_name = experiment_name
        self.tags = dict(tags or {})
        self.where = Where(func.__code__.co_filename, func.__code__.co_firstlineno)
        self.ports = read_ports(func, self.name, allow_outputs=False)

    @property
    def label(self) -> str:
        """The name messages use: the pipeline's name, as written in the code."""
        return self.name

    def _arguments(self, args: tuple[Any, ...], kwargs: dict[str, Any], where: Where) -> dict[str, Any]:
        names = [p.name for p in self.ports]
        if len(args) > len(names):
            raise WiringError(f"pipeline '{self.name}' takes {len(names)} inputs ({', '.join(names) or 'none'}); "
                              f"found {len(args)} positional arguments", code="input.positional", where=where)
        given = dict(zip(names, args, strict=False))
        for key, value in kwargs.items():
            if key not in names:
                raise WiringError(f"pipeline '{self.name}' has no input '{key}'{close_match_text(key, names)}; its "
                                  f"inputs are: {', '.join(names) or 'none'}", code="input.unknown", where=where,
                                  path=f"inputs.{key}")
            if key in given:
                raise WiringError(f"pipeline '{self.name}' got input '{key}' twice (by position and by name)",
                                  code="input.duplicate", where=where, path=f"inputs.{key}")
            given[key] = value
        return given

    def _type(self, port: Port, given: dict[str, Any], where: Where) -> str:
        if port.type:
            return port.type
        inferred = _value_type(given.get(port.name))
        if inferred is None:
            raise WiringError(f"input '{port.name}' of pipeline '{self.name}' has no type and no value to infer it "
                              f"from; annotate it, e.g. {port.name}: int or {port.name}: Input(type='uri_folder')",
                              code="signature.missing_type", where=where, path=f"inputs.{port.name}")
        return inferred

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Build the pipeline: a :class:`Pipeline` at top level, a :class:`Step` inside another pipeline.

        Raises :class:`WiringError` for a wrong call here or in any component call of the body.
        """
        where = caller()
        outer = current_builder()
        given = self._arguments(args, kwargs, where)
        builder = Builder(self.name, top_level=outer is None)
        decls: dict[str, InputDecl] = {}
        placeholders: dict[str, PipelineInput] = {}
        for port in self.ports:
            type_ = self._type(port, given, where)
            decl = input_decl(port, type_)
            if outer is None:
                placeholders[port.name] = self._top_input(builder, decl, given, where)
            else:
                if decl.type in DATA_TYPES and decl.default is not None:
                    # a pipeline component's data inputs take no default (Azure ML): pass it as a value
                    given.setdefault(port.name, Input(type=decl.type, path=str(decl.default)))
                    decl.default = None
                placeholders[port.name] = PipelineInput(builder, port.name, decl.type, optional=decl.optional,
                                                        default=decl.default)
            decls[port.name] = decl
        builder.inputs = placeholders
        with builder:
            returned = self.func(**placeholders)
        builder.set_outputs(returned, where)
        if outer is None:
            return Pipeline(self, builder, given)
        return outer.add(SubPipeline(self, builder, decls), (), given, where)

    def _top_input(self, builder: Builder, decl: InputDecl, given: dict[str, Any], where: Where) -> PipelineInput:
        from designer.spec.model import types_compatible
        from designer.spec.validate import check_literal

        name = decl.name
        value = given.get(name)
        value = decl.default if value is None else value
        path = f"inputs.{name}"
        if value is None:
            if decl.required:
                raise WiringError(f"pipeline '{self.name}' needs input '{name}' ({decl.type}); pass {name}=...",
                                  code="input.missing_required", where=where, path=path)
            return PipelineInput(builder, name, decl.type, optional=True, has_value=False)
        if isinstance(value, OutputRef | PipelineInput | Step):
            raise WiringError(f"input '{name}' of pipeline '{self.name}' is given a step output or pipeline input from "
                              "outside any pipeline; expected a value or Input(type=..., path=...)",
                              code="binding.other_pipeline", where=where, path=path)
        if decl.is_param:
            if isinstance(value, Input | DataRef) or not isinstance(value, str | int | float | bool):
                raise WiringError(f"input '{name}' of pipeline '{self.name}' is {a(decl.type)} parameter; expected a "
                                  "value", code="input.bad_value", where=where, path=path)
            why = check_literal(decl, value)
            if why:
                raise WiringError(f"pipeline '{self.name}': {why}", code="input.bad_value", where=where, path=path)
        else:
            if isinstance(value, Input):
                if value.path is None:
                    raise WiringError(f"input '{name}' of pipeline '{self.name}' is given Input(type='{value.type}') "
                                      "without a path; expected Input(type=..., path='./data')",
                                      code="input.bad_value", where=where, path=path)
                if not types_compatible(value.type, decl.type):
                    raise WiringError(f"input '{name}' of pipeline '{self.name}' is {decl.type} but is given "
                                      f"{value.type} data", code="binding.type_mismatch", where=where, path=path)
                value = DataRef(value.type, local_path(value.path))
            elif isinstance(value, str | Path):
                value = DataRef(decl.type, local_path(value))
            else:
                raise WiringError(f"input '{name}' of pipeline '{self.name}' is {decl.type} data; expected a path or "
                                  f"Input(type=..., path=...)", code="input.bad_value", where=where, path=path)
        return PipelineInput(builder, name, decl.type, optional=decl.optional, value=value)

    def __repr__(self) -> str:
        return f"<pipeline {self.name}>"


class SubPipeline:
    """A ``@pipeline`` called inside another: a pipeline component, one step of the outer pipeline."""

    step_type = "pipeline"
    written_as: Literal["yaml", "function", "pipeline"] = "pipeline"

    def __init__(self, definition: PipelineFunction, builder: Builder, decls: dict[str, InputDecl]) -> None:
        self.definition = definition
        self.builder = builder
        self.decls = decls

    @property
    def label(self) -> str:
        """The pipeline's name."""
        return self.definition.label

    def default_step_name(self) -> str:
        """The pipeline's name."""
        return self.definition.name

    def input_decls(self) -> dict[str, InputDecl]:
        """Its inputs: the function's parameters."""
        return self.decls

    def output_types(self) -> dict[str, str]:
        """Its outputs: what the function returned."""
        return {name: ref.type for name, ref in self.builder.outputs.items()}


class Pipeline:
    """A pipeline job built by calling a ``@pipeline`` function at top level.

    Building ran nothing and wrote nothing. :meth:`validate` checks it, :meth:`to_yaml` writes it
    (with its generated components and a canvas layout), :meth:`run` runs it on this machine.
    """

    def __init__(self, definition: PipelineFunction, builder: Builder, arguments: dict[str, Any]) -> None:
        self.definition = definition
        self.builder = builder
        self.arguments = arguments

    @property
    def name(self) -> str:
        """The pipeline's name (the function's, unless given)."""
        return self.definition.name

    @property
    def steps(self) -> dict[str, Step]:
        """The steps, by name, in call order."""
        return {s.name: s for s in self.builder.steps}

    @property
    def inputs(self) -> dict[str, Any]:
        """The pipeline job's input values (data as absolute paths); unset optional inputs are left out."""
        return {n: (v.value.path if isinstance(v.value, DataRef) else v.value)
                for n, v in self.builder.inputs.items() if v.has_value}

    @property
    def outputs(self) -> dict[str, OutputRef]:
        """The pipeline's outputs: name -> the step output that produces it."""
        return dict(self.builder.outputs)

    def document(self) -> PipelineJob:
        """The pipeline job model (components resolved in memory; data paths absolute)."""
        from designer.sdk.writer import Emitter  # deferred, as every model import here (startup)

        return Emitter(None).pipeline_job(self)

    def validate(self) -> list[Problem]:
        """Every problem the validator finds (errors and warnings), as ``designer validate`` lists them.

        Each problem points at the Python line that called the step (or declared the component).
        """
        from designer.spec.validate import validate_document

        return validate_document(self.document())

    def graph(self) -> nx.DiGraph:
        """The graph of the pipeline's steps, as the canvas shows it (:func:`designer.spec.graph.job_graph`)."""
        from designer.spec.graph import job_graph

        return job_graph(self.document())

    def to_yaml(self, path: str | Path) -> Path:
        """Write the pipeline job to ``path``, its components to ``components/`` beside it, and the layout.

        Also writes ``<stem>.layout.json`` (node positions for the canvas) and the runner file
        ``_designer_entry.py`` into the code folder of each Python component. Returns ``path``.
        The files load with ``azure.ai.ml.load_job``; a generated file is overwritten, a hand-written
        file of the same name never is.
        """
        from designer.sdk.writer import write_pipeline

        return write_pipeline(self, Path(path))

    def with_inputs(self, **params: Any) -> Pipeline:
        """The same pipeline built again with some inputs changed (checked as in a call)."""
        if not params:
            return self
        return self.definition(**{**self.arguments, **params})  # type: ignore[no-any-return]

    def run(self, workspace: str | Path | None = None, *, only: str | None = None, from_step: str | None = None,
            **params: Any) -> Run:
        """Run the pipeline on this machine and wait for it; returns the finished :class:`~designer.sdk.run.Run`.

        ``params`` change pipeline inputs for this run. ``only="step"`` runs just that step on the
        latest successful outputs of its upstream steps; ``from_step="step"`` runs that step and
        everything downstream of it, reusing the rest (as ``designer run --only/--from``). The pipeline is written under the workspace's
        ``.designer/sdk/<name>/`` first, then run by the same engine as ``designer run`` (source
        ``sdk``). A failed run is returned (``run.state == "failed"``), not raised; problems that stop
        it from starting raise :class:`~designer.errors.DesignerError`.
        """
        if os.environ.get(SDK_STEP_ENV):
            raise WiringError(f"pipeline '{self.name}' was asked to run inside a step ({os.environ[SDK_STEP_ENV]}); "
                              "the step imported a module that runs a pipeline when imported. Put that code under "
                              "'if __name__ == \"__main__\":' or in another file", code="pipeline.run_in_step",
                              where=caller())
        from designer.sdk.run import run_pipeline

        return run_pipeline(self.with_inputs(**params), workspace, params, only=only, from_step=from_step)

    def __repr__(self) -> str:
        return f"<pipeline {self.name}: {len(self.builder.steps)} steps>"


@overload
def pipeline(func: Callable[..., Any], /) -> PipelineFunction: ...


@overload
def pipeline(*, name: str | None = None, display_name: str | None = None, description: str | None = None,
             version: str = "1", default_compute: str | None = None, continue_on_step_failure: bool | None = None,
             force_rerun: bool | None = None, experiment_name: str | None = None,
             tags: dict[str, str] | None = None) -> Callable[[Callable[..., Any]], PipelineFunction]: ...


def pipeline(func: Callable[..., Any] | None = None, /, **options: Any) -> Any:
    """Make a pipeline of a function that calls components: ``@pipeline`` or ``@pipeline(name=..., ...)``.

    Parameters become pipeline inputs (typed as for :func:`~designer.sdk.components.component`; an
    unannotated one takes the type of its default or of the value given); a returned dict of step
    outputs becomes the pipeline's outputs. Options: ``name``, ``display_name``, ``description``
    (default: the docstring), ``version`` (of the pipeline component when nested),
    ``default_compute`` (default ``azureml:serverless``, which is ``local`` here),
    ``continue_on_step_failure``, ``force_rerun``, ``experiment_name``, ``tags``.

    Returns a :class:`PipelineFunction`; raises :class:`WiringError` for a signature it cannot use.
    """
    if func is not None:
        return PipelineFunction(func, **options)
    return lambda f: PipelineFunction(f, **options)
