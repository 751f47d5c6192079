"""Finds components: built-ins, the workspace's own folders, and registered ``name:version`` snapshots.

The registry is an object you build and pass in (it implements
:class:`designer.spec.loader.ComponentResolver`); nothing here is global. Registering a component
copies its YAML and its code (with ``additional_includes`` merged) under
``<workspace>/.designer/components/<name>/<version>/``, so that ``azureml:name:version`` and
``azureml:name@latest`` resolve locally as they do after ``az ml component create``.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from designer.errors import Problem, RegistryError, SpecError
from designer.spec.loader import LoadContext, load_component_file
from designer.spec.model import CommandComponent, Component, PipelineComponent
from designer.spec.validate import errors_of, validate_document
from designer.spec.yaml_io import read_yaml

SourceKind = Literal["builtin", "workspace", "registered"]
_COMMAND_FILE = re.compile(r"^type:[ \t]*['\"]?command\b", re.MULTILINE)  # a top-level `type: command`
SKIP_DIRS = {".designer", ".git", "node_modules", "__pycache__", ".venv", "venv", "templates"}


def builtin_dir() -> Path:
    """The folder of built-in components (the repository's, or the one shipped in the wheel)."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "components_registry", here / "_data" / "components_registry"):
        if candidate.is_dir():
            return candidate
    return here.parent / "components_registry"


def templates_dir() -> Path:
    """The folder of ready pipelines shown in the templates gallery."""
    return builtin_dir() / "templates"


def _version_key(v: str) -> tuple[tuple[int, object], ...]:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in v.replace("-", ".").split("."))


@dataclass
class Entry:
    """One component version known to the registry."""

    name: str
    version: str
    source: SourceKind
    path: Path
    component: Component
    registered_at: float = 0.0

    @property
    def ref(self) -> str:
        """How a pipeline names it: ``azureml:name:version``."""
        return f"azureml:{self.name}:{self.version}"


@dataclass(frozen=True)
class InvalidComponent:
    """A component file the registry found but cannot offer: its first problem says why.

    Reported instead of dropped, so a component with a typo does not just vanish from the palette
    and from ``designer components list``.
    """

    name: str  # the name the file declares, else its file name
    source: SourceKind
    path: Path
    problem: Problem

    @property
    def reason(self) -> str:
        """The problem as one line: ``file:line:col: path: message [code]``."""
        return self.problem.format()


def _tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    if root.is_file():
        h.update(root.read_bytes())
        return h.hexdigest()
    for p in sorted(root.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(root)).encode())
            h.update(b"\0")
            h.update(p.read_bytes())
    return h.hexdigest()


def _copy_code(comp: CommandComponent, dest: Path) -> None:
    """Copy a component's code and its additional includes into ``dest``."""
    code = comp.code_dir()
    if code is not None and code.exists():
        if code.is_dir():
            shutil.copytree(code, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"), dirs_exist_ok=True)
        else:
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copy2(code, dest / code.name)
    base = comp.loc.base_dir or Path.cwd()
    for inc in comp.additional_includes:
        src = (base / inc).resolve()
        if not src.exists():
            raise RegistryError(f"additional include '{inc}' of component '{comp.name}' does not exist ({src})")
        dest.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dest / src.name, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dest / src.name)


