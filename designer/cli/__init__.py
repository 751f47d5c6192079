"""The ``designer`` command: parse, call, print. Thin on purpose.

One module per command group (``run``, ``runs``, ``components``, ``compute``, ``ui``, ``init``,
``validate``), each with a ``register(app)``; :mod:`designer.cli.app` puts them together and
:mod:`designer.cli.output` is how they all print (user text made safe for the terminal). Every
user-facing failure is a :class:`~designer.errors.DesignerError`; it is printed without a traceback
and the command exits with 2. Heavy modules (the engine, the store, NiceGUI) are imported inside the
commands that need them, so ``designer run`` starts fast and never imports nicegui.
"""

from __future__ import annotations

from designer.cli.app import app, main

__all__ = ["app", "main"]
