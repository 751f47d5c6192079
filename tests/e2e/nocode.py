"""Helpers shared by the no-code browser tests (tests/e2e/test_nocode_*_browser.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

SHOTS = Path(os.environ.get("DESIGNER_SHOTS", "/tmp"))


def set_dark(page: Any, dark: bool) -> None:
    """Switch the page to dark (``dark``) or light mode as a person does, with the header's switch
    (which also draws the charts again in that mode's colours). While a dialog or a menu (a card's
    right-click menu, a picker's list) is open or a wire is being dragged, a click on the header would
    close it or end the drag, so Quasar's own switch is used then (charts keep their colours)."""
    toggle = page.get_by_test_id("dark-toggle")
    is_dark = page.evaluate("() => document.body.classList.contains('body--dark')")
    busy = page.locator(".q-dialog, .q-menu, [data-testid=node-menu], [data-testid=canvas][data-wiring]").count() > 0
    if is_dark != dark:
        if toggle.count() and not busy:
            toggle.click()
            size = page.viewport_size or {"width": 1280, "height": 800}
            page.mouse.move(2, size["height"] - 2)  # off the switch: its tooltip is not part of the page
        else:
            page.evaluate(f"() => Quasar.Dark.set({'true' if dark else 'false'})")
    page.wait_for_function(f"() => document.body.classList.contains('body--dark') === {str(dark).lower()}")
    if not busy:  # the charts are drawn again in the mode's colours
        mode = "dark" if dark else "light"
        page.wait_for_function(f"() => [...document.querySelectorAll('[data-theme]')]"
                               f".every(c => c.dataset.theme === '{mode}')", timeout=10_000)
    page.wait_for_timeout(200)  # the canvas reads the class through a MutationObserver


def shots(page: Any, name: str) -> list[Path]:
    """Screenshot the page in light and in dark mode (:func:`set_dark`) as ``<name>-light.png`` and
    ``<name>-dark.png``; the page is left in light mode."""
    out = []
    for mode in ("light", "dark"):
        set_dark(page, mode == "dark")
        path = SHOTS / f"{name}-{mode}.png"
        page.screenshot(path=str(path))
        out.append(path)
    set_dark(page, False)
    return out
