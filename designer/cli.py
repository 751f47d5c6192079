"""The ``designer`` command: parse, call, print. Thin on purpose.

Every user-facing failure is a :class:`~designer.errors.DesignerError`; it is printed without a
traceback and the command exits with 2. Heavy modules (the engine, the store, NiceGUI) are imported
inside the commands that need them, so ``designer run`` starts fast and never imports nicegui.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from designer import __version__
from designer.errors import DesignerError, Problem, SpecError

app = typer.Typer(
    name="designer",
    help="Design, run and inspect machine-learning pipelines (Azure ML CLI v2 YAML) on this machine.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
components_app = typer.Typer(help="List, show and register components.", no_args_is_help=True)
runs_app = typer.Typer(help="Inspect, follow and cancel runs.", no_args_is_help=True)
compute_app = typer.Typer(help="Compute targets.", no_args_is_help=True)
app.add_typer(components_app, name="components")
app.add_typer(runs_app, name="runs")
app.add_typer(compute_app, name="compute")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

WorkspaceOpt = Annotated[
    Path | None,
    typer.Option("--workspace", "-w", help="Workspace folder (default: $DESIGNER_WORKSPACE or the current folder).",
                 envvar="DESIGNER_WORKSPACE", show_envvar=False),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout instead of text.")]


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``message`` on stderr (no traceback) and exit with ``code``."""
    err.print(f"[bold red]error:[/] {escape(message)}", markup=True, highlight=False)
    raise typer.Exit(code)


def print_problems(problems: list[Problem]) -> None:
    """Print problems as ``file:line:col: path: message`` lines on stderr, errors first."""
    for p in sorted(problems, key=lambda p: p.severity != "error"):
        colour = "red" if p.severity == "error" else "yellow"
        err.print(f"[{colour}]{escape(p.format())}[/]", markup=True, highlight=False)


def emit_json(data: Any) -> None:
    """Write ``data`` as one JSON object on stdout."""
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")
    sys.stdout.flush()


def open_workspace(path: Path | None) -> Any:
    """The :class:`~designer.workspace.Workspace` for ``--workspace``."""
    from designer.workspace import Workspace

    return Workspace.discover(path)


def _version_callback(value: bool) -> None:
    if value:
        out.print(f"designer {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version_callback, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Pipeline Designer."""


# ------------------------------------------------------------------------------------------ validate


@app.command()
def validate(
    file: Annotated[Path, typer.Argument(help="A pipeline or component YAML file.")],
    workspace: WorkspaceOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check a pipeline or component file; print every problem. Exit 0 when valid, 2 otherwise."""
    from designer.registry import Registry
    from designer.spec.validate import errors_of
    from designer.spec.validate import validate as run_validate

    ws = open_workspace(workspace)
    problems = run_validate(file, Registry.for_workspace(ws))
    errors = errors_of(problems)
    if as_json:
        emit_json({"file": str(file), "valid": not errors, "problems": [p.to_dict() for p in problems]})
    else:
        print_problems(problems)
        if not errors:
            note = f" ({len(problems)} warning{'s' if len(problems) != 1 else ''})" if problems else ""
            out.print(f"[green]{file}: valid[/]{note}", markup=True)
        else:
            err.print(f"{len(errors)} error{'s' if len(errors) != 1 else ''} in {file}")
    raise typer.Exit(2 if errors else 0)


# ---------------------------------------------------------------------------------------- components


def _entry_dict(entry: Any) -> dict[str, Any]:
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


@components_app.command("list")
def components_list(workspace: WorkspaceOpt = None, as_json: JsonOpt = False) -> None:
    """List every component: built-in, in the workspace, and registered."""
    from rich.table import Table

    from designer.registry import Registry

    reg = Registry.for_workspace(open_workspace(workspace))
    entries = reg.entries()
    if as_json:
        emit_json({"components": [_entry_dict(e) for e in entries]})
        return
    table = Table(box=None, header_style="bold")
    for col in ("name", "version", "category", "source", "description"):
        table.add_column(col)
    for e in sorted(entries, key=lambda e: (e.component.category, e.name, e.version)):
        table.add_row(e.name, e.version, e.component.category, e.source, e.component.description or "")
    out.print(table)


@components_app.command("show")
def components_show(
    name: Annotated[str, typer.Argument(help="NAME, NAME:VERSION or NAME@latest.")],
    workspace: WorkspaceOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show one component: its ports, parameters and command."""
    from designer.registry import Registry
    from designer.spec.loader import close_match

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
    data = _entry_dict(entry)
    if as_json:
        emit_json(data)
        return
    out.print(f"[bold]{entry.component.label}[/]  {entry.name}:{entry.version}  ({entry.source}: {entry.path})", markup=True)
    if entry.component.description:
        out.print(entry.component.description)
    for direction in ("inputs", "outputs"):
        out.print(f"\n[bold]{direction}[/]", markup=True)
        for port, decl in data[direction].items():
            extras = ", ".join(f"{k}={v}" for k, v in decl.items() if k not in ("type", "description"))
            out.print(f"  {port}: {decl['type']}" + (f" ({extras})" if extras else "")
                      + (f"  - {decl['description']}" if decl.get("description") else ""))
    if "command" in data:
        out.print(f"\n[bold]command[/]\n  {data['command']}", markup=True)


@components_app.command("register")
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
    out.print(f"registered [bold]{entry.name}:{entry.version}[/] ({entry.ref})", markup=True)


# ---------------------------------------------------------------------------------------------- init


SAMPLE_SETTINGS = """\
# Pipeline Designer workspace settings. Every key is optional; DESIGNER_* variables override them.
#
# [store]
# url = "sqlite:///.designer/designer.db"     # or a PostgreSQL URL
#
# [compute.local]
# max_parallel = 2
#
# [compute.gpu]                               # a Dask cluster target (pip install 'pipeline-designer[dask]')
# kind = "dask"
# address = "tcp://127.0.0.1:8786"
# resources = { GPU = 1 }
"""


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="The workspace folder to create (or fill).")] = Path("."),
    as_json: JsonOpt = False,
) -> None:
    """Create a ready sample workspace: every template as a pipeline, and a commented designer.toml."""
    import shutil

    from designer.registry import templates_dir
    from designer.workspace import Workspace

    folder.mkdir(parents=True, exist_ok=True)
    created: list[str] = []
    templates = templates_dir()
    for tpl in sorted(templates.glob("*/pipeline.yml")) if templates.is_dir() else []:
        dest = folder / tpl.parent.name
        if dest.exists():
            continue
        shutil.copytree(tpl.parent, dest, ignore=shutil.ignore_patterns("__pycache__"))
        created.append(str(dest / "pipeline.yml"))
    settings = folder / "designer.toml"
    if not settings.exists():
        settings.write_text(SAMPLE_SETTINGS, encoding="utf-8")
    ws = Workspace(folder)
    ws.ensure()
    if as_json:
        emit_json({"workspace": str(ws.root), "pipelines": created})
        return
    out.print(f"workspace ready: [bold]{ws.root}[/] ({len(created)} sample pipelines)", markup=True)
    out.print(f"start the designer with: designer ui --workspace {folder}")


# -------------------------------------------------------------------------------------------- main


def main() -> None:
    """Entry point of the ``designer`` console script."""
    try:
        app()
    except SpecError as exc:
        print_problems(exc.problems)
        sys.exit(2)
    except DesignerError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", markup=True, highlight=False)
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
