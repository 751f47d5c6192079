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
from designer.engine.recovery import recover
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


# ------------------------------------------------------------------------------------- run and runs
# `designer run` and `designer runs ...`: the engine and the run store. Imported lazily: `designer run`
# must start fast and never import nicegui.


def _store(ws: Any) -> Any:
    """The workspace's run store (created or migrated on first use)."""
    from designer.store import Store

    return Store.open(ws.settings.db_url)


class _LiveSteps:
    """An event sink that keeps each step's state for the live table (rendered by rich's refresh thread)."""

    STYLE = {"completed": "green", "cached": "cyan", "failed": "red", "running": "yellow", "queued": "blue",
             "canceled": "magenta", "skipped": "dim", "pending": "dim"}

    def __init__(self, plan: Any) -> None:
        import time

        self.clock = time.monotonic
        self.rows: dict[str, dict[str, Any]] = {
            name: {"state": "pending", "since": None, "duration": None, "reused": None} for name in plan.steps}
        self.title = f"{plan.name}"

    def emit(self, event: Any) -> None:
        kind = type(event).__name__
        if kind == "RunStarted":
            self.title = f"{event.pipeline_name}  run {event.run_id}"
        elif kind == "StepStateChanged" and event.step in self.rows:
            row = self.rows[event.step]
            row["state"] = event.state
            if event.state == "running":
                row["since"] = self.clock()
            elif event.state in ("completed", "failed", "canceled", "cached", "skipped"):
                if row["since"] is not None:
                    row["duration"] = self.clock() - row["since"]
                row["reused"] = event.reused_from_run

    def __rich__(self) -> Any:
        from rich.table import Table

        table = Table(title=escape(self.title), title_justify="left", box=None, header_style="bold")
        for col in ("step", "state", "duration", "reused from"):
            table.add_column(col)
        for name, row in list(self.rows.items()):
            duration = row["duration"]
            if duration is None and row["since"] is not None:
                duration = self.clock() - row["since"]
            state = row["state"]
            table.add_row(escape(name), f"[{self.STYLE.get(state, 'white')}]{state}[/]",
                          "" if duration is None else f"{duration:.1f} s", row["reused"] or "")
        return table


async def _run_live(plan: Any, ws: Any, store: Any, show: bool) -> Any:
    import asyncio
    import signal

    from rich.live import Live

    from designer.engine.events import FanOut
    from designer.engine.runner import Runner

    live_steps = _LiveSteps(plan)
    runner = Runner(ws.settings, ws.runs_dir, FanOut(store, live_steps), store, state_dir=ws.state_dir,
                    cancel_requested=store.cancel_requested)
    try:
        handle = await runner.start(plan, source="cli")
    except BaseException:
        await runner.aclose()
        raise
    loop = asyncio.get_running_loop()
    interrupts = 0

    def on_signal() -> None:
        nonlocal interrupts
        interrupts += 1
        if interrupts == 1:
            err.print("canceling: steps get SIGTERM (press Ctrl+C again to kill them now)")
        handle.cancel(kill=interrupts > 1)

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, on_signal)
    try:
        if not show:
            return await handle.wait()
        if not err.is_terminal:  # no live redraws into a file or pipe: print the table once at the end
            result = await handle.wait()
            err.print(live_steps)
            return result
        with Live(live_steps, console=err, refresh_per_second=8, transient=False, redirect_stdout=False,
                  redirect_stderr=False):
            return await handle.wait()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        await runner.aclose()


