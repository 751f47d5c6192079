"""Artifact storage that every machine of a run can reach, for steps that run on Dask workers.

Two kinds, chosen from ``Settings.artifact_root`` by :func:`storage_for`:

- :class:`SharedFolder` (a plain path or a ``file://`` URL): a folder that every machine mounts at the
  same path (NFS, a cluster file system, or one machine). Workers read inputs, write outputs and
  append to the log files exactly where the runner would; nothing is copied.
- :class:`ObjectStore` (any other fsspec URL: ``s3://``, ``abfs://``, ``gs://``, ...): the runner
  keeps its run folders in a local mirror (``Workspace.runs_dir``) and the store holds what workers
  need. Before a remote step starts, each input it reads is published to the store (once: run
  outputs are immutable, external data is re-sent when its size or mtime changes); the worker stages
  the inputs into a scratch folder, runs the command there, uploads the outputs and the runner
  downloads them into the step's staging folders, where the usual atomic commit happens.

Commits on the store are atomic without a rename (object stores have none): every upload goes to a
fresh prefix (``<key>.<token>``) and becomes visible only when its *marker* is written, a small JSON
document under ``<root>/.markers/<key>.json`` naming the prefix and listing its files. Readers trust
markers only, so a worker that dies mid-upload leaves garbage, never a half-visible output.

Layout on the store (``key`` mirrors the local path under the run folders)::

    <root>/<run_id>/<step>/outputs/<name>.<token>/...     an output (a uri_file is a folder holding it)
    <root>/<run_id>/<step>/side.<token>/                  metrics.jsonl and mlruns/ of one attempt
    <root>/.external/<digest of the local path>/<name>.<token>   a published external input
    <root>/.markers/<key>.json                            the commit record of <key>

The worker side (:func:`fetch`, :func:`upload`, :func:`write_marker`, :func:`probe_read`) needs
only fsspec and the standard library, and takes plain URLs, so it runs on any worker.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MARKERS = ".markers"
EXTERNAL = ".external"
PROBE_PREFIX = ".designer-probe-"


def is_url(root: str) -> bool:
    """True when ``root`` is a URL other than ``file://`` (which is a local path)."""
    return "://" in root and not root.startswith("file://")


def storage_for(artifact_root: str, local_root: str | Path,
                storage_options: dict[str, Any] | None = None) -> SharedFolder | ObjectStore:
    """The storage for an artifact root: a :class:`SharedFolder` for a path, else an :class:`ObjectStore`.

    ``local_root`` is where the runner keeps run folders (``Workspace.runs_dir``); for a shared folder
    it is the artifact root itself.
    """
    if is_url(artifact_root):
        return ObjectStore(artifact_root, Path(local_root).resolve(), dict(storage_options or {}))
    return SharedFolder(Path(local_root).resolve())


# ------------------------------------------------------------------------------------ shared folder


