"""Whether each compute target can run steps now: its scheduler answers, which workers fit it, and what
each of them builds environments with (uv and its version, the Python versions it has).

Used by ``designer compute list``; nothing here starts or changes anything on a cluster (asking a
worker for its Pythons may remember their versions in the worker's environment cache).
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from designer.engine.executors.dask.cluster import fmt_resources, reason
from designer.engine.executors.dask.executor import DaskExecutor
from designer.errors import DesignerError
from designer.workspace import LOCAL, ComputeTarget, Settings


@dataclass
class TargetStatus:
    """One compute target as configured, and what its scheduler said (``workers`` is None when not asked)."""

    name: str
    kind: str
    address: str | None
    resources: dict[str, float]
    max_parallel: int
    only_workers: list[str]
    retries: int
    reachable: bool = True
    workers: list[str] | None = None
    error: str | None = None
    # worker label -> {"uv", "uv_version", "uv_error", "pythons": {"3.12": "3.12.1 (pyenv: ...)"}, "cache"}
    environments: dict[str, dict[str, Any]] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The status as JSON-ready data."""
        return asdict(self)


async def probe_targets(settings: Settings, run_root: str | Path, timeout: float) -> list[TargetStatus]:
    """Every compute target of ``settings`` (``local`` first), each Dask one asked for its workers.

    Returns one status per target; a scheduler that does not answer within ``timeout`` seconds gives
    ``reachable=False`` with the reason in ``error``, never an exception.
    """
    targets = [t for _, t in sorted(settings.compute.items(), key=lambda kv: (kv[0] != LOCAL, kv[0]))]
    dask = DaskExecutor(settings, run_root, connect_timeout=timeout)

    async def probe(target: ComputeTarget) -> TargetStatus:
        status = TargetStatus(target.name, target.kind, target.address, dict(target.resources), target.max_parallel,
                              list(target.workers), target.retries)
        if target.kind != "dask":
            return status
        try:
            workers = await dask.workers(target)
        except DesignerError as exc:
            status.reachable, status.error = False, str(exc)
            return status
        fits = [w for w in workers if w.offers(target)]
        status.workers = [w.label() for w in fits]
        if not status.workers:
            known = "; ".join(f"{w.label()}: {fmt_resources(w.resources)}" for w in workers) or "none"
            status.error = f"no worker offers {fmt_resources(target.resources)}; its workers: {known}"
            return status
        try:
            found = await dask.envs.probe(await dask.cluster(target), fits)
        except (TimeoutError, OSError) as exc:
            status.error = f"could not ask its workers what they build environments with ({reason(exc)})"
            return status
        status.environments = {w.label(): found[w.address] for w in fits}
        missing = [dask.envs.no_uv(w, found[w.address]) for w in fits if not found[w.address].get("uv")]
        if missing:
            status.error = "; ".join(missing) + " (steps with an environment cannot be built there)"
        return status

    try:
        return list(await asyncio.gather(*(probe(t) for t in targets)))
    finally:
        await dask.close()
