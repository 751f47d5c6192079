"""The designer's side panel: the selected step's properties, or the pipeline's when none is selected.

Forms are generated from the component's declarations: a number field (with its min/max) for
integer and number parameters, a select for ``enum``, a toggle for booleans, a text field for the
rest; optional parameters can be left empty and the description is the hint. Every change goes
through the page's ``attempt``, so a refused value is explained and changes nothing. The panel
knows its page only as a :class:`PanelHost`; it never imports the page.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from nicegui import run, ui

from designer.engine.artifacts import read_tail
from designer.spec import edit
from designer.spec.model import DataValue, InputDecl, Job, PipelineComponent, PipelineJob, is_data_type
from designer.spec.validate import check_literal
from designer.ui.format import duration_text, value_text
from designer.ui.live import StepView
from designer.ui.session import EditorSession, component_text
from designer.ui.states import state_look
from designer.ui.widgets import attrs
from designer.workspace import LOCAL, compute_name

if TYPE_CHECKING:
    from designer.ui.canvas import PipelineCanvas
    from designer.ui.context import AppContext
    from designer.ui.live import RunView

T = TypeVar("T", bound=ui.element)
MAX_PICK = 3000
ICON_BOX = "rounded-lg bg-indigo-50 text-indigo-600 dark:bg-indigo-950 dark:text-indigo-300 p-2 flex"


LOG_LINES = 400
LOG_BYTES = 64_000


class PanelHost(Protocol):
    """What the side panel needs of the designer page."""

    ctx: AppContext
    session: EditorSession
    canvas: PipelineCanvas
    run: RunView | None
    selected: str | None

    def attempt(self, change: Any, *, success: str | None = None, rerender: bool = True) -> bool:
        """Apply an edit, explaining a refusal; True when applied."""

    def render_panel(self) -> None:
        """Rebuild the panel."""

    def refresh(self, *, graph: bool = True, panel_too: bool = True) -> None:
        """Show the session's current state."""

    def open_job(self, job: str) -> None:
        """Show the inside of pipeline step ``job``."""

    def go_to_level(self, level: int) -> None:
        """Go back up the breadcrumb."""


def tag(element: T, testid: str) -> T:
    """Set ``data-testid`` (names come from files: never through the props string parser)."""
    element.props["data-testid"] = testid
    return element


def _section(title: str, hint: str | None = None) -> None:
    with ui.row().classes("w-full items-baseline justify-between mt-2"):
        ui.label(title).classes("text-xs font-semibold uppercase tracking-wider designer-muted")
        if hint:
            ui.label(hint).classes("designer-muted text-xs")


def _problem(text: str | None) -> None:
    if text:
        ui.label(text[:1].upper() + text[1:]).classes("text-negative text-xs -mt-1").props(
            'data-testid="field-problem"')


def _mini(icon: str, tip: str, handler: Callable[[], Any], testid: str, *, enabled: bool = True) -> ui.button:
    b = tag(ui.button(icon=icon, on_click=handler).props("flat round dense size=sm"), testid)
    b.tooltip(tip)
    b.set_enabled(enabled)
    return b


# ----------------------------------------------------------------------------------------- step panel


