"""``designer ui``: the web designer (with the runner inside it) for a workspace."""

from __future__ import annotations

from typing import Annotated

import typer

from designer.cli.options import WorkspaceOpt, open_workspace
from designer.cli.output import err, out, safe


def ui_command(
    workspace: WorkspaceOpt = None,
    host: Annotated[str, typer.Option(help="Address to listen on. Anything but 127.0.0.1/localhost needs a token.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8080,
    token: Annotated[str | None, typer.Option(
        help="Access token every page requires (generated when the host is not local and none is given).",
        envvar="DESIGNER_TOKEN", show_envvar=True)] = None,
    show: Annotated[bool, typer.Option("--show/--no-show", help="Open a browser tab.")] = False,
) -> None:
    """Start the web designer (with the runner inside it) for a workspace."""
    from designer.ui.app import create_app, needs_token, serve
    from designer.ui.auth import new_token

    ws = open_workspace(workspace)
    if needs_token(host) and not token:
        token = new_token()
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    ctx = create_app(ws, token=token or None)
    out.print(f"Pipeline Designer for [bold]{safe(ws.root)}[/]", markup=True)
    if ctx.runner_problem:
        err.print(f"[yellow]warning:[/] running pipelines is off: {safe(ctx.runner_problem)}", markup=True)
    out.print(safe(f"Open {url}" + ("  (the token is required from other machines too)" if token else "")),
              markup=True)
    serve(ctx, host=host, port=port, show=show)


def register(app: typer.Typer) -> None:
    """Add ``ui`` to ``app``."""
    app.command("ui")(ui_command)
