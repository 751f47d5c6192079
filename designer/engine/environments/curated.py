"""The table of curated environment recipes: data files shipped in ``curated/``, plus the workspace's own.

Azure names a curated environment ``sklearn-1.5`` in a registry address and ``AzureML-sklearn-1.5``
in an ``azureml:`` reference; both (and each recipe's ``aliases``) find the same recipe, ignoring case.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from designer.engine.environments.definition import Recipe, recipe_from_table
from designer.errors import ConfigError

CURATED_DIR = Path(__file__).resolve().parent / "curated"


@cache
def _shipped() -> tuple[Recipe, ...]:
    out: list[Recipe] = []
    for path in sorted(CURATED_DIR.glob("*.toml")):
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:  # a broken shipped file is a packaging bug: say which
            raise ConfigError(f"{path}: {exc}") from None
        out.append(recipe_from_table(str(raw.get("name", path.stem)), raw, str(path), path.parent))
    return tuple(out)


def _norm(name: str) -> str:
    low = name.strip().lower()
    return low[len("azureml-"):] if low.startswith("azureml-") else low


def recipes(extra: dict[str, Recipe] | None = None) -> dict[str, Recipe]:
    """Every known recipe by its name: the shipped ones, then ``extra`` (a workspace's) overriding."""
    table = {r.name: r for r in _shipped()}
    table.update(extra or {})
    return table


def find_recipe(name: str, extra: dict[str, Recipe] | None = None) -> Recipe | None:
    """The recipe for a curated name in any spelling (``AzureML-sklearn-1.5``, ``sklearn-1.5``), or None."""
    want = _norm(name)
    found: Recipe | None = None
    for recipe in recipes(extra).values():
        if want in {_norm(recipe.name), *(_norm(a) for a in recipe.aliases)}:
            found = recipe  # later (workspace) recipes override shipped ones
    return found


def known_names(extra: dict[str, Recipe] | None = None) -> list[str]:
    """The names of every known recipe, sorted (for "unknown curated environment" messages)."""
    return sorted(recipes(extra), key=str.lower)
