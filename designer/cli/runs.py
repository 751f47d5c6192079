"""``designer runs list|show|logs|why|shell|cancel|name|note|edit``: the runs in the workspace's store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from designer.cli.options import JsonOpt, RunArg, WorkspaceOpt, open_store, open_workspace
from designer.cli.output import emit_json, err, out, safe, seconds, state_markup

if TYPE_CHECKING:
    from designer.store import Store
    from designer.store.records import RunRecord, StepRecord

group = typer.Typer(help="Inspect, follow and cancel runs.", no_args_is_help=True)

LOG_CHUNK_BYTES = 1 << 20  # per read while printing a log: memory stays bounded however large it is
FOLLOW_TICK_S = 0.2


def local_time(ts: float | None) -> str:
    """``ts`` as a local date and time (``2026-01-31 12:00:00``), or ``""`` when unknown."""
    import time

    return "" if ts is None else time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts))


def run_dict(r: RunRecord) -> dict[str, Any]:
    """One run as the JSON output shows it."""
    return {"run_id": r.id, "status": r.state, "pipeline": r.pipeline_name, "pipeline_file": r.pipeline_file,
            "source": r.source, "started_at": r.started_at, "ended_at": r.ended_at, "duration_s": r.duration,
            "steps_total": r.steps_total, "steps_done": r.steps_done, "steps_reused": r.steps_reused,
            "parameters": r.parameters, "run_dir": r.run_dir, "rerun_of": r.rerun_of, "error": r.error,
            "partial": r.partial, "resumed_from": r.resumed_from, "name": r.name, "note": r.note,
            "inputs": r.inputs}


def step_dict(s: StepRecord) -> dict[str, Any]:
    """One step of a run as the JSON output shows it."""
    return {"status": s.state, "reused_from": s.reused_from_run, "duration_s": s.duration, "outputs": s.outputs,
            "exit_code": s.exit_code, "compute": s.compute, "component": s.component, "message": s.message,
            "worker": s.worker, "fingerprint": s.fingerprint, "why": s.why, "reason": s.reason, "title": s.title,
            "parameters": s.parameters, "progress": s.progress}


def require_run(store: Store, run_id: str) -> RunRecord:
    """The run record of ``run_id``. Raises RunError naming it when there is none."""
    from designer.errors import RunError

    record = store.get_run(run_id)
    if record is None:
        raise RunError(f"no run '{run_id}'; see 'designer runs list'")
    return record


@group.command("list")
def runs_list(
    workspace: WorkspaceOpt = None,
    as_json: JsonOpt = False,
    limit: Annotated[int, typer.Option(help="Show at most this many runs, newest first.")] = 50,
    state: Annotated[str | None, typer.Option(help="Only runs in this state.")] = None,
    where: Annotated[str | None, typer.Option(
        "--where", help='Only runs whose metrics compare so, e.g. "accuracy > 0.9, loss < 0.3".')] = None,
    metric: Annotated[list[str] | None, typer.Option(
        "--metric", "-m", help="Add a column with this metric's last value (repeatable).")] = None,
    sort: Annotated[str | None, typer.Option(
        help="Order by this metric's last value, highest first (prefix '+' for lowest first: --sort +loss).")] = None,
) -> None:
    """List runs, newest first (runs whose runner died are marked interrupted first)."""
    from rich.table import Table

    from designer.engine.recovery import recover
    from designer.store import parse_metric_filters
    from designer.ui.format import number_text  # NiceGUI-free; the one owner of how metric values read

    filters = parse_metric_filters(where)
    sort_metric = sort.lstrip("+-") if sort else None
    columns = list(dict.fromkeys([*(metric or []), *(f.name for f in filters), *([sort_metric] if sort_metric else [])]))
    ws = open_workspace(workspace)
    with open_store(ws) as store:
        recover(store, ws.settings.stale_after_s)
        records = store.list_runs(state=state, limit=limit, metrics=filters, sort_metric=sort_metric,
                                  descending=not (sort or "").startswith("+"))
        values = store.last_metrics([r.id for r in records], columns)
    if as_json:
        emit_json({"runs": [{**run_dict(r), **({"metrics": values.get(r.id, {})} if columns else {})}
                            for r in records]})
        return
    table = Table(box=None, header_style="bold")
    for col in ("run", "status", "pipeline", "started", "duration", "steps", "reused", *columns):
        table.add_column(col, no_wrap=col != "pipeline", justify="right" if col in columns else "left")
    for r in records:
        found = values.get(r.id, {})
        pipeline = f"[bold]{safe(r.name)}[/] · {safe(r.pipeline_name)}" if r.name else safe(r.pipeline_name)
        table.add_row(r.id, state_markup(r.state), pipeline, local_time(r.started_at),
                      seconds(r.duration), f"{r.steps_done}/{r.steps_total}", str(r.steps_reused),
                      *(number_text(found[c]) if c in found else "" for c in columns))
    # Piped into a file or another program there is no screen to fit: do not squeeze columns away.
    if out.is_terminal:
        out.print(table)
    else:
        from rich.console import Console

        Console(highlight=False, soft_wrap=True, width=240).print(table)


@group.command("show")
def runs_show(
    run_id: RunArg,
    workspace: WorkspaceOpt = None,
    as_json: JsonOpt = False,
    packages: Annotated[bool, typer.Option("--packages", help="List the packages of every environment, the "
                                           "designer's own interpreter's too.")] = False,
) -> None:
    """Show one run: its state, error and every step; a sweep's trials (parameters, metric, state,
    duration) and a parallel step's mini-batches (state, duration, retries, error); the environment
    (lock) each step ran with."""
    from rich.table import Table

    from designer.cli.children import details, print_details
    from designer.cli.run_envs import print_environments
    from designer.engine.recovery import recover
    from designer.ui.format import progress_text
    from designer.ui.reads.children import is_trial
    from designer.ui.reads.environment import run_environments

    ws = open_workspace(workspace)
    with open_store(ws) as store:
        recover(store, ws.settings.stale_after_s)
        record = require_run(store, run_id)
        steps = store.steps(run_id)
        found = details(store, record, steps)  # a sweep's trials, a parallel step's mini-batches
        names = {s.step for s in steps}
        envs = run_environments(store, record, [s.step for s in steps if not is_trial(s.step, names)])
    if as_json:
        shown = {s.step: {**step_dict(s), "environment": envs[s.step].to_dict() if s.step in envs else None}
                 for s in steps}
        for name, info in found.items():
            shown[name].update(info)
        emit_json({**run_dict(record), "steps": shown})
        return
    out.print(f"[bold]{record.id}[/]  {state_markup(record.state)}  {safe(record.pipeline_name)} "
              f"({safe(record.pipeline_file)})", markup=True)
    if record.name:
        out.print(f"name: {safe(record.name)}", markup=True)
    if record.note:
        out.print(f"note: {safe(record.note)}", markup=True)
    for note in (f"partial run ({record.partial})" if record.partial else None, record.resumed_text):
        if note:
            out.print(safe(note), markup=True)
    table = Table(box=None, header_style="bold")
    with_progress = any(s.progress for s in steps)
    for col in ("step", "status", "duration", "reused from", "exit", *(["progress"] if with_progress else [])):
        table.add_column(col)
    for s in steps:
        if is_trial(s.step, names):
            continue  # listed with their parameters under the sweep's trials
        table.add_row(safe(s.step), state_markup(s.state), seconds(s.duration), safe(s.reused_from_run or ""),
                      "" if s.exit_code is None else str(s.exit_code),
                      *([safe(progress_text(s.progress))] if with_progress else []))
    out.print(table)
    print_details(found)
    print_environments(envs, packages=packages)
    if record.error:
        out.print(f"[red]error:[/] {safe(record.error)}", markup=True)


@group.command("logs")
def runs_logs(
    run_id: RunArg,
    step: Annotated[str, typer.Argument(help="A step name (outer/inner inside pipeline components).")],
    follow: Annotated[bool, typer.Option("--follow", "-f", help="Keep printing until the step ends.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Print a step's stdout (on stdout) and stderr (on stderr); with --follow, as they grow.

    The step's own output is passed through as it is (its colours included), like ``docker logs``.
    """
    import sys
    import time
    from pathlib import Path

    from designer.engine.artifacts import StepDirs, read_chunk
    from designer.engine.events import RUN_FINAL, STEP_FINAL
    from designer.errors import RunError
    from designer.spec.values import close_match

    ws = open_workspace(workspace)
    with open_store(ws) as store:
        record = require_run(store, run_id)
        names = [s.step for s in store.steps(run_id)]
        if step not in names:
            raise RunError(f"run '{run_id}' has no step '{step}'{close_match(step, names)}")
        dirs = StepDirs(Path(record.run_dir) / step)
        streams = [(dirs.stdout, sys.stdout), (dirs.stderr, sys.stderr)]
        offsets = [0, 0]

        def drain() -> None:
            for i, (path, stream) in enumerate(streams):
                while True:
                    text, offsets[i] = read_chunk(path, offsets[i], max_bytes=LOG_CHUNK_BYTES)
                    if not text:
                        break
                    stream.write(text)
                    stream.flush()

        drain()
        while follow:
            current = store.step(run_id, step)
            run_now = store.get_run(run_id)
            ended = (current is not None and current.state in STEP_FINAL) or (
                run_now is not None and run_now.state in RUN_FINAL)
            time.sleep(FOLLOW_TICK_S)
            drain()
            if ended:
                break


