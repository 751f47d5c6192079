"""A step's run in the designer's side panel: its state, error, and the tail of its log."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

from nicegui import run, ui

from designer.engine.artifacts import read_tail
from designer.engine.events import STEP_FINAL
from designer.engine.why import describe
from designer.errors import DesignerError
from designer.spec.model import Job
from designer.ui.environment import environment_block
from designer.ui.format import duration_text
from designer.ui.live import StepView
from designer.ui.pages.designer.failures import error_block
from designer.ui.pages.designer.forms import PanelHost
from designer.ui.pages.designer.step_results import results_section
from designer.ui.reads.environment import split_build_log
from designer.ui.states import state_look
from designer.ui.widgets import attrs, background, io

if TYPE_CHECKING:
    pass



LOG_LINES = 400
LOG_BYTES = 64_000

# ------------------------------------------------------------------------------------------- run info


def run_section(page: PanelHost, job: Job) -> None:
    """The run of step ``job`` (when the page follows a run): state, error, log tail, a link to the run."""
    if page.run is None:
        return
    s = page.session
    prefix = "".join(f"{v}/" for v in s.view)
    path = prefix + job.name
    step = page.run.steps.get(path)
    with ui.card().classes("w-full gap-2 p-3 designer-card").props('flat bordered data-testid="step-run"'):
        if step is None:
            inner = {k: v for k, v in page.run.steps.items() if k.startswith(path + "/")}
            live = s.live_for(path, job)
            _state_line(live.status, live.duration_s)
            for k, v in inner.items():
                with ui.row().classes("items-center gap-2 text-xs no-wrap"):
                    look = state_look(v.status)
                    ui.icon(look.icon, size="14px", color=look.color)
                    ui.label(k[len(path) + 1:])
            if inner:
                ui.label("Double-click the step to open it and see each inner step's log.").classes(
                    "designer-muted text-xs")
            return
        _state_line(step.status, step.duration_s, step)
        _why_line(page, path)
        if step.status == "failed":  # the component's own sentence, a fix when it names one
            error_block(page, path, step)
        elif step.message and step.status in ("skipped", "canceled"):
            ui.label(step.message).classes("designer-muted text-sm")
        results_section(page, job)  # metric cards and charts before the log they were printed in
        # a failed step's error output is under its sentence (error_block), one click away
        _log_view(page, path, step, errors=step.status != "failed")
        if step.status in STEP_FINAL:  # what it ran with (found once the step has ended)
            environment_block(page.ctx.store, page.run.run_id, path)
        with ui.row().classes("w-full justify-end"):
            target = f"/runs/{quote(page.run.run_id)}?" + urlencode(
                {"step": path, "tab": "metrics" if step.status in ("completed", "cached") else "details"})
            ui.link("Run details →", target).classes("text-xs").props('data-testid="run-details"')


def _why_line(page: PanelHost, path: str) -> None:
    """Why the step ran or was reused in the run followed, read from the store off the loop."""
    store, run_view = page.ctx.store, page.run
    if store is None or run_view is None:
        return
    line = attrs(ui.label().classes("text-sm designer-muted"), data_testid="step-why")
    line.set_visibility(False)
    run_id = run_view.run_id

    async def fill() -> None:
        try:
            reason = await io(store.step_reason, run_id, path)
        except DesignerError:  # a run this store does not know (yet): nothing to say
            return
        if reason and not line.is_deleted:
            line.set_text(describe(reason))
            line.set_visibility(True)

    background(fill())


def _state_line(status: str, duration: float | None, step: StepView | None = None) -> None:
    look = state_look(status)
    icon, text, colour = look.icon, look.label, look.color
    with attrs(ui.row().classes("items-center gap-2 no-wrap w-full"), data_testid="step-state", data_status=status):
        ui.icon(icon, size="20px", color=colour).classes("animate-spin" if status == "running" else "")
        ui.label(text).classes("font-medium text-sm")
        ui.space()
        if duration is not None:
            ui.label(duration_text(duration)).classes("designer-muted text-xs")
        if step is not None and step.exit_code not in (None, 0):
            ui.label(f"exit code {step.exit_code}").classes("text-xs text-negative")


def _log_view(page: PanelHost, path: str, step: StepView, *, errors: bool = True) -> None:
    assert page.run is not None
    run_view = page.run
    if step.status in ("pending", "queued", "skipped") and not run_view.log_path(path).exists():
        return
    with ui.column().classes("w-full gap-1 step-log").props('data-testid="step-log"'):
        source = f" (from run {step.reused_from_run})" if step.status == "cached" and step.reused_from_run else ""
        ui.label(f"Output{source}").classes("text-xs font-semibold designer-muted")
        out = ui.element("pre").classes("w-full max-h-64 overflow-auto rounded bg-slate-900 text-slate-100 p-2")
        err_title = ui.label("Errors").classes("text-xs font-semibold text-negative")
        err = ui.element("pre").classes("w-full max-h-48 overflow-auto rounded bg-red-950 text-red-100 p-2")
        # the environment's build writes into stderr too: shown apart, it is not an error
        build_title = ui.label("Environment build").classes("text-xs font-semibold designer-muted")
        build = attrs(ui.element("pre").classes(
            "w-full max-h-40 overflow-auto rounded bg-slate-800 text-slate-200 p-2 text-xs"), data_testid="env-build-log")
        for element in (err_title, err, build_title, build):
            element.set_visibility(False)
    shown: dict[str, str] = {}

    async def update() -> None:
        logs = await run.io_bound(_read_logs, run_view.log_path(path), run_view.log_path(path, "stderr"))
        if logs is None:
            return
        stdout, stderr_all = logs
        built, stderr = split_build_log(stderr_all)
        if shown.get("build") != built:
            shown["build"] = built
            build._text = built
            build.update()
            build_title.set_visibility(bool(built.strip()))
            build.set_visibility(bool(built.strip()))
        if shown.get("out") != stdout:
            shown["out"] = stdout
            out._text = stdout or "(nothing yet)"
            out.update()
            ui.run_javascript(f"const el = getHtmlElement({out.id}); if (el) el.scrollTop = el.scrollHeight;")
        if shown.get("err") != stderr:
            shown["err"] = stderr
            err._text = stderr
            err.update()
            err_title.set_visibility(errors and bool(stderr.strip()))
            err.set_visibility(errors and bool(stderr.strip()))

    ui.timer(0.05, update, once=True)
    if step.status in ("running", "pending", "queued"):
        def stop_when_done() -> None:
            current = run_view.steps.get(path)
            if current is not None and current.status not in ("running", "pending", "queued"):
                timer.deactivate()

        async def tick() -> None:
            await update()
            stop_when_done()

        timer = ui.timer(1.0, tick)


def _read_logs(stdout: Path, stderr: Path) -> tuple[str, str]:
    return (read_tail(stdout, lines=LOG_LINES, max_bytes=LOG_BYTES),
            read_tail(stderr, lines=LOG_LINES, max_bytes=LOG_BYTES))