def job_panel(page: PanelHost, job: Job) -> None:
    """The properties of step ``job``: name, run state and log, parameters, data, outputs, compute."""
    s = page.session
    comp = job.resolved
    readonly = s.readonly
    with ui.row().classes("w-full items-center gap-3 no-wrap"):
        with ui.element("div").classes(ICON_BOX):
            ui.icon(comp.icon if comp is not None else "help_outline", size="24px")
        with ui.column().classes("gap-0 min-w-0"):
            ui.label(job.display_name or (comp.label if comp is not None else job.name)).classes(
                "text-lg font-semibold leading-tight truncate w-full").props('data-testid="panel-title"')
            ui.label(component_text(job)).classes("designer-muted text-xs truncate w-full")
    _run_section(page, job)
    problems = s.field_problems(job.name) if not readonly else {}
    name = ui.input("Step name", value=job.name).props('outlined dense data-testid="job-name"').classes("w-full")
    name.set_enabled(not readonly)

    def rename() -> None:
        new = (name.value or "").strip()
        if new and new != job.name:
            old = job.name
            if page.attempt(lambda: s.rename(old, new)):
                page.selected = new
                page.canvas.set_selected(new)
                page.render_panel()

    name.on("blur", rename)
    name.on("keydown.enter", rename)
    if comp is None:
        ui.label("The component of this step cannot be found, so its inputs are unknown. "
                 "See the Problems tab.").classes("text-negative text-sm")
        return
    if comp.description:
        ui.label(comp.description).classes("designer-muted text-sm")
    if isinstance(comp, PipelineComponent):
        with ui.row().classes("items-center gap-2 text-sm text-indigo-600"):
            ui.icon("account_tree", size="18px")
            ui.label(f"A pipeline of {len(comp.jobs)} steps.")
            ui.button("Open it", on_click=lambda: page.open_job(job.name)).props(
                'flat dense no-caps data-testid="open-nested"')
    params = [d for d in comp.inputs.values() if d.is_param]
    data = [d for d in comp.inputs.values() if not d.is_param]
    if params:
        _section("Parameters")
        for decl in params:
            _param_field(page, job, decl, problems.get(decl.name), readonly)
    if data:
        _section("Data inputs")
        for decl in data:
            _data_field(page, job, decl, problems.get(decl.name), readonly)
    if comp.outputs:
        _section("Outputs")
        for out in comp.outputs.values():
            _output_row(page, job, out.name, out.type, out.description, readonly)
    _section("Compute")
    _compute_field(page, job, readonly)
    for key, message in problems.items():
        if key not in comp.inputs and key not in comp.outputs and key != "compute":
            _problem(message)


def _param_field(page: PanelHost, job: Job, decl: InputDecl, problem: str | None, readonly: bool) -> None:
    s = page.session
    value = job.inputs.get(decl.name)
    binding = job.input_binding(decl.name)
    hint = decl.description or ""
    if decl.default is not None:
        hint = f"{hint} (default {value_text(decl.default)})".strip()
    elif decl.optional:
        hint = f"{hint} (optional)".strip()
    label = decl.name + ("" if decl.optional or decl.default is not None else " *")
    testid = f"param-{decl.name}"
    field: Any

    def commit(new: Any) -> None:
        current = job.inputs.get(decl.name)
        if new == current or (new in (None, "") and current is None):
            return
        page.attempt(lambda: s.apply(lambda: edit.set_input_value(s.document, job.name, decl.name, new)),
                     rerender=False)

    def why(raw: Any) -> str | None:
        if raw in (None, ""):
            return None
        return check_literal(decl, edit.coerce_param(decl, raw))

    with ui.row().classes("w-full items-start no-wrap gap-1"):
        with ui.column().classes("grow gap-0 min-w-0"):
            if binding is not None and binding.kind == "parent_input":
                field = ui.input(label, value=f"pipeline input '{binding.name}'").props(
                    "outlined dense readonly").classes("w-full")
                field.props("prefix=↖")
                ui.label(hint).classes("designer-muted text-xs px-3") if hint else None
            elif edit.uses_expression(value) or (value is not None and decl.type != "string" and why(value)):
                field = ui.input(label, value=value_text(value), validation=why).props(
                    "outlined dense").classes("w-full")
                if hint:
                    field.props["hint"] = hint
                field.on("blur", lambda f=field: commit(f.value))
                field.on("keydown.enter", lambda f=field: commit(f.value))
            elif decl.enum:
                options = [str(e) for e in decl.enum]
                current = str(value) if value is not None else (str(decl.default) if decl.default is not None else None)
                field = ui.select(options, value=current if current in options else None, label=label,
                                  clearable=decl.optional or decl.default is not None,
                                  on_change=lambda e: commit(e.value)).props(
                    "outlined dense options-dense").classes("w-full")
                if hint:
                    field.props["hint"] = hint
            elif decl.type == "boolean":
                current_bool = value if isinstance(value, bool) else decl.default is True
                field = ui.switch(label, value=bool(current_bool), on_change=lambda e: commit(bool(e.value)))
                if hint:
                    ui.label(hint).classes("designer-muted text-xs pl-11 -mt-2")
            elif decl.type in ("integer", "number"):
                placeholder = value_text(decl.default) if decl.default is not None else ""
                field = ui.number(label, value=value if isinstance(value, int | float) else None,
                                  placeholder=placeholder, validation=why).props(
                    "outlined dense").classes("w-full")
                field.props("step=1" if decl.type == "integer" else "step=any")
                bounds = [f"{k} {value_text(v)}" for k, v in (("min", decl.min), ("max", decl.max)) if v is not None]
                if bounds:
                    hint = f"{hint} · {', '.join(bounds)}".strip(" ·")
                if hint:
                    field.props["hint"] = hint

                def commit_number(f: Any = field) -> None:
                    if f.error:
                        return
                    commit(None if f.value is None else edit.coerce_param(decl, f.value))

                field.on("blur", commit_number)
                field.on("keydown.enter", commit_number)
            else:
                placeholder = value_text(decl.default) if decl.default is not None else ""
                field = ui.input(label, value=value_text(value) if value is not None else "", placeholder=placeholder,
                                 validation=why).props("outlined dense").classes("w-full")
                if hint:
                    field.props["hint"] = hint
                field.on("blur", lambda f=field: commit(f.value or None))
                field.on("keydown.enter", lambda f=field: commit(f.value or None))
            tag(field, testid)
            field.set_enabled(not readonly)
            _problem(problem)
        _input_menu(page, job, decl, readonly)


