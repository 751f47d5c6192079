"""Build and serve the web app: one process, the NiceGUI server with the runner in its event loop.

:func:`create_app` registers the pages on NiceGUI's app for one workspace and returns the
:class:`AppContext` they share (workspace, registry, store, runner, the live-run hub): there is no
process-wide state of ours, so tests build an app for a temporary workspace and serve it on a
free port. :func:`serve` starts the server.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nicegui import app as nicegui_app
from nicegui import ui

from designer.engine.recovery import recover
from designer.errors import DesignerError
from designer.registry import Registry
from designer.ui.live import RunHub
from designer.workspace import Workspace

log = logging.getLogger(__name__)
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass
class AppContext:
    """What every page of one app needs. ``store`` and ``runner`` are None when running is unavailable."""

    workspace: Workspace
    registry: Registry
    hub: RunHub = field(default_factory=RunHub)
    store: Any = None  # designer.store.Store
    runner: Any = None  # designer.engine.runner.Runner
    token: str | None = None
    runner_problem: str | None = None

    def close(self) -> None:
        """Cancel runs still going and close the store."""
        for handle in list(self.hub.handles.values()):
            handle.cancel()
        if self.store is not None:
            self.store.close()


def open_services(ctx: AppContext) -> None:
    """Open the run store and build the runner for ``ctx`` (reports to the store and the hub).

    When either cannot be set up, the designer still edits pipelines and ``runner_problem`` says
    why running is off.
    """
    try:
        from designer.engine.events import FanOut
        from designer.engine.runner import Runner
        from designer.store import Store
    except ImportError as exc:  # pragma: no cover - a partial installation
        ctx.runner_problem = f"the runner is not installed ({exc.name})"
        return
    try:
        ctx.workspace.ensure()
        ctx.store = Store.open(ctx.workspace.settings.db_url)
        recover(ctx.store, ctx.workspace.settings.stale_after_s)
        ctx.runner = Runner(ctx.workspace.settings, ctx.workspace.runs_dir, FanOut(ctx.store, ctx.hub), ctx.store,
                            resolver=ctx.registry, cancel_requested=ctx.store.cancel_requested)
    except DesignerError as exc:
        ctx.runner_problem = str(exc)
        log.warning("running pipelines is off: %s", exc)


def create_app(workspace: Workspace | str | Path, *, registry: Registry | None = None, store: Any = None,
               runner: Any = None, token: str | None = None, services: bool = True) -> AppContext:
    """Register the designer's pages for ``workspace`` and return their shared :class:`AppContext`.

    With ``services`` (the default) the run store is opened and a runner built unless ``store`` /
    ``runner`` are given. ``token`` makes every page require it (see :mod:`designer.ui.auth`).
    Raises :class:`~designer.errors.ConfigError` for a workspace that does not exist.
    """
    from designer.ui import designer_page, home

    ws = workspace if isinstance(workspace, Workspace) else Workspace(workspace)
    ctx = AppContext(ws, registry or Registry.for_workspace(ws), store=store, runner=runner, token=token)
    if services and runner is None:
        open_services(ctx)
    elif runner is None:
        ctx.runner_problem = "running is off in this app"
    home.register(ctx)
    designer_page.register(ctx)
    _register_run_pages(ctx)
    if token:
        from designer.ui.auth import TokenGate

        nicegui_app.add_middleware(TokenGate, token=token)
    nicegui_app.on_page_exception(_error_page)
    nicegui_app.on_exception(_report_exception)
    nicegui_app.on_shutdown(ctx.close)
    return ctx


def _error_page(exc: Exception) -> None:
    """What a page that failed to build shows instead of a traceback (NiceGUI logs the details)."""
    from designer.ui.frame import frame

    frame(None, title="Something went wrong")
    with ui.column().classes("w-full max-w-3xl mx-auto p-8 gap-3"):
        ui.icon("report", size="40px").classes("text-red-500")
        ui.label("This page could not be shown").classes("text-2xl font-semibold")
        if isinstance(exc, DesignerError):
            ui.label(str(exc)).classes("text-base")
        else:
            ui.label("An unexpected error happened; the details are in the log of the 'designer ui' process.")
        ui.button("Back to the pipelines", icon="arrow_back", on_click=lambda: ui.navigate.to("/")).props(
            "unelevated no-caps")


def _report_exception(exc: Exception) -> None:
    """An error in an event handler: tell the user in a sentence (NiceGUI logs the traceback)."""
    message = str(exc) if isinstance(exc, DesignerError) else (
        "Something went wrong; the details are in the log of the 'designer ui' process")
    try:
        ui.notify(message, type="negative", position="bottom", multi_line=True)
    except RuntimeError:  # no page to tell (a background task of no client)
        log.debug("no page to report %s to", type(exc).__name__)


def _register_run_pages(ctx: AppContext) -> None:
    """Add ``/runs`` and ``/runs/<id>`` (built in :mod:`designer.ui.runs`) when they are installed."""
    try:
        from designer.ui.runs import register_run_pages
    except ModuleNotFoundError as exc:
        if exc.name != "designer.ui.runs":
            raise
        return
    try:
        register_run_pages(ctx)
    except ImportError as exc:  # the runs pages are being built next to this code
        log.warning("the runs pages are not available: %s", exc)


def serve(ctx: AppContext, *, host: str = "127.0.0.1", port: int = 8080, show: bool = False) -> None:
    """Start the server (blocks until it stops)."""
    ui.run(host=host, port=port, reload=False, show=show, title="Pipeline Designer", favicon="🔀",
           show_welcome_message=False, storage_secret=secrets.token_urlsafe(16), reconnect_timeout=10.0)


def needs_token(host: str) -> bool:
    """True when ``host`` is reachable from other machines (anything but loopback)."""
    return host not in LOCAL_HOSTS
