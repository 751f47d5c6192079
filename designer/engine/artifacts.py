"""Where a run's files live, content fingerprints of data, code snapshots and atomic output commits.

(Over 400 lines: the one owner of the run-folder layout, so what reads or writes it stays here.)

Layout under the artifact root::

    <root>/<run_id>/<step path>/outputs/<name>/      committed outputs (a uri_file is <name>/<name>)
                               outputs/.tmp-<name>/ what a running step writes into
                               logs/stdout.txt, logs/stderr.txt, command.txt, launch.json
                               metrics.jsonl, mlruns/  (what the step logged)

and under the state folder (``.designer/`` by default)::

    snapshots/<code hash>/   one copy of each distinct merged code folder (code + additional_includes)
    hashes.json              content hashes of files, memoised by path, size, mtime_ns and inode

A content hash is a sha256: of the bytes for a file; for a folder, of the sorted list of relative
paths and their files' hashes (``__pycache__`` and ``*.pyc`` left out), so it does not depend on the
order the file system lists entries in, nor on the machine.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from designer.errors import RunError
from designer.names import IO_NAME_RE, SNAPSHOT_SKIP_NAMES

SKIP_NAMES = SNAPSHOT_SKIP_NAMES
_CHUNK = 1 << 20
_MEMO_PRUNE_AT = 20_000
_RACY_S = 1.0  # a file modified this recently may change again within the same mtime tick


def new_run_id() -> str:
    """A sortable, unique run id: ``YYYYmmdd-HHMMSS-xxxxxx`` (UTC time, 6 random hex digits)."""
    return time.strftime("%Y%m%d-%H%M%S", time.gmtime()) + "-" + secrets.token_hex(3)


@dataclass(frozen=True)
class StepDirs:
    """The folders and files of one step of one run."""

    root: Path

    @property
    def outputs(self) -> Path:
        """``<step>/outputs``."""
        return self.root / "outputs"

    @property
    def logs(self) -> Path:
        """``<step>/logs``."""
        return self.root / "logs"

    @property
    def stdout(self) -> Path:
        """``<step>/logs/stdout.txt``."""
        return self.root / "logs" / "stdout.txt"

    @property
    def stderr(self) -> Path:
        """``<step>/logs/stderr.txt``."""
        return self.root / "logs" / "stderr.txt"

    @property
    def command(self) -> Path:
        """``<step>/command.txt``: the exact rendered command."""
        return self.root / "command.txt"

    @property
    def metrics(self) -> Path:
        """``<step>/metrics.jsonl``: the ``DESIGNER_METRICS`` file."""
        return self.root / "metrics.jsonl"

    @property
    def launch(self) -> Path:
        """``<step>/launch.json``: the working folder and the variables the step was started with."""
        return self.root / "launch.json"

    @property
    def mlruns(self) -> Path:
        """``<step>/mlruns``: the step's local mlflow file store."""
        return self.root / "mlruns"

    def staging(self, output: str) -> Path:
        """The folder a running step writes output ``output`` into."""
        return self.outputs / f".tmp-{output}"

    def final(self, output: str) -> Path:
        """The folder output ``output`` is renamed to when the step succeeds."""
        return self.outputs / output

    @classmethod
    def of_log(cls, log: Path) -> StepDirs:
        """The step folder that holds ``log`` (its ``stdout.txt`` or ``stderr.txt``)."""
        return cls(log.parent.parent)

    def staged(self) -> list[Path]:
        """The staging folders that exist now, sorted."""
        return sorted(p for p in self.outputs.glob(".tmp-*") if p.is_dir())

    @staticmethod
    def final_of(staging: Path) -> Path:
        """The committed folder of the staging folder ``staging`` (``.tmp-<name>`` -> ``<name>``)."""
        return staging.with_name(staging.name.removeprefix(".tmp-"))

    @staticmethod
    def output_folder_of(path: str) -> str:
        """The committed output folder (``<step>/outputs/<name>``) that holds ``path``, else ``path``."""
        for folder in (Path(path), *Path(path).parents):
            if folder.parent.name == "outputs" and (folder.parent.parent / "logs").is_dir():
                return str(folder)
        return path


