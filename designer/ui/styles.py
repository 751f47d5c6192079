"""The page's Tailwind stylesheet, built ahead of time instead of in the browser.

NiceGUI runs Tailwind in the browser by default: it watches every DOM change, rescans the classes of
the page and restyles all of it. On the designer that cost a style recalculation and layout of the
whole page (2,000+ elements) on every card's state change, and it scanned 20,000 elements when a
1,000-step pipeline opened. ``static/tailwind.css`` lists the sources (this package's Python and the
canvas); ``npm run build`` writes ``dist/tailwind.css`` with exactly the utilities they use, and the
server runs NiceGUI with ``tailwind=False`` and links that file (CI checks it is up to date).
"""

from __future__ import annotations

import hashlib

from nicegui import app, ui

from designer.ui.canvas import DIST

__all__ = ["STYLESHEET", "URL", "use_built_stylesheet"]

STYLESHEET = DIST / "tailwind.css"
URL = "/_designer/tailwind.css"
_added = False


def use_built_stylesheet() -> None:
    """Serve the built stylesheet and link it from every page (once per process)."""
    global _added
    if _added:
        return
    digest = hashlib.sha256(STYLESHEET.read_bytes()).hexdigest()[:12]
    app.add_static_file(local_file=STYLESHEET, url_path=URL)
    ui.add_head_html(f'<link rel="stylesheet" href="{URL}?v={digest}">', shared=True)
    _added = True
