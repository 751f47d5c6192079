"""The SDK's error and where it points: the line of Python that declared or called something wrong.

A :class:`WiringError` is a :class:`~designer.errors.SpecError` with one problem whose file and line
are those of the user's call (``train(data=...)`` inside a ``@pipeline`` function), and whose message
and code are the validator's. Standard library only at import time: a step process imports this.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from designer.errors import Problem, SpecError

_SDK_DIR = str(Path(__file__).resolve().parent)


@dataclass(frozen=True)
class Where:
    """A place in a Python file (1-based line and column)."""

    file: str
    line: int | None = None
    column: int | None = None


def caller() -> Where:
    """The innermost frame outside ``designer/sdk``: the user's line that made the current call."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_SDK_DIR):
        frame = frame.f_back  # type: ignore[assignment]
    if frame is None:  # pragma: no cover - always some user frame above the SDK
        return Where("")
    column: int | None = None
    try:
        positions = list(frame.f_code.co_positions())
        start = positions[frame.f_lasti // 2][2]
        column = start + 1 if start is not None else None
    except (AttributeError, IndexError):  # pragma: no cover - other interpreters
        pass
    return Where(frame.f_code.co_filename, frame.f_lineno, column)


class WiringError(SpecError):
    """A component or pipeline is declared or called wrongly; raised where it happens.

    ``str(error)`` is the message alone (the traceback already shows the line); ``problems`` holds
    one :class:`~designer.errors.Problem` with the file, line and field path, as the validator gives.
    """

    def __init__(self, message: str, *, code: str, where: Where | None = None, path: str = "") -> None:
        w = where or Where("")
        super().__init__([Problem(w.file, w.line, w.column, path, code, message)])
        self.args = (message,)

    @property
    def problem(self) -> Problem:
        """The one problem this error carries."""
        return self.problems[0]


class UnknownOutputError(WiringError, AttributeError):
    """``step.outputs.x`` names no output (also an AttributeError, so ``hasattr`` keeps working)."""


def a(word: str) -> str:
    """``word`` with its indefinite article: ``an integer``, ``a string``."""
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def close_match_text(word: str, options: Any) -> str:
    """``"; did you mean 'x'?"`` for the closest of ``options`` (the validator's wording), or ``""``."""
    from designer.spec.values import close_match

    return close_match(word, options)


def check_port_type(kind: str, type_: str, allowed: tuple[str, ...]) -> None:
    """Raise :class:`WiringError` when ``type_`` is not one of ``allowed`` port types."""
    if type_ not in allowed:
        raise WiringError(f"unknown {kind.lower()} type '{type_}'{close_match_text(type_, allowed)}; expected one of "
                          f"{', '.join(allowed)}", code=f"{kind.lower()}.unknown_type", where=caller())
