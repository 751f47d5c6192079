"""Helpers shared by the no-code browser tests (tests/e2e/test_nocode_*_browser.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

SHOTS = Path(os.environ.get("DESIGNER_SHOTS", "/tmp"))


def shots(page: Any, name: str) -> list[Path]:
    """Screenshot the page in light and in dark mode (Quasar's own switch, as the header's button
    flips it) as ``<name>-light.png`` and ``<name>-dark.png``; the page is left in light mode."""
    out = []
    for mode in ("light", "dark"):
        page.evaluate(f"() => Quasar.Dark.set({'true' if mode == 'dark' else 'false'})")
        page.wait_for_function(f"() => document.body.classList.contains('body--dark') === {str(mode == 'dark').lower()}")
        page.wait_for_timeout(200)  # the canvas reads the class through a MutationObserver
        path = SHOTS / f"{name}-{mode}.png"
        page.screenshot(path=str(path))
        out.append(path)
    page.evaluate("() => Quasar.Dark.set(false)")
    return out