@dataclass(frozen=True)
class SharedFolder:
    """Run folders on a file system every worker mounts at the same path."""

    root: Path
    shared: bool = field(default=True, init=False)

    def describe(self) -> str:
        """A phrase for messages: ``the shared folder /path``."""
        return f"the shared folder {self.root}"

    def probe(self) -> tuple[str, str]:
        """Write a probe file workers must be able to read; return (its path, its content).

        Raises OSError when the folder cannot be written.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        token = secrets.token_hex(8)
        path = self.root / f"{PROBE_PREFIX}{token}"
        path.write_text(token, encoding="utf-8")
        return str(path), token

    def unprobe(self, where: str) -> None:
        """Remove a probe file written by :meth:`probe`."""
        Path(where).unlink(missing_ok=True)


# ------------------------------------------------------------------------------------- object store


@dataclass
class Published:
    """What a marker records: where the content is and what it holds."""

    location: str
    kind: str  # "file" or "dir"
    files: list[list[Any]] = field(default_factory=list)  # [relative path, size]
    signature: list[list[Any]] | None = None  # of the local source, for external data

    def to_json(self) -> bytes:
        """The marker document."""
        return json.dumps({"location": self.location, "kind": self.kind, "files": self.files,
                           "signature": self.signature, "at": time.time()}, sort_keys=True).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Published | None:
        """A marker read back; None when it is not one (a corrupt marker is no commit)."""
        try:
            raw = json.loads(data)
            return cls(str(raw["location"]), str(raw["kind"]), list(raw.get("files") or []), raw.get("signature"))
        except (ValueError, KeyError, TypeError):
            return None


class ObjectStore:
    """Run artifacts on an fsspec URL, mirrored in a local folder that the runner reads and writes.

    Thread-safe; every method does network I/O, so call it from a worker thread, never the event loop.
    """

    shared = False

    def __init__(self, url: str, local_root: Path, storage_options: dict[str, Any] | None = None) -> None:
        self.url = url.rstrip("/")
        self.local_root = local_root
        self.storage_options = dict(storage_options or {})
        self._known: dict[str, Published] = {}
        self._lock = threading.Lock()

    def describe(self) -> str:
        """A phrase for messages: ``the store s3://bucket/prefix``."""
        return f"the store {self.url}"

    # -------------------------------------------------------------------------------- addressing

    def key(self, local: Path) -> str:
        """The store key of a local path: its path under the run folders, or an ``.external/`` key."""
        local = Path(os.path.abspath(local))
        try:
            return local.relative_to(self.local_root).as_posix()
        except ValueError:
            digest = hashlib.sha256(str(local).encode()).hexdigest()[:20]
            return f"{EXTERNAL}/{digest}/{local.name}"

    def base(self, local: Path) -> str:
        """The URL an upload of ``local`` goes under (plus ``.<token>``)."""
        return f"{self.url}/{self.key(local)}"

    def marker(self, local: Path) -> str:
        """The URL of the marker that commits ``local``."""
        return f"{self.url}/{MARKERS}/{self.key(local)}.json"

    def _inside(self, local: Path) -> bool:
        try:
            Path(os.path.abspath(local)).relative_to(self.local_root)
            return True
        except ValueError:
            return False

    # ------------------------------------------------------------------------------- runner side

    def remember(self, local: Path, record: Published) -> None:
        """Note that ``local`` is committed on the store as ``record`` (saves a lookup later)."""
        with self._lock:
            self._known[self.key(local)] = record

    def find(self, local: Path) -> tuple[str, str] | None:
        """(URL, kind) of ``local``'s content when it or a folder holding it is committed, else None.

        ``kind`` is ``file``, ``dir`` or ``auto`` (a path inside a committed folder). Only run-folder
        paths are looked up this way: they never change once committed.
        """
        local = Path(os.path.abspath(local))
        here = local
        while self._inside(here) and here != self.local_root:
            record = self._record(here)
            if record is not None:
                rest = local.relative_to(here).as_posix()
                return (record.location, record.kind) if rest == "." else (f"{record.location}/{rest}", "auto")
            here = here.parent
        return None

    def _record(self, local: Path) -> Published | None:
        key = self.key(local)
        with self._lock:
            known = self._known.get(key)
        if known is not None:
            return known
        record = read_marker(self.marker(local), self.storage_options)
        if record is not None:
            with self._lock:
                self._known[key] = record
        return record

    def publish(self, local: Path) -> tuple[str, str]:
        """Make ``local`` (a file or folder the runner has) readable on the store; return (URL, kind).

        A run-folder path already committed (by a worker, or earlier) is not sent again; external
        data is sent again when its size or mtime changed. Raises OSError when ``local`` is missing
        or the upload fails.
        """
        local = Path(os.path.abspath(local))
        if self._inside(local):
            found = self.find(local)
            if found is not None:
                return found
            signature = None
        else:
            signature = _signature(local)
            record = self._record(local)
            if record is not None and record.signature == signature:
                return record.location, record.kind
        if not local.exists():
            raise FileNotFoundError(f"input {local} does not exist")
        location = f"{self.base(local)}.{secrets.token_hex(6)}"
        record = upload(str(local), location, self.storage_options)
        record.signature = signature
        write_marker(self.marker(local), record, self.storage_options)
        self.remember(local, record)
        return record.location, record.kind

    def download(self, url: str, dest: Path, kind: str = "auto") -> None:
        """Copy a file or folder from the store into ``dest`` (a folder's files go inside ``dest``)."""
        fetch(url, str(dest), self.storage_options, kind)

    def probe(self) -> tuple[str, str]:
        """Write a probe object workers must be able to read; return (its URL, its content)."""
        token = secrets.token_hex(8)
        url = f"{self.url}/{PROBE_PREFIX}{token}"
        put_bytes(url, token.encode(), self.storage_options)
        return url, token

    def unprobe(self, where: str) -> None:
        """Remove a probe object written by :meth:`probe` (best effort)."""
        fs, path = _fs(where, self.storage_options)
        with contextlib.suppress(OSError):  # a leftover probe is harmless
            fs.rm_file(path)


