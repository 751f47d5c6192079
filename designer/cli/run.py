"""``designer run FILE``: run a pipeline on this machine with a live table of its steps.

Imports stay inside the command: ``designer run`` must start fast and never import nicegui.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from designer.cli.options import JsonOpt, WorkspaceOpt, open_store, open_workspace
from designer.cli.output import emit_json, err, safe, seconds, state_markup

if TYPE_CHECKING:
    from designer.engine.plan import RunPlan
    from designer.engine.results import RunResult
    from designer.store import Store
    from designer.workspace import Workspace


class LiveSteps:
    """An event sink that keeps each step's state for the live table (rendered by rich's refresh thread)."""

    def __init__(self, plan: RunPlan) -> None:
        import time

        self.clock = time.monotonic
        self.rows: dict[str, dict[str, Any]] = {
            name: {"state": "pending", "since": None, "duration": None, "reused": None, "progress": None}
            for name in plan.steps}
        self.title = plan.name
        self.preparing: dict[str, str] = {}  # step -> what it waits for (its environment being built)

    def emit(self, event: object) -> None:
        """Take one engine event; only run starts and step state changes matter here."""
        from designer.engine.events import STEP_FINAL, RunStarted, StepProgress, StepStateChanged

        if isinstance(event, RunStarted):
            self.title = f"{event.pipeline_name}  run {event.run_id}"
        elif isinstance(event, StepProgress) and event.step in self.rows:
            self.rows[event.step]["progress"] = event.to_progress()
        elif isinstance(event, StepStateChanged) and event.step in self.rows:
            row = self.rows[event.step]
            row["state"] = event.state
            if event.state == "preparing":  # one progress line per environment being built
                self.preparing[event.step] = event.message or "building its environment"
                row["since"] = self.clock()
            else:
                self.preparing.pop(event.step, None)
            if event.state == "running":
                row["since"] = self.clock()
            elif event.state in STEP_FINAL:
                if row["since"] is not None:
                    row["duration"] = self.clock() - row["since"]
                row["reused"] = event.reused_from_run

    def __rich__(self) -> Any:
        from rich.table import Table

        from designer.ui.format import progress_text  # NiceGUI-free

        table = Table(title=safe(self.title), title_justify="left", box=None, header_style="bold")
        rows = list(self.rows.items())
        with_progress = any(row["progress"] for _, row in rows)  # a sweep's trials, a parallel step's batches
        for col in ("step", "state", "duration", "reused from", *(["progress"] if with_progress else [])):
            table.add_column(col)
        for name, row in rows:
            duration = row["duration"]
            if duration is None and row["since"] is not None:
                duration = self.clock() - row["since"]
            table.add_row(safe(name), state_markup(row["state"]), seconds(duration), safe(row["reused"] or ""),
                          *([safe(progress_text(row["progress"]))] if with_progress else []))
        if self.preparing:
            table.caption = "\n".join(f"{safe(step)}: {safe(note)}" for step, note in list(self.preparing.items()))
            table.caption_justify = "left"
        return table


async def run_live(plan: RunPlan, ws: Workspace, store: Store, show: bool, *, only: str | None = None,
                   from_step: str | None = None) -> RunResult:
    """Run ``plan`` (or part of it: ``only``/``from_step``), drawing the live table on stderr when ``show``.

    Ctrl+C cancels, twice kills. Raises RunError before anything runs for an unknown step or an
    upstream step of ``only`` that has no successful run.
    """
    import asyncio
    import signal

    from rich.live import Live

    from designer.engine.events import FanOut
    from designer.engine.runner import Runner

    live_steps = LiveSteps(plan)
    runner = Runner(ws.settings, ws.runs_dir, FanOut(store, live_steps), store, state_dir=ws.state_dir,
                    cancel_requested=store.cancel_requested)
    try:
        handle = await runner.start(plan, source="cli", only=only, from_step=from_step)
        if only is not None:  # the live table shows the one step that runs
            live_steps.rows = {k: v for k, v in live_steps.rows.items() if k in handle.plan.steps}
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


def run(
    file: Annotated[Path, typer.Argument(help="A pipeline job YAML file.")],
    set_: Annotated[list[str] | None, typer.Option("--set", help="Override a pipeline input: NAME=VALUE (repeatable).")] = None,
    force_rerun: Annotated[bool, typer.Option("--force-rerun", help="Run every step; reuse nothing.")] = False,
    only: Annotated[str | None, typer.Option("--only", metavar="STEP", help=(
        "Run just this step, on the latest successful outputs of its upstream steps."))] = None,
    from_step: Annotated[str | None, typer.Option("--from", metavar="STEP", help=(
        "Run this step and everything downstream of it; reuse the rest."))] = None,
    workspace: WorkspaceOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Run a pipeline on this machine, showing each step live. Exit 0 when it completed, 1 when it
    failed or was canceled, 2 when the input is not valid (or a --only/--from step cannot run).

    'designer runs why RUN STEP' says why a step ran or was reused."""
    import asyncio

    from designer.engine.plan import load_plan, parse_assignments
    from designer.engine.recovery import recover
    from designer.registry import Registry

    ws = open_workspace(workspace)
    plan = load_plan(file, ws.settings, resolver=Registry.for_workspace(ws), parameters=parse_assignments(set_),
                     force_rerun=force_rerun)
    ws.ensure()
    store = open_store(ws)
    try:
        recover(store, ws.settings.stale_after_s)
        result = asyncio.run(run_live(plan, ws, store, show=not as_json or err.is_terminal, only=only,
                                      from_step=from_step))
        record = store.get_run(result.run_id)
    finally:
        store.close()
    if as_json:
        emit_json(result.to_dict())
    else:
        took = sum(1 for r in result.steps.values() if r.state == "cached")
        colour = "green" if result.ok else "red"
        err.print(f"run [bold]{result.run_id}[/] [{colour}]{result.state}[/] "
                  f"({len(result.steps)} steps, {took} reused); files in {safe(result.run_dir)}", markup=True)
        if record is not None and record.partial:
            err.print(f"partial run ({safe(record.partial)})", markup=True)
        if record is not None and record.resumed_text:
            err.print(safe(record.resumed_text), markup=True)
        if result.error:
            err.print(f"[red]error:[/] {safe(result.error)}", markup=True)
    raise typer.Exit(0 if result.ok else 1)


def register(app: typer.Typer) -> None:
    """Add ``run`` to ``app``."""
    app.command()(run)
