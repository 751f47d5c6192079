"""Words for plain YAML values in messages: what a value is, and the closest known name to a typo.

At the bottom of spec/ (stdlib and designer.errors only), so every parser (loader, sweep, parallel,
schemas, validate) words and collects its messages the same way.
"""

from __future__ import annotations

import difflib
from typing import Any, Protocol

from designer.errors import Problem


class Locates(Protocol):
    """Something that places a problem in a file (a model ``Located``)."""

    def problem(self, rel: tuple[str | int, ...], code: str, message: str, severity: str = "error") -> Problem:
        """A problem at ``rel`` below this place."""
        ...


class ProblemList:
    """The problems found while parsing one section, each placed relative to ``loc``."""

    def __init__(self, loc: Locates) -> None:
        self.loc = loc
        self.problems: list[Problem] = []

    def add(self, rel: tuple[str, ...], code: str, message: str, severity: str = "error") -> None:
        """Record a problem at ``rel`` (a field path below ``loc``)."""
        self.problems.append(self.loc.problem(rel, code, message, severity))


def close_match(word: str, options: Any) -> str:
    """Return ``"; did you mean 'x'?"`` for the closest of ``options``, or ``""``."""
    matches = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return f"; did you mean '{matches[0]}'?" if matches else ""


def kind_of(value: Any) -> str:
    """What ``value`` is, for "expected ..., found <kind>": ``a number (3)``, ``the text 'x'``, ``a list``."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"the text '{value if len(value) <= 40 else value[:37] + '...'}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def int_value(value: Any) -> int | None:
    """``value`` when it is an integer (a boolean is not), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None
