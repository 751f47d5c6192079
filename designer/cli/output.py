"""What every command prints through: the two consoles, errors, problems, JSON, and safe user text.

Anything that came from a user (a display name, a step name, a path, an error message quoting a
file) goes through :func:`safe` (or :func:`plain`) before it is printed: raw ANSI/OSC escape sequences
in it would otherwise reach the terminal and could recolour, retitle or rewrite what the person sees.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from designer.errors import Problem

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

# C0 controls except tab and newline, DEL, and the C1 controls (U+0080-U+009F, which include the
# 8-bit CSI and OSC introducers some terminals honour).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(text: object) -> str:
    """``text`` as a string with every control character shown as a visible escape (``\\x1b``).

    Returns text that cannot move the cursor, change colours or send OSC sequences to the terminal;
    newlines and tabs are kept. Use it for user text printed without rich markup.
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))


def safe(text: object) -> str:
    """``text`` made safe for a rich markup string: control characters shown (:func:`plain`), markup escaped."""
    return escape(plain(text))


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``message`` on stderr (no traceback) and exit with ``code``. Raises ``typer.Exit``."""
    err.print(f"[bold red]error:[/] {safe(message)}", markup=True, highlight=False)
    raise typer.Exit(code)


def print_error(message: str) -> None:
    """Print ``message`` on stderr as an error line."""
    err.print(f"[bold red]error:[/] {safe(message)}", markup=True, highlight=False)


def print_problems(problems: list[Problem]) -> None:
    """Print problems as ``file:line:col: path: message`` lines on stderr, errors first."""
    for p in sorted(problems, key=lambda p: p.severity != "error"):
        colour = "red" if p.severity == "error" else "yellow"
        err.print(f"[{colour}]{safe(p.format())}[/]", markup=True, highlight=False)


def emit_json(data: Any) -> None:
    """Write ``data`` as one JSON object on stdout (JSON escapes control characters itself)."""
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")
    sys.stdout.flush()


def plural(n: int, word: str) -> str:
    """``"1 error"``, ``"2 errors"``."""
    return f"{n} {word}{'s' if n != 1 else ''}"


def seconds(value: float | None) -> str:
    """A duration as the CLI shows it (``"12.3 s"``), or ``""`` when unknown."""
    return "" if value is None else f"{value:.1f} s"


def state_markup(state: str) -> str:
    """``state`` coloured as the UI and the canvas colour it (one table: :mod:`designer.ui.states`)."""
    from designer.ui.states import state_look  # NiceGUI-free; the one owner of state colours

    return f"[{state_look(state).color}]{safe(state)}[/]"