def _input_menu(page: PanelHost, job: Job, decl: InputDecl, readonly: bool) -> None:
    """The ⋮ menu of an input: promote it, bind it to a pipeline input, clear it."""
    s = page.session
    with tag(ui.button(icon="more_vert").props("flat round dense size=sm"), f"input-menu-{decl.name}") as b:
        b.set_enabled(not readonly)
        with ui.menu().props("auto-close"):
            tag(ui.menu_item("Make it a pipeline input", on_click=lambda: page.attempt(
                lambda: s.apply(lambda: edit.promote_input(s.document, job.name, decl.name)))),
                f"promote-{decl.name}")
            document = s.document
            candidates = [n for n in document.inputs
                          if _compatible_pipeline_input(document, n, decl)] if isinstance(document, PipelineJob) else []
            for name in candidates:
                ui.menu_item(f"Use pipeline input '{name}'", on_click=lambda n=name: page.attempt(
                    lambda: s.apply(lambda: edit.bind_to_pipeline_input(s.document, job.name, decl.name, n))))
            if decl.name in job.inputs:
                tag(ui.menu_item("Clear (use the default)" if decl.default is not None else "Clear",
                                 on_click=lambda: page.attempt(
                                     lambda: s.apply(lambda: edit.clear_input(s.document, job.name, decl.name)))),
                    f"clear-{decl.name}")


def _compatible_pipeline_input(pipeline: PipelineJob, name: str, decl: InputDecl) -> bool:
    src = edit.pipeline_input_type(pipeline, name)
    if src is None:
        return True
    if decl.is_param:
        return not is_data_type(src)
    return is_data_type(src) and (src == decl.type or src in ("uri_folder", "path") or decl.type in ("uri_folder", "path"))


