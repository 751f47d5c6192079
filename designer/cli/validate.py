"""``designer validate FILE``: every problem of a pipeline or component file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from designer.cli.options import JsonOpt, WorkspaceOpt, open_workspace
from designer.cli.output import emit_json, err, out, plural, print_problems, safe

if TYPE_CHECKING:
    from designer.errors import Problem
    from designer.registry import Registry
    from designer.workspace import Workspace


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
    registry = Registry.for_workspace(ws)
    problems = run_validate(file, registry)
    if not errors_of(problems):  # a valid file: can each step's environment be resolved and built here?
        problems += environment_problems(ws, file, registry)
    errors = errors_of(problems)
    if as_json:
        emit_json({"file": str(file), "valid": not errors, "problems": [p.to_dict() for p in problems]})
    else:
        print_problems(problems)
        if not errors:
            note = f" ({plural(len(problems), 'warning')})" if problems else ""
            out.print(f"[green]{safe(file)}: valid[/]{note}", markup=True)
        else:
            err.print(f"{plural(len(errors), 'error')} in {safe(file)}", markup=True)
    raise typer.Exit(2 if errors else 0)


def environment_problems(ws: Workspace, file: Path, registry: Registry) -> list[Problem]:
    """Every step environment of ``file`` that cannot be resolved (as a build-mode run would), as problems.

    Checked as in build mode whatever this workspace's mode: the file must still run where environments
    are built (Azure ML, a colleague's machine). In ``current`` mode a run here ignores the environments,
    so what is found is a warning that says so, and the file validates.
    """
    from dataclasses import replace

    from designer.engine.environments import env_settings
    from designer.engine.environments.steps import check_document
    from designer.spec.graph import flatten
    from designer.spec.model import PipelineJob
    from designer.spec.validate import load_valid

    document, _ = load_valid(file, registry)
    here = env_settings(ws.settings)
    settings = replace(here, mode="build")
    remote: set[int] = set()  # jobs on a Dask target: their workers have the Python, not necessarily this machine
    if isinstance(document, PipelineJob):
        remote = {id(fs.job) for fs in flatten(document).steps.values() if ws.settings.target(fs.compute)[0].kind == "dask"}
    problems = check_document(document, settings, remote)
    if here.mode == "current":
        source = "designer.toml" if here.mode_source == "designer.toml" else here.mode_source
        problems = [replace(p, severity="warning", message=f"{p.message} (a run here is not affected: environments "
                            f"mode is 'current', from {source}; a run where environments are built would fail)")
                    for p in problems]
    return problems


def register(app: typer.Typer) -> None:
    """Add ``validate`` to ``app``."""
    app.command()(validate)
