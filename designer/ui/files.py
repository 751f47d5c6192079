"""Serving files of the workspace to the browser, and nothing outside it.

Two roots are served: the workspace (``/files/ws/<path>``) and the artifact root where run folders
live (``/files/runs/<path>``; ``.designer/runs`` unless ``designer.toml`` moves it). The workspace's
own ``.designer/`` folder (the database, code snapshots) is not served through the workspace root.

A request is refused when its path has a ``..`` part, is absolute, or resolves (after following
symbolic links) outside its root: a symbolic link inside the workspace that points at ``/etc`` is
no way out. Answers carry ``Content-Security-Policy: sandbox`` and ``nosniff``, so an HTML or SVG
file a step wrote cannot run script in the designer's origin when opened.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

PREFIX = "/files"
WORKSPACE = "ws"
RUNS = "runs"
STATE_DIR = ".designer"
SECURITY_HEADERS = {
    "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


MAX_PIPELINE_BYTES = 5 * 1024 * 1024  # opening a file as a pipeline: beyond this, a clear message


class FileRefused(Exception):
    """A request for a file that may not be served (``status`` 403) or does not exist (404)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def checked_file(root: Path, rel: str, *, state_dir: Path | None = None, allowed_state: Path | None = None,
                 folders: bool = False) -> Path:
    """The one rule for turning a path a user gave (``rel``, relative to ``root``) into a file to read.

    Every route that maps a user's path to a file goes through here: the file routes, the designer's
    ``?file=``, the previews. Returns the real (resolved) path. Raises :class:`FileRefused` with a
    sentence: 404 for an empty path, a NUL or control character, a path that does not exist, or one
    that is not a regular file (a folder unless ``folders``, a FIFO, a device); 403 for an absolute
    path, a ``..`` part, a path that resolves outside ``root`` (symbolic links followed), or one inside
    ``state_dir`` (the designer's own ``.designer/``) but not inside ``allowed_state``.
    """
    if not rel or any(ord(ch) < 32 or ord(ch) == 127 for ch in rel):
        raise FileRefused(404, "no such file")
    parts = rel.replace("\\", "/").split("/")
    if rel.startswith(("/", "\\")) or any(part == ".." for part in parts) or (len(rel) > 1 and rel[1] == ":"):
        raise FileRefused(403, "only files inside the workspace are served")
    candidate = root.joinpath(*[part for part in parts if part not in ("", ".")])
    try:
        real = candidate.resolve(strict=True)
        mode = real.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise FileRefused(404, "no such file") from None
    except (OSError, RuntimeError, ValueError):  # loops of links, permission, a name too long
        raise FileRefused(403, "only files inside the workspace are served") from None
    if not _inside(real, root):
        raise FileRefused(403, "only files inside the workspace are served")
    if state_dir is not None and _inside(real, state_dir) and not (
            allowed_state is not None and _inside(real, allowed_state)):
        raise FileRefused(403, "the designer's own state is not served")
    if not (stat.S_ISREG(mode) or (folders and stat.S_ISDIR(mode))):
        raise FileRefused(404, "no such file")
    return real


