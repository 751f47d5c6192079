"""The home page: the workspace's pipelines, the templates gallery and the latest runs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import quote

from nicegui import run, ui

from designer.errors import DesignerError
from designer.spec.edit import EditRefused, unique_name
from designer.spec.layout import layout_path
from designer.templates import copy_template
from designer.ui.context import AppContext
from designer.ui.format import ago, duration_text, sentence
from designer.ui.frame import frame
from designer.ui.reads.pipelines import PipelineInfo, TemplateInfo, list_pipelines, list_templates
from designer.ui.session import DRAFTS, draft_key
from designer.ui.widgets import attrs, empty_state, io

RUN_COLORS = {"running": "blue", "completed": "positive", "failed": "negative", "canceled": "grey",
              "interrupted": "orange"}


def designer_url(rel: str) -> str:
    """The address that opens the pipeline ``rel`` on the canvas."""
    return f"/designer?file={quote(rel)}"


# ------------------------------------------------------------------------------------------- file work


def unique_path(path: Path) -> Path:
    """``path``, or ``<stem>_2<suffix>``, ``<stem>_3<suffix>``, ... whichever does not exist."""
    if not path.exists():
        return path
    n = 2
    while path.with_name(f"{path.stem}_{n}{path.suffix}").exists():
        n += 1
    return path.with_name(f"{path.stem}_{n}{path.suffix}")


def duplicate_pipeline(ctx: AppContext, rel: str) -> str:
    """Copy pipeline ``rel`` (and its layout) to ``<stem>_copy.yml`` next to it; returns the new path."""
    src = ctx.workspace.inside(rel)
    dest = unique_path(src.with_name(f"{src.stem}_copy{src.suffix}"))
    shutil.copy2(src, dest)
    layout = layout_path(src)
    if layout.is_file():
        shutil.copy2(layout, layout_path(dest))
    return ctx.workspace.relative(dest)


def delete_pipeline(ctx: AppContext, rel: str) -> None:
    """Delete pipeline ``rel``, its layout and its draft."""
    path = ctx.workspace.inside(rel)
    path.unlink(missing_ok=True)
    layout_path(path).unlink(missing_ok=True)
    (ctx.workspace.state_dir / DRAFTS / f"{draft_key(rel)}.json").unlink(missing_ok=True)


def folder_name(name: str) -> str:
    """The folder a typed pipeline name becomes: letters, digits, '-' and '_' (others become '_')."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", name.strip()).strip("_")


def free_folder(taken: set[str], slug: str) -> str:
    """``slug`` when no entry of the workspace's top level is called so, else the first free
    ``slug_2``, ``slug_3``, ... (``taken`` is compared without case: a folder ``Iris_Flowers`` takes
    ``iris_flowers`` on a case-insensitive file system)."""
    free = unique_name(slug.lower(), {t.lower() for t in taken})
    return slug + free[len(slug):]


def top_level_names(ctx: AppContext) -> set[str]:
    """The names of the workspace's top-level files and folders (blocking)."""
    try:
        return {entry.name for entry in ctx.workspace.root.iterdir()}
    except OSError:
        return set()


def name_problem(name: str, taken: set[str]) -> str | None:
    """What is wrong with ``name`` as the new pipeline's folder (None: it is fine), in words."""
    folder = folder_name(name)
    if not folder:
        return "Give the new pipeline a name made of letters, digits, '-' or '_'"
    if folder.lower() in {t.lower() for t in taken}:
        return f"'{folder}' already exists in the workspace: choose another name ('{free_folder(taken, folder)}' is free)"
    return None


def use_template(ctx: AppContext, template: TemplateInfo, name: str) -> str:
    """Copy ``template`` into a new folder ``name`` of the workspace; returns its pipeline's path.

    The copy is made by :func:`designer.templates.copy_template`, as ``designer init`` makes it.
    Raises :class:`EditRefused` for a name that makes no folder or one that already exists.
    """
    problem = name_problem(name, top_level_names(ctx))
    if problem is not None:
        raise EditRefused(problem)
    dest = ctx.workspace.inside(folder_name(name))
    if dest.exists():  # made since the check (another page): never copy over it
        raise EditRefused(f"'{dest.name}' already exists in the workspace; choose another name")
    pipeline = copy_template(template.folder, dest, ctx.registry)
    return ctx.workspace.relative(pipeline)


def recent_runs(ctx: AppContext, limit: int = 8) -> list[Any]:
    """The newest runs from the store (blocking), or an empty list without a store."""
    if ctx.store is None:
        return []
    try:
        return list(ctx.store.list_runs(limit=limit))
    except DesignerError:
        return []