class Registry:
    """Built-in, workspace and registered components, looked up by name and version."""

    def __init__(self, builtin: Path | None = None, workspace_root: Path | None = None,
                 registered: Path | None = None) -> None:
        self.builtin = builtin if builtin is not None else builtin_dir()
        self.workspace_root = workspace_root
        self.registered = registered
        self._entries: list[Entry] | None = None
        self._invalid: list[InvalidComponent] = []

    @classmethod
    def for_workspace(cls, workspace: object) -> Registry:
        """The registry of a :class:`designer.workspace.Workspace` (built-ins + its own + registered)."""
        root = getattr(workspace, "root")  # noqa: B009 - avoid importing workspace types here
        return cls(builtin_dir(), root, getattr(workspace, "components_dir"))  # noqa: B009

    # ------------------------------------------------------------------------------------ scanning

    def _load(self, path: Path, source: SourceKind) -> Component | None:
        """The component at ``path``, or None; a file that does not load is recorded in :meth:`invalid`."""
        ctx = LoadContext(resolver=self)
        comp = load_component_file(path.resolve(), ctx)
        errors = errors_of(ctx.problems)
        if comp is not None and not errors and comp.name:
            return comp
        if errors:
            first = errors[0]
        else:
            first = Problem(str(path), None, None, "name", "component.no_name",
                            "the component has no 'name'; add one (lowercase letters, digits and '_')")
        name = comp.name if comp is not None and comp.name else path.parent.name if path.stem == "component" else path.stem
        self._invalid.append(InvalidComponent(str(name), source, path, first))
        return None

    def _scan_builtin(self) -> list[Entry]:
        out: list[Entry] = []
        if not self.builtin.is_dir():
            return out
        for yml in sorted(self.builtin.glob("*/component.yml")):
            if yml.parent.name.startswith(("_", ".")):
                continue
            comp = self._load(yml, "builtin")
            if comp is not None and comp.name:
                out.append(Entry(comp.name, comp.version or "1", "builtin", yml, comp))
        return out

    def _scan_workspace(self) -> list[Entry]:
        out: list[Entry] = []
        root = self.workspace_root
        if root is None or not root.is_dir():
            return out
        builtin = self.builtin.resolve()
        stack = [root]
        while stack:
            folder = stack.pop()
            try:
                children = sorted(folder.iterdir())
            except OSError:
                continue
            for child in children:
                if child.is_dir():
                    if child.name not in SKIP_DIRS and not child.name.startswith(".") and child.resolve() != builtin:
                        stack.append(child)
                    continue
                if child.suffix not in (".yml", ".yaml"):
                    continue
                try:
                    head = child.read_text(encoding="utf-8", errors="replace")[:3000]
                except OSError:
                    continue
                # A pipeline's inline `type: command` jobs are indented; a standalone command *job* is no component.
                if not _COMMAND_FILE.search(head) or "commandJob.schema" in head:
                    continue
                comp = self._load(child, "workspace")
                if comp is not None and comp.name:
                    out.append(Entry(comp.name, comp.version or "1", "workspace", child, comp))
        return out

    def _index_path(self) -> Path | None:
        return self.registered / "index.json" if self.registered is not None else None

    def _read_index(self) -> dict[str, dict[str, dict[str, object]]]:
        path = self._index_path()
        if path is None or not path.is_file():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise RegistryError(f"the registry index '{path}' is unreadable ({exc}); delete it and register again") from None
        return data if isinstance(data, dict) else {}

    def _scan_registered(self) -> list[Entry]:
        out: list[Entry] = []
        if self.registered is None:
            return out
        for name, versions in self._read_index().items():
            for version, info in versions.items():
                yml = self.registered / name / version / "component.yml"
                comp = self._load(yml, "registered") if yml.is_file() else None
                if comp is not None:
                    at = info.get("registered_at", 0.0)
                    out.append(Entry(name, version, "registered", yml, comp, float(at) if isinstance(at, int | float) else 0.0))
        return out

    def entries(self) -> list[Entry]:
        """Every known component version (built-ins first), loaded once and cached."""
        if self._entries is None:
            self._invalid = []
            self._entries = [*self._scan_builtin(), *self._scan_workspace(), *self._scan_registered()]
        return list(self._entries)

    def invalid(self) -> list[InvalidComponent]:
        """The component files found that cannot be used, each with its first problem (same scan as :meth:`entries`)."""
        self.entries()
        return list(self._invalid)

    def refresh(self) -> None:
        """Forget the cached scan (after files changed)."""
        self._entries = None
        self._invalid = []

    # ----------------------------------------------------------------------------- ComponentResolver

    def find(self, name: str, version: str | None = None, label: str | None = None) -> Entry | None:
        """The entry for ``name`` at ``version`` (or the ``latest`` / default one)."""
        candidates = [e for e in self.entries() if e.name == name]
        if not candidates:
            return None
        if version is not None:
            matches = [e for e in candidates if e.version == str(version)]
            # For the same name:version a registered component wins (the user registered it on
            # purpose), then the built-in one; files found in the workspace are meant to be used by path.
            rank = {"registered": 0, "builtin": 1, "workspace": 2}
            return sorted(matches, key=lambda e: rank[e.source])[0] if matches else None
        if label not in (None, "latest", "default"):
            return None
        registered = [e for e in candidates if e.source == "registered"]
        if registered:  # '@latest' is the most recently created version
            return max(registered, key=lambda e: e.registered_at)
        return max(candidates, key=lambda e: _version_key(e.version))

    def resolve(self, name: str, version: str | None = None, label: str | None = None) -> Component | None:
        """The component, or None (see :meth:`find`)."""
        entry = self.find(name, version, label)
        return entry.component if entry is not None else None

    def names(self) -> list[str]:
        """Every known component name, sorted."""
        return sorted({e.name for e in self.entries()})

    def versions(self, name: str) -> list[str]:
        """Known versions of ``name``, oldest first."""
        return sorted({e.version for e in self.entries() if e.name == name}, key=_version_key)

    def latest(self) -> list[Entry]:
        """One entry per name (its latest version), sorted by category then display name."""
        out = [e for n in self.names() if (e := self.find(n)) is not None]
        return sorted(out, key=lambda e: (getattr(e.component, "category", ""), e.component.label.lower()))

    # ------------------------------------------------------------------------------------ register

    def register(self, path: str | Path, version: str | None = None) -> Entry:
        """Register the command component at ``path`` as ``name:version`` with a snapshot of its code.

        Re-registering identical content is a no-op; different content under an existing version
        raises :class:`RegistryError`, as Azure ML does. Invalid components raise :class:`SpecError`.
        """
        if self.registered is None:
            raise RegistryError("this registry has no folder for registered components")
        src = Path(path).resolve()
        ctx = LoadContext(resolver=self)
        comp = load_component_file(src, ctx)
        if comp is None:
            raise SpecError(ctx.problems or [])
        problems = [*ctx.problems, *validate_document(comp)]
        if errors_of(problems):
            raise SpecError(problems)
        if isinstance(comp, PipelineComponent):
            raise RegistryError("registering pipeline components is not supported yet; register its command components")
        if not comp.name:
            raise RegistryError(f"'{src}' has no 'name'; a registered component needs one")
        ver = str(version or comp.version or "")
        if not ver:
            existing = self.versions(comp.name)
            ver = str(max((int(v) for v in existing if v.isdigit()), default=0) + 1)
        dest = self.registered / comp.name / ver
        staging = self.registered / f".staging-{comp.name}-{ver}-{time.time_ns()}"
        try:
            code_dest = staging / "code"
            _copy_code(comp, code_dest)
            data = read_yaml(src).data
            assert isinstance(data, dict)
            data["version"] = ver
            if comp.code is not None:
                data["code"] = "./code"
            data.pop("additional_includes", None)
            from designer.spec.yaml_io import write_yaml

            staging.mkdir(parents=True, exist_ok=True)
            write_yaml(staging / "component.yml", data)
            digest = _tree_hash(staging)
            if dest.exists():
                if _tree_hash(dest) == digest:
                    shutil.rmtree(staging)
                    self.refresh()
                    found = self.find(comp.name, ver)
                    assert found is not None
                    return found
                raise RegistryError(f"component {comp.name}:{ver} is already registered with different content; "
                                    "bump 'version' (or pass --version) and register again")
            dest.parent.mkdir(parents=True, exist_ok=True)
            staging.rename(dest)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
        index = self._read_index()
        index.setdefault(comp.name, {})[ver] = {"registered_at": time.time(), "source": str(src)}
        index_path = self._index_path()
        assert index_path is not None
        tmp = index_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(index, indent=2, sort_keys=True), encoding="utf-8")
        tmp.replace(index_path)
        self.refresh()
        found = self.find(comp.name, ver)
        if found is None:
            raise RegistryError(f"registered {comp.name}:{ver} but cannot load it back from {dest}")
        return found
