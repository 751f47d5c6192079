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

from dataclasses import dataclass
from typing import Literal

from nicegui import ui

# ----------------------------------------------------------------------- run and step states


@dataclass(frozen=True)
class StateLook:
    """How a run or step state is shown: a label, a Material icon and a colour."""

    label: str
    icon: str
    color: str


# The same words, icons and colours as the canvas cards (static/src/theme.js).
STATES: dict[str, StateLook] = {
    "idle": StateLook("Not run yet", "radio_button_unchecked", "#94a3b8"),
    "starting": StateLook("Starting", "hourglass_top", "#6366f1"),
    "pending": StateLook("Waiting", "hourglass_empty", "#94a3b8"),
    "queued": StateLook("Queued", "schedule", "#818cf8"),
    "running": StateLook("Running", "autorenew", "#3b82f6"),
    "completed": StateLook("Completed", "check_circle", "#16a34a"),
    "failed": StateLook("Failed", "error", "#dc2626"),
    "canceled": StateLook("Canceled", "block", "#64748b"),
    "interrupted": StateLook("Interrupted", "report", "#d97706"),
    "cached": StateLook("Reused", "recycling", "#0d9488"),
    "skipped": StateLook("Skipped", "skip_next", "#94a3b8"),
}


def state_look(state: str | None) -> StateLook:
    """The look of ``state``; an unknown state is shown with its own name."""
    return STATES.get(state or "idle") or StateLook(str(state), "help_outline", "#64748b")

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
        button.props(f"icon={'light_mode' if dark.value else 'dark_mode'}")

    with ui.header(elevated=False).classes("designer-header items-center gap-6 px-4 py-0 h-12"):
        with ui.link(target="/").classes("flex items-center gap-2 no-underline text-inherit"):
            ui.icon("hub", size="22px").classes("text-indigo-300")
            ui.label("Pipeline Designer").classes("text-base font-semibold tracking-tight")
        with ui.row().classes("designer-nav gap-1 items-center"):
            for key, label, target, icon in NAV:
                nav = ui.button(label, icon=icon, on_click=lambda t=target: ui.navigate.to(t))
                nav.props(f'flat dense no-caps color=white size=md padding="4px 10px" data-testid="nav-{key}"')
                if key == active:
                    nav.classes("is-active")
        ui.space()
        button = ui.button(on_click=toggle).props(
            f"flat round dense color=white icon={'light_mode' if dark.value else 'dark_mode'} data-testid=dark-toggle")
        button.tooltip("Switch light / dark")
    return dark
