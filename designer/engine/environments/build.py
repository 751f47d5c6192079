"""Building environments with uv, once, in a per-user cache shared by all workspaces.

A built environment lives in ``<cache>/<key>/``, where the key hashes the normalised definition,
the platform and the interpreter. It is built in ``<cache>/.tmp/`` (``uv venv --relocatable`` +
``uv pip install``) and renamed into place only when complete, with ``designer-env.json`` saying
what it holds (the lock: exact versions from ``uv pip freeze``, and its hash). A file lock per key
makes two runs (or two steps) that need it at once build it once. A folder without a readable
record is a half-built or damaged one: it is removed and built again, never used.
"""

from __future__ import annotations

import asyncio
import dataclasses
import fcntl
import hashlib
import json
import os
import platform
import shutil
import site
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from designer.engine.environments.definition import EnvDefinition
from designer.engine.environments.interpreters import Interpreter, Interpreters
from designer.errors import RunError

RECORD = "designer-env.json"
LAST_USED = ".last-used"


class EnvBuildError(RunError):
    """An environment could not be built; the message carries the installer's own words."""


@dataclass(frozen=True)
class BuiltEnv:
    """A ready environment: the step runs ``python`` from ``bin_dir`` (put first on ``PATH``).

    ``lock`` maps each installed distribution to its exact version; ``lock_hash`` goes into the
    step's fingerprint. ``reused`` says it was found ready rather than built now;
    ``python_version`` is the full version (``3.10.13``) and ``built_at`` when it was built (epoch
    seconds; None for the designer's own interpreter).
    """

    python: Path
    bin_dir: Path
    lock: dict[str, str]
    lock_hash: str
    key: str = ""
    root: Path | None = None
    reused: bool = True
    mode: str = "build"
    python_version: str = ""
    built_at: float | None = None


def uv_binary() -> str:
    """The uv executable: the one the ``uv`` package ships, else ``uv`` on PATH.

    Raises :class:`EnvBuildError` when there is none.
    """
    try:
        from uv import find_uv_bin  # the PyPI package ships the binary next to the interpreter

        return str(find_uv_bin())
    except (ImportError, FileNotFoundError):
        found = shutil.which("uv")
        if found:
            return found
    raise EnvBuildError("uv is not installed; install it with `pip install uv` (environments are built with uv)")


def _uv_or_none() -> str | None:
    try:
        return uv_binary()
    except EnvBuildError:
        return None  # no uv: nothing can be downloaded (and building will say uv is missing)


