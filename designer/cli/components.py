"""``designer components list|show|register``: the components the workspace can use."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from designer.cli.options import JsonOpt, WorkspaceOpt, open_workspace
from designer.cli.output import emit_json, fail, out, safe

if TYPE_CHECKING:
    from designer.registry import Entry

group = typer.Typer(help="List, show and register components.", no_args_is_help=True)


def entry_dict(entry: Entry) -> dict[str, Any]:
    """One component as the JSON output shows it."""
    comp = entry.component
    data: dict[str, Any] = {
        "name": entry.name,
        "version": entry.version,
        "source": entry.source,
        "path": str(entry.path),
        "kind": comp.kind,
        "display_name": comp.display_name,
        "description": comp.description,
        "category": comp.category,
        "icon": comp.icon,
        "inputs": {n: d.to_dict() for n, d in comp.inputs.items()},
        "outputs": {n: d.to_dict() for n, d in comp.outputs.items()},
    }
    if comp.kind == "command":
        data["command"] = comp.command
    return data


@group.command("list")
def components_list(workspace: WorkspaceOpt = None, as_json: JsonOpt = False) -> None:
    """List every component: built-in, in the workspace, and registered."""
    from rich.table import Table

    from designer.registry import Registry

    reg = Registry.for_workspace(open_workspace(workspace))
    entries, invalid = reg.entries(), reg.invalid()
    if as_json:
        emit_json({"components": [entry_dict(e) for e in entries],
                   "invalid": [{"name": i.name, "source": i.source, "path": str(i.path), "problem": i.reason,
                                "details": i.problem.to_dict()} for i in invalid]})
        return
    table = Table(box=None, header_style="bold")
    for col in ("name", "version", "category", "source", "description"):
        table.add_column(col)
    for e in sorted(entries, key=lambda e: (e.component.category, e.name, e.version)):
        table.add_row(safe(e.name), safe(e.version), safe(e.component.category), e.source,
                      safe(e.component.description or ""))
    for i in invalid:  # listed, not dropped: a component with a mistake must not just vanish
        table.add_row(f"[red]{safe(i.name)}[/]", "", "[red]invalid[/]", i.source, f"[red]{safe(i.reason)}[/]")
    out.print(table)


@group.command("show")
def components_show(
    name: Annotated[str, typer.Argument(help="NAME, NAME:VERSION or NAME@latest.")],
    workspace: WorkspaceOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show one component: its ports, parameters and command."""
    from designer.registry import Registry
    from designer.spec.values import close_match

    reg = Registry.for_workspace(open_workspace(workspace))
    ref = name.removeprefix("azureml:")
    version = label = None
    if "@" in ref:
        ref, label = ref.split("@", 1)
    elif ":" in ref:
        ref, version = ref.split(":", 1)
    entry = reg.find(ref, version, label)
    if entry is None:
        versions = reg.versions(ref)
        if versions:
            fail(f"component '{ref}' has no version '{version or label}'; known versions: {', '.join(versions)}")
        fail(f"unknown component '{ref}'{close_match(ref, reg.names())}; see 'designer components list'")
    data = entry_dict(entry)
    if as_json:
        emit_json(data)
        return
    out.print(f"[bold]{safe(entry.component.label)}[/]  {safe(entry.name)}:{safe(entry.version)}  "
              f"({entry.source}: {safe(entry.path)})", markup=True)
    if entry.component.description:
        out.print(safe(entry.component.description), markup=True)
    for direction in ("inputs", "outputs"):
        out.print(f"\n[bold]{direction}[/]", markup=True)
        for port, decl in data[direction].items():
            extras = ", ".join(f"{k}={v}" for k, v in decl.items() if k not in ("type", "description"))
            line = f"  {port}: {decl['type']}" + (f" ({extras})" if extras else "")
            line += f"  - {decl['description']}" if decl.get("description") else ""
            out.print(safe(line), markup=True)
    if "command" in data:
        out.print(f"\n[bold]command[/]\n  {safe(data['command'])}", markup=True)


@group.command("register")
def components_register(
    file: Annotated[Path, typer.Argument(help="A command component YAML file.")],
    version: Annotated[str | None, typer.Option(help="Register under this version instead of the file's.")] = None,
    workspace: WorkspaceOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Register a component as name:version (with a snapshot of its code), like 'az ml component create'."""
    from designer.registry import Registry

    ws = open_workspace(workspace)
    ws.ensure()
    entry = Registry.for_workspace(ws).register(file, version)
    if as_json:
        emit_json({"name": entry.name, "version": entry.version, "path": str(entry.path), "ref": entry.ref})
        return
    out.print(f"registered [bold]{safe(entry.name)}:{safe(entry.version)}[/] ({safe(entry.ref)})", markup=True)


def register(app: typer.Typer) -> None:
    """Add the ``components`` group to ``app``."""
    app.add_typer(group, name="components")