def _data_field(page: PanelHost, job: Job, decl: InputDecl, problem: str | None, readonly: bool) -> None:
    s = page.session
    value = job.inputs.get(decl.name)
    b = job.input_binding(decl.name)
    required = not decl.optional and decl.default is None
    with tag(ui.row().classes("w-full items-start no-wrap gap-1"), f"data-{decl.name}"):
        with ui.column().classes("grow gap-0 min-w-0"):
            with ui.row().classes("items-center gap-2 no-wrap"):
                ui.label(decl.name + (" *" if required else "")).classes("text-sm font-medium")
                ui.label(decl.type).classes("designer-muted text-xs")
            if b is not None and b.kind == "job_output":
                text, icon = f"from {b.job} · {b.name}", "input"
            elif b is not None and b.kind == "parent_input":
                text, icon = f"pipeline input '{b.name}'", "north_west"
            elif b is not None:
                text, icon = str(b), "link"
            elif isinstance(value, DataValue) and value.path is not None:
                text, icon = str(value.path), "folder_open" if decl.type != "uri_file" else "description"
            elif isinstance(value, str) and value:
                text, icon = value, "folder_open"
            elif decl.default is not None:
                text, icon = f"default: {decl.default}", "remove"
            else:
                text, icon = "not connected" + (" (optional)" if decl.optional else ""), "link_off"
            unbound = value is None and decl.default is None
            with ui.row().classes("items-center gap-1 no-wrap min-w-0 text-sm" + (
                    " text-negative" if unbound and required else " designer-muted" if unbound else "")):
                ui.icon(icon, size="16px")
                ui.label(text).classes("truncate")
            if decl.description:
                ui.label(decl.description).classes("designer-muted text-xs")
            _problem(problem)
        if value is not None:
            _mini("link_off", "Disconnect", lambda: page.attempt(
                lambda: s.apply(lambda: edit.disconnect(s.document, job.name, decl.name))),
                f"disconnect-{decl.name}", enabled=not readonly)
        kind = "file" if decl.type == "uri_file" else "folder"

        async def choose() -> None:
            path = await pick_path(page, kind)
            if path is not None:
                page.attempt(lambda: s.apply(lambda: edit.bind_to_path(s.document, job.name, decl.name, path)))

        _mini("folder_open" if kind == "folder" else "upload_file", f"Choose a {kind} of the workspace", choose,
              f"choose-{decl.name}", enabled=not readonly)
        _input_menu(page, job, decl, readonly)


def _output_row(page: PanelHost, job: Job, name: str, type_: str, description: str | None, readonly: bool) -> None:
    s = page.session
    b = job.output_binding(name)
    produced = None
    if page.run is not None:
        prefix = "".join(f"{v}/" for v in s.view)
        step = page.run.steps.get(prefix + job.name)
        produced = step.outputs.get(name) if step is not None else None
    with tag(ui.row().classes("w-full items-start no-wrap gap-1"), f"output-{name}"):
        with ui.column().classes("grow gap-0 min-w-0"):
            with ui.row().classes("items-center gap-2 no-wrap"):
                ui.label(name).classes("text-sm font-medium")
                ui.label(type_).classes("designer-muted text-xs")
            if b is not None and b.kind == "parent_output":
                with ui.row().classes("items-center gap-1 text-sm text-indigo-600"):
                    ui.icon("north_east", size="16px")
                    ui.label(f"pipeline output '{b.name}'")
            if produced:
                shown = _short_path(page, produced)
                with ui.row().classes("items-center gap-1 text-xs no-wrap min-w-0 w-full overflow-hidden"):
                    ui.icon("inventory_2", size="14px").classes("text-green-600")
                    ui.label(shown).classes("truncate font-mono").tooltip(produced)
            elif description:
                ui.label(description).classes("designer-muted text-xs")
        if isinstance(s.document, PipelineJob) and (b is None or b.kind != "parent_output"):
            _mini("north_east", "Make it a pipeline output", lambda: page.attempt(
                lambda: s.apply(lambda: edit.promote_output(s.document, job.name, name))),
                f"promote-output-{name}", enabled=not readonly)


def _short_path(page: PanelHost, path: str) -> str:
    root = page.ctx.workspace.root
    try:
        return str(Path(path).resolve().relative_to(root))
    except ValueError:
        return path


def _compute_field(page: PanelHost, job: Job, readonly: bool) -> None:
    s = page.session
    targets = list(page.ctx.workspace.settings.compute)
    current = compute_name(job.compute) if job.compute is not None and "${{" not in str(job.compute) else None
    default = compute_name(s.document.default_compute) or LOCAL
    options: dict[str, str] = {"": f"Pipeline default ({default})"}
    for name in targets:
        options[name] = name
    if current and current not in options:
        options[current] = f"{current} (not configured: runs on local)"
    if job.compute is not None and current is None:
        options["__binding__"] = str(job.compute)

    def change(value: Any) -> None:
        if value == "__binding__":
            return
        page.attempt(lambda: s.apply(lambda: edit.set_compute(s.document, job.name, value or None)), rerender=False)

    ui.select(options, value=current if current is not None else ("__binding__" if job.compute is not None else ""),
              label="Runs on", on_change=lambda e: change(e.value)).props(
        'outlined dense options-dense data-testid="compute"').classes("w-full").set_enabled(not readonly)


