"""``${{...}}`` data-binding expressions and ``$[[...]]`` optional blocks.

Two contexts exist (FORMAT.md, section 3): a step's ``inputs``/``outputs`` refer to the enclosing
pipeline (``${{parent.inputs.x}}``, ``${{parent.jobs.a.outputs.b}}``, ...), and a component's
``command`` refers to its own ports (``${{inputs.x}}``, ``${{outputs.y}}``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

EXPR_RE = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_PARENT_RE = re.compile(
    rf"^parent\.(?:(?P<kind>inputs|outputs)\.(?P<name>{_IDENT})|jobs\.(?P<job>{_IDENT})\.(?P<jkind>inputs|outputs)\.(?P<jname>{_IDENT}))$"
)
_SELF_RE = re.compile(rf"^(?P<kind>inputs|outputs)\.(?P<name>{_IDENT})$")

BindingKind = Literal["parent_input", "parent_output", "job_output", "job_input"]


@dataclass(frozen=True)
class Binding:
    """A reference from a step's input or output to something in the enclosing pipeline."""

    kind: BindingKind
    name: str
    job: str | None = None

    def __str__(self) -> str:
        if self.kind == "parent_input":
            return f"${{{{parent.inputs.{self.name}}}}}"
        if self.kind == "parent_output":
            return f"${{{{parent.outputs.{self.name}}}}}"
        port = "outputs" if self.kind == "job_output" else "inputs"
        return f"${{{{parent.jobs.{self.job}.{port}.{self.name}}}}}"


def job_output_ref(job: str, output: str) -> str:
    """``${{parent.jobs.<job>.outputs.<output>}}``."""
    return str(Binding("job_output", output, job))


def parent_input_ref(name: str) -> str:
    """``${{parent.inputs.<name>}}``."""
    return str(Binding("parent_input", name))


def parent_output_ref(name: str) -> str:
    """``${{parent.outputs.<name>}}``."""
    return str(Binding("parent_output", name))


def parse_expression(expr: str) -> Binding | None:
    """Parse the inside of ``${{ ... }}`` in the parent context; None when it is not a binding."""
    m = _PARENT_RE.match(expr.strip())
    if not m:
        return None
    if m.group("kind"):
        kind: BindingKind = "parent_input" if m.group("kind") == "inputs" else "parent_output"
        return Binding(kind, m.group("name"))
    jkind: BindingKind = "job_output" if m.group("jkind") == "outputs" else "job_input"
    return Binding(jkind, m.group("jname"), m.group("job"))


def parse_binding(value: object) -> Binding | None:
    """Return the binding when ``value`` is exactly one ``${{parent...}}`` expression, else None."""
    if not isinstance(value, str):
        return None
    m = EXPR_RE.fullmatch(value.strip())
    return parse_expression(m.group(1)) if m else None


def find_expressions(text: str) -> list[str]:
    """Return the inner text of every ``${{...}}`` in ``text``, in order."""
    return [m.group(1) for m in EXPR_RE.finditer(text)]


def has_expression(value: object) -> bool:
    """True when ``value`` is a string containing ``${{``."""
    return isinstance(value, str) and "${{" in value


# ----------------------------------------------------------------------------------------- commands


@dataclass(frozen=True)
class Text:
    """Literal command text."""

    text: str


@dataclass(frozen=True)
class Ref:
    """``${{inputs.x}}`` or ``${{outputs.y}}`` inside a command."""

    port: Literal["inputs", "outputs"]
    name: str
    raw: str


@dataclass(frozen=True)
class Unknown:
    """A ``${{...}}`` inside a command that is not ``inputs.x``/``outputs.y``."""

    raw: str


@dataclass(frozen=True)
class Optional_:
    """A ``$[[ ... ]]`` block: dropped whole when any input it references has no value."""

    parts: tuple[Text | Ref | Unknown, ...]


Segment = Text | Ref | Unknown | Optional_


class CommandSyntaxError(ValueError):
    """A command template is malformed (an unclosed ``$[[`` or ``${{``)."""


def _parse_flat(text: str) -> list[Text | Ref | Unknown]:
    parts: list[Text | Ref | Unknown] = []
    pos = 0
    for m in EXPR_RE.finditer(text):
        if m.start() > pos:
            parts.append(Text(text[pos : m.start()]))
        inner = m.group(1)
        sm = _SELF_RE.match(inner)
        if sm:
            parts.append(Ref(sm.group("kind"), sm.group("name"), m.group(0)))  # type: ignore[arg-type]
        else:
            parts.append(Unknown(m.group(0)))
        pos = m.end()
    rest = text[pos:]
    if "${{" in rest:
        raise CommandSyntaxError("a '${{' is never closed with '}}'")
    if rest:
        parts.append(Text(rest))
    return parts


def parse_command(template: str) -> list[Segment]:
    """Split a command template into text, port references and optional blocks.

    Raises :class:`CommandSyntaxError` for an unclosed ``$[[`` / ``${{`` or a nested ``$[[``.
    """
    segments: list[Segment] = []
    pos = 0
    while True:
        start = template.find("$[[", pos)
        if start < 0:
            segments.extend(_parse_flat(template[pos:]))
            return segments
        end = template.find("]]", start + 3)
        if end < 0:
            raise CommandSyntaxError("a '$[[' optional block is never closed with ']]'")
        inner = template[start + 3 : end]
        if "$[[" in inner:
            raise CommandSyntaxError("optional blocks '$[[...]]' cannot be nested")
        segments.extend(_parse_flat(template[pos:start]))
        segments.append(Optional_(tuple(_parse_flat(inner))))
        pos = end + 2


def command_refs(template: str) -> list[tuple[Ref, bool]]:
    """Return every port reference in a command with whether it sits inside a ``$[[...]]`` block."""
    out: list[tuple[Ref, bool]] = []
    for seg in parse_command(template):
        if isinstance(seg, Ref):
            out.append((seg, False))
        elif isinstance(seg, Optional_):
            out.extend((p, True) for p in seg.parts if isinstance(p, Ref))
    return out
