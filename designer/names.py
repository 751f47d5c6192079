"""The one rule for names that become paths (step and input/output names, FORMAT.md), and the names
a code snapshot leaves out.

A module of its own (standard library only) so that the model, the SDK and the engine check names
the same way, and a step process that imports the SDK does not pull in the YAML loader.
"""

from __future__ import annotations

import re

# \Z, not $: "$" also matches before a trailing newline, and these names become folder names.
JOB_NAME_RE = re.compile(r"^[a-z_][a-z0-9_]*\Z")
IO_NAME_RE = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*\Z")


def bad_io_name(name: object, what: str) -> str | None:
    """Check an input or output name, for every form a job or component takes.

    Returns None for a valid name, else the message to report. These names become folder names under
    a run's folder and environment variable names, so nothing else may pass (``..``, ``/``, spaces).
    """
    if isinstance(name, str) and IO_NAME_RE.match(name):
        return None
    return (f"{what} name '{name}' is not valid; expected ASCII letters, digits and '_', not starting with a "
            "digit (it becomes a folder name)")


# State and tool folders never belong to a code snapshot (a component whose code is the workspace
# root would otherwise snapshot its own .designer/ folder into itself). Validation skips them too.
SNAPSHOT_SKIP_NAMES = frozenset({"__pycache__", ".DS_Store", ".designer", ".git", ".venv", "venv", ".venv-ci",
                                 "node_modules", ".mypy_cache", ".pytest_cache", ".ruff_cache"})
