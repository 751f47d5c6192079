"""What the loader lends to the resolvers of other step types (sweep, parallel).

Those resolvers need to load a component (a trial, a parallel component's ports) the way the loader
does, but the loader is the one that calls them: passing this small service in keeps the imports
one way (``loader`` -> ``sweep``/``parallel`` -> ``loading``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from designer.errors import Problem
    from designer.spec.model import Component, Located
    from designer.spec.yaml_io import PathKey


class StepLoading(Protocol):
    """Loading services for one document, with its problem list."""

    def add(self, problem: Problem) -> None:
        """Record a problem of the document being loaded."""
        ...

    def extend(self, problems: list[Problem]) -> None:
        """Record several problems."""
        ...

    def component(self, value: Any, loc: Located, rel: PathKey) -> tuple[str, Component | None]:
        """Load the component ``value`` names (inline mapping, file path or registry reference) found at
        ``rel`` under ``loc``; return the reference's form and the component (None when it could not be
        loaded, its problems recorded, or when the form is none of those three)."""
        ...

    def decls(self, raw: Any, loc: Located, rel: PathKey, *, output: bool) -> dict[str, Any]:
        """Read input (or, with ``output``, output) declarations, recording their problems."""
        ...