def require_step(store: Store, run_id: str, step: str) -> StepRecord:
    """Step ``step`` of run ``run_id``. Raises RunError naming the run, or the step with a close match."""
    from designer.errors import RunError
    from designer.spec.loader import close_match

    require_run(store, run_id)
    record = store.step(run_id, step)
    if record is None:
        names = [s.step for s in store.steps(run_id)]
        raise RunError(f"run '{run_id}' has no step '{step}'{close_match(step, names)}")
    return record


@group.command("why")
def runs_why(
    run_id: RunArg,
    step: Annotated[str, typer.Argument(help="A step name (outer/inner inside pipeline components).")],
    workspace: WorkspaceOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Say why a step ran or was reused: reused from which run, or what changed since its last run."""
    ws = open_workspace(workspace)
    with open_store(ws) as store:
        record = require_step(store, run_id, step)
    from designer.engine.why import describe

    sentence = describe(record.reason)
    if as_json:
        emit_json({"run_id": run_id, "step": step, "status": record.state, "why": sentence, "reason": record.reason})
        return
    out.print(safe(sentence), markup=True)


@group.command("shell")
def runs_shell(
    run_id: RunArg,
    step: Annotated[str, typer.Argument(help="A step name (outer/inner inside pipeline components).")],
    workspace: WorkspaceOpt = None,
) -> None:
    """Open $SHELL (or bash) where a step ran: its working folder, with its environment variables set.

    Prints the exact command that ran, to reproduce it by hand. A reused step opens where the run it
    was reused from ran it. Exits with the shell's exit code.
    """
    import json
    import os
    import shutil
    import subprocess
    from pathlib import Path

    from designer.engine.artifacts import StepDirs
    from designer.errors import RunError

    ws = open_workspace(workspace)
    with open_store(ws) as store:
        record = require_step(store, run_id, step)
        source = record
        if record.reused_from_run:
            source = require_step(store, record.reused_from_run, record.reused_from_step or step)
        where = require_run(store, source.run_id)
    dirs = StepDirs(Path(where.run_dir) / source.step)
    try:
        launch = json.loads(dirs.launch.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise RunError(f"step '{step}' of run '{run_id}' never started (state {record.state}), so there is no "
                       "folder to open a shell in; see 'designer runs why'") from None
    cwd = Path(launch.get("cwd") or dirs.root)
    if not cwd.is_dir():
        raise RunError(f"the working folder of step '{step}' is gone ({cwd}); run the step again")
    env = dict(os.environ)
    for key in launch.get("unset") or []:
        env.pop(key, None)
    env.update({str(k): str(v) for k, v in (launch.get("env") or {}).items()})
    remote_note = _remote_environment(Path(where.run_dir), source.step, env)
    shell = os.environ.get("SHELL") or shutil.which("bash") or "/bin/sh"
    command = launch.get("command") or record.command or ""
    err.print(f"step {safe(step)} of run {safe(run_id)}" + (f" (reused from run {safe(source.run_id)})"
                                                                 if source is not record else ""), markup=True)
    err.print(f"working folder: {safe(cwd)}", markup=True)
    err.print(f"the command that ran:\n  {safe(command)}", markup=True)
    if remote_note:
        err.print(safe(remote_note), markup=True)
    err.print(f"opening {safe(shell)}; exit it to come back", markup=True)
    done = subprocess.run([shell], cwd=cwd, env=env, check=False)
    raise typer.Exit(done.returncode)


def _remote_environment(run_dir: Path, step: str, env: dict[str, str]) -> str | None:
    """For a step whose environment a Dask worker built: activate it in ``env`` when this machine has it.

    Returns the line to print about it (None for a step whose environment was built here).
    """
    import os

    from designer.engine.environments.locks import read_run_locks

    locks = read_run_locks(run_dir)
    lock = locks.of(step) if locks is not None else None
    if lock is None or not lock.built_on or not lock.root:
        return None
    root = Path(lock.root)
    if (root / "bin" / "python").exists():  # a worker on this machine (or a shared cache folder)
        env["PATH"] = str(root / "bin") + os.pathsep + env.get("PATH", "")
        env["VIRTUAL_ENV"] = str(root)
        env.pop("PYTHONHOME", None)
        return f"environment: {root} (built by a worker of {lock.built_on}; activated here)"
    return (f"the step ran on a Dask worker of {lock.built_on}, in its environment at {root} on that worker; "
            "it is not on this machine, so this shell has this machine's interpreter")


@group.command("cancel")
def runs_cancel(run_id: RunArg, workspace: WorkspaceOpt = None) -> None:
    """Ask a running run to cancel (its runner polls for this once per heartbeat)."""
    ws = open_workspace(workspace)
    with open_store(ws) as store:
        record = require_run(store, run_id)
        if record.state != "running":
            out.print(f"run {safe(run_id)} is not running ({record.state}); nothing to cancel", markup=True)
            return
        store.request_cancel(run_id)
    out.print(f"cancel requested for run {safe(run_id)}; its steps get SIGTERM within {ws.settings.heartbeat_s:g} s",
              markup=True)


def _label(run_id: str, workspace: Path | None, as_json: bool, **fields: str | None) -> None:
    ws = open_workspace(workspace)
    with open_store(ws) as store:
        name, note = store.label_run(run_id, **fields)
    if as_json:
        emit_json({"run_id": run_id, "name": name, "note": note})
        return
    if "name" in fields:
        out.print(f"run {safe(run_id)} is named {safe(name)!r}" if name else f"run {safe(run_id)} has no name now",
                  markup=True)
    if "note" in fields:
        out.print(f"note of run {safe(run_id)} saved" if note else f"run {safe(run_id)} has no note now", markup=True)


NameArg = Annotated[str, typer.Argument(metavar="NAME", help='One line, e.g. "baseline"; "" clears it.')]
NoteArg = Annotated[str, typer.Argument(metavar="NOTE", help='Any text, e.g. "fraction 0.8 for more training rows"; "" clears it.')]


@group.command("name")
def runs_name(run_id: RunArg, name: NameArg, workspace: WorkspaceOpt = None, as_json: JsonOpt = False) -> None:
    """Give a run a name (shown in the runs list and in comparisons; searchable)."""
    _label(run_id, workspace, as_json, name=name)


@group.command("note")
def runs_note(run_id: RunArg, note: NoteArg, workspace: WorkspaceOpt = None, as_json: JsonOpt = False) -> None:
    """Write a note on a run (why it was made, what it showed)."""
    _label(run_id, workspace, as_json, note=note)


@group.command("edit")
def runs_edit(
    run_id: RunArg,
    name: Annotated[str | None, typer.Option("--name", help='The run\'s name; "" clears it.')] = None,
    note: Annotated[str | None, typer.Option("--note", help='The run\'s note; "" clears it.')] = None,
    workspace: WorkspaceOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Set a run's name and note at once (``--name`` and/or ``--note``)."""
    from designer.errors import RunError

    fields = {k: v for k, v in (("name", name), ("note", note)) if v is not None}
    if not fields:
        raise RunError("nothing to change: give --name \"...\" and/or --note \"...\"")
    _label(run_id, workspace, as_json, **fields)


def register(app: typer.Typer) -> None:
    """Add the ``runs`` group to ``app``."""
    app.add_typer(group, name="runs")