def _signature(local: Path) -> list[list[Any]]:
    """(relative path, size, mtime_ns) of every file under ``local``, sorted: changes when data does."""
    if local.is_file():
        st = local.stat()
        return [[".", st.st_size, st.st_mtime_ns]]
    out: list[list[Any]] = []
    for dirpath, _dirs, files in os.walk(local):
        for name in files:
            p = Path(dirpath) / name
            st = p.stat()
            out.append([p.relative_to(local).as_posix(), st.st_size, st.st_mtime_ns])
    return sorted(out)


# ------------------------------------------------------------------- both sides (fsspec and stdlib)


def _fs(url: str, options: dict[str, Any]) -> tuple[Any, str]:
    import fsspec

    return fsspec.core.url_to_fs(url, **options)


def read_marker(url: str, options: dict[str, Any]) -> Published | None:
    """The marker at ``url``, or None when there is none (or it is unreadable)."""
    fs, path = _fs(url, options)
    try:
        data = fs.cat_file(path)
    except OSError:  # none there (FileNotFoundError) or unreadable: no commit
        return None
    return Published.from_json(data)


def put_bytes(url: str, data: bytes, options: dict[str, Any]) -> None:
    """Write one small object (atomic on object stores), creating its folder where there are folders."""
    fs, path = _fs(url, options)
    _makedirs(fs, path.rsplit("/", 1)[0])
    fs.pipe_file(path, data)


def _makedirs(fs: Any, folder: str) -> None:
    try:
        fs.makedirs(folder, exist_ok=True)
    except (OSError, NotImplementedError):
        pass  # object stores have no folders


def write_marker(url: str, record: Published, options: dict[str, Any]) -> None:
    """Commit ``record`` by writing its marker at ``url``."""
    put_bytes(url, record.to_json(), options)


def upload(local: str, location: str, options: dict[str, Any]) -> Published:
    """Copy a local file or folder to ``location`` (which must not exist yet); return its record.

    Empty folders are not kept (object stores have none); the reader recreates the top folder.
    """
    fs, path = _fs(location, options)
    if os.path.isdir(local):
        sources: list[str] = []
        files: list[list[Any]] = []
        for dirpath, _dirs, names in os.walk(local):
            for name in names:
                src = os.path.join(dirpath, name)
                rel = os.path.relpath(src, local).replace(os.sep, "/")
                sources.append(src)
                files.append([rel, os.path.getsize(src)])
        if sources:
            targets = [f"{path}/{rel}" for rel, _ in files]
            for parent in sorted({t.rsplit("/", 1)[0] for t in targets}):
                _makedirs(fs, parent)
            fs.put(sources, targets)
        return Published(fs.unstrip_protocol(path), "dir", sorted(files))
    _makedirs(fs, path.rsplit("/", 1)[0])
    fs.put_file(local, path)
    return Published(fs.unstrip_protocol(path), "file", [[".", os.path.getsize(local)]])


def fetch(url: str, dest: str, options: dict[str, Any], kind: str = "auto") -> None:
    """Copy a file or folder at ``url`` to ``dest``: a file to ``dest``, a folder's files into ``dest``.

    ``kind`` is ``file``, ``dir`` (an empty folder may have left nothing on the store) or ``auto``.
    Raises FileNotFoundError when there is nothing at ``url`` (and it is not a folder).
    """
    fs, path = _fs(url, options)
    if kind == "dir" or (kind == "auto" and fs.isdir(path)):
        os.makedirs(dest, exist_ok=True)
        if not fs.exists(path):
            return
        sources = [p for p in fs.find(path, withdirs=False)]
        targets = [os.path.join(dest, *p[len(path):].lstrip("/").split("/")) for p in sources]
        for parent in {os.path.dirname(t) for t in targets}:
            os.makedirs(parent, exist_ok=True)
        if sources:
            fs.get(sources, targets)
        return
    if not fs.exists(path):
        raise FileNotFoundError(f"nothing at {url}")
    os.makedirs(os.path.dirname(dest) or ".", exist_ok=True)
    fs.get_file(path, dest)


def probe_read(where: str, token: str, options: dict[str, Any]) -> str | None:
    """On a worker: None when the probe at ``where`` (a path or URL) holds ``token``, else why not."""
    try:
        if is_url(where):
            fs, path = _fs(where, options)
            data = fs.cat_file(path).decode("utf-8", "replace")
        else:
            data = Path(where.removeprefix("file://")).read_text(encoding="utf-8")
    except ImportError as exc:
        return f"cannot open it ({exc}); install the fsspec driver for it on the worker"
    except OSError as exc:
        return f"cannot read {where} ({type(exc).__name__}: {exc})"
    return None if data.strip() == token else f"{where} holds other content"
