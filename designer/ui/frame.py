"""The frame every page shares: a header with the app name, the navigation and the dark-mode switch.

Call :func:`frame` first thing in a page function::

    @ui.page("/runs")
    def runs_page() -> None:
        frame("runs", title="Runs")
        ...

The dark-mode choice is kept in a cookie (``designer_dark``), so the page is rendered dark from the
first paint, with nothing stored on the server.
"""

from __future__ import annotations

from typing import Literal

from nicegui import ui

from designer.ui.states import STATES, StateLook, state_look

__all__ = ["STATES", "StateLook", "frame", "is_dark", "state_look"]

Section = Literal["home", "designer", "runs"]
DARK_COOKIE = "designer_dark"
PRIMARY = "#4f46e5"

NAV: tuple[tuple[Section, str, str, str], ...] = (
    ("home", "Home", "/", "home"),
    ("designer", "Designer", "/designer", "account_tree"),
    ("runs", "Runs", "/runs", "play_circle"),
)

CSS = """
.designer-header { background: #0f172a; color: #f8fafc; }
.designer-nav .q-btn { text-transform: none; font-weight: 500; letter-spacing: 0; opacity: .75; }
.designer-nav .q-btn.is-active { opacity: 1; background: rgba(255,255,255,.12); }
body { background: #f8fafc; }
body.body--dark { background: #0b1220; }
.designer-card { border-radius: 12px; }
body.body--dark .designer-card { background: #111a2e; }
.designer-muted { color: #64748b; }
body.body--dark .designer-muted { color: #94a3b8; }
"""


def is_dark() -> bool:
    """The dark-mode choice of this browser (from its cookie)."""
    try:
        request = ui.context.client.request
    except (AttributeError, RuntimeError):
        return False
    return request.cookies.get(DARK_COOKIE) == "1"


def frame(active: Section | None, *, title: str | None = None) -> ui.dark_mode:
    """Build the shared header; ``active`` is highlighted in the navigation. Returns the dark-mode control."""
    ui.colors(primary=PRIMARY)
    ui.add_css(CSS)
    if title:
        ui.page_title(f"{title} · Pipeline Designer")
    dark = ui.dark_mode(is_dark())

    def toggle() -> None:
        dark.toggle()
        value = "1" if dark.value else "0"
        ui.run_javascript(f"document.cookie = '{DARK_COOKIE}={value}; path=/; max-age=31536000; samesite=strict'")
        button.props["icon"] = "light_mode" if dark.value else "dark_mode"
        button.update()

    with ui.header(elevated=False).classes("designer-header items-center gap-6 px-4 py-0 h-12"):
        with ui.link(target="/").classes("flex items-center gap-2 no-underline text-inherit"):
            ui.icon("hub", size="22px").classes("text-indigo-300")
            ui.label("Pipeline Designer").classes("text-base font-semibold tracking-tight")
        with ui.row().classes("designer-nav gap-1 items-center"):
            for key, label, target, icon in NAV:
                nav = ui.button(label, icon=icon, on_click=lambda t=target: ui.navigate.to(t))
                nav.props('flat dense no-caps color=white size=md padding="4px 10px"')
                nav.props["data-testid"] = f"nav-{key}"
                if key == active:
                    nav.classes("is-active")
        ui.space()
        button = ui.button(on_click=toggle).props("flat round dense color=white data-testid=dark-toggle")
        button.props["icon"] = "light_mode" if dark.value else "dark_mode"
        button.tooltip("Switch light / dark")
    return dark
