"""The designer's side panel: the selected step's properties, or the pipeline's when none is selected.

Forms are generated from the component's declarations: a number field (with its min/max) for
integer and number parameters, a select for ``enum``, a toggle for booleans, a picker of the
table's columns for parameters that name columns (columns.py), a text field for the rest; optional parameters can be left empty and the description is the hint. Every change goes
through the page's ``attempt``, so a refused value is explained and changes nothing. The panel
knows its page only as a :class:`PanelHost`; it never imports the page.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from nicegui import ui

from designer.spec import edit
from designer.spec.model import DataValue, InputDecl, Job, PipelineComponent, PipelineJob, is_data_type
from designer.spec.validate import check_literal
from designer.ui.format import value_text
from designer.ui.pages.designer.columns import column_field, column_param
from designer.ui.pages.designer.forms import (
    ICON_BOX,
    PanelHost,
    mini,
    pick_path,
    problem_line,
    section,
    set_hint,
    tag,
)
from designer.ui.pages.designer.pipeline_panel import pipeline_panel
from designer.ui.pages.designer.preview import NOT_TABLES, preview_output
from designer.ui.pages.designer.run_info import run_section
from designer.ui.pages.designer.sweep_form import command_card, sweep_form
from designer.ui.session import component_text
from designer.ui.widgets import attrs
from designer.workspace import LOCAL, compute_name

__all__ = ["job_panel", "pipeline_panel"]

if TYPE_CHECKING:
    pass

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
    run_section(page, job)
    page.next_run.line(s.view, job.name)
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
    if job.type == "sweep":  # the sweep form (sweep_form.py) edits the hyperparameters
        searched = sweep_form(page, job, readonly)
        params = [d for d in params if d.name not in searched]
    if params:
        section("Parameters")
        for decl in params:
            _param_field(page, job, decl, problems.get(decl.name), readonly)
    if job.type == "command":
        command_card(page, job, readonly)
    if data:
        section("Data inputs")
        for decl in data:
            _data_field(page, job, decl, problems.get(decl.name), readonly)
    if comp.outputs:
        section("Outputs")
        for out in comp.outputs.values():
            _output_row(page, job, out.name, out.type, out.description, readonly)
    section("Compute")
    _compute_field(page, job, readonly)
    for key, message in problems.items():
        if key not in comp.inputs and key not in comp.outputs and key != "compute":
            problem_line(message)


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
                if hint:
                    attrs(ui.label(hint).classes("designer-muted text-xs px-3"), data_help="1")
            elif edit.uses_expression(value) or (value is not None and decl.type != "string" and why(value)):
                field = ui.input(label, value=value_text(value), validation=why).props(
                    "outlined dense").classes("w-full")
                set_hint(field, hint)
                field.on("blur", lambda f=field: commit(f.value))
                field.on("keydown.enter", lambda f=field: commit(f.value))
            elif (columns := column_param(job, decl)) is not None:
                field = column_field(page, job, decl, columns, label, hint, commit)
            elif decl.enum:
                options = [str(e) for e in decl.enum]
                current = str(value) if value is not None else (str(decl.default) if decl.default is not None else None)
                field = ui.select(options, value=current if current in options else None, label=label,
                                  clearable=decl.optional or decl.default is not None,
                                  on_change=lambda e: commit(e.value)).props(
                    "outlined dense options-dense").classes("w-full")
                set_hint(field, hint)
            elif decl.type == "boolean":
                current_bool = value if isinstance(value, bool) else decl.default is True
                field = ui.switch(label, value=bool(current_bool), on_change=lambda e: commit(bool(e.value)))
                if hint:
                    attrs(ui.label(hint).classes("designer-muted text-xs pl-11 -mt-2"), data_help="1")
            elif decl.type in ("integer", "number"):
                placeholder = value_text(decl.default) if decl.default is not None else ""
                field = ui.number(label, value=value if isinstance(value, int | float) else None,
                                  placeholder=placeholder, validation=why).props(
                    "outlined dense").classes("w-full")
                field.props("step=1" if decl.type == "integer" else "step=any")
                bounds = [f"{k} {value_text(v)}" for k, v in (("min", decl.min), ("max", decl.max)) if v is not None]
                if bounds:
                    hint = f"{hint} · {', '.join(bounds)}".strip(" ·")
                set_hint(field, hint)

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
                set_hint(field, hint)
                field.on("blur", lambda f=field: commit(f.value or None))
                field.on("keydown.enter", lambda f=field: commit(f.value or None))
            tag(field, testid)
            field.set_enabled(not readonly)
            problem_line(problem, page.problem_lines, decl.name)
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
                attrs(ui.label(decl.name + (" *" if required else "")).classes("text-sm font-medium"), data_field_label="1")
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
                attrs(ui.label(decl.description).classes("designer-muted text-xs"), data_help="1")
            problem_line(problem, page.problem_lines, decl.name)
        if value is not None:
            mini("link_off", "Disconnect", lambda: page.attempt(
                lambda: s.apply(lambda: edit.disconnect(s.document, job.name, decl.name))),
                f"disconnect-{decl.name}", enabled=not readonly)
        kind = "file" if decl.type == "uri_file" else "folder"

        async def choose() -> None:
            path = await pick_path(page, kind)
            if path is not None:
                page.attempt(lambda: s.apply(lambda: edit.bind_to_path(s.document, job.name, decl.name, path)))

        mini("folder_open" if kind == "folder" else "upload_file", f"Choose a {kind} of the workspace", choose,
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
                attrs(ui.label(name).classes("text-sm font-medium"), data_field_label="1")
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
                attrs(ui.label(description).classes("designer-muted text-xs"), data_help="1")
        if produced and type_ not in NOT_TABLES:
            mini("table_view", "Preview: rows, sorting and column statistics",
                 lambda: preview_output(page, job.name, name), f"preview-output-{name}")
        if isinstance(s.document, PipelineJob) and (b is None or b.kind != "parent_output"):
            mini("north_east", "Make it a pipeline output", lambda: page.attempt(
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


