"""The pipeline's own properties in the designer's side panel: names, settings, inputs and outputs (or
a nested pipeline's read-only summary)."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from nicegui import ui

from designer.spec import edit
from designer.spec.model import DataValue, InputDecl, PipelineJob
from designer.ui.format import value_text
from designer.ui.pages.designer.forms import ICON_BOX, PanelHost, mini, pick_path, section, tag
from designer.workspace import LOCAL, compute_name

if TYPE_CHECKING:
    pass

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
        section("Inputs")
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

    section("Settings")
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

    section("Pipeline inputs", f"{len(doc.inputs)}")
    if not doc.inputs:
        ui.label("None yet. Use ⋮ › “Make it a pipeline input” on a step's input to set it here, "
                 "once for the whole pipeline.").classes("designer-muted text-xs")
    for input_name in doc.inputs:
        _pipeline_input_row(page, doc, input_name)

    section("Pipeline outputs", f"{len(doc.outputs)}")
    if not doc.outputs:
        ui.label("None yet. Use ↗ on a step's output to publish it as a pipeline output.").classes(
            "designer-muted text-xs")
    for output_name, value in doc.outputs.items():
        with ui.row().classes("w-full items-center no-wrap gap-2"):
            ui.icon("north_east", size="16px").classes("text-indigo-500")
            ui.label(output_name).classes("text-sm font-medium grow")
            ui.label(value.type if isinstance(value, DataValue) and value.type else "uri_folder").classes(
                "designer-muted text-xs")
            mini("delete_outline", "Remove this pipeline output", _remove_output(page, output_name),
                  f"remove-output-{output_name}")
    section("About")
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

            mini("folder_open", f"Choose a {kind} of the workspace", choose, f"choose-input-{name}")
        mini("delete_outline", "Remove this input (steps that use it are unbound)", lambda: page.attempt(
            lambda: s.apply(lambda: edit.remove_pipeline_input(s.document, name))), f"remove-input-{name}")


def _typed_like(old: Any, raw: Any) -> Any:
    if raw is None:
        return old
    if isinstance(old, bool):
        return bool(raw)
    if isinstance(old, int) and isinstance(raw, float) and raw.is_integer():
        return int(raw)
    return raw


