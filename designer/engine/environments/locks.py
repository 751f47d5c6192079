"""What each step of a run ran with: its environment's lock, as recorded in ``<run>/environments.json``.

:class:`~designer.engine.environments.steps.RunEnvironments` writes the record::

    {"mode": "build" | "current", "mode_source": "...",
     "steps": {step: {"source", "key", "mode", "python", "python_version", "lock_hash", "packages" (a count),
                      "root" (the cache folder), "built_at", "built_now", ["built_on"], ["hint"]}},
     "locks": {lock_hash: {"python": "3.10.13", "packages": {name: version}}}}

Each lock is kept once however many steps share it. Runs recorded before the locks were kept have
no ``locks`` (nor ``python_version``): they read as far as they go (:attr:`StepLock.packages` None).
:func:`lock_changes` says how two locks differ with the same change records as a step's reason
(:mod:`designer.engine.why`), so "package `six` changed from 1.15.0 to 1.16.0" reads the same in
the why line and in the environment section. Everything here reads; nothing raises for a missing
or damaged record (it is simply not there).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from designer.engine import why

RECORD_FILE = "environments.json"


def comparable(entry: dict[str, Any] | None) -> dict[str, str] | None:
    """A lock entry (``{"python", "packages"}``) as one ``{name: version}`` map, the Python as ``python``.

    The lock hash covers the Python version too: a change of Python alone must show as a change.
    """
    if not isinstance(entry, dict) or not isinstance(entry.get("packages"), dict):
        return None
    out = {str(k): str(v) for k, v in entry["packages"].items()}
    if entry.get("python"):
        out["python"] = str(entry["python"])
    return out


@dataclass(frozen=True)
class StepLock:
    """The environment one step ran with. ``packages`` is None when the run did not record them."""

    step: str
    mode: str
    source: str
    python: str
    python_version: str
    lock_hash: str
    key: str
    count: int
    packages: dict[str, str] | None
    root: str | None = None
    built_at: float | None = None
    built_now: bool = False
    built_on: str | None = None
    hint: str | None = None

    def comparable(self) -> dict[str, str] | None:
        """:func:`comparable` of this lock (None when its packages were not recorded)."""
        if self.packages is None:
            return None
        return comparable({"python": self.python_version, "packages": self.packages})

    def to_dict(self) -> dict[str, Any]:
        """Plain data (``designer runs show --json``): every field, packages sorted by name."""
        return {"mode": self.mode, "source": self.source, "python": self.python, "python_version": self.python_version,
                "lock_hash": self.lock_hash, "key": self.key, "package_count": self.count,
                "packages": None if self.packages is None else dict(sorted(self.packages.items())),
                "cache_folder": self.root, "built_at": self.built_at, "built_now": self.built_now,
                "built_on": self.built_on, "hint": self.hint}


@dataclass(frozen=True)
class RunLocks:
    """The environments record of one run (see the module docstring)."""

    mode: str
    mode_source: str
    steps: dict[str, StepLock]

    def of(self, step: str) -> StepLock | None:
        """The lock of ``step``; a sweep's trial (``sweep/trial_3``) runs in its sweep step's environment."""
        while step not in self.steps and "/" in step:
            step = step.rsplit("/", 1)[0]
        return self.steps.get(step)


def read_run_locks(run_dir: str | Path) -> RunLocks | None:
    """The environments record of the run in ``run_dir``, or None when it has none (or it is unreadable)."""
    try:
        data = json.loads((Path(run_dir) / RECORD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("steps"), dict):
        return None
    raw = data.get("locks")
    locks: dict[str, Any] = raw if isinstance(raw, dict) else {}
    steps: dict[str, StepLock] = {}
    for step, rec in data["steps"].items():
        if not isinstance(rec, dict):
            continue
        lock_hash = str(rec.get("lock_hash") or "")
        found = locks.get(lock_hash)
        entry: dict[str, Any] | None = found if isinstance(found, dict) else None
        packages = None
        if entry is not None and isinstance(entry.get("packages"), dict):
            packages = {str(k): str(v) for k, v in entry["packages"].items()}
        built_at = rec.get("built_at")
        steps[str(step)] = StepLock(
            step=str(step), mode=str(rec.get("mode") or data.get("mode") or ""), source=str(rec.get("source") or ""),
            python=str(rec.get("python") or ""),
            python_version=str(rec.get("python_version") or (entry or {}).get("python") or ""),
            lock_hash=lock_hash, key=str(rec.get("key") or ""),
            count=int(rec["packages"]) if isinstance(rec.get("packages"), int) else len(packages or {}),
            packages=packages, root=str(rec["root"]) if rec.get("root") else None,
            built_at=float(built_at) if isinstance(built_at, int | float) else None,
            built_now=bool(rec.get("built_now")), built_on=str(rec["built_on"]) if rec.get("built_on") else None,
            hint=str(rec["hint"]) if rec.get("hint") else None)
    return RunLocks(str(data.get("mode") or ""), str(data.get("mode_source") or ""), steps)


def lock_of_hash(run_dir: str | Path, lock_hash: str | None) -> dict[str, str] | None:
    """The :func:`comparable` lock ``lock_hash`` of the run in ``run_dir``, or None when it did not record it."""
    if not lock_hash:
        return None
    try:
        data = json.loads((Path(run_dir) / RECORD_FILE).read_text(encoding="utf-8"))
        return comparable(data["locks"][lock_hash])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def lock_changes(old: StepLock, new: StepLock) -> list[dict[str, Any]] | None:
    """How ``new`` differs from ``old`` as :mod:`~designer.engine.why` change records ([] when the same).

    None when they differ but one of them did not record its packages (only that it changed is known).
    """
    if old.lock_hash == new.lock_hash:
        return []
    before, after = old.comparable(), new.comparable()
    if before is None or after is None:
        return None
    return why.changes({"env_lock": before}, {"env_lock": after})
