"""Step fingerprints and reuse, through the :class:`CacheIndex` protocol the store implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

FINGERPRINT_VERSION = "1"


@dataclass(frozen=True)
class CacheEntry:
    """A completed step run that can be reused: its outputs and their content hashes."""

    fingerprint: str
    run_id: str
    step: str
    outputs: dict[str, str] = field(default_factory=dict)
    content_hashes: dict[str, str] = field(default_factory=dict)
    created_at: float = 0.0


class CacheIndex(Protocol):
    """Where fingerprints of completed steps are kept (the store implements it)."""

    def lookup(self, fingerprint: str) -> CacheEntry | None:
        """The newest entry for ``fingerprint``, or None."""
        ...

    def commit(self, entry: CacheEntry) -> None:
        """Record a completed step's outputs under its fingerprint."""
        ...

    def invalidate(self, fingerprint: str, run_id: str, step: str) -> None:
        """Forget an entry found to be untrustworthy (outputs gone or altered)."""
        ...
