"""Port kinds: what travels on a wire, in the words of the person wiring it.

Azure's port types are too coarse for a non-coder: a table, a model definition and an evaluation
are all ``uri_folder``-shaped, so Azure accepts a table where a trained model is expected. The
built-in components therefore declare a *kind* for each port in their ``tags`` (Azure's loader
takes ``tags`` as a str->str map, so the files still load there)::

    tags:
      kind.training_data: table
      kind.untrained_model: untrained_model
      kind.trained_model: trained_model            # an output
      kind.output_data: table like input_data      # an output: a table of the same kind as input_data
      kind.trained_model: trained_model | trained_clustering_model   # an input taking either
      kind.label_column: column                    # a parameter naming one column
      kind.right_keys: columns of right_data       # several columns, of another input's table

``kind.<name>`` applies to the input or output called ``<name>``; ``kind.inputs.<name>`` and
``kind.outputs.<name>`` say which when a component has both. A wire is checked by kind only when
both ends declare one; otherwise Azure's type rule (:func:`designer.spec.model.types_compatible`)
is all there is. The vocabulary is :data:`KINDS`; a kind outside it is compared by name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol


@dataclass(frozen=True)
class KindInfo:
    """One kind: the kind it refines (``parent``), how to name it, and how to get one."""

    noun: str
    hint: str
    parent: str | None = None


KINDS: dict[str, KindInfo] = {
    "table": KindInfo("a table", "connect a table, e.g. the output of Sample Dataset, Import Data or Split Data"),
    "scored_table": KindInfo("a *scored* table (true values next to predictions)",
                             "connect the output of Score Model", parent="table"),
    "evaluation": KindInfo("an evaluation", "connect the output of Evaluate Model", parent="table"),
    "untrained_model": KindInfo("an *untrained* model (a model definition)",
                                "connect the output of an algorithm such as Logistic Regression or Decision Forest"),
    "untrained_clustering_model": KindInfo("an *untrained* clustering model",
                                           "connect the output of K-Means Clustering"),
    "trained_model": KindInfo("a *trained* model", "connect the output of Train Model"),
    "trained_clustering_model": KindInfo("a *trained* clustering model",
                                         "connect the output of Train Clustering Model"),
}
COLUMN_KINDS: tuple[str, ...] = ("column", "columns")

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_DATA_RE = re.compile(rf"^\s*({_NAME}(?:\s*\|\s*{_NAME})*)\s*(?:like\s+({_NAME})\s*)?$")
_COLUMN_RE = re.compile(rf"^\s*(columns?)(?:\s+of\s+({_NAME}))?\s*$")


class Ported(Protocol):
    """What kinds are read from: a component's tags, label, inputs and outputs."""

    @property
    def tags(self) -> Mapping[str, Any]:
        """The component's tags (where kinds are declared)."""
        ...

    @property
    def inputs(self) -> Mapping[str, Any]:
        """Its declared inputs."""
        ...

    @property
    def outputs(self) -> Mapping[str, Any]:
        """Its declared outputs."""
        ...

    @property
    def label(self) -> str:
        """How a person calls the component."""
        ...


@dataclass(frozen=True)
class PortKind:
    """A port's declared kind.

    ``kinds`` are the accepted kinds of an input (any of them fits) or the one kind of an output;
    ``like`` names the input whose kind an output passes on (a transform keeps a scored table
    scored); ``column`` is ``column``/``columns`` for a parameter naming columns of the table on
    input (or output) ``of`` (None: the component's first table input).
    """

    kinds: tuple[str, ...] = ()
    like: str | None = None
    column: Literal["column", "columns"] | None = None
    of: str | None = None

    @property
    def text(self) -> str:
        """The kind as the canvas shows and matches it: ``table``, ``trained_model|trained_clustering_model``."""
        return self.column or "|".join(self.kinds)


def parse_kind(text: Any) -> PortKind | None:
    """Parse a ``kind.<port>`` tag value; None when it is not a kind this module understands."""
    if not isinstance(text, str):
        return None
    m = _COLUMN_RE.match(text)
    if m:
        return PortKind(column=m.group(1), of=m.group(2))  # type: ignore[arg-type]
    m = _DATA_RE.match(text)
    if m:
        kinds = tuple(k.strip() for k in m.group(1).split("|"))
        return PortKind(kinds=kinds, like=m.group(2))
    return None


def _tag(component: Ported, direction: Literal["inputs", "outputs"], name: str) -> PortKind | None:
    tags = component.tags or {}
    ports = component.inputs if direction == "inputs" else component.outputs
    if name not in ports:
        return None
    raw = tags.get(f"kind.{direction}.{name}", tags.get(f"kind.{name}"))
    return parse_kind(raw)


def input_kind(component: Ported | None, name: str) -> PortKind | None:
    """The declared kind of input ``name`` (a data port or a column parameter), or None."""
    return _tag(component, "inputs", name) if component is not None else None


def output_kind(component: Ported | None, name: str) -> PortKind | None:
    """The declared kind of output ``name``, or None."""
    return _tag(component, "outputs", name) if component is not None else None


