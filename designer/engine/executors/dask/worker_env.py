"""A step's environment on a Dask worker: found or built in the worker's own cache, and what the worker can build.

The runner sends the step's normalised :class:`~designer.engine.environments.EnvDefinition` (resolved
on the runner: the worker needs none of the files it was read from). The worker builds it, or finds
it built, with the same :class:`~designer.engine.environments.EnvBuilder` as a local run, in its own
cache (``DESIGNER_ENV_CACHE`` in the worker's environment, else the worker user's cache folder), under
the same once-only file lock: two steps (or two workers sharing a cache folder) that need it at once
build it once. Its key includes the worker's interpreter, so each machine builds for itself.

The task functions that call this (``prepare_env_on_worker``, ``env_probe_on_worker``) live in
:mod:`designer.engine.executors.dask.worker` with the other names workers import by reference.
"""

from __future__ import annotations

import asyncio
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from designer.engine.environments import (
    BuiltEnv,
    EnvBuilder,
    EnvDefinition,
    Interpreters,
    PythonNotFound,
    default_cache_dir,
    uv_binary,
)
from designer.errors import DesignerError

#: The Python versions a worker's probe looks for (what ``designer compute list`` reports).
PROBED_PYTHONS = ("3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14")

_LOCK = threading.Lock()
_BUILDERS: dict[Path, EnvBuilder] = {}


@dataclass(frozen=True)
class EnvTask:
    """What a worker needs to find or build one environment (pickled into the Dask task).

    ``log`` is the step's stderr file when the worker sees the runner's folders (shared folder), else
    None: the build log then comes back in the task's result, progress lines as events on ``topic``.
    """

    token: str
    topic: str
    step: str
    definition: EnvDefinition
    log: str | None


def builder() -> EnvBuilder:
    """The builder of this worker process for its cache folder (one per folder: it remembers interpreters)."""
    cache = default_cache_dir()
    with _LOCK:
        found = _BUILDERS.get(cache)
        if found is None:
            found = _BUILDERS[cache] = EnvBuilder(cache)
        return found


def ensure(definition: EnvDefinition, log: Path, progress: Callable[[str], None] | None = None) -> BuiltEnv:
    """Find or build ``definition`` in this worker's cache (blocking; run it in a task thread).

    The build log is appended to ``log``. Raises :class:`~designer.engine.environments.EnvBuildError`
    or :class:`~designer.engine.environments.PythonNotFound`.
    """
    b = builder()
    ready = b.find(definition)
    if ready is not None:
        return ready
    return asyncio.run(b.ensure(definition, log, progress))


def describe(built: BuiltEnv) -> dict[str, Any]:
    """A built environment as plain data for the task's result (paths are the worker's)."""
    return {"python": str(built.python), "bin_dir": str(built.bin_dir), "root": str(built.root or ""),
            "lock": dict(built.lock), "lock_hash": built.lock_hash, "key": built.key, "reused": built.reused,
            "python_version": built.python_version, "built_at": built.built_at}


def built_from(data: dict[str, Any]) -> BuiltEnv:
    """The :class:`BuiltEnv` of :func:`describe`'s data (on the runner: its paths are the worker's)."""
    return BuiltEnv(python=Path(data["python"]), bin_dir=Path(data["bin_dir"]),
                    lock={str(k): str(v) for k, v in data["lock"].items()}, lock_hash=str(data["lock_hash"]),
                    key=str(data["key"]), root=Path(data["root"]) if data.get("root") else None,
                    reused=bool(data.get("reused", True)), mode="build",
                    python_version=str(data.get("python_version") or ""),
                    built_at=float(data["built_at"]) if data.get("built_at") is not None else None)


def probe(minors: tuple[str, ...] = PROBED_PYTHONS) -> dict[str, Any]:
    """What this worker can build environments with: its uv (path, version or why not), its Pythons, its cache.

    ``pythons`` maps each of ``minors`` found here to ``"3.12.1 (pyenv: /path)"``; ``asked`` lists the
    minors looked for. Never raises: a missing uv is ``{"uv": None, "uv_error": "..."}``.
    """
    out: dict[str, Any] = {"cache": str(default_cache_dir()), "uv": None, "uv_version": None, "uv_error": None}
    try:
        uv = uv_binary()
        answer = subprocess.run([uv, "--version"], capture_output=True, text=True, timeout=20, check=False)
        if answer.returncode != 0:
            raise DesignerError(f"{uv} --version exited with code {answer.returncode}: {answer.stderr.strip()[:200]}")
        out["uv"], out["uv_version"] = uv, answer.stdout.strip().removeprefix("uv ").split(" ")[0]
    except (DesignerError, OSError, subprocess.TimeoutExpired) as exc:
        out["uv_error"] = str(exc)
    finder = Interpreters(default_cache_dir() / "interpreters.json")
    pythons: dict[str, str] = {}
    for minor in minors:
        try:
            found = finder.find(minor)
        except PythonNotFound:
            continue
        if found.minor == minor:
            pythons[minor] = f"{found.version} ({found.origin}: {found.path})"
    out["pythons"] = pythons
    out["asked"] = list(minors)
    out["default_python"] = finder.find(None).version
    return out