@app.command()
def run(
    file: Annotated[Path, typer.Argument(help="A pipeline job YAML file.")],
    set_: Annotated[list[str] | None, typer.Option("--set", help="Override a pipeline input: NAME=VALUE (repeatable).")] = None,
    force_rerun: Annotated[bool, typer.Option("--force-rerun", help="Run every step; reuse nothing.")] = False,
    workspace: WorkspaceOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Run a pipeline on this machine, showing each step live. Exit 0 when it completed, 1 when it
    failed or was canceled, 2 when the input is not valid."""
    import asyncio

    from designer.engine.plan import load_plan, parse_assignments
    from designer.registry import Registry

    ws = open_workspace(workspace)
    plan = load_plan(file, ws.settings, resolver=Registry.for_workspace(ws), parameters=parse_assignments(set_),
                     force_rerun=force_rerun)
    ws.ensure()
    store = _store(ws)
    try:
        recover(store, ws.settings.stale_after_s)
        result = asyncio.run(_run_live(plan, ws, store, show=not as_json or err.is_terminal))
    finally:
        store.close()
    if as_json:
        emit_json(result.to_dict())
    else:
        took = sum(1 for r in result.steps.values() if r.state == "cached")
        colour = "green" if result.ok else "red"
        err.print(f"run [bold]{result.run_id}[/] [{colour}]{result.state}[/] "
                  f"({len(result.steps)} steps, {took} reused); files in {escape(str(result.run_dir))}", markup=True)
        if result.error:
            err.print(f"[red]error:[/] {escape(result.error)}", markup=True)
    raise typer.Exit(0 if result.ok else 1)


def _ago(ts: float | None) -> str:
    import time

    if ts is None:
        return ""
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts))


def _run_dict(r: Any) -> dict[str, Any]:
    return {"run_id": r.id, "status": r.state, "pipeline": r.pipeline_name, "pipeline_file": r.pipeline_file,
            "source": r.source, "started_at": r.started_at, "ended_at": r.ended_at, "duration_s": r.duration,
            "steps_total": r.steps_total, "steps_done": r.steps_done, "steps_reused": r.steps_reused,
            "parameters": r.parameters, "run_dir": r.run_dir, "rerun_of": r.rerun_of, "error": r.error}


def _require_run(store: Any, run_id: str) -> Any:
    """The run record of ``run_id``; raises RunError naming it when there is none."""
    from designer.errors import RunError

    record = store.get_run(run_id)
    if record is None:
        raise RunError(f"no run '{run_id}'; see 'designer runs list'")
    return record


def _step_dict(s: Any) -> dict[str, Any]:
    return {"status": s.state, "reused_from": s.reused_from_run, "duration_s": s.duration, "outputs": s.outputs,
            "exit_code": s.exit_code, "compute": s.compute, "component": s.component, "message": s.message,
            "worker": s.worker, "fingerprint": s.fingerprint}


@runs_app.command("list")
def runs_list(
    workspace: WorkspaceOpt = None,
    as_json: JsonOpt = False,
    limit: Annotated[int, typer.Option(help="Show at most this many runs, newest first.")] = 50,
    state: Annotated[str | None, typer.Option(help="Only runs in this state.")] = None,
) -> None:
    """List runs, newest first (runs whose runner died are marked interrupted first)."""
    from rich.table import Table

    ws = open_workspace(workspace)
    with _store(ws) as store:
        recover(store, ws.settings.stale_after_s)
        records = store.list_runs(state=state, limit=limit)
    if as_json:
        emit_json({"runs": [_run_dict(r) for r in records]})
        return
    table = Table(box=None, header_style="bold")
    for col in ("run", "status", "pipeline", "started", "duration", "steps", "reused"):
        table.add_column(col, no_wrap=col != "pipeline")
    for r in records:
        table.add_row(r.id, r.state, escape(r.pipeline_name), _ago(r.started_at),
                      "" if r.duration is None else f"{r.duration:.1f} s", f"{r.steps_done}/{r.steps_total}",
                      str(r.steps_reused))
    out.print(table)


@runs_app.command("show")
def runs_show(
    run_id: Annotated[str, typer.Argument(metavar="RUN", help="A run id.")],
    workspace: WorkspaceOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show one run: its state, error and every step."""
    from rich.table import Table


    ws = open_workspace(workspace)
    with _store(ws) as store:
        recover(store, ws.settings.stale_after_s)
        record = _require_run(store, run_id)
        steps = store.steps(run_id)
    if as_json:
        emit_json({**_run_dict(record), "steps": {s.step: _step_dict(s) for s in steps}})
        return
    out.print(f"[bold]{record.id}[/]  {record.state}  {escape(record.pipeline_name)} ({escape(record.pipeline_file)})",
              markup=True)
    table = Table(box=None, header_style="bold")
    for col in ("step", "status", "duration", "reused from", "exit"):
        table.add_column(col)
    for s in steps:
        table.add_row(escape(s.step), s.state, "" if s.duration is None else f"{s.duration:.1f} s",
                      s.reused_from_run or "", "" if s.exit_code is None else str(s.exit_code))
    out.print(table)
    if record.error:
        out.print(f"[red]error:[/] {escape(record.error)}", markup=True)


@runs_app.command("logs")
def runs_logs(
    run_id: Annotated[str, typer.Argument(metavar="RUN", help="A run id.")],
    step: Annotated[str, typer.Argument(help="A step name (outer/inner inside pipeline components).")],
    follow: Annotated[bool, typer.Option("--follow", "-f", help="Keep printing until the step ends.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Print a step's stdout (on stdout) and stderr (on stderr); with --follow, as they grow."""
    import time

    from designer.errors import RunError
    from designer.spec.loader import close_match

    ws = open_workspace(workspace)
    with _store(ws) as store:
        record = _require_run(store, run_id)
        names = [s.step for s in store.steps(run_id)]
        if step not in names:
            raise RunError(f"run '{run_id}' has no step '{step}'{close_match(step, names)}")
        logs = Path(record.run_dir) / step / "logs"
        streams = [(logs / "stdout.txt", sys.stdout), (logs / "stderr.txt", sys.stderr)]
        offsets = [0, 0]

        def drain() -> None:
            for i, (path, stream) in enumerate(streams):
                try:
                    with open(path, "rb") as fh:
                        fh.seek(offsets[i])
                        data = fh.read()
                except OSError:
                    continue
                offsets[i] += len(data)
                if data:
                    stream.write(data.decode("utf-8", errors="replace"))
                    stream.flush()

        drain()
        while follow:
            current = store.step(run_id, step)
            run_now = store.get_run(run_id)
            ended = (current is not None and current.state in ("completed", "failed", "canceled", "cached", "skipped")) \
                or (run_now is not None and run_now.state != "running")
            time.sleep(0.2)
            drain()
            if ended:
                break


@runs_app.command("cancel")
def runs_cancel(
    run_id: Annotated[str, typer.Argument(metavar="RUN", help="A run id.")],
    workspace: WorkspaceOpt = None,
) -> None:
    """Ask a running run to cancel (its runner polls for this once per heartbeat)."""
    ws = open_workspace(workspace)
    with _store(ws) as store:
        record = _require_run(store, run_id)
        if record.state != "running":
            out.print(f"run {run_id} is not running ({record.state}); nothing to cancel")
            return
        store.request_cancel(run_id)
    out.print(f"cancel requested for run {run_id}; its steps get SIGTERM within {ws.settings.heartbeat_s:g} s")


# ---------------------------------------------------------------------------------------------- ui


@app.command("ui")
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
    out.print(f"Pipeline Designer for [bold]{escape(str(ws.root))}[/]", markup=True)
    if ctx.runner_problem:
        err.print(f"[yellow]warning:[/] running pipelines is off: {escape(ctx.runner_problem)}", markup=True)
    out.print(f"Open {url}" + ("  (the token is required from other machines too)" if token else ""))
    serve(ctx, host=host, port=port, show=show)


# ------------------------------------------------------------------------------------------- compute


async def _probe_targets(ws: Any, timeout: float) -> list[dict[str, Any]]:
    """Each compute target as a dict, with whether its scheduler answers and which workers serve it."""
    import asyncio

    from designer.engine.executors.dask.cluster import fmt_resources
    from designer.engine.executors.dask.executor import DaskExecutor
    from designer.errors import DesignerError

    targets = [t for _, t in sorted(ws.settings.compute.items(), key=lambda kv: (kv[0] != "local", kv[0]))]
    dask = DaskExecutor(ws.settings, ws.runs_dir, connect_timeout=timeout)

    async def probe(target: Any) -> dict[str, Any]:
        row: dict[str, Any] = {"name": target.name, "kind": target.kind, "address": target.address,
                               "resources": dict(target.resources), "max_parallel": target.max_parallel,
                               "only_workers": list(target.workers), "retries": target.retries,
                               "reachable": True, "workers": None, "error": None}
        if target.kind != "dask":
            return row
        try:
            workers = await dask.workers(target)
        except DesignerError as exc:
            row.update(reachable=False, error=str(exc))
            return row
        row["workers"] = [w.label() for w in workers if w.offers(target)]
        if not row["workers"]:
            known = "; ".join(f"{w.label()}: {fmt_resources(w.resources)}" for w in workers) or "none"
            row["error"] = f"no worker offers {fmt_resources(target.resources)}; its workers: {known}"
        return row

    try:
        return list(await asyncio.gather(*(probe(t) for t in targets)))
    finally:
        await dask.close()


@compute_app.command("list")
def compute_list(
    workspace: WorkspaceOpt = None,
    as_json: JsonOpt = False,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for each Dask scheduler.")] = 3.0,
) -> None:
    """List compute targets: kind, address, resources, max_parallel, and whether each is reachable."""
    import asyncio

    from rich.table import Table

    from designer.engine.executors.dask.cluster import fmt_resources

    rows = asyncio.run(_probe_targets(open_workspace(workspace), timeout))
    if as_json:
        emit_json({"targets": rows})
        return
    table = Table(box=None, header_style="bold")
    for col in ("target", "kind", "address", "resources", "max parallel", "reachable"):
        table.add_column(col)
    for r in rows:
        if r["kind"] != "dask":
            state = "[green]yes[/] (this machine)"
        elif not r["reachable"]:
            state = "[red]no[/]"
        else:
            n = len(r["workers"])
            state = f"[green]yes[/] ({n} worker{'s' if n != 1 else ''})" if n else "[yellow]yes[/] (no worker fits)"
        table.add_row(escape(r["name"]), r["kind"], escape(r["address"] or ""),
                      "" if r["kind"] != "dask" else fmt_resources(r["resources"]), str(r["max_parallel"]), state)
    out.print(table)
    for r in rows:
        if r["error"]:
            err.print(f"[yellow]{escape(r['name'])}:[/] {escape(r['error'])}", markup=True)


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