def lock_hash(python_version: str, lock: dict[str, str]) -> str:
    """The hash of an environment's lock (sorted: independent of install order)."""
    text = json.dumps({"python": python_version, "lock": dict(sorted(lock.items()))}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def parse_freeze(text: str) -> dict[str, str]:
    """``uv pip freeze`` output as ``{name: version}`` (a URL or path install keeps its whole spelling)."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if "==" in line:
            name, _, version = line.partition("==")
        elif " @ " in line:
            name, _, version = line.partition(" @ ")
        else:
            name, version = line, ""
        out[name.strip().lower().replace("_", "-")] = version.strip()
    return out


_CURRENT: BuiltEnv | None = None


def current_env() -> BuiltEnv:
    """The designer's own interpreter as an environment (``current`` mode); its lock is what it has installed."""
    global _CURRENT  # one process has one interpreter; its package list is read once
    if _CURRENT is None:
        lock = _installed()
        exe = Path(sys.executable)
        _CURRENT = BuiltEnv(python=exe, bin_dir=exe.parent, lock=lock, lock_hash=lock_hash(platform.python_version(), lock),
                            key="current", root=None, reused=True, mode="current",
                            python_version=platform.python_version())
    return _CURRENT


def _installed() -> dict[str, str]:
    """The distributions installed in this interpreter, from their ``name-version.dist-info`` folder names.

    Only the interpreter's own site-packages folders are read, not the working directory or
    ``PYTHONPATH``: the lock of ``current`` mode must not change with where a process was started
    (a source checkout's ``*.egg-info`` made a server and a CLI run disagree, and nothing was reused).
    Reading the folder names rather than every METADATA file keeps this to a few milliseconds.
    """
    folders = list(site.getsitepackages())
    if site.ENABLE_USER_SITE:
        folders.append(site.getusersitepackages())
    lock: dict[str, str] = {}
    for folder in dict.fromkeys(folders):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            for suffix in (".dist-info", ".egg-info"):
                if entry.name.endswith(suffix) and "-" in entry.name:
                    name, _, version = entry.name[: -len(suffix)].rpartition("-")
                    lock.setdefault(name.lower().replace("_", "-"), version)
    return lock


class EnvBuilder:
    """Finds or builds environments in ``cache_dir``; ``interpreters`` finds the Pythons to build them on."""

    def __init__(self, cache_dir: Path, *, interpreters: Interpreters | None = None, uv: str | None = None) -> None:
        self.cache_dir = Path(cache_dir)
        self.interpreters = interpreters or Interpreters(self.cache_dir / "interpreters.json")
        self._uv = uv
        self._locks: dict[tuple[int, str], asyncio.Lock] = {}  # per event loop: a lock belongs to one

    # ------------------------------------------------------------------------------------ keys

    def interpreter(self, definition: EnvDefinition, *, fetch: bool = False) -> Interpreter:
        """The interpreter ``definition`` is built on; raises :class:`PythonNotFound`.

        With ``fetch``, a Python installed nowhere is downloaded by uv first (see :mod:`.managed`): only
        for a run or a pre-build, never for validating or explaining (they must stay quick).
        """
        return self.interpreters.find(definition.python, fetch_with=(self._uv or _uv_or_none()) if fetch else None)

    def key(self, definition: EnvDefinition, *, fetch: bool = False) -> str:
        """The cache key: the definition's digest plus platform and interpreter (raises :class:`PythonNotFound`)."""
        interp = self.interpreter(definition, fetch=fetch)
        text = json.dumps({"definition": definition.digest(), "platform": f"{sys.platform}-{platform.machine()}",
                           "python": interp.version, "interpreter": str(interp.path)}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    # ---------------------------------------------------------------------------------- lookup

    def _read(self, root: Path, key: str) -> BuiltEnv | None:
        try:
            record = json.loads((root / RECORD).read_text(encoding="utf-8"))
            python = root / "bin" / "python"
            if record.get("key") != key or not python.exists():
                return None
            lock = {str(k): str(v) for k, v in record["lock"].items()}
            built_at = record.get("built_at")
            return BuiltEnv(python=python, bin_dir=root / "bin", lock=lock, lock_hash=str(record["lock_hash"]),
                            key=key, root=root, reused=True, python_version=str(record.get("python_version") or ""),
                            built_at=float(built_at) if isinstance(built_at, int | float) else None)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # unreadable record: treat as not built (fails closed)

    def find(self, definition: EnvDefinition, *, touch: bool = True) -> BuiltEnv | None:
        """The ready environment for ``definition``, or None. Fast: reads one small file, runs nothing.

        ``touch`` marks it used (what ``prune`` goes by); pass False to only look.
        """
        if definition.kind == "current":
            return current_env()
        key = self.key(definition)
        built = self._read(self.cache_dir / key, key)
        if built is not None and touch:
            try:
                (self.cache_dir / key / LAST_USED).touch()
            except OSError:
                pass  # only 'prune' reads it
        return built

    # ---------------------------------------------------------------------------------- build

    async def ensure(self, definition: EnvDefinition, log: Path,
                     progress: Callable[[str], None] | None = None) -> BuiltEnv:
        """The environment for ``definition``: found ready, or built now (once, under a file lock).

        Build output goes to ``log`` (appended) as it comes; ``progress`` gets short status lines.
        Returns a :class:`BuiltEnv`; raises :class:`EnvBuildError` with the installer's message, or
        :class:`PythonNotFound`.
        """
        if definition.kind == "current":
            return current_env()
        ready = self.find(definition)
        if ready is not None:
            return ready
        key = self.key(definition)
        lock = self._locks.setdefault((id(asyncio.get_running_loop()), key), asyncio.Lock())
        async with lock:  # steps of one run wait here; other processes wait on the file lock
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.cache_dir / f"{key}.lock", os.O_RDWR | os.O_CREAT, 0o644)
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    _log(log, "another run is building this environment; waiting for it")
                    if progress:
                        progress("waiting for another build")
                    await asyncio.to_thread(fcntl.flock, fd, fcntl.LOCK_EX)
                ready = self.find(definition)
                if ready is not None:
                    _log(log, f"environment {key[:12]} is ready (built by another run)")
                    return ready
                return await self._build(definition, key, log, progress)
            finally:
                os.close(fd)  # closing releases the lock

    async def _build(self, definition: EnvDefinition, key: str, log: Path,
                     progress: Callable[[str], None] | None) -> BuiltEnv:
        interp = self.interpreter(definition)
        final = self.cache_dir / key
        if final.exists():
            _log(log, f"environment {key[:12]} is incomplete or damaged; building it again")
            shutil.rmtree(final, ignore_errors=True)
        tmp_root = self.cache_dir / ".tmp"
        for stale in tmp_root.glob(f"{key}-*"):  # left by a build that died; we hold the lock
            shutil.rmtree(stale, ignore_errors=True)
        tmp = tmp_root / f"{key}-{os.getpid()}-{time.time_ns()}"
        tmp.mkdir(parents=True)
        started = time.monotonic()
        _log(log, f"building environment {key[:12]} for {definition.describe()}")
        _log(log, f"Python {interp.version} at {interp.path} (found via {interp.origin})")
        for note in definition.notes:
            _log(log, note)
        uv = self._uv or uv_binary()
        try:
            if progress:
                progress(f"creating a Python {interp.minor} environment")
            await self._run([uv, "venv", "--relocatable", "--python", str(interp.path), str(tmp)], log, "uv venv")
            python = tmp / "bin" / "python"
            if definition.requirements:
                reqs = tmp / "designer-requirements.txt"
                reqs.write_text("\n".join(definition.requirements) + "\n", encoding="utf-8")
                if progress:
                    progress(f"installing {len(definition.requirements)} packages")
                await self._run([uv, "pip", "install", "--python", str(python), "-r", str(reqs)], log, "uv pip install")
            freeze = await self._run([uv, "pip", "freeze", "--python", str(python)], log, "uv pip freeze", echo=False)
            lock = parse_freeze(freeze)
            digest = lock_hash(interp.version, lock)
            record = {"key": key, "definition": definition.key(), "source": definition.source,
                      "python": str(interp.path), "python_version": interp.version, "lock": lock,
                      "lock_hash": digest, "built_at": time.time()}
            (tmp / RECORD).write_text(json.dumps(record, indent=2, sort_keys=True), encoding="utf-8")
            (tmp / LAST_USED).touch()
            os.rename(tmp, final)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
        _log(log, f"environment {key[:12]} built in {time.monotonic() - started:.1f}s: "
                  + ", ".join(f"{k}=={v}" for k, v in sorted(lock.items())))
        built = self._read(final, key)
        if built is None:
            raise EnvBuildError(f"environment {key[:12]} was built but cannot be read back from {final}")
        return dataclasses.replace(built, reused=False)

    async def _run(self, argv: list[str], log: Path, what: str, *, echo: bool = True) -> str:
        """Run one uv command, its output appended to ``log``; returns stdout; raises :class:`EnvBuildError`."""
        env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "UV_PYTHON", "CONDA_PREFIX")}
        env["UV_NO_PROGRESS"] = "1"
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("ab") as fh:
            start = fh.tell()
            # cwd is the cache folder: uv must not pick up the workspace's own pyproject or uv.toml as a
            # project. Its output goes straight into the log, so a step's log view shows the build live.
            proc = await asyncio.create_subprocess_exec(
                *argv, cwd=str(self.cache_dir), env=env, stdin=asyncio.subprocess.DEVNULL,
                stdout=fh if echo else asyncio.subprocess.PIPE, stderr=fh)
            try:
                out_b, _ = await proc.communicate()
            except asyncio.CancelledError:  # the run was canceled: do not leave uv writing behind us
                proc.kill()
                await proc.wait()
                raise
        if proc.returncode != 0:
            with log.open("rb") as fh:
                fh.seek(start)
                said = fh.read(65536).decode(errors="replace")
            message = " ".join(line.strip() for line in said.strip().splitlines()[-12:]) or f"exit code {proc.returncode}"
            raise EnvBuildError(f"{what} failed: {message}")
        return (out_b or b"").decode(errors="replace")

    # ---------------------------------------------------------------------------------- prune

    def entries(self) -> list[dict[str, object]]:
        """Every built environment in the cache: key, source, python, packages, size, last used."""
        out: list[dict[str, object]] = []
        if not self.cache_dir.is_dir():
            return out
        for root in sorted(p for p in self.cache_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
            try:
                record = json.loads((root / RECORD).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                record = {}
            used = (root / LAST_USED).stat().st_mtime if (root / LAST_USED).exists() else root.stat().st_mtime
            out.append({"key": root.name, "path": str(root), "source": record.get("source", "(incomplete)"),
                        "python": record.get("python_version", "?"), "packages": len(record.get("lock", {})),
                        "last_used": used})
        return out

    def prune(self, older_than_s: float) -> list[str]:
        """Remove built environments not used for ``older_than_s`` seconds (skipping any being built).

        Returns the keys removed.
        """
        removed: list[str] = []
        cutoff = time.time() - older_than_s
        for entry in self.entries():
            if float(entry["last_used"]) > cutoff:  # type: ignore[arg-type]
                continue
            key = str(entry["key"])
            fd = os.open(self.cache_dir / f"{key}.lock", os.O_RDWR | os.O_CREAT, 0o644)
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # being built or rebuilt right now
                shutil.rmtree(self.cache_dir / key, ignore_errors=True)
                removed.append(key)
            finally:
                os.close(fd)
        return removed


def _log(log: Path, line: str) -> None:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as fh:
        fh.write(f"[environment] {line}\n")
