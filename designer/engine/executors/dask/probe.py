"""Whether each compute target can run steps now: its scheduler answers and which workers fit it.

Used by ``designer compute list``; nothing here starts or changes anything on a cluster.
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from designer.engine.executors.dask.cluster import fmt_resources
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
        status.workers = [w.label() for w in workers if w.offers(target)]
        if not status.workers:
            known = "; ".join(f"{w.label()}: {fmt_resources(w.resources)}" for w in workers) or "none"
            status.error = f"no worker offers {fmt_resources(target.resources)}; its workers: {known}"
        return status

    try:
        return list(await asyncio.gather(*(probe(t) for t in targets)))
    finally:
        await dask.close()