# ------------------------------------------------------------------------------------------- run info


def _run_section(page: PanelHost, job: Job) -> None:
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
        if step.status == "failed" and step.message and step.message != f"exit code {step.exit_code}":
            with ui.element("div").classes("rounded bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-200 px-2 py-1 text-sm w-full").props(
                    'data-testid="step-error"'):
                ui.label(step.message).classes("whitespace-pre-wrap break-words")
        elif step.message and step.status in ("skipped", "canceled"):
            ui.label(step.message).classes("designer-muted text-sm")
        _log_view(page, path, step)
        with ui.row().classes("w-full justify-end"):
            ui.link("Run details →", f"/runs/{page.run.run_id}").classes("text-xs")


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


def _log_view(page: PanelHost, path: str, step: StepView) -> None:
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
        err_title.set_visibility(False)
        err.set_visibility(False)
    shown: dict[str, str] = {}

    async def update() -> None:
        logs = await run.io_bound(_read_logs, run_view.log_path(path), run_view.log_path(path, "stderr"))
        if logs is None:
            return
        stdout, stderr = logs
        if shown.get("out") != stdout:
            shown["out"] = stdout
            out._text = stdout or "(nothing yet)"
            out.update()
            ui.run_javascript(f"const el = getHtmlElement({out.id}); if (el) el.scrollTop = el.scrollHeight;")
        if shown.get("err") != stderr:
            shown["err"] = stderr
            err._text = stderr
            err.update()
            err_title.set_visibility(bool(stderr.strip()))
            err.set_visibility(bool(stderr.strip()))

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


# -------------------------------------------------------------------------------------- pipeline panel


