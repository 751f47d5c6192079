"""How each run and step state is shown (a label, a Material icon, a colour): the one table.

NiceGUI-free, so the reads (the timeline's colours) and the pages share it.
"""

from __future__ import annotations

from dataclasses import dataclass


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
    "preparing": StateLook("Preparing environment", "build", "#a855f7"),
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
