"""Small widgets and helpers the pages share: state badges, 'not found' blocks, key/value rows,
links, and the two ways to keep blocking work and slow UI work off the event loop.

Names and paths from files are set as attributes (``element.props[...] = value``), never through
NiceGUI's props-string parser, which reads ``"`` and ``=`` in them as markup.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar, cast

from nicegui import background_tasks, run, ui

from designer.ui.states import state_look

if TYPE_CHECKING:
    from designer.ui.context import AppContext

P = ParamSpec("P")
R = TypeVar("R")
E = TypeVar("E", bound=ui.element)

BADGE_CSS = """
.runs-state { display: inline-flex; align-items: center; gap: 4px; font-weight: 600; font-size: 12.5px;
  padding: 2px 9px 2px 6px; border-radius: 999px; white-space: nowrap; line-height: 20px;
  color: var(--state); background: color-mix(in srgb, var(--state) 12%, transparent); }
.runs-state .q-icon { font-size: 16px; }
.runs-state[data-status=running] .q-icon { animation: runs-spin 1.2s linear infinite; }
@keyframes runs-spin { to { transform: rotate(360deg); } }
.runs-mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
"""


async def io(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """``run.io_bound`` with the result typed as ``fn``'s: blocking work off the event loop.

    Returns what ``fn`` returns and raises what it raises; raises :class:`asyncio.CancelledError`
    when the app is stopping (NiceGUI returns None then).
    """
    from nicegui import core

    result = await run.io_bound(fn, *args, **kwargs)
    if result is None and core.app.is_stopping:
        raise asyncio.CancelledError
    return cast(R, result)


def background(coro: Coroutine[Any, Any, Any]) -> None:
    """Run ``coro`` in the page's event loop without waiting for it (UI work after a slow read)."""
    background_tasks.create(coro, name="designer-page")


def attrs(element: E, **values: str) -> E:
    """Set ``data-*``-style attributes from text that may hold quotes (``data_testid`` -> ``data-testid``).

    Returns ``element``.
    """
    for key, value in values.items():
        element.props[key.replace("_", "-")] = value
    return element


def state_badge(state: str, *, testid: str | None = None, text: str | None = None) -> ui.element:
    """A coloured pill with the state's icon and label; ``data-status`` carries the raw state.

    Returns the badge element.
    """
    look = state_look(state)
    with ui.element("span").classes("runs-state").style(f"--state: {look.color}") as badge:
        badge.props["data-status"] = state
        if testid:
            badge.props["data-testid"] = testid
        ui.icon(look.icon)
        ui.label(text or look.label)
    return badge


def empty_state(icon: str, title: str, detail: str | None = None, *, testid: str | None = None,
                icon_class: str = "designer-muted", card: bool = False, size: str = "48px") -> ui.element:
    """The one look of "nothing here": a big icon, a title and a sentence, centred (in a card with
    ``card``). Returns the block, so a caller can add a button under the sentence."""
    block: ui.element
    if card:
        block = ui.card().classes("designer-card w-full items-center py-10 gap-2").props("flat bordered")
    else:
        block = ui.column().classes("w-full items-center py-8 gap-2")
    if testid:
        block.props["data-testid"] = testid
    with block:
        ui.icon(icon, size=size).classes(icon_class)
        ui.label(title).classes("text-lg font-medium")
        if detail:
            ui.label(detail).classes("designer-muted text-sm")
    return block


def unavailable(ctx: AppContext) -> bool:
    """Show why runs cannot be listed when the store is missing; returns True when it is."""
    if ctx.store is not None:
        return False
    empty_state("cloud_off", "The run store is not available",
                ctx.runner_problem or "the designer was started without a run store")
    return True


def not_found(what: str, detail: str, *, back: tuple[str, str] = ("All runs", "/runs")) -> None:
    """A friendly 'not found' block with a way back (to the runs unless ``back`` says otherwise)."""
    label, target = back
    with empty_state("search_off", what, detail, testid="not-found"):
        ui.button(label, icon="list", on_click=lambda: ui.navigate.to(target)).props("flat no-caps")


def kv(key: str, build: Callable[[], Any] | str | None) -> None:
    """One row of a ``run-kv`` grid: the key, then the value (text, a builder, or a dash for none)."""
    ui.label(key).classes("k")
    with ui.element("div").classes("v"):
        if callable(build):
            build()
        elif build:
            ui.label(build)
        else:
            ui.label("—").classes("designer-muted")


def link(text: str, target: str, *, new_tab: bool = False, testid: str | None = None) -> ui.link:
    """A primary-coloured link; returns it."""
    element = ui.link(text, target, new_tab=new_tab).classes("text-primary")
    if testid:
        element.props["data-testid"] = testid
    return element


def copy_to_clipboard(text: str) -> None:
    """Put ``text`` on the browser's clipboard and say so."""
    ui.run_javascript(f"navigator.clipboard.writeText({json.dumps(text)})")
    ui.notify("Copied", position="bottom-right", timeout=1000)