def output_path(folder: Path, name: str, type_: str) -> Path:
    """The path handed to a command for output ``name`` in ``folder``: the folder, or a file in it."""
    return folder / name if type_ == "uri_file" else folder


def _contained(dirs: StepDirs, path: Path, name: str) -> Path:
    """Return ``path`` if it is a direct child of the step's outputs folder; raise RunError otherwise.

    Validation refuses such names long before; this is the last line, right where folders are
    removed and replaced, so that no name, however it got here, deletes anything outside the run.
    """
    outputs = Path(os.path.realpath(dirs.outputs))
    real = Path(os.path.realpath(path))
    if IO_NAME_RE.match(name) is None or real.parent != outputs or not outputs.is_relative_to(
            os.path.realpath(dirs.root)):
        raise RunError(f"output name '{name}' would put files outside the step's folder {dirs.outputs}; "
                       "refusing to write there (an output name has letters, digits and '_' only)")
    return path


def prepare_outputs(dirs: StepDirs, outputs: dict[str, str]) -> dict[str, Path]:
    """Create empty staging folders for ``outputs`` (name -> type); return name -> path to pass.

    Leftovers of an earlier attempt at the same folder are removed first. Raises RunError, before
    touching anything, when a name would lead outside the step's ``outputs`` folder.
    """
    dirs.logs.mkdir(parents=True, exist_ok=True)
    for name in outputs:
        _contained(dirs, dirs.staging(name), name)
        _contained(dirs, dirs.final(name), name)
    paths: dict[str, Path] = {}
    for name, type_ in outputs.items():
        folder = dirs.staging(name)
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        paths[name] = output_path(folder, name, type_)
    return paths


def commit_outputs(dirs: StepDirs, outputs: dict[str, str]) -> dict[str, Path]:
    """Rename each staging folder into place; return name -> final path (the file for ``uri_file``).

    Called only when the step succeeded, so a failed or killed step never leaves a committed output.
    Raises RunError, before replacing anything, when a name would lead outside the ``outputs`` folder.
    """
    for name in outputs:
        _contained(dirs, dirs.staging(name), name)
        _contained(dirs, dirs.final(name), name)
    final: dict[str, Path] = {}
    for name, type_ in outputs.items():
        dest = dirs.final(name)
        if dest.exists():
            shutil.rmtree(dest)
        os.replace(dirs.staging(name), dest)
        final[name] = output_path(dest, name, type_)
    return final


# ------------------------------------------------------------------------------------- log reading


def read_tail(path: str | Path, *, lines: int, max_bytes: int = 65536) -> str:
    """The last ``lines`` lines of the text file at ``path``, reading at most its last ``max_bytes`` bytes.

    Returns "" when the file does not exist or cannot be read. The cost is bounded by ``max_bytes``
    whatever the file's size (a step may print gigabytes); when the window starts inside a line, that
    partial first line is dropped. Undecodable bytes become U+FFFD.
    """
    if lines <= 0 or max_bytes <= 0:
        return ""
    try:
        with open(path, "rb") as fh:
            size = fh.seek(0, os.SEEK_END)
            start = max(0, size - max_bytes)
            fh.seek(start)
            data = fh.read(max_bytes)
    except OSError:
        return ""
    if start > 0:
        cut = data.find(b"\n")
        data = data[cut + 1:] if cut >= 0 else data
    text = data.decode("utf-8", errors="replace").rstrip("\n")
    return "\n".join(text.splitlines()[-lines:])


def read_chunk(path: str | Path, offset: int, *, max_bytes: int) -> tuple[str, int]:
    """Text of the file at ``path`` from byte ``offset``, at most ``max_bytes`` bytes; and the next offset.

    For following a live log at a bounded cost per tick: call again with the returned offset. The
    chunk ends at the last complete UTF-8 character it holds (the rest comes with the next call).
    When the file shrank below ``offset`` (it was replaced), reading starts again at 0. Returns
    ``("", offset)`` when the file does not exist or cannot be read.
    """
    try:
        with open(path, "rb") as fh:
            size = fh.seek(0, os.SEEK_END)
            if offset > size:
                offset = 0
            fh.seek(offset)
            data = fh.read(max(0, max_bytes))
    except OSError:
        return "", offset
    keep = _complete_utf8(data) or len(data)  # a budget below one character still moves on
    return data[:keep].decode("utf-8", errors="replace"), offset + keep