# ------------------------------------------------------------------------------------------------ page


def register(ctx: AppContext) -> None:
    """Add the home page (``/``) to the app."""

    @ui.page("/")
    async def home_page() -> None:
        """The workspace's pipelines, the templates and the latest runs."""
        frame("home", title="Home")
        with ui.column().classes("w-full max-w-6xl mx-auto px-6 py-6 gap-10"):
            await _pipelines_section(ctx)
            await _templates_section(ctx)
            await _runs_section(ctx)


async def _pipelines_section(ctx: AppContext) -> None:
    with ui.row().classes("w-full items-end justify-between"):
        with ui.column().classes("gap-0"):
            ui.label("Your pipelines").classes("text-2xl font-semibold")
            ui.label(str(ctx.workspace.root)).classes("designer-muted text-sm")
        ui.button("New pipeline", icon="add", on_click=lambda: ui.navigate.to("/designer")).props(
            'unelevated no-caps data-testid="new-pipeline"')

    @ui.refreshable
    async def cards() -> None:
        pipelines = await run.io_bound(list_pipelines, ctx.workspace) or []
        if not pipelines:
            empty_state("account_tree", "No pipelines yet", "Start from a template below, or build one on a blank canvas.",
                        icon_class="text-indigo-400", card=True, testid="no-pipelines")
            return
        with ui.element("div").classes("grid grid-cols-1 md:grid-cols-2 lg:grid-cols-3 gap-4 w-full"):
            for info in pipelines:
                _pipeline_card(ctx, info, cards.refresh)

    await cards()


def _pipeline_card(ctx: AppContext, info: PipelineInfo, refresh: Any) -> None:
    url = designer_url(info.rel)
    with ui.card().classes("designer-card gap-2 cursor-pointer hover:shadow-md transition-shadow").props(
            'flat bordered data-testid="pipeline-card"') as card:
        card.props["data-file"] = info.rel
        card.on("click", lambda: ui.navigate.to(url))
        with ui.row().classes("w-full items-start no-wrap gap-3"):
            ui.icon("account_tree", size="28px").classes("text-indigo-500 mt-1")
            with ui.column().classes("gap-0 min-w-0 grow"):
                ui.label(info.title).classes("text-base font-semibold truncate w-full")
                ui.label(info.rel).classes("designer-muted text-xs truncate w-full")
            menu_button = ui.button(icon="more_vert").props('flat round dense data-testid="pipeline-menu"')
            menu_button.on("click.stop", lambda: None)
            with menu_button, ui.menu():
                    ui.menu_item("Open", on_click=lambda: ui.navigate.to(url))
                    ui.menu_item("Duplicate", on_click=lambda: _duplicate(ctx, info, refresh)).props(
                        'data-testid="duplicate-pipeline"')
                    ui.menu_item("Delete…", on_click=lambda: _confirm_delete(ctx, info, refresh)).props(
                        'data-testid="delete-pipeline"').classes("text-negative")
        ui.label(info.description or (f"This file cannot be read ({info.problem}); open it to see why."
                                      if not info.readable else "No description")).classes(
            "designer-muted text-sm line-clamp-2 min-h-[2.5rem]")
        with ui.row().classes("w-full items-center justify-between designer-muted text-xs"):
            ui.label(f"{info.steps} step{'s' if info.steps != 1 else ''}")
            ui.label(f"edited {ago(info.modified)}")


async def _duplicate(ctx: AppContext, info: PipelineInfo, refresh: Any) -> None:
    try:
        rel = await run.io_bound(duplicate_pipeline, ctx, info.rel)
    except (DesignerError, OSError) as exc:
        ui.notify(f"Could not duplicate: {exc}", type="negative")
        return
    ui.notify(f"Copied to {rel}", type="positive")
    refresh()


def _confirm_delete(ctx: AppContext, info: PipelineInfo, refresh: Any) -> None:
    with ui.dialog() as dialog, ui.card().classes("gap-4 min-w-[24rem]"):
        ui.label(f"Delete “{info.title}”?").classes("text-lg font-semibold")
        ui.label(f"{info.rel} and its layout will be removed from the workspace. Past runs stay.").classes(
            "designer-muted")
        with ui.row().classes("w-full justify-end gap-2"):
            ui.button("Cancel", on_click=dialog.close).props("flat no-caps")

            async def really() -> None:
                try:
                    await run.io_bound(delete_pipeline, ctx, info.rel)
                except (DesignerError, OSError) as exc:
                    ui.notify(f"Could not delete: {exc}", type="negative")
                dialog.close()
                ui.notify(f"Deleted {info.rel}")
                refresh()

            ui.button("Delete", color="negative", on_click=really).props('unelevated no-caps data-testid="confirm-delete"')
    dialog.open()


