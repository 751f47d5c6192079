"""Step fingerprints and reuse, through the :class:`CacheIndex` protocol the store implements."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Protocol

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


# ------------------------------------------------------------------------------------- fingerprints

_NOT_FINGERPRINTED = frozenset({"name", "version", "display_name", "description", "tags", "$schema", "code",
                                "additional_includes"})


class Unhashable(ValueError):
    """A value that cannot be put into a fingerprint; the step is then a cache miss."""


def canonical_json(data: Any) -> str:
    """``data`` as compact JSON with sorted keys. Raises :class:`Unhashable` for non-JSON values."""
    try:
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise Unhashable(str(exc)) from None


def component_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """A component mapping without what does not change its behaviour.

    Drops ``name``, ``version``, ``display_name``, ``description``, ``tags`` (and port
    descriptions); ``code`` and ``additional_includes`` are replaced by the content hash of the
    merged code, which the caller adds.
    """
    out = {k: v for k, v in spec.items() if k not in _NOT_FINGERPRINTED}
    for ports in ("inputs", "outputs"):
        if isinstance(out.get(ports), dict):
            out[ports] = {n: ({k: v for k, v in d.items() if k != "description"} if isinstance(d, dict) else d)
                          for n, d in out[ports].items()}
    return out


def fingerprint(payload: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of ``payload`` plus :data:`FINGERPRINT_VERSION`.

    Raises :class:`Unhashable` when ``payload`` holds a value JSON cannot represent.
    """
    text = canonical_json({"v": FINGERPRINT_VERSION, **payload})
    return hashlib.sha256(text.encode()).hexdigest()
