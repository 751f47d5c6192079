"""``designer init [FOLDER]``: a ready sample workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from designer.cli.options import JsonOpt
from designer.cli.output import emit_json, out, safe


def init(
    folder: Annotated[Path, typer.Argument(help="The workspace folder to create (or fill).")] = Path("."),
    build: Annotated[bool, typer.Option("--build/--no-build",
                                        help="Build the built-in components' environment now.")] = True,
    as_json: JsonOpt = False,
) -> None:
    """Create a ready sample workspace: every template as a pipeline, and a commented designer.toml.

    Also builds the built-in components' environment up front (unless --no-build, or in 'current' mode),
    so the first template run does not wait for it.
    """
    from designer.cli.environments import build_envs, builtin_spec, env_settings
    from designer.templates import scaffold_workspace

    ws, created = scaffold_workspace(folder)
    prebuilt: list[str] = []
    if build and env_settings(ws).mode == "build":
        prebuilt = build_envs(ws, [builtin_spec()], quiet=as_json)
    if as_json:
        emit_json({"workspace": str(ws.root), "pipelines": [str(p) for p in created], "environments": prebuilt})
        return
    out.print(f"workspace ready: [bold]{safe(ws.root)}[/] ({len(created)} sample pipelines)", markup=True)
    out.print(f"start the designer with: designer ui --workspace {safe(folder)}", markup=True)


def register(app: typer.Typer) -> None:
    """Add ``init`` to ``app``."""
    app.command()(init)
