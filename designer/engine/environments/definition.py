"""The one normalised form every environment spelling resolves to, and the settings that steer it.

An :class:`EnvDefinition` says what to build (a Python version and PyPI requirements) and where it
came from; two spellings that ask for the same thing have the same :meth:`EnvDefinition.digest`, so
they share one built environment.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from designer.errors import ConfigError

Mode = Literal["build", "current"]
MODES: tuple[str, ...] = ("build", "current")
FORMAT_VERSION = 1  # bump when the layout of a built environment changes: old ones become misses


@dataclass(frozen=True)
class EnvDefinition:
    """What a step's environment is, normalised.

    ``kind`` is ``"current"`` for the designer's own interpreter (the ``current`` mode) and
    ``"venv"`` otherwise. ``python`` is ``"X.Y"`` or None (this machine's Python). ``requirements``
    are PyPI requirement lines, conda names already mapped. ``notes`` are lines for the build log
    (skipped conda packages, an image that was not used); ``hint`` is said when the step then fails
    to import a module.
    """

    kind: Literal["venv", "current"] = "venv"
    python: str | None = None
    requirements: tuple[str, ...] = ()
    source: str = ""
    notes: tuple[str, ...] = ()
    image: str | None = None
    hint: str | None = None

    def key(self) -> dict[str, Any]:
        """What the environment's identity covers: not where it was written or how it was spelt."""
        return {"format": FORMAT_VERSION, "kind": self.kind, "python": self.python,
                "requirements": sorted(dict.fromkeys(r.strip() for r in self.requirements if r.strip()))}

    def digest(self) -> str:
        """A hex digest of :meth:`key` (sorted keys: independent of dict order and of the machine)."""
        return hashlib.sha256(json.dumps(self.key(), sort_keys=True).encode()).hexdigest()

    def describe(self) -> str:
        """One line for logs and progress: where it came from, the Python and the package count."""
        if self.kind == "current":
            return "the designer's own interpreter (environments mode 'current')"
        py = f"Python {self.python}" if self.python else "this machine's Python"
        n = len(self.requirements)
        return f"{self.source or 'environment'}: {py}, {n} package{'s' if n != 1 else ''}"


@dataclass(frozen=True)
class Recipe:
    """A local recipe for a curated (or workspace-defined) environment name."""

    name: str
    python: str | None
    packages: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    description: str = ""
    origin: str = ""     # where the recipe was read from (a data file, designer.toml)
    omitted: tuple[str, ...] = ()  # packages of the Azure image a local run leaves out (Azure SDK, ...)


def default_cache_dir(environ: dict[str, str] | None = None) -> Path:
    """The per-user folder built environments live in, shared by all workspaces.

    ``DESIGNER_ENV_CACHE`` overrides it; else ``$XDG_CACHE_HOME/designer/envs`` or ``~/.cache/designer/envs``.
    """
    env = os.environ if environ is None else environ
    if env.get("DESIGNER_ENV_CACHE"):
        return Path(env["DESIGNER_ENV_CACHE"]).expanduser()
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "designer" / "envs"


@dataclass
class EnvSettings:
    """How a workspace treats environments (``[environments]`` in ``designer.toml``).

    ``mode``: ``build`` (default) or ``current``; ``cache_dir``: where built environments live;
    ``recipes``: curated recipes the workspace adds or overrides; ``registered_dir``: where
    ``designer environments register`` keeps its snapshots (None: nothing is registered).
    """

    mode: Mode = "build"
    cache_dir: Path = field(default_factory=default_cache_dir)
    recipes: dict[str, Recipe] = field(default_factory=dict)
    registered_dir: Path | None = None
    mode_source: str = "default"

    @classmethod
    def from_environ(cls, environ: dict[str, str] | None = None) -> EnvSettings:
        """Settings without a workspace: ``DESIGNER_ENVIRONMENTS`` and ``DESIGNER_ENV_CACHE`` only.

        Raises :class:`ConfigError` for an unknown mode.
        """
        env = os.environ if environ is None else environ
        mode = (env.get("DESIGNER_ENVIRONMENTS") or "build").strip()
        if mode not in MODES:
            raise ConfigError(f"DESIGNER_ENVIRONMENTS is '{mode}'; expected 'build' or 'current'")
        return cls(mode=mode, cache_dir=default_cache_dir(dict(env)),  # type: ignore[arg-type]
                   mode_source="DESIGNER_ENVIRONMENTS" if env.get("DESIGNER_ENVIRONMENTS") else "default")

    @classmethod
    def load(cls, root: Path, environ: dict[str, str] | None = None, state_dir: Path | None = None) -> EnvSettings:
        """Read ``[environments]`` from ``root/designer.toml`` and ``DESIGNER_ENVIRONMENTS`` / ``DESIGNER_ENV_CACHE``.

        Raises :class:`ConfigError` naming the file and key at fault.
        """
        env = dict(os.environ if environ is None else environ)
        toml_path = root / "designer.toml"
        data: dict[str, Any] = {}
        if toml_path.is_file():
            try:
                data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(f"{toml_path}: {exc}; fix the TOML syntax") from None
        section = data.get("environments") or {}
        if not isinstance(section, dict):
            raise ConfigError(f"{toml_path}: [environments] must be a table")
        mode, mode_source = str(section.get("mode", "build")), ("designer.toml" if "mode" in section else "default")
        if env.get("DESIGNER_ENVIRONMENTS"):
            mode, mode_source = env["DESIGNER_ENVIRONMENTS"].strip(), "DESIGNER_ENVIRONMENTS"
        if mode not in MODES:
            raise ConfigError(f"{toml_path if mode_source == 'designer.toml' else mode_source}: environments mode is "
                              f"'{mode}'; expected 'build' (make each step's environment) or 'current' (the designer's interpreter)")
        cache = default_cache_dir(env) if env.get("DESIGNER_ENV_CACHE") or "cache" not in section else \
            (root / str(section["cache"])).expanduser()
        recipes: dict[str, Recipe] = {}
        curated = section.get("curated") or {}
        if not isinstance(curated, dict):
            raise ConfigError(f"{toml_path}: [environments.curated] must hold tables such as [environments.curated.my-env]")
        for name, raw in curated.items():
            recipes[str(name)] = recipe_from_table(str(name), raw, f"{toml_path} [environments.curated.{name}]", root)
        state = state_dir if state_dir is not None else root / ".designer"
        return cls(mode=mode, cache_dir=cache, recipes=recipes,  # type: ignore[arg-type]
                   registered_dir=state / "environments", mode_source=mode_source)


def env_settings(settings: Any) -> EnvSettings:
    """The environment settings of a :class:`designer.workspace.Settings`.

    Its workspace's ``designer.toml`` ``[environments]`` with the variables it was loaded with; for
    settings made without a workspace, ``DESIGNER_ENVIRONMENTS``/``DESIGNER_ENV_CACHE`` only.
    Raises :class:`ConfigError`.
    """
    root = getattr(settings, "root", None)
    if root is None:
        return EnvSettings.from_environ()
    return EnvSettings.load(Path(root), dict(getattr(settings, "environ", {}) or {}))


def recipe_from_table(name: str, raw: Any, origin: str, base: Path) -> Recipe:
    """A :class:`Recipe` from a TOML table: ``python``, ``packages`` (PyPI lines) or ``conda_file``.

    Raises :class:`ConfigError` naming ``origin`` when a key has the wrong type.
    """
    if not isinstance(raw, dict):
        raise ConfigError(f"{origin}: expected a table with 'python' and 'packages'")
    python = raw.get("python")
    if python is not None and not isinstance(python, str):
        raise ConfigError(f"{origin}: 'python' is {python!r}; expected a string such as \"3.10\"")
    packages = raw.get("packages", [])
    if not isinstance(packages, list) or not all(isinstance(p, str) for p in packages):
        raise ConfigError(f"{origin}: 'packages' must be a list of PyPI requirements such as [\"pandas==1.5.3\"]")
    if "conda_file" in raw:
        from designer.engine.environments.conda import read_conda_file
        from designer.errors import SpecError

        try:
            conda = read_conda_file((base / str(raw["conda_file"])).resolve())
        except SpecError as exc:
            raise ConfigError(f"{origin}: conda_file: {exc}") from None
        python = python or conda.python
        packages = [*conda.requirements, *packages]
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list):
        raise ConfigError(f"{origin}: 'aliases' must be a list of names")
    return Recipe(name=name, python=python, packages=tuple(packages), aliases=tuple(map(str, aliases)),
                  description=str(raw.get("description", "")), origin=origin,
                  omitted=tuple(map(str, raw.get("omitted", []))))
