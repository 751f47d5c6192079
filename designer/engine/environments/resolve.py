"""Every spelling of ``environment:`` that Azure ML accepts, resolved to one :class:`EnvDefinition`.

- inline: ``{conda_file: ./env.yml}`` (a path next to the YAML, or the conda file as a mapping),
  ``{image: ..., conda_file: ...}``, ``{build: {path: ./ctx}}`` (the context's conda or requirements
  file when its Dockerfile installs one, else as ``image`` alone), ``{image: ...}`` alone (no container
  engine here: a plain environment of this machine's Python, said in the log);
- registered: ``azureml:name:version``, ``azureml:name@latest``, ``azureml:name``, an ARM id;
- curated: ``azureml://registries/azureml/environments/<name>/labels/latest`` (or ``/versions/<v>``)
  and ``azureml:AzureML-<name>@latest`` (or ``:<v>``), from the recipe table.

Nothing here builds or runs anything; a definition that cannot be resolved raises :class:`SpecError`
with the file, line and field, what was found and what to do.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from designer.engine.environments.conda import conda_from_mapping, read_conda_file, read_requirements
from designer.engine.environments.curated import find_recipe, known_names
from designer.engine.environments.definition import EnvDefinition, EnvSettings, Recipe
from designer.engine.environments.registered import RegisteredEnvironments
from designer.errors import Problem, SpecError
from designer.spec.yaml_io import PathKey, SourceMap

_REGISTRY_REF = re.compile(r"^azureml://registries/(?P<reg>[^/]+)/environments/(?P<name>[^/]+)"
                           r"(?:/(?:versions/(?P<version>[^/]+)|labels/(?P<label>[^/]+)))?/?$")
_ARM_REF = re.compile(r"/environments/(?P<name>[^/]+)/versions/(?P<version>[^/]+)/?$", re.IGNORECASE)
_NAME_REF = re.compile(r"^azureml:(?P<name>[A-Za-z0-9_.\-]+)(?::(?P<version>[^@:]+)|@(?P<label>[\w.\-]+))?$")
IMAGE_HINT = ("the environment names only an image, which was not used here; add a conda_file listing "
              "the packages the step imports (e.g. environment: {image: ..., conda_file: ./env.yml})")
_FROM_PYTHON = re.compile(r"^\s*FROM\s+(?:\S+/)?python:(?P<v>\d+\.\d+)", re.IGNORECASE | re.MULTILINE)


def _guess(word: str, options: list[str]) -> str:
    found = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean '{found[0]}'?)" if found else ""


class _Where:
    """Where the ``environment`` value sits, for problems about it."""

    def __init__(self, source: SourceMap | None, at: PathKey, base_dir: Path) -> None:
        self.source, self.at, self.base_dir = source, at, base_dir

    def problem(self, sub: PathKey, code: str, message: str) -> SpecError:
        if self.source is not None:
            return SpecError([self.source.problem((*self.at, *sub), code, message)])
        path = ".".join(str(p) for p in (*self.at, *sub)) or "environment"
        return SpecError([Problem(str(self.base_dir), None, None, path, code, message)])


def resolve(spec: Any, base_dir: Path, settings: EnvSettings, *, source: SourceMap | None = None,
            at: PathKey = ("environment",)) -> EnvDefinition:
    """Resolve a step's ``environment`` value to one normalised definition.

    ``base_dir`` is the folder relative paths are read from (the YAML's folder); ``source``/``at``
    locate the value in its file for error messages. In ``current`` mode every spec resolves to the
    designer's own interpreter. Returns an :class:`EnvDefinition`; raises :class:`SpecError`.
    """
    if settings.mode == "current":
        return EnvDefinition(kind="current", source="mode 'current'")
    where = _Where(source, at, base_dir)
    if spec is None:
        return EnvDefinition(source="no environment", notes=("the step declares no environment; using this machine's Python",),
                             hint=IMAGE_HINT.replace("names only an image, which was not used here", "is not declared"))
    if isinstance(spec, str):
        return _reference(spec.strip(), settings, where)
    if isinstance(spec, dict):
        return _inline(spec, base_dir, where, settings)
    raise where.problem((), "env.shape", f"environment is a {type(spec).__name__}; expected a reference such as "
                        "'azureml:AzureML-sklearn-1.5@latest' or a mapping with 'conda_file', 'image' or 'build'")


def _from_recipe(recipe: Recipe, asked: str, version: str | None) -> EnvDefinition:
    notes = [f"curated environment '{recipe.name}' from the local recipe {Path(recipe.origin).name or recipe.origin}"]
    if version:
        notes.append(f"Azure version '{version}' of '{recipe.name}' is not told apart locally; the recipe follows the latest")
    if recipe.omitted:
        notes.append("left out locally (Azure-only tooling): " + ", ".join(recipe.omitted))
    return EnvDefinition(python=recipe.python, requirements=recipe.packages, source=f"curated {recipe.name}",
                         notes=tuple(notes))


def _unknown_curated(name: str, settings: EnvSettings, where: _Where) -> SpecError:
    names = known_names(settings.recipes)
    hint = _guess(name.removeprefix("AzureML-"), names)
    return where.problem((), "env.unknown_curated",
                         f"unknown curated environment '{name}'{hint}; known here: {', '.join(names)}. "
                         f"To add one, put a recipe in designer.toml: [environments.curated.{name.removeprefix('AzureML-')}] "
                         "with python = \"3.10\" and packages = [\"pandas==1.5.3\", ...]")


def _reference(text: str, settings: EnvSettings, where: _Where) -> EnvDefinition:
    m = _REGISTRY_REF.match(text)
    if m is not None:
        recipe = find_recipe(m.group("name"), settings.recipes)
        if recipe is None:
            raise _unknown_curated(m.group("name"), settings, where)
        return _from_recipe(recipe, text, m.group("version"))
    name, version, label = None, None, None
    if (m := _NAME_REF.match(text)) is not None:
        name, version, label = m.group("name"), m.group("version"), m.group("label")
    elif text.startswith("/subscriptions/") and (m := _ARM_REF.search(text)) is not None:
        name, version = m.group("name"), m.group("version")
    if name is None:
        raise where.problem((), "env.reference", f"environment '{text}' is not a reference this runner understands; "
                            "expected azureml:<name>:<version>, azureml:<name>@latest, "
                            "azureml://registries/azureml/environments/<name>/labels/latest, or an inline mapping")
    registered = RegisteredEnvironments(settings.registered_dir)
    entry = registered.find(name, version, label)
    if entry is not None:
        data, base = entry.load()
        inner = resolve(data, base, EnvSettings(mode="build", cache_dir=settings.cache_dir, recipes=settings.recipes,
                                                registered_dir=settings.registered_dir),
                        source=None, at=(f"registered {entry.ref}",))
        return EnvDefinition(kind=inner.kind, python=inner.python, requirements=inner.requirements,
                             source=f"registered {entry.ref}", notes=inner.notes, image=inner.image, hint=inner.hint)
    curated_spelling = name.lower().startswith("azureml-")
    recipe = find_recipe(name, settings.recipes)
    if recipe is not None:
        return _from_recipe(recipe, text, version)
    if curated_spelling:
        raise _unknown_curated(name, settings, where)
    known = registered.names()
    listing = f"registered here: {', '.join(known)}" if known else "no environment is registered in this workspace"
    raise where.problem((), "env.not_registered",
                        f"environment '{text}' is not registered{_guess(name, known)}; "
                        f"{listing}. Register it with: designer environments register env.yml "
                        "(an Azure environment YAML with name, version and conda_file)")


def _inline(spec: dict[str, Any], base_dir: Path, where: _Where, settings: EnvSettings) -> EnvDefinition:
    for key in ("channels", "dependencies"):
        if key in spec:
            raise where.problem((key,), "env.conda_at_top", f"'{key}' belongs in the conda file, not in environment; "
                                "move it under conda_file: {dependencies: [...]} or into ./env.yml")
    image = spec.get("image")
    if image is not None and not isinstance(image, str):
        raise where.problem(("image",), "env.image", f"image is {image!r}; expected an image name such as python:3.11-slim")
    if "build" in spec and image:
        raise where.problem(("build",), "env.build_and_image", "environment has both 'build' and 'image'; keep one")
    notes: list[str] = []
    if "name" in spec or "version" in spec:
        notes.append("the inline environment's name/version are ignored (only registered environments have them)")
    conda = spec.get("conda_file")
    if conda is not None:
        if isinstance(conda, dict):
            source = where.source or SourceMap(str(base_dir))
            env = conda_from_mapping(conda, source, base_dir, (*where.at, "conda_file"))
            src = "inline conda_file"
        elif isinstance(conda, str):
            path = (base_dir / conda).resolve()
            if not path.is_file():
                raise where.problem(("conda_file",), "env.conda_missing",
                                    f"conda_file '{conda}' does not exist (looked for {path}); "
                                    "the path is relative to the YAML file that names it")
            env = read_conda_file(path)
            src = f"conda file {conda}"
        else:
            raise where.problem(("conda_file",), "env.conda_shape",
                                f"conda_file is {conda!r}; expected a path such as ./env.yml or a mapping with dependencies")
        if image:
            notes.append(f"image '{image}' was not used (no container engine); built from the conda file on this machine")
        return EnvDefinition(python=env.python, requirements=tuple(env.requirements), source=src,
                             notes=tuple([*notes, *env.notes]), image=image)
    if "build" in spec:
        return _build_context(spec["build"], base_dir, where, notes)
    if image:
        notes.append(f"image '{image}' was not used: there is no container engine here, so the step runs in a plain "
                     "environment of this machine's Python")
        return EnvDefinition(source=f"image {image}", notes=tuple(notes), image=image, hint=IMAGE_HINT)
    raise where.problem((), "env.empty", "environment has none of 'conda_file', 'image' or 'build'; "
                        "add conda_file: ./env.yml (or name a curated one, e.g. azureml:AzureML-sklearn-1.5@latest)")


def _build_context(build: Any, base_dir: Path, where: _Where, notes: list[str]) -> EnvDefinition:
    if not isinstance(build, dict) or not isinstance(build.get("path"), str):
        raise where.problem(("build",), "env.build_shape", "build must be a mapping with path: ./docker-context")
    folder = (base_dir / build["path"]).resolve()
    if not folder.is_dir():
        raise where.problem(("build", "path"), "env.build_missing",
                            f"build folder '{build['path']}' does not exist (looked for {folder}); "
                            "the path is relative to the YAML file that names it")
    dockerfile = folder / str(build.get("dockerfile_path") or "Dockerfile")
    text = dockerfile.read_text(encoding="utf-8", errors="replace") if dockerfile.is_file() else ""
    m = _FROM_PYTHON.search(text)
    python = m.group("v") if m else None
    for line in text.replace("\\\n", " ").splitlines():
        words = line.split()
        for flag, kind in (("-f", "conda"), ("--file", "conda"), ("-r", "pip"), ("--requirement", "pip")):
            if flag in words and kind in line and words.index(flag) + 1 < len(words):
                found = sorted(folder.rglob(Path(words[words.index(flag) + 1]).name))
                if not found:
                    continue
                rel = found[0].relative_to(folder)
                if kind == "conda":
                    env = read_conda_file(found[0])
                    return EnvDefinition(python=env.python or python, requirements=tuple(env.requirements),
                                         source=f"build context {build['path']} ({rel})",
                                         notes=tuple([*notes, f"built from {rel}, which the Dockerfile installs", *env.notes]))
                return EnvDefinition(python=python, requirements=tuple(read_requirements(found[0])),
                                     source=f"build context {build['path']} ({rel})",
                                     notes=tuple([*notes, f"built from {rel}, which the Dockerfile installs"]))
    notes.append(f"the Dockerfile in '{build['path']}' installs no conda or requirements file this runner can read; "
                 "the image itself was not built (no container engine): a plain environment of "
                 + (f"Python {python}" if python else "this machine's Python"))
    return EnvDefinition(python=python, source=f"build context {build['path']}", notes=tuple(notes), hint=IMAGE_HINT)
