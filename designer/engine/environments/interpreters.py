"""Finding an installed Python ``X.Y`` where people keep them, to hand its path to uv.

Looked in, in order: ``PATH`` (skipping shim folders, whose ``python3.10`` may answer "command not
found" although 3.10 is installed), pyenv's ``versions/`` folder, uv's managed Pythons, conda
environments. An interpreter's version is asked once and remembered (by path, size and mtime) in
``interpreters.json`` in the cache folder, so resolving a run with everything cached stays fast.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from designer.engine.environments.managed import fetch_python
from designer.errors import DesignerError

_ASK = "import sys; print('.'.join(map(str, sys.version_info[:3])))"


class PythonNotFound(DesignerError):
    """No installed interpreter has the Python version an environment asks for."""


@dataclass(frozen=True)
class Interpreter:
    """An installed Python: its executable, full version (``3.10.13``) and where it was found."""

    path: Path
    version: str
    origin: str

    @property
    def minor(self) -> str:
        """``3.10``."""
        return ".".join(self.version.split(".")[:2])


def _vkey(version: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in version.split("."))


class Interpreters:
    """The interpreters of this machine; ``memo`` is the file versions are remembered in (None: not kept)."""

    def __init__(self, memo: Path | None = None, environ: dict[str, str] | None = None) -> None:
        self.memo = memo
        self.environ = dict(os.environ if environ is None else environ)
        self._known: dict[str, str] | None = None
        self._found: dict[str | None, Interpreter] = {}

    # -------------------------------------------------------------------------------- versions

    def _load_memo(self) -> dict[str, str]:
        if self._known is None:
            self._known = {}
            if self.memo is not None and self.memo.is_file():
                try:
                    data = json.loads(self.memo.read_text(encoding="utf-8"))
                    self._known = {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
                except (OSError, json.JSONDecodeError):
                    self._known = {}  # a damaged memo is only a slower lookup
        return self._known

    def version_of(self, exe: Path) -> str | None:
        """The full version of the interpreter at ``exe``, or None when it does not run."""
        try:
            st = exe.stat()
        except OSError:
            return None
        tag = f"{exe.resolve()}|{st.st_size}|{st.st_mtime_ns}"
        known = self._load_memo()
        if tag in known:
            return known[tag] or None
        try:
            out = subprocess.run([str(exe), "-c", _ASK], capture_output=True, text=True, timeout=20, check=False)
            version = out.stdout.strip() if out.returncode == 0 else ""
        except (OSError, subprocess.TimeoutExpired):
            version = ""
        known[tag] = version
        if self.memo is not None:
            try:
                self.memo.parent.mkdir(parents=True, exist_ok=True)
                tmp = self.memo.with_suffix(f".{os.getpid()}.tmp")
                tmp.write_text(json.dumps(known, sort_keys=True), encoding="utf-8")
                tmp.replace(self.memo)
            except OSError:
                pass  # the memo only saves time
        return version or None

    # ------------------------------------------------------------------------------ candidates

    def _home(self) -> Path:
        return Path(self.environ.get("HOME") or Path.home())

    def candidates(self, minor: str) -> list[tuple[Path, str]]:
        """Executables that may be Python ``minor``, with where each was found (not yet checked)."""
        out: list[tuple[Path, str]] = []
        name = f"python{minor}"
        for folder in self.environ.get("PATH", "").split(os.pathsep):
            if not folder or "shims" in Path(folder).parts:
                continue  # pyenv/asdf shims may refuse a version they hold: look in their folders instead
            exe = Path(folder) / name
            if exe.is_file() and os.access(exe, os.X_OK):
                out.append((exe, "PATH"))
        pyenv = Path(self.environ.get("PYENV_ROOT") or self._home() / ".pyenv") / "versions"
        if pyenv.is_dir():
            for d in sorted(pyenv.glob(f"{minor}*"), key=lambda p: _vkey(p.name), reverse=True):
                if (d / "bin" / name).is_file():
                    out.append((d / "bin" / name, "pyenv"))
        uv_dir = Path(self.environ.get("UV_PYTHON_INSTALL_DIR") or self._home() / ".local" / "share" / "uv" / "python")
        if uv_dir.is_dir():
            for d in sorted(uv_dir.glob(f"cpython-{minor}.*"), key=lambda p: _vkey(p.name.split("-")[1]), reverse=True):
                if (d / "bin" / name).is_file():
                    out.append((d / "bin" / name, "uv"))
        roots = [self.environ.get("CONDA_PREFIX", ""), *(str(self._home() / n) for n in
                 ("miniconda3", "anaconda3", "miniforge3", "mambaforge", ".conda")), "/opt/conda"]
        for root in filter(None, roots):
            base = Path(root)
            for env in [base, *sorted((base / "envs").glob("*"))] if base.is_dir() else []:
                if (env / "bin" / name).is_file():
                    out.append((env / "bin" / name, "conda"))
        return out

    def find(self, minor: str | None, *, fetch_with: str | None = None) -> Interpreter:
        """The interpreter for Python ``minor`` (``"3.10"``); None means the designer's own Python.

        With ``fetch_with`` (the uv executable), a version installed nowhere is downloaded as a uv-managed
        Python, within a time limit, unless downloads are off (:mod:`.managed`). Returns an
        :class:`Interpreter`; raises :class:`PythonNotFound` naming the version, the places looked in,
        what became of the download, and how to install it.
        """
        if minor in self._found:
            return self._found[minor]
        if minor is None or (minor == f"{sys.version_info[0]}.{sys.version_info[1]}" and not self.candidates(minor)):
            base = Path(getattr(sys, "_base_executable", "") or sys.executable)
            found = Interpreter(base, platform.python_version(), "designer")
        else:
            found_or_none = self._installed(minor)
            download = ""
            if found_or_none is None and fetch_with is not None:
                why_not = fetch_python(fetch_with, minor, self.environ)
                found_or_none = self._installed(minor) if why_not is None else None
                download = f"; {why_not}" if why_not else f"; uv installed Python {minor} but it cannot be found"
            if found_or_none is None:
                raise PythonNotFound(
                    f"Python {minor} is not installed on this machine (looked on PATH, in pyenv's versions folder, "
                    f"uv's managed Pythons and conda environments){download}. Install it (e.g. `uv python install "
                    f"{minor}` or `pyenv install {minor}`), or change python={minor} in the environment's conda file")
            found = found_or_none
        self._found[minor] = found
        return found

    def _installed(self, minor: str) -> Interpreter | None:
        """The first candidate that really is Python ``minor``, or None."""
        for exe, origin in self.candidates(minor):
            version = self.version_of(exe)
            if (version is not None and version.startswith(minor + ".")) or version == minor:
                return Interpreter(exe, str(version), origin)
        return None
