"""Registered environments: ``designer environments register env.yml`` as ``az ml environment create -f`` does.

Each version is a snapshot under ``<workspace>/.designer/environments/<name>/<version>/``: the
environment YAML (its ``conda_file`` copied next to it as ``conda.yml``, its ``build`` context as
``context/``), plus an ``index.json`` saying when each version was registered, so
``azureml:name@latest`` is the most recently registered one (as for registered components).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from designer.errors import Problem, RegistryError, SpecError
from designer.spec.yaml_io import read_yaml, write_yaml

ENV_FILE = "environment.yml"


def _version_key(v: str) -> tuple[tuple[int, object], ...]:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in v.replace("-", ".").split("."))


@dataclass(frozen=True)
class RegisteredEnv:
    """One registered environment version."""

    name: str
    version: str
    folder: Path
    registered_at: float
    description: str = ""

    @property
    def ref(self) -> str:
        """How a component names it: ``azureml:name:version``."""
        return f"azureml:{self.name}:{self.version}"

    def load(self) -> tuple[dict[str, Any], Path]:
        """The stored environment mapping and the folder its relative paths are read from.

        Raises :class:`RegistryError` when the snapshot is unreadable.
        """
        try:
            data = read_yaml(self.folder / ENV_FILE).data
        except SpecError as exc:
            raise RegistryError(f"registered environment {self.ref} is damaged ({exc}); register it again") from None
        if not isinstance(data, dict):
            raise RegistryError(f"registered environment {self.ref} is damaged; register it again")
        return data, self.folder


def _tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(root)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


class RegisteredEnvironments:
    """The registered environments of one workspace (``folder`` None: none can be registered)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def _index(self) -> dict[str, dict[str, dict[str, Any]]]:
        if self.folder is None:
            return {}
        path = self.folder / "index.json"
        if not path.is_file():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise RegistryError(f"the environment index '{path}' is unreadable ({exc}); delete it and register again") from None
        return data if isinstance(data, dict) else {}

    def entries(self) -> list[RegisteredEnv]:
        """Every registered version, by name then version."""
        out: list[RegisteredEnv] = []
        if self.folder is None:
            return out
        for name, versions in sorted(self._index().items()):
            for version, info in sorted(versions.items(), key=lambda kv: _version_key(kv[0])):
                folder = self.folder / name / version
                if (folder / ENV_FILE).is_file():
                    out.append(RegisteredEnv(name, version, folder, float(info.get("registered_at", 0.0)),
                                             str(info.get("description", ""))))
        return out

    def names(self) -> list[str]:
        """Registered names, sorted."""
        return sorted({e.name for e in self.entries()})

    def find(self, name: str, version: str | None = None, label: str | None = None) -> RegisteredEnv | None:
        """``name:version``, or ``name@latest`` / bare ``name`` (the most recently registered), or None."""
        found = [e for e in self.entries() if e.name == name]
        if version is not None:
            return next((e for e in found if e.version == version), None)
        if label not in (None, "latest") or not found:
            return None
        return max(found, key=lambda e: e.registered_at)

    def register(self, path: Path, check: Any = None) -> RegisteredEnv:
        """Register the Azure environment YAML at ``path`` (``name``, ``version``, ``conda_file``/``image``/``build``).

        ``check(data, base_dir)`` is called on the snapshot before it is kept (the resolver: bad
        input is refused, nothing is written). Identical content under an existing version is a
        no-op; different content raises :class:`RegistryError`, as Azure ML does.
        Raises :class:`SpecError` for an unreadable or invalid file.
        """
        if self.folder is None:
            raise RegistryError("this workspace has no folder for registered environments")
        src = path.resolve()
        doc = read_yaml(src)
        data = doc.data
        if not isinstance(data, dict):
            raise SpecError([doc.source.problem((), "env.shape", "an environment YAML must be a mapping with name, "
                                                "version and conda_file (or image / build)")])
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            raise SpecError([doc.source.problem(("name",), "env.name", "the environment has no 'name'; a registered "
                                                "environment needs one (and a 'version')")])
        existing = [e.version for e in self.entries() if e.name == name]
        version = str(data.get("version") or max((int(v) for v in existing if v.isdigit()), default=0) + 1)
        staging = self.folder / f".staging-{name}-{version}-{time.time_ns()}"
        try:
            staging.mkdir(parents=True)
            kept: dict[str, Any] = {k: v for k, v in data.items() if k not in ("$schema",)}
            kept["version"] = version
            conda = data.get("conda_file")
            if isinstance(conda, str):
                conda_src = (src.parent / conda).resolve()
                if not conda_src.is_file():
                    raise SpecError([doc.source.problem(("conda_file",), "env.conda_missing",
                                                        f"conda_file '{conda}' does not exist (looked for {conda_src})")])
                shutil.copy2(conda_src, staging / "conda.yml")
                kept["conda_file"] = "./conda.yml"
            build = data.get("build")
            if isinstance(build, dict) and isinstance(build.get("path"), str):
                ctx = (src.parent / build["path"]).resolve()
                if not ctx.is_dir():
                    raise SpecError([doc.source.problem(("build", "path"), "env.build_missing",
                                                        f"build folder '{build['path']}' does not exist (looked for {ctx})")])
                shutil.copytree(ctx, staging / "context")
                kept["build"] = {**build, "path": "./context"}
            write_yaml(staging / ENV_FILE, kept)
            if check is not None:
                check(kept, staging)
            dest = self.folder / name / version
            if dest.exists():
                if _tree_hash(dest) == _tree_hash(staging):
                    found = self.find(name, version)
                    if found is not None:
                        return found
                raise RegistryError(f"environment {name}:{version} is already registered with different content; "
                                    "bump 'version' and register again")
            dest.parent.mkdir(parents=True, exist_ok=True)
            staging.rename(dest)
        except OSError as exc:
            raise SpecError([Problem(str(src), None, None, "", "env.register", f"cannot register: {exc}")]) from None
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
        index = self._index()
        index.setdefault(name, {})[version] = {"registered_at": time.time(), "source": str(src),
                                               "description": str(data.get("description") or "")}
        tmp = self.folder / "index.json.tmp"
        tmp.write_text(json.dumps(index, indent=2, sort_keys=True), encoding="utf-8")
        tmp.replace(self.folder / "index.json")
        found = self.find(name, version)
        if found is None:
            raise RegistryError(f"registered {name}:{version} but cannot read it back from {self.folder}")
        return found
