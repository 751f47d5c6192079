"""``designer compute list``: the compute targets and whether each can run steps now."""

from __future__ import annotations

from typing import Annotated

import typer

from designer.cli.options import JsonOpt, WorkspaceOpt, open_workspace
from designer.cli.output import emit_json, err, out, plural, safe

group = typer.Typer(help="Compute targets.", no_args_is_help=True)


@group.command("list")
def compute_list(
    workspace: WorkspaceOpt = None,
    as_json: JsonOpt = False,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for each Dask scheduler.")] = 3.0,
) -> None:
    """List compute targets: kind, address, resources, max_parallel, and whether each is reachable."""
    import asyncio

    from rich.table import Table

    from designer.engine.executors.dask.cluster import fmt_resources
    from designer.engine.executors.dask.probe import probe_targets

    ws = open_workspace(workspace)
    rows = asyncio.run(probe_targets(ws.settings, ws.runs_dir, timeout))
    if as_json:
        emit_json({"targets": [r.to_dict() for r in rows]})
        return
    table = Table(box=None, header_style="bold")
    for col in ("target", "kind", "address", "resources", "max parallel", "reachable"):
        table.add_column(col)
    for r in rows:
        if r.kind != "dask":
            state = "[green]yes[/] (this machine)"
        elif not r.reachable:
            state = "[red]no[/]"
        elif r.workers:
            state = f"[green]yes[/] ({plural(len(r.workers), 'worker')})"
        else:
            state = "[yellow]yes[/] (no worker fits)"
        table.add_row(safe(r.name), r.kind, safe(r.address or ""),
                      "" if r.kind != "dask" else safe(fmt_resources(r.resources)), str(r.max_parallel), state)
    out.print(table)
    for r in rows:
        for worker, found in (r.environments or {}).items():
            if found.get("uv"):
                pythons = ", ".join(found.get("pythons") or {}) or "none found"
                out.print(f"  {safe(r.name)} / {safe(worker)}: uv {safe(str(found.get('uv_version')))}; "
                          f"Pythons {safe(pythons)}", markup=False, highlight=False)
    for r in rows:
        if r.error:
            err.print(f"[yellow]{safe(r.name)}:[/] {safe(r.error)}", markup=True)


def register(app: typer.Typer) -> None:
    """Add the ``compute`` group to ``app``."""
    app.add_typer(group, name="compute")
