"""Render a component's command template into the exact shell text a step runs.

Every substituted value is shell-quoted with :func:`shlex.quote`, so a string parameter such as
``x; touch /tmp/owned`` reaches the program as one argument and nothing else runs. Only the template
text written by the component author is interpreted by the shell.

Values are formatted as Azure ML does, with Python ``str()``: booleans become ``True``/``False``,
numbers ``1.5`` / ``0.01``. A ``$[[ ... ]]`` block is dropped whole when any input it references has
no value; otherwise its delimiters are removed.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from typing import Any

from designer.errors import RunError
from designer.spec.expressions import CommandSyntaxError, Optional_, Ref, Text, Unknown, parse_command


def format_value(value: Any) -> str:
    """The text of a parameter value as Azure ML substitutes it (Python ``str()``)."""
    return str(value)


def render_command(template: str, inputs: Mapping[str, Any], outputs: Mapping[str, str]) -> str:
    """Return ``template`` with ``${{inputs.x}}`` / ``${{outputs.y}}`` replaced by quoted values.

    ``inputs`` maps an input name to its value (a parameter value or a path); a missing name or
    ``None`` means "no value". ``outputs`` maps an output name to the path the step writes.

    Raises :class:`RunError` for a malformed template or an expression that is not a port reference
    (validation reports both earlier; this guards direct API use).
    """
    try:
        segments = parse_command(template)
    except CommandSyntaxError as exc:
        raise RunError(f"the command is malformed: {exc}") from None
    out: list[str] = []
    for seg in segments:
        if isinstance(seg, Optional_):
            rendered = _render_parts(seg.parts, inputs, outputs, optional=True)
            if rendered is not None:
                out.append(rendered)
        else:
            out.append(_render_parts((seg,), inputs, outputs, optional=False) or "")
    return "".join(out)


def _render_parts(parts: tuple[Text | Ref | Unknown, ...], inputs: Mapping[str, Any], outputs: Mapping[str, str],
                  optional: bool) -> str | None:
    pieces: list[str] = []
    for part in parts:
        if isinstance(part, Text):
            pieces.append(part.text)
        elif isinstance(part, Unknown):
            raise RunError(f"{part.raw} cannot be substituted in a command; expected ${{{{inputs.<name>}}}} or "
                           "${{outputs.<name>}}")
        else:
            value = (inputs if part.port == "inputs" else outputs).get(part.name)
            if value is None:
                if optional:
                    return None
                continue  # an unbound input outside a block renders as nothing (validation warns)
            pieces.append(shlex.quote(format_value(value)))
    return "".join(pieces)
