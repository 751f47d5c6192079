"""The web UI: NiceGUI pages (home, designer) and the canvas element; the only code that imports nicegui.

Build the app with :func:`designer.ui.app.create_app` and serve it with :func:`designer.ui.app.serve`.
"""
