"""The environments section of ``designer runs show``: what each step ran with, grouped by environment.

Steps that share one environment (the same lock) are listed together under one summary line
("Python 3.10.14 · 23 packages · built 2 h ago"), with its source, cache folder and lock hash, the
packages of a built environment (of the designer's own interpreter only with ``--packages``), and
what changed since each step's previous run. The words are :mod:`designer.ui.reads.environment`'s,
the same as the step panels'.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from designer.cli.output import out, safe

if TYPE_CHECKING:
    from designer.ui.reads.environment import StepEnvironment


def print_environments(envs: dict[str, StepEnvironment], *, packages: bool = False) -> None:
    """Print the section (nothing when no step recorded an environment)."""
    if not envs:
        return
    groups: dict[str, list[str]] = {}
    for step, env in envs.items():
        groups.setdefault(env.lock.lock_hash, []).append(step)
    out.print("")
    out.print("[bold]Environments[/]", markup=True)
    for steps in groups.values():
        env = envs[steps[0]]
        lock = env.lock
        out.print(f"  [bold]{safe(', '.join(steps))}[/]: {safe(env.summary())}", markup=True)
        where = lock.root or lock.python
        out.print(f"    {safe(lock.source or 'environment')} · lock {safe(lock.lock_hash[:12])}"
                  + (f" · {safe(where)}" if where else ""), markup=True)
        if lock.packages is not None and (packages or lock.mode != "current"):
            listed = ", ".join(f"{name} {version}" for name, version in sorted(lock.packages.items()))
            out.print(f"    packages: {safe(listed) or '(none)'}", markup=True)
        elif lock.packages is not None:
            out.print("    (the designer's own packages: add --packages to list them)")
        for step in steps:
            changed = envs[step]
            if changed.changes == [] or changed.previous_run is None:
                continue
            lines = changed.change_lines()
            out.print(f"    [yellow]{safe(step)}: changed since run {safe(changed.previous_run)}:[/] "
                      + safe("; ".join(lines)), markup=True)
