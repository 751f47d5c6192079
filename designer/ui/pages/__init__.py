"""The pages, one module (or package) each: home, designer, runs, run, compare.

Pages are independent of each other (an import-linter contract): each gets the
:class:`~designer.ui.context.AppContext` in its ``register`` and links to the others by address.
"""