async def _templates_section(ctx: AppContext) -> None:
    templates = await run.io_bound(list_templates) or []
    with ui.column().classes("gap-0"):
        ui.label("Start from a template").classes("text-2xl font-semibold")
        ui.label("Ready pipelines built from the component library; a copy goes into your workspace.").classes(
            "designer-muted text-sm")
    if not templates:
        ui.label("No templates are installed.").classes("designer-muted")
        return
    with ui.element("div").classes("grid grid-cols-1 md:grid-cols-2 lg:grid-cols-3 gap-4 w-full"):
        for template in templates:
            with ui.card().classes("designer-card gap-2").props('flat bordered data-testid="template-card"') as card:
                card.props["data-template"] = template.slug
                with ui.row().classes("items-center gap-3 no-wrap"):
                    ui.icon("auto_awesome", size="24px").classes("text-amber-500")
                    ui.label(template.title).classes("text-base font-semibold")
                ui.label(template.description).classes("designer-muted text-sm line-clamp-3 min-h-[3.75rem]")
                with ui.row().classes("w-full justify-end"):
                    ui.button("Use template", icon="content_copy",
                              on_click=lambda t=template: _ask_template_name(ctx, t)).props(
                        'flat no-caps data-testid="use-template"')


async def _ask_template_name(ctx: AppContext, template: TemplateInfo) -> None:
    taken = await io(top_level_names, ctx)
    with ui.dialog() as dialog, ui.card().classes("gap-4 min-w-[26rem]"):
        ui.label(f"New pipeline from “{template.title}”").classes("text-lg font-semibold")
        # a folder of that name may be there already (the template used before): propose a free one
        name = ui.input("Folder name", value=free_folder(taken, template.slug),
                        validation=lambda value: name_problem(value or "", taken)).props(
            'outlined dense autofocus data-testid="template-name"')
        name.classes("w-full")

        async def create() -> None:
            if not name.validate():  # said at the field; nothing is copied
                return
            try:
                rel = await io(use_template, ctx, template, name.value or "")
            except (DesignerError, OSError) as exc:
                name.error = sentence(str(exc))
                return
            dialog.close()
            ui.navigate.to(designer_url(rel))

        name.on("keydown.enter", create)
        with ui.row().classes("w-full justify-end gap-2"):
            ui.button("Cancel", on_click=dialog.close).props("flat no-caps")
            ui.button("Create", on_click=create).props('unelevated no-caps data-testid="create-from-template"')
    dialog.open()


async def _runs_section(ctx: AppContext) -> None:
    runs = await run.io_bound(recent_runs, ctx) or []
    with ui.row().classes("w-full items-end justify-between"):
        ui.label("Recent runs").classes("text-2xl font-semibold")
        ui.link("All runs →", "/runs").classes("text-sm")
    if not runs:
        message = "No runs yet. Open a pipeline and press Run." if ctx.store is not None else (
            f"Runs are not available: {ctx.runner_problem}" if ctx.runner_problem else "No runs yet.")
        ui.label(message).classes("designer-muted")
        return
    with ui.card().classes("designer-card w-full p-0").props('flat bordered data-testid="recent-runs"'):
        for i, record in enumerate(runs):
            if i:
                ui.separator()
            with ui.row().classes("w-full items-center gap-4 px-4 py-2 cursor-pointer hover:bg-indigo-50/40 dark:hover:bg-white/5").on(
                    "click", lambda r=record: ui.navigate.to(f"/runs/{r.id}")):
                badge = ui.badge(record.state, color=RUN_COLORS.get(record.state, "grey")).classes("w-24 justify-center")
                attrs(badge, data_testid="run-state", data_status=record.state)
                with ui.column().classes("gap-0 grow min-w-0"):
                    ui.label(record.pipeline_name or record.pipeline_file).classes("font-medium truncate")
                    ui.label(record.id).classes("designer-muted text-xs")
                ui.label(f"{record.steps_done}/{record.steps_total} steps").classes("designer-muted text-sm")
                ui.label(duration_text(record.duration)).classes("designer-muted text-sm w-16 text-right")
                ui.label(ago(record.started_at)).classes("designer-muted text-sm w-24 text-right")
