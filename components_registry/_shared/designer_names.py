"""The rule for column names a table gets when names repeat: ``name``, ``name_2``, ``name_3``...

The one owner of the rule. Standard library only and importing nothing of ``designer``, because the
built-in components apply it inside their steps, where the package may be missing: they ship a
byte-identical copy as ``components_registry/_shared/designer_names.py`` (a test checks that the
copies are identical), and the design-time schemas (designer/spec/schemas.py) apply it to predict
the columns those steps will write.
"""

from __future__ import annotations

from collections.abc import Sequence


def unique_names(names: Sequence[str]) -> list[str]:
    """Return ``names`` with duplicates renamed ``name_2``, ``name_3``... (skipping names already taken)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        if name not in seen:
            seen[name] = 1
            out.append(name)
            continue
        n = seen[name]
        while f"{name}_{n + 1}" in seen:
            n += 1
        seen[name] = n + 1
        new = f"{name}_{n + 1}"
        seen[new] = 1
        out.append(new)
    return out