def pipeline_panel(page: PanelHost) -> None:
    """The pipeline's own properties: names, settings, inputs and outputs (or a nested pipeline's summary)."""
    s = page.session
    if s.readonly:
        pipeline = s.current()
        ui.label(getattr(pipeline, "label", "Pipeline")).classes("text-lg font-semibold")
        ui.label("A pipeline used as a step. It is shown read-only; open its file to change it.").classes(
            "designer-muted text-sm")
        if pipeline.description:
            ui.label(pipeline.description).classes("text-sm")
        _section("Inputs")
        for input_name, decl in pipeline.inputs.items():
            if isinstance(decl, InputDecl):
                ui.label(f"{input_name}: {decl.type}" + (f" = {value_text(decl.default)}" if decl.default is not None else "")).classes(
                    "text-sm font-mono")
        with ui.row():
            ui.button("Back to the top", icon="arrow_upward", on_click=lambda: page.go_to_level(0)).props(
                "flat no-caps dense")
        return
    doc = s.document
    with ui.row().classes("w-full items-center gap-3 no-wrap"):
        with ui.element("div").classes(ICON_BOX):
            ui.icon("account_tree", size="24px")
        with ui.column().classes("gap-0 min-w-0"):
            ui.label("Pipeline").classes("text-lg font-semibold leading-tight")
            ui.label(s.rel or "not saved yet").classes("designer-muted text-xs truncate w-full")
    if not doc.jobs:
        with ui.card().classes("w-full designer-card p-3 gap-1").props("flat bordered"):
            ui.label("Start here").classes("font-medium")
            ui.label("Drag components from the list on the left onto the canvas, then drag from an output "
                     "(right side of a card) to an input (left side) to connect them.").classes("text-sm designer-muted")
    name = ui.input("Display name", value=doc.display_name or "").props(
        'outlined dense data-testid="pipeline-name"').classes("w-full")

    def set_info(key: str, value: Any) -> None:
        if (getattr(doc, key) or "") == (value or "").strip():
            return
        page.attempt(lambda: s.apply(lambda: edit.set_pipeline_info(s.document, **{key: value})), rerender=False)
        page.refresh(graph=False, panel_too=False)

    name.on("blur", lambda: set_info("display_name", name.value))
    name.on("keydown.enter", lambda: set_info("display_name", name.value))
    description = ui.textarea("Description", value=doc.description or "").props(
        'outlined dense autogrow data-testid="pipeline-description"').classes("w-full")
    description.on("blur", lambda: set_info("description", description.value))

    _section("Settings")
    targets = list(page.ctx.workspace.settings.compute)
    current = compute_name(doc.default_compute) or LOCAL
    options = {t: t for t in targets}
    options.setdefault(current, f"{current} (not configured: runs on local)")
    ui.select(options, value=current, label="Default compute",
              on_change=lambda e: page.attempt(lambda: s.apply(
                  lambda: edit.set_settings(s.document, default_compute=e.value)), rerender=False)).props(
        'outlined dense options-dense data-testid="default-compute"').classes("w-full")
    ui.switch("Continue when a step fails", value=doc.continue_on_step_failure,
              on_change=lambda e: page.attempt(lambda: s.apply(
                  lambda: edit.set_settings(s.document, continue_on_step_failure=e.value)), rerender=False)).props(
        'data-testid="continue-on-failure"')
    ui.label("Independent branches go on; by default the run stops at the first failure.").classes(
        "designer-muted text-xs pl-11 -mt-3")
    ui.switch("Always re-run every step", value=doc.force_rerun,
              on_change=lambda e: page.attempt(lambda: s.apply(
                  lambda: edit.set_settings(s.document, force_rerun=e.value)), rerender=False)).props(
        'data-testid="force-rerun"')
    ui.label("Off: unchanged steps reuse the results of earlier runs.").classes("designer-muted text-xs pl-11 -mt-3")

    _section("Pipeline inputs", f"{len(doc.inputs)}")
    if not doc.inputs:
        ui.label("None yet. Use ⋮ › “Make it a pipeline input” on a step's input to set it here, "
                 "once for the whole pipeline.").classes("designer-muted text-xs")
    for input_name in doc.inputs:
        _pipeline_input_row(page, doc, input_name)

    _section("Pipeline outputs", f"{len(doc.outputs)}")
    if not doc.outputs:
        ui.label("None yet. Use ↗ on a step's output to publish it as a pipeline output.").classes(
            "designer-muted text-xs")
    for output_name, value in doc.outputs.items():
        with ui.row().classes("w-full items-center no-wrap gap-2"):
            ui.icon("north_east", size="16px").classes("text-indigo-500")
            ui.label(output_name).classes("text-sm font-medium grow")
            ui.label(value.type if isinstance(value, DataValue) and value.type else "uri_folder").classes(
                "designer-muted text-xs")
            _mini("delete_outline", "Remove this pipeline output", _remove_output(page, output_name),
                  f"remove-output-{output_name}")
    _section("About")
    ui.label(f"{len(doc.jobs)} step{'s' if len(doc.jobs) != 1 else ''}").classes("text-sm designer-muted")


def _remove_output(page: PanelHost, name: str) -> Callable[[], Any]:
    s = page.session
    return lambda: page.attempt(lambda: s.apply(lambda: edit.remove_pipeline_output(s.document, name)))