def _complete_utf8(data: bytes) -> int:
    """The length of ``data`` without a multi-byte UTF-8 character cut off at its end."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte & 0xC0 == 0x80:  # a continuation byte: the character started earlier
            continue
        need = 4 if byte >= 0xF0 else 3 if byte >= 0xE0 else 2 if byte >= 0xC0 else 1
        return len(data) - back if need > back else len(data)
    return len(data)


# ------------------------------------------------------------------------------------ content hashes


class ContentHasher:
    """Content hashes of files and folders, memoised by (size, mtime_ns, inode) in a JSON file.

    Thread-safe: hashing runs in worker threads so that large data never blocks the event loop.
    The memo is advisory: a missing or corrupt file only means more hashing. Several processes may
    share it; :meth:`save` merges with what is on disk and replaces it atomically.
    """

    def __init__(self, memo_file: Path | None = None) -> None:
        self.memo_file = memo_file
        self._lock = threading.Lock()
        self._memo: dict[str, list[object]] = self._read()
        self._dirty = False

    def _read(self) -> dict[str, list[object]]:
        if self.memo_file is None:
            return {}
        try:
            data = json.loads(self.memo_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def save(self) -> None:
        """Write new memo entries to the memo file (best effort: an unwritable memo is skipped)."""
        if self.memo_file is None or not self._dirty:
            return
        with self._lock:
            merged = {**self._read(), **self._memo}
            self._dirty = False
        if len(merged) > _MEMO_PRUNE_AT:  # forget files that are gone (deleted runs, moved data)
            merged = {p: v for p, v in merged.items() if os.path.exists(p)}
        tmp = self.memo_file.with_name(f".{self.memo_file.name}.{os.getpid()}.{secrets.token_hex(3)}")
        try:
            self.memo_file.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(merged, separators=(",", ":")), encoding="utf-8")
            os.replace(tmp, self.memo_file)
        except OSError:
            tmp.unlink(missing_ok=True)

    def file_hash(self, path: str, st: os.stat_result | None = None) -> str:
        """The sha256 of the file at ``path`` (memoised). Raises OSError when it cannot be read."""
        st = st or os.stat(path)
        key = [st.st_size, st.st_mtime_ns, st.st_ino]
        with self._lock:
            hit = self._memo.get(path)
        if hit is not None and hit[:3] == key:
            return str(hit[3])
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                h.update(chunk)
        digest = h.hexdigest()
        if time.time() - st.st_mtime_ns / 1e9 > _RACY_S:
            with self._lock:
                self._memo[path] = [*key, digest]
                self._dirty = True
        return digest

    def tree(self, entries: list[tuple[str, Path]],
             files: dict[str, tuple[str, str]] | None = None) -> tuple[int, str]:
        """Hash a virtual folder made of ``(name in folder, real path)`` entries; return (size, hash).

        When ``files`` is given, it is filled with relative path -> (file hash, real path) of every file.
        """
        lines: list[str] = []
        size = 0
        for name, real in entries:
            size += self._walk(str(real), name, lines, files)
        lines.sort()
        return size, hashlib.sha256("\n".join(lines).encode()).hexdigest()

    def _walk(self, real: str, rel: str, lines: list[str], files: dict[str, tuple[str, str]] | None) -> int:
        st = os.stat(real)
        if not os.path.isdir(real):
            digest = self.file_hash(real, st)
            lines.append(f"F {rel}\0{digest}")
            if files is not None:
                files[rel] = (digest, real)
            return st.st_size
        lines.append(f"D {rel}")
        size = 0
        with os.scandir(real) as it:
            children = [e.name for e in it if e.name not in SKIP_NAMES and not e.name.endswith(".pyc")]
        for name in children:
            size += self._walk(os.path.join(real, name), f"{rel}/{name}" if rel else name, lines, files)
        return size

    def path(self, path: str | Path) -> tuple[int, str]:
        """(size, content hash) of a file or folder. Raises OSError when it does not exist."""
        p = str(path)
        if not os.path.isdir(p):
            st = os.stat(p)
            return st.st_size, self.file_hash(p, st)
        return self.tree([("", Path(p))])


# --------------------------------------------------------------------------------------- snapshots


class Snapshots:
    """One copy of each distinct merged code folder, under ``<state>/snapshots/<hash>/``.

    A snapshot is copied (not hard-linked), so editing the source later cannot change what an
    earlier run ran, and a step that writes into its working folder cannot touch the source.
    Steps of the same code share one snapshot as their working folder. Hashes are computed once
    per :class:`Snapshots` object (one run); the copy is made only when a step actually runs.
    """

    def __init__(self, folder: Path, hasher: ContentHasher) -> None:
        self.folder = folder
        self.hasher = hasher
        self._hashes: dict[tuple[str, ...], tuple[str, dict[str, tuple[str, str]]]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _entries(code: Path | None, includes: list[Path]) -> list[tuple[str, Path]]:
        entries: list[tuple[str, Path]] = []
        if code is not None:
            entries.append(("", code) if code.is_dir() else (code.name, code))
        entries.extend((inc.name, inc) for inc in includes)
        return entries

    def code_hash(self, code: Path | None, includes: list[Path]) -> str:
        """The content hash of ``code`` (a folder or one file) merged with ``includes``.

        Each include counts as if it were in the code root under its basename. Raises OSError when
        a path does not exist.
        """
        return self._hash_and_files(code, includes)[0]

    def code_files(self, code: Path | None, includes: list[Path]) -> dict[str, tuple[str, str]]:
        """Relative path -> (content hash, source file) of every file of the merged code. Raises OSError."""
        return self._hash_and_files(code, includes)[1]

    def _hash_and_files(self, code: Path | None, includes: list[Path]) -> tuple[str, dict[str, tuple[str, str]]]:
        key = (str(code), *map(str, includes))
        with self._lock:
            known = self._hashes.get(key)
        if known is None:
            files: dict[str, tuple[str, str]] = {}
            known = (self.hasher.tree(self._entries(code, includes), files)[1], files)
            with self._lock:
                self._hashes[key] = known
        return known

    def materialize(self, code: Path | None, includes: list[Path]) -> Path | None:
        """The snapshot folder of ``code`` + ``includes`` (built once per hash); None without code."""
        entries = self._entries(code, includes)
        if not entries:
            return None
        dest = self.folder / self.code_hash(code, includes)
        if not dest.is_dir():
            self._build(dest, entries)
        return dest

    def _build(self, dest: Path, entries: list[tuple[str, Path]]) -> None:
        tmp = dest.with_name(f".tmp-{dest.name}-{os.getpid()}-{secrets.token_hex(3)}")
        ignore = shutil.ignore_patterns(*SKIP_NAMES, "*.pyc")
        try:
            tmp.mkdir(parents=True)
            for name, real in entries:
                target = tmp / name if name else tmp
                if real.is_dir():
                    shutil.copytree(real, target, ignore=ignore, dirs_exist_ok=True, symlinks=True)
                else:
                    shutil.copy2(real, target)
            try:
                os.rename(tmp, dest)
            except OSError:
                if not dest.is_dir():  # another run built it meanwhile: same hash, same content
                    raise
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)


def remove_run_folders(folders: list[str], root: Path) -> list[str]:
    """Delete the run folders ``folders`` (as :meth:`Store.delete_run` returns them) from disk.

    Only folders strictly inside the artifact ``root`` are removed, and never through a symbolic
    link: a record that points elsewhere (edited database, moved workspace) deletes nothing.
    Returns the folders removed.
    """
    base = Path(root).resolve()
    removed: list[str] = []
    for folder in folders:
        path = Path(folder)
        try:
            real = path.resolve()
        except OSError:
            continue
        if real == base or base not in real.parents or path.is_symlink():
            continue
        if real.is_dir():
            shutil.rmtree(real, ignore_errors=True)
            removed.append(folder)
        elif real.exists():
            real.unlink(missing_ok=True)
            removed.append(folder)
    return removed
