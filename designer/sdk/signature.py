"""Read a decorated function's signature and docstring into port records.

``x: int = 5`` is an integer parameter with a default, ``x: float | None = None`` an optional
number, ``data: Input(type="uri_folder")`` a data input, ``model: Output(type="uri_file")`` an
output; ``Annotated[str, Input(type="uri_file")]`` says the same in a form type checkers accept.
The docstring's first part becomes the description and its ``Args:`` (or ``:param x:``) entries the
port descriptions. Only the standard library is used here: a step process imports this.
"""

from __future__ import annotations

import inspect
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from designer.names import IO_NAME_RE
from designer.sdk.io import DATA_TYPES, Input, Output
from designer.sdk.wiring import WiringError

PY_TYPES: dict[Any, str] = {bool: "boolean", int: "integer", float: "number", str: "string"}
_SECTION_RE = re.compile(r"^(Args|Arguments|Parameters|Params|Inputs|Outputs|Returns|Yields|Raises|Examples?|Notes?)\s*:?\s*$")
_ARG_SECTIONS = ("Args", "Arguments", "Parameters", "Params", "Inputs", "Outputs")


@dataclass(frozen=True)
class Port:
    """One parameter of a decorated function: an input (parameter or data) or an output."""

    name: str
    direction: Literal["input", "output"]
    type: str
    optional: bool = False
    default: Any = None
    description: str | None = None
    min: int | float | None = None
    max: int | float | None = None
    enum: list[Any] | None = None
    mode: str | None = None

    @property
    def is_data(self) -> bool:
        """True for file, folder and model types."""
        return self.type in DATA_TYPES


def split_docstring(doc: str | None) -> tuple[str | None, dict[str, str]]:
    """Return ``(description, {argument: description})`` from a Google- or Sphinx-style docstring."""
    if not doc:
        return None, {}
    text = inspect.cleandoc(doc)
    head: list[str] = []
    args: dict[str, str] = {}
    section: str | None = None
    current: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        m = _SECTION_RE.match(stripped)
        if m and not line.startswith((" ", "\t")):
            section, current = m.group(1), None
            continue
        sphinx = re.match(r"^:param\s+(?:[^:]*\s)?(\w+)\s*:\s*(.*)$", stripped)
        if sphinx:
            current = sphinx.group(1)
            args[current] = sphinx.group(2).strip()
            section = "sphinx"
            continue
        if section in _ARG_SECTIONS:
            entry = re.match(r"^(\w+)\s*(?:\([^)]*\))?\s*:\s*(.*)$", stripped)
            indent = len(line) - len(line.lstrip())
            if entry and indent <= 4:
                current = entry.group(1)
                args[current] = entry.group(2).strip()
            elif current and stripped:
                args[current] = f"{args[current]} {stripped}".strip()
            continue
        if section == "sphinx":
            if current and stripped and not stripped.startswith(":"):
                args[current] = f"{args[current]} {stripped}".strip()
            continue
        if section is None:
            head.append(line)
    description = "\n".join(head).strip() or None
    return description, args


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(annotation)) == 2:
            return args[0], True
    return annotation, False


def _declaration(annotation: Any) -> Any:
    """The Input/Output/Python type an annotation stands for (``Annotated`` metadata wins)."""
    if typing.get_origin(annotation) is typing.Annotated:
        for meta in annotation.__metadata__:
            if isinstance(meta, Input | Output) or meta in (Input, Output):
                return meta
        return _declaration(typing.get_args(annotation)[0])
    return annotation


def _port(owner: str, name: str, annotation: Any, default: Any, has_default: bool, doc: str | None,
          allow_outputs: bool) -> Port:
    annotation, optional = _unwrap_optional(annotation)
    decl = _declaration(annotation)
    if decl is Input:
        decl = Input()
    elif decl is Output:
        decl = Output()
    if default is None and has_default:
        optional = True
    value_default = default if has_default and default is not None else None
    if isinstance(decl, Output):
        if not allow_outputs:
            raise WiringError(f"parameter '{name}' of pipeline '{owner}' is annotated Output(...); a pipeline's "
                              "outputs are what it returns: return {'name': step.outputs.x}", code="signature.output")
        return Port(name, "output", decl.type, description=decl.description or doc, mode=decl.mode)
    if isinstance(decl, Input):
        default_value = decl.default if decl.default is not None else value_default
        if isinstance(default_value, Input):
            default_value = str(default_value.path) if default_value.path is not None else None
        return Port(name, "input", decl.type, optional=decl.optional or optional, default=default_value,
                    description=decl.description or doc, min=decl.min, max=decl.max,
                    enum=list(decl.enum) if decl.enum is not None else None, mode=decl.mode)
    if decl in PY_TYPES:
        return Port(name, "input", PY_TYPES[decl], optional=optional, default=value_default, description=doc)
    if decl is inspect.Parameter.empty:
        if value_default is not None and type(value_default) in PY_TYPES:
            return Port(name, "input", PY_TYPES[type(value_default)], default=value_default, description=doc)
        if isinstance(value_default, Input):
            return Port(name, "input", value_default.type, description=doc)
        return Port(name, "input", "", optional=optional, description=doc)
    shown = decl if isinstance(decl, str) else getattr(decl, "__name__", repr(decl))
    raise WiringError(f"parameter '{name}' of '{owner}' has type {shown}, which is not a port type; use int, "
                      "float, str, bool, Input(type='uri_folder') or Output(type='uri_folder')",
                      code="signature.bad_type")


def read_ports(fn: Callable[..., Any], owner: str, *, allow_outputs: bool) -> list[Port]:
    """The ports of ``fn``, in signature order.

    An unannotated parameter without a default gets type ``""`` (a pipeline infers it from the
    value it is called with; a component rejects it). Raises :class:`WiringError` for ``*args``,
    ``**kwargs``, names Azure ML does not accept and annotations that are not port types.
    """
    try:
        sig = inspect.signature(fn, eval_str=True)
    except NameError as exc:
        raise WiringError(f"the annotations of '{owner}' cannot be evaluated ({exc}); import what they name "
                          "at module level", code="signature.unresolved") from None
    _, docs = split_docstring(fn.__doc__)
    ports: list[Port] = []
    seen: dict[str, str] = {}
    for p in sig.parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            raise WiringError(f"'{owner}' takes *{p.name}; a component or pipeline needs named parameters, "
                              "one per port", code="signature.varargs")
        if not IO_NAME_RE.match(p.name):
            raise WiringError(f"parameter name '{p.name}' of '{owner}' is not a valid port name; expected ASCII "
                              "letters, digits and '_'", code="signature.bad_name")
        if p.name.lower() in seen:
            raise WiringError(f"parameters '{seen[p.name.lower()]}' and '{p.name}' of '{owner}' differ only in "
                              "case; Azure ML needs port names that are unique ignoring case",
                              code="signature.duplicate_name")
        seen[p.name.lower()] = p.name
        has_default = p.default is not p.empty
        ports.append(_port(owner, p.name, p.annotation, p.default if has_default else None, has_default,
                           docs.get(p.name), allow_outputs))
    return ports