def _pipeline_input_row(page: PanelHost, doc: PipelineJob, name: str) -> None:
    s = page.session
    value = doc.input_value(name)
    with tag(ui.row().classes("w-full items-start no-wrap gap-1"), f"pipeline-input-{name}"):
        with ui.column().classes("grow gap-0 min-w-0"):
            if isinstance(value, DataValue):
                with ui.row().classes("items-center gap-2 no-wrap"):
                    ui.label(name).classes("text-sm font-medium")
                    ui.label(value.type or "uri_folder").classes("designer-muted text-xs")
                with ui.row().classes("items-center gap-1 text-sm designer-muted no-wrap min-w-0"):
                    ui.icon("folder_open", size="16px")
                    ui.label(str(value.path) if value.path else "no path yet").classes("truncate")
            else:
                def commit(raw: Any) -> None:
                    new = _typed_like(value, raw)
                    if new == value:
                        return
                    page.attempt(lambda: s.apply(lambda: edit.set_pipeline_input(s.document, name, new)),
                                 rerender=False)

                field: Any
                if isinstance(value, bool):
                    ui.switch(name, value=value, on_change=lambda e: commit(e.value))
                elif isinstance(value, int | float):
                    field = ui.number(name, value=value).props("outlined dense").classes("w-full")
                    field.on("blur", lambda f=field: commit(f.value))
                    field.on("keydown.enter", lambda f=field: commit(f.value))
                else:
                    field = ui.input(name, value="" if value is None else str(value)).props(
                        "outlined dense").classes("w-full")
                    field.on("blur", lambda f=field: commit(f.value))
                    field.on("keydown.enter", lambda f=field: commit(f.value))
        if isinstance(value, DataValue):
            kind = "file" if value.type == "uri_file" else "folder"

            async def choose() -> None:
                path = await pick_path(page, kind)
                if path is not None:
                    page.attempt(lambda: s.apply(lambda: edit.set_pipeline_input(s.document, name, path)))

            _mini("folder_open", f"Choose a {kind} of the workspace", choose, f"choose-input-{name}")
        _mini("delete_outline", "Remove this input (steps that use it are unbound)", lambda: page.attempt(
            lambda: s.apply(lambda: edit.remove_pipeline_input(s.document, name))), f"remove-input-{name}")


def _typed_like(old: Any, raw: Any) -> Any:
    if raw is None:
        return old
    if isinstance(old, bool):
        return bool(raw)
    if isinstance(old, int) and isinstance(raw, float) and raw.is_integer():
        return int(raw)
    return raw


# ------------------------------------------------------------------------------------------ file picker


def list_paths(root: Path, kind: str, limit: int = MAX_PICK) -> list[str]:
    """Files (``kind="file"``) or folders of the workspace, relative, skipping hidden and tool folders."""
    out: list[str] = []
    skip = {"node_modules", "__pycache__", "venv", ".venv"}
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in skip)
        rel = Path(folder).relative_to(root)
        if kind == "folder":
            out.extend((rel / d).as_posix() for d in dirs)
        else:
            out.extend((rel / f).as_posix() for f in sorted(files) if not f.startswith("."))
        if len(out) >= limit:
            break
    return sorted(out)[:limit]


async def pick_path(page: PanelHost, kind: str) -> Path | None:
    """Ask for a file or folder of the workspace; returns its absolute path, or None."""
    ws = page.ctx.workspace
    paths = await run.io_bound(list_paths, ws.root, kind) or []
    with ui.dialog() as dialog, ui.card().classes("gap-3 w-[32rem] max-w-full"):
        ui.label(f"Choose a {kind} of the workspace").classes("text-lg font-semibold")
        search = ui.input(placeholder="Filter").props('outlined dense clearable autofocus data-testid="pick-filter"').classes(
            "w-full")

        @ui.refreshable
        def listing() -> None:
            needle = (search.value or "").lower()
            shown = [p for p in paths if needle in p.lower()][:200]
            if not shown:
                ui.label(f"No {kind}s match." if paths else f"The workspace has no {kind}s yet.").classes(
                    "designer-muted text-sm")
            with ui.list().props("dense separator").classes("w-full"):
                for p in shown:
                    with ui.item(on_click=lambda p=p: dialog.submit(p)).props('clickable data-testid="pick-item"') as item:
                        item.props["data-path"] = p
                        with ui.item_section().props("avatar"):
                            ui.icon("folder" if kind == "folder" else "description", size="20px")
                        ui.item_section(p)

        with ui.scroll_area().classes("h-80 w-full"):
            listing()
        search.on_value_change(listing.refresh)
        with ui.row().classes("w-full justify-end"):
            ui.button("Cancel", on_click=lambda: dialog.submit(None)).props("flat no-caps")
    chosen = await dialog
    dialog.delete()
    if not chosen:
        return None
    return ws.inside(str(chosen))