def read_head(path: Path, max_bytes: int) -> bytes:
    """The first ``max_bytes`` of the regular file ``path`` (opened without blocking on a FIFO).

    Raises OSError when it cannot be read, :class:`FileRefused` (404) when it is not a regular file.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise FileRefused(404, "not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(max_bytes)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class FileServer:
    """Maps workspace paths to URLs and back; only files under the two roots are ever answered.

    Build it with :meth:`for_workspace`; :meth:`register` adds the HTTP route to a NiceGUI app.
    """

    workspace: Path
    artifact_root: Path

    @classmethod
    def for_workspace(cls, workspace: str | os.PathLike[str], artifact_root: str | os.PathLike[str] | None = None,
                      ) -> FileServer:
        """A server for ``workspace`` whose run folders are under ``artifact_root`` (default
        ``<workspace>/.designer/runs``). Both are resolved once, here."""
        ws = Path(workspace).resolve()
        runs = Path(artifact_root).resolve() if artifact_root is not None else ws / STATE_DIR / "runs"
        return cls(ws, runs)

    def roots(self) -> dict[str, Path]:
        """The served roots by URL key."""
        return {WORKSPACE: self.workspace, RUNS: self.artifact_root}

    # ------------------------------------------------------------------------------------ path -> URL

    def url(self, path: str | os.PathLike[str], *, download: bool = False) -> str | None:
        """The URL that serves ``path``, or None when it is outside both roots (not servable)."""
        key_rel = self.relative(path)
        if key_rel is None:
            return None
        key, rel = key_rel
        url = f"{PREFIX}/{key}/" + "/".join(quote(part, safe="") for part in rel.parts)
        return url + ("?download=1" if download else "")

    def relative(self, path: str | os.PathLike[str]) -> tuple[str, PurePosixPath] | None:
        """``(root key, path relative to that root)`` for ``path``, or None when it is outside both.

        The path is normalised (``..`` collapsed) but links are not followed here; :meth:`resolve`
        checks the real location when the file is asked for.
        """
        p = Path(os.path.normpath(os.path.abspath(path)))
        if _inside(p, self.artifact_root):
            return RUNS, PurePosixPath(p.relative_to(self.artifact_root).as_posix())
        if _inside(p, self.workspace) and not _inside(p, self.workspace / STATE_DIR):
            return WORKSPACE, PurePosixPath(p.relative_to(self.workspace).as_posix())
        return None

    # ------------------------------------------------------------------------------------ URL -> path

    def resolve(self, key: str, rel: str) -> Path:
        """The real file behind ``/files/<key>/<rel>``.

        Raises :class:`FileRefused` (403) for an unknown root, an absolute path, a ``..`` part, a
        control character, or a path that resolves outside its root (symbolic links included), and
        (404) for a path that does not exist or is a folder.
        """
        root = self.roots().get(key)
        if root is None:
            raise FileRefused(404, "no such file")
        state = self.workspace / STATE_DIR if key == WORKSPACE else None
        return checked_file(root, rel, state_dir=state, allowed_state=self.artifact_root)

    def allows(self, path: str | os.PathLike[str], *, folders: bool = True) -> bool:
        """True when ``path`` would be served (by the same rule as :meth:`resolve`): previews show
        only what a download would answer, so a link in a run folder to ``/etc`` shows nothing."""
        key_rel = self.relative(path)
        if key_rel is None:
            return False
        key, rel = key_rel
        root = self.roots()[key]
        state = self.workspace / STATE_DIR if key == WORKSPACE else None
        try:
            checked_file(root, rel.as_posix() if rel.parts else ".", state_dir=state,
                         allowed_state=self.artifact_root, folders=folders)
        except FileRefused:
            return False
        return True

    # ------------------------------------------------------------------------------------ HTTP

    def response(self, key: str, rel: str, download: bool = False) -> Any:
        """The Starlette response for ``/files/<key>/<rel>``: the file, or a plain 403/404."""
        from starlette.responses import FileResponse, PlainTextResponse

        try:
            path = self.resolve(key, rel)
        except FileRefused as refused:
            return PlainTextResponse(refused.message, status_code=refused.status, headers=SECURITY_HEADERS)
        return FileResponse(path, filename=path.name, headers=SECURITY_HEADERS,
                            content_disposition_type="attachment" if download else "inline")

    def register(self, app: Any) -> None:
        """Add ``GET /files/{root}/{path}`` to the NiceGUI (FastAPI) ``app``; once per app."""
        if getattr(app.state, "designer_file_server", None) is not None:
            app.state.designer_file_server = self
            return
        app.state.designer_file_server = self

        async def serve(root: str, path: str, download: bool = False) -> Any:
            server: FileServer = app.state.designer_file_server
            from starlette.concurrency import run_in_threadpool

            return await run_in_threadpool(server.response, root, path, download)

        app.add_api_route(PREFIX + "/{root}/{path:path}", serve, methods=["GET"], include_in_schema=False)