@dataclass(frozen=True)
class ColumnParam:
    """A parameter that names columns: one (``multiple`` False) or a comma-separated list."""

    name: str
    multiple: bool
    table: str | None


def column_params(component: Ported | None) -> dict[str, ColumnParam]:
    """The parameters of ``component`` that name columns, with the port whose table they refer to.

    ``table`` is the input (or output) named by ``of``, else the first input of kind table, else
    the first output of kind table, else None.
    """
    if component is None:
        return {}
    default = next((n for n in component.inputs if (k := input_kind(component, n)) and "table" in _family(k)), None)
    if default is None:
        default = next((n for n in component.outputs if (k := output_kind(component, n)) and "table" in _family(k)),
                       None)
    out: dict[str, ColumnParam] = {}
    for name in component.inputs:
        kind = input_kind(component, name)
        if kind is not None and kind.column is not None:
            out[name] = ColumnParam(name, kind.column == "columns", kind.of or default)
    return out


def _family(kind: PortKind) -> set[str]:
    out: set[str] = set()
    for k in kind.kinds:
        out |= set(ancestors(k))
    return out


def ancestors(kind: str) -> list[str]:
    """``kind`` and every kind it refines, nearest first (``scored_table`` -> ``[scored_table, table]``)."""
    out = [kind]
    info = KINDS.get(kind)
    while info is not None and info.parent is not None and info.parent not in out:
        out.append(info.parent)
        info = KINDS.get(info.parent)
    return out


def fits(source: str, accepts: tuple[str, ...]) -> bool:
    """Does an output of kind ``source`` fit an input accepting any of ``accepts``?"""
    return any(k in accepts for k in ancestors(source))


Upstream = Callable[[str], str | None]
"""Given an input of the source component, the kind of what feeds it (None when unknown)."""


def resolved_output_kind(component: Ported | None, port: str, upstream: Upstream | None = None) -> str | None:
    """The kind output ``port`` carries: its declared kind, or for ``table like x`` the kind feeding ``x``
    when that is a kind of table (else plain ``table``). None when the output declares no kind."""
    kind = output_kind(component, port)
    if kind is None or not kind.kinds:
        return None
    base = kind.kinds[0]
    if kind.like and upstream is not None:
        fed = upstream(kind.like)
        if fed is not None and base in ancestors(fed):
            return fed
    return base


def noun(kind: str) -> str:
    """How a sentence names ``kind``: ``a *trained* model``."""
    info = KINDS.get(kind)
    return info.noun if info else f"a {kind.replace('_', ' ')}"


def check_wire(source: Ported | None, source_port: str, target: Ported | None, target_port: str, *,
               upstream: Upstream | None = None) -> str | None:
    """Why output ``source_port`` of ``source`` cannot feed input ``target_port`` of ``target``, or None.

    The answer is one sentence for a person ("Score Model needs a *trained* model for 'trained_model':
    connect the output of Train Model (Sample Dataset gives a table)."). None when the kinds fit or
    when either end declares no kind (then only Azure's type rule applies). ``upstream`` resolves
    ``table like <input>`` outputs of ``source`` (see :func:`resolved_output_kind`).
    """
    wanted = input_kind(target, target_port)
    if wanted is None or not wanted.kinds or target is None or source is None:
        return None
    given = resolved_output_kind(source, source_port, upstream)
    if given is None or fits(given, wanted.kinds):
        return None
    first = wanted.kinds[0]
    info = KINDS.get(first)
    hint = info.hint if info else f"connect an output of kind {first}"
    return (f"{target.label} needs {noun(first)} for '{target_port}': {hint} "
            f"({source.label}'s '{source_port}' gives {noun(given)}).")


# ------------------------------------------------------------------------------ inside a pipeline


class _JobLike(Protocol):
    resolved: Any
    inputs: dict[str, Any]

    def input_binding(self, name: str) -> Any:
        """The binding of input ``name``."""
        ...


def job_upstream(jobs: Mapping[str, _JobLike], job_name: str, _seen: frozenset[str] = frozenset()) -> Upstream:
    """An :data:`Upstream` for step ``job_name`` of a pipeline: follows ``${{parent.jobs.x.outputs.y}}``
    bindings back through ``table like`` outputs (loops are cut)."""

    def feed(input_name: str) -> str | None:
        job = jobs.get(job_name)
        if job is None or job_name in _seen:
            return None
        b = job.input_binding(input_name)
        if b is None or b.kind != "job_output":
            return None
        other = jobs.get(str(b.job))
        if other is None:
            return None
        return resolved_output_kind(other.resolved, b.name, job_upstream(jobs, str(b.job), _seen | {job_name}))

    return feed


def check_job_wire(jobs: Mapping[str, _JobLike], source: str, source_port: str, target: str,
                   target_port: str) -> str | None:
    """:func:`check_wire` for steps ``source`` and ``target`` of a pipeline's ``jobs``."""
    src, dst = jobs.get(source), jobs.get(target)
    if src is None or dst is None:
        return None
    return check_wire(src.resolved, source_port, dst.resolved, target_port, upstream=job_upstream(jobs, source))

