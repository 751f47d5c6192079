"""``designer environments register|list|show|build|prune``: the environments steps run in."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from designer.cli.options import JsonOpt, WorkspaceOpt, open_workspace
from designer.cli.output import emit_json, err, out, plural, safe

if TYPE_CHECKING:
    from designer.engine.environments import EnvSettings
    from designer.engine.environments.steps import EnvSpec
    from designer.workspace import Workspace

group = typer.Typer(help="Register, list, show, pre-build and prune step environments.", no_args_is_help=True)


def env_settings(ws: Workspace) -> EnvSettings:
    """The workspace's environment settings (build mode when asked about definitions)."""
    from designer.engine.environments import env_settings as of_settings

    return of_settings(ws.settings)


@group.command("register")
def environments_register(
    file: Annotated[Path, typer.Argument(help="An Azure environment YAML (name, version, conda_file or image).")],
    workspace: WorkspaceOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Register an environment as name:version, like 'az ml environment create -f'."""
    from designer.engine.environments import RegisteredEnvironments, resolve

    ws = open_workspace(workspace)
    settings = replace(env_settings(ws), mode="build")
    registered = RegisteredEnvironments(settings.registered_dir)
    entry = registered.register(file, check=lambda data, base: resolve(data, base, settings, at=()))
    if as_json:
        emit_json({"name": entry.name, "version": entry.version, "ref": entry.ref, "path": str(entry.folder)})
        return
    out.print(f"registered environment [bold]{safe(entry.name)}:{safe(entry.version)}[/] ({safe(entry.ref)}; "
              f"also {safe('azureml:' + entry.name + '@latest')})", markup=True)


@group.command("list")
def environments_list(workspace: WorkspaceOpt = None, as_json: JsonOpt = False) -> None:
    """List the registered environments and the environments built on this machine."""
    from rich.table import Table

    from designer.engine.environments import EnvBuilder, RegisteredEnvironments

    ws = open_workspace(workspace)
    settings = env_settings(ws)
    registered = RegisteredEnvironments(settings.registered_dir).entries()
    built = EnvBuilder(settings.cache_dir).entries()
    if as_json:
        emit_json({"mode": settings.mode, "cache": str(settings.cache_dir),
                   "registered": [{"name": e.name, "version": e.version, "ref": e.ref, "description": e.description}
                                  for e in registered], "built": built})
        return
    out.print(f"mode: [bold]{settings.mode}[/] ({safe(settings.mode_source)}); cache: {safe(settings.cache_dir)}",
              markup=True)
    table = Table(title="registered", title_justify="left", box=None, header_style="bold")
    for col in ("reference", "description"):
        table.add_column(col)
    for e in registered:
        table.add_row(safe(e.ref), safe(e.description))
    out.print(table if registered else "registered: none (designer environments register env.yml)")
    table = Table(title="built on this machine", title_justify="left", box=None, header_style="bold")
    for col in ("key", "from", "python", "packages", "last used"):
        table.add_column(col)
    for b in built:
        used = time.strftime("%Y-%m-%d %H:%M", time.localtime(float(b["last_used"])))  # type: ignore[arg-type]
        table.add_row(safe(str(b["key"])[:12]), safe(b["source"]), safe(b["python"]), str(b["packages"]), used)
    out.print(table if built else "built: none yet")


@group.command("show")
def environments_show(
    reference: Annotated[str, typer.Argument(help="azureml:name:version, azureml:name@latest, a curated name, "
                                                  "or a conda file")],
    workspace: WorkspaceOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show what an environment resolves to, and its lock when it is built."""
    from designer.engine.environments import EnvBuilder, find_recipe, resolve

    ws = open_workspace(workspace)
    settings = replace(env_settings(ws), mode="build")
    spec: Any = reference
    if Path(reference).suffix in (".yml", ".yaml") and Path(reference).is_file():
        spec = {"conda_file": str(Path(reference).resolve())}
    elif not reference.startswith(("azureml:", "azureml://", "/subscriptions/")) and find_recipe(reference,
                                                                                                 settings.recipes):
        spec = f"azureml://registries/azureml/environments/{reference}/labels/latest"
    definition = resolve(spec, Path.cwd(), settings, at=())
    builder = EnvBuilder(settings.cache_dir)
    built = builder.find(definition)
    data: dict[str, Any] = {"reference": reference, "source": definition.source, "python": definition.python,
                            "requirements": list(definition.requirements), "notes": list(definition.notes),
                            "key": builder.key(definition), "built": built is not None,
                            "lock": built.lock if built else {}, "lock_hash": built.lock_hash if built else None}
    if as_json:
        emit_json(data)
        return
    out.print(f"[bold]{safe(definition.source)}[/]: Python {safe(definition.python or 'of this machine')}", markup=True)
    for req in definition.requirements:
        out.print(f"  {safe(req)}")
    for note in definition.notes:
        out.print(f"  [dim]{safe(note)}[/]", markup=True)
    if built is None:
        out.print("not built yet (it is built by the first run that needs it, or: designer environments build FILE)")
    else:
        out.print(f"built at {safe(built.root)} (lock {built.lock_hash[:12]}): "
                  + ", ".join(f"{safe(k)}=={safe(v)}" for k, v in sorted(built.lock.items())))


def document_specs(ws: Workspace, files: list[Path]) -> list[EnvSpec]:
    """The environment of every step of the pipelines or components in ``files``.

    Raises :class:`~designer.errors.SpecError` for a file that is not valid.
    """
    from designer.engine.environments.steps import step_env_spec
    from designer.registry import Registry
    from designer.spec.model import CommandComponent, Job, PipelineComponent, PipelineJob
    from designer.spec.validate import load_valid

    registry = Registry.for_workspace(ws)
    specs: list[EnvSpec] = []

    def walk(jobs: dict[str, Job]) -> None:
        for job in jobs.values():
            if isinstance(job.resolved, CommandComponent):
                specs.append(step_env_spec(job, job.resolved))
            elif isinstance(job.resolved, PipelineComponent):
                walk(job.resolved.jobs)

    for file in files:
        document, _ = load_valid(file, registry)
        if isinstance(document, PipelineJob | PipelineComponent):
            walk(document.jobs)
        elif isinstance(document, CommandComponent):
            specs.append(step_env_spec(None, document))
    return specs


def build_envs(ws: Workspace, specs: list[EnvSpec], *, quiet: bool = False) -> list[str]:
    """Build (or find) every environment in ``specs``, with a progress line each on stderr.

    Returns their keys. Raises :class:`~designer.errors.SpecError` / :class:`~designer.errors.DesignerError`
    for a definition that cannot be resolved or built (the installer's message).
    """
    import asyncio
    import tempfile

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from designer.engine.environments import EnvBuilder
    from designer.engine.environments.steps import resolve_spec

    settings = replace(env_settings(ws), mode="build")
    builder = EnvBuilder(settings.cache_dir)
    todo: dict[str, Any] = {}
    for spec in specs:
        definition = resolve_spec(spec, settings)
        todo.setdefault(builder.key(definition, fetch=True), definition)  # a missing Python: uv may fetch it
    log = Path(tempfile.mkstemp(prefix="designer-env-build-", suffix=".log")[1])
    # The bar counts an environment's stages (look, create, install, done): uv says no more than that.
    stages = 3
    with Progress(SpinnerColumn(), BarColumn(bar_width=24), MofNCompleteColumn(), TextColumn("{task.description}"),
                  TimeElapsedColumn(), console=err, disable=quiet, transient=False) as progress:
        for definition in todo.values():
            task = progress.add_task(f"{definition.describe()}: looking", total=stages)

            reached = [0]

            def say(text: str, task: Any = task, definition: Any = definition, reached: list[int] = reached) -> None:
                reached[0] = min(reached[0] + 1, stages - 1)
                progress.update(task, description=f"{definition.describe()}: {text}", completed=reached[0])

            built = asyncio.run(builder.ensure(definition, log, say))
            progress.update(task, description=f"{definition.describe()}: "
                                              f"{'ready' if built.reused else 'built'} ({len(built.lock)} packages)",
                            completed=stages)
    log.unlink(missing_ok=True)
    return list(todo)


@group.command("build")
def environments_build(
    files: Annotated[list[Path], typer.Argument(help="Pipeline or component YAML files.")],
    workspace: WorkspaceOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Build (ahead of a run) every environment the given pipelines or components need."""
    ws = open_workspace(workspace)
    keys = build_envs(ws, document_specs(ws, files), quiet=as_json)
    if as_json:
        emit_json({"environments": keys})
        return
    out.print(f"{plural(len(keys), 'environment')} ready")


@group.command("prune")
def environments_prune(
    days: Annotated[float, typer.Option(help="Remove environments no run used for this many days.")] = 30.0,
    workspace: WorkspaceOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Remove built environments that no run used recently (they are rebuilt when needed again)."""
    from designer.engine.environments import EnvBuilder

    settings = env_settings(open_workspace(workspace))
    removed = EnvBuilder(settings.cache_dir).prune(days * 86400)
    if as_json:
        emit_json({"removed": removed})
        return
    out.print(f"removed {plural(len(removed), 'environment')} not used for {days:g} days from {safe(settings.cache_dir)}")


def builtin_spec() -> EnvSpec:
    """The built-in components' shared environment (``components_registry/_shared/conda.yml``)."""
    from designer.engine.environments.steps import EnvSpec
    from designer.registry import builtin_dir

    return EnvSpec({"conda_file": "_shared/conda.yml"}, builtin_dir(), None, ("environment",))


def register(app: typer.Typer) -> None:
    """Add the ``environments`` group to ``app``."""
    app.add_typer(group, name="environments")
