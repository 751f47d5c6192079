"""Options shared by the commands, and opening the workspace and its store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from designer.store import Store
    from designer.workspace import Workspace

WorkspaceOpt = Annotated[
    Path | None,
    typer.Option("--workspace", "-w", help="Workspace folder (default: $DESIGNER_WORKSPACE or the current folder).",
                 envvar="DESIGNER_WORKSPACE", show_envvar=False),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout instead of text.")]
RunArg = Annotated[str, typer.Argument(metavar="RUN", help="A run id.")]


def open_workspace(path: Path | None) -> Workspace:
    """The workspace for ``--workspace``. Raises ConfigError when it is missing or its settings are bad."""
    from designer.workspace import Workspace

    return Workspace.discover(path)


def open_store(ws: Workspace) -> Store:
    """The workspace's run store (created or migrated on first use). Imported here: it is the slow part."""
    from designer.store import Store

    return Store.open(ws.settings.db_url)
