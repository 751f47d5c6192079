"""What every page of one app shares, and the one way the UI starts and cancels runs.

:class:`AppContext` is built by :func:`designer.ui.app.create_app` and passed to each page's
``register``: pages never import the app module, nor each other. :meth:`AppContext.start_run` and
:meth:`AppContext.cancel_run` are used by the designer page and the run page alike, so a run started
from either is planned, recorded and followed the same way.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from designer.errors import DesignerError
from designer.registry import Registry
from designer.ui.live import RunHub
from designer.workspace import Workspace

if TYPE_CHECKING:
    from designer.engine.runner import RunHandle, Runner
    from designer.spec.clipboard import Clip
    from designer.store import Store
    from designer.ui.files import FileServer

log = logging.getLogger(__name__)


class RunUnavailable(DesignerError):
    """Running is off in this app (no store or runner), or the runner lacks what was asked."""


@dataclass
class AppContext:
    """What every page of one app needs. ``store`` and ``runner`` are None when running is unavailable
    (``runner_problem`` then says why)."""

    workspace: Workspace
    registry: Registry
    hub: RunHub = field(default_factory=RunHub)
    store: Store | None = None
    runner: Runner | None = None
    token: str | None = None
    runner_problem: str | None = None
    sweeps: list[asyncio.Task[None]] = field(default_factory=list)
    files: FileServer | None = None  # serves outputs (pictures, downloads) to the pages
    # The designer's copied steps: one for the app, so a copy can be pasted in another tab or after a reload.
    clipboard: Clip | None = None

    async def start_run(self, pipeline_file: str | Path, *, parameters: Mapping[str, Any] | None = None,
                        rerun_of: str | None = None, only: str | None = None,
                        from_step: str | None = None) -> RunHandle:
        """Plan ``pipeline_file`` off the event loop and start it in the embedded runner.

        ``only`` runs just that step (its inputs from the latest successful upstream outputs);
        ``from_step`` runs that step and everything downstream of it, reusing the rest. The handle is
        kept in the hub, so pages of this process can cancel the run directly.
        Returns the run's handle. Raises :class:`RunUnavailable` when running is off,
        :class:`~designer.errors.SpecError` for an invalid pipeline and
        :class:`~designer.errors.RunError` for bad parameters, missing data, an unknown step, or an
        upstream step without a successful run (``only``).
        """
        from nicegui import run

        runner = self.runner
        if runner is None:
            raise RunUnavailable(f"running is not available: {self.runner_problem or 'no runner'}")
        path = Path(pipeline_file)
        plan = await run.io_bound(runner.plan, path, parameters=parameters)
        if plan is None:  # the app is stopping
            raise asyncio.CancelledError
        handle = await runner.start(plan, source="ui", rerun_of=rerun_of, only=only, from_step=from_step)
        self.hub.handles[handle.run_id] = handle
        return handle

    async def cancel_run(self, run_id: str) -> None:
        """Cancel run ``run_id``: at once when this process runs it, else through the store's flag
        (the runner of another process polls it). Raises :class:`RunUnavailable` without a store and
        :class:`~designer.errors.RunError` for an unknown run."""
        from nicegui import run

        handle = self.hub.handles.get(run_id)
        if handle is not None:
            handle.cancel()
            return
        if self.store is None:
            raise RunUnavailable(f"running is not available: {self.runner_problem or 'no run store'}")
        await run.io_bound(self.store.request_cancel, run_id)

    def close(self) -> None:
        """Cancel runs still going, stop the background sweeps and close the store."""
        for handle in list(self.hub.handles.values()):
            handle.cancel()
        for task in self.sweeps:
            task.cancel()
        if self.store is not None:
            self.store.close()
