"""Build and serve the web app: one process, the NiceGUI server with the runner in its event loop.

:func:`create_app` opens the services, registers each page module on NiceGUI's app for one workspace
and returns the :class:`~designer.ui.context.AppContext` they share: there is no process-wide state
of ours, so tests build an app for a temporary workspace and serve it on a free port. :func:`serve`
starts the server. This module only builds and serves; the pages never import it.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from nicegui import app as nicegui_app
from nicegui import background_tasks, run, ui

from designer.engine.recovery import recover
from designer.errors import DesignerError
from designer.registry import Registry
from designer.ui.auth import HostGate, TokenGate
from designer.ui.context import AppContext
from designer.ui.files import FileServer
from designer.ui.frame import frame
from designer.ui.pages import compare, home, runs
from designer.ui.pages.designer import page as designer_page
from designer.ui.pages.run import page as run_page
from designer.ui.styles import use_built_stylesheet
from designer.workspace import Workspace

if TYPE_CHECKING:
    from designer.engine.runner import Runner
    from designer.store import Store

log = logging.getLogger(__name__)
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
SWEEP_S = 3.0  # how often the UI looks for runs whose runner died (any process, any page open or not)


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


def create_app(workspace: Workspace | str | Path, *, registry: Registry | None = None, store: Store | None = None,
               runner: Runner | None = None, token: str | None = None, services: bool = True) -> AppContext:
    """Register the designer's pages for ``workspace`` and return their shared :class:`AppContext`.

    With ``services`` (the default) the run store is opened and a runner built unless ``store`` /
    ``runner`` are given. ``token`` makes every page require it (see :mod:`designer.ui.auth`).
    Raises :class:`~designer.errors.ConfigError` for a workspace that does not exist.
    """
    ws = workspace if isinstance(workspace, Workspace) else Workspace(workspace)
    ctx = AppContext(ws, registry or Registry.for_workspace(ws), store=store, runner=runner, token=token)
    if services and runner is None:
        open_services(ctx)
    elif runner is None:
        ctx.runner_problem = "running is off in this app"
    files = FileServer.for_workspace(ws.root, ws.runs_dir)
    files.register(nicegui_app)
    ctx.files = files
    home.register(ctx)
    designer_page.register(ctx)
    runs.register(ctx)
    compare.register(ctx)  # before /runs/<id>, which would take /runs/compare
    run_page.register(ctx, files)
    if token:
        nicegui_app.add_middleware(TokenGate, token=token)
    if ctx.store is not None:
        nicegui_app.on_startup(lambda: _start_sweep(ctx))
    nicegui_app.on_page_exception(_error_page)
    nicegui_app.on_exception(_report_exception)
    nicegui_app.on_shutdown(ctx.close)
    return ctx


def _error_page(exc: Exception) -> None:
    """What a page that failed to build shows instead of a traceback (NiceGUI logs the details)."""
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


def _start_sweep(ctx: AppContext) -> None:
    """Start the recovery sweep of ``ctx``'s store (once the server's loop runs)."""
    ctx.sweeps.append(background_tasks.create(recovery_sweep(ctx), name="designer-recovery-sweep"))


async def recovery_sweep(ctx: AppContext, every_s: float = SWEEP_S) -> None:
    """Every ``every_s`` seconds, close runs whose runner died (``interrupted``) and end their steps.

    Off the event loop (a thread): with only the UI open, a runner killed with ``kill -9`` shows as
    interrupted on ``/runs`` and its run page within the stale threshold plus ``every_s``, without
    anyone opening a page. A busy database is tried again on the next round.
    """
    store = ctx.store
    if store is None:
        return
    stale = ctx.workspace.settings.stale_after_s
    while True:
        try:
            await run.io_bound(recover, store, stale)
        except DesignerError as exc:
            log.debug("recovery sweep: %s", exc)
        await asyncio.sleep(every_s)


def serve(ctx: AppContext, *, host: str = "127.0.0.1", port: int = 8080, show: bool = False) -> None:
    """Start the server (blocks until it stops).

    A server bound to loopback answers only requests whose ``Host`` is a loopback name or ``host``
    (a web page on another site cannot reach it by DNS rebinding); see :class:`HostGate`.
    """
    nicegui_app.add_middleware(HostGate, bound=host)
    use_built_stylesheet()
    # tailwind=False: the utilities come built (designer.ui.styles), not from Tailwind in the browser
    ui.run(host=host, port=port, reload=False, show=show, title="Pipeline Designer", favicon="🔀",
           show_welcome_message=False, tailwind=False, storage_secret=secrets.token_urlsafe(16), reconnect_timeout=10.0)


def needs_token(host: str) -> bool:
    """True when ``host`` is reachable from other machines (anything but loopback)."""
    return host not in LOCAL_HOSTS
