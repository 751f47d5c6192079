"""The exception tree: every failure a user should see is a :class:`DesignerError`.

A :class:`Problem` is one finding about a file (an error or a warning). A :class:`SpecError`
carries all the problems found at once, so a caller can show every one of them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One finding: where it is, which field, a stable code, and a message a person can act on."""

    file: str
    line: int | None
    column: int | None
    path: str
    code: str
    message: str
    severity: Severity = "error"

    def location(self) -> str:
        """Return ``file:line:col`` (the parts that are known)."""
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self) -> str:
        """Return the one-line form the CLI prints: ``file:line:col: path: message``."""
        where = f"{self.path}: " if self.path else ""
        tag = "warning: " if self.severity == "warning" else ""
        return f"{self.location()}: {tag}{where}{self.message} [{self.code}]"

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)


class DesignerError(Exception):
    """Base of every error meant for a user; its message is complete and free of Python reprs."""


class SpecError(DesignerError):
    """A pipeline or component file is not valid; ``problems`` lists every error (and warning) found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"] or self.problems
        head = errors[0].format() if errors else "invalid input"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(head + more)

    @property
    def errors(self) -> list[Problem]:
        """The problems of severity ``error``."""
        return [p for p in self.problems if p.severity == "error"]


class ConfigError(DesignerError):
    """The workspace settings (``designer.toml`` or ``DESIGNER_*`` variables) are wrong."""


class RegistryError(DesignerError):
    """A component cannot be registered or found."""


class RunError(DesignerError):
    """A run cannot start, or a run or step that was asked for does not exist."""


class StoreError(DesignerError):
    """The run store cannot be opened or written."""
