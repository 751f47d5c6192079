"""Previews of step outputs: what a file or folder holds, read without the page's event loop.

Over 400 lines on purpose: one job (bounded previews), one small reader per file kind sharing the same limits.

Every function here is pure (files in, a :class:`Preview` out) and is meant to be called through
``run.io_bound``. Reading is bounded: the first rows of a table, the first bytes of a text, the first
entries of a folder, so a 5 GB output previews as fast as a 5 KB one. Nothing here raises for a file
that is missing, unreadable or malformed; the answer is a :class:`NoPreview` with a sentence saying why.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from designer.ui.format import human_size
from designer.ui.reads.charts import CHARTS_FILE, SUMMARY_FILE, Results, read_charts, read_verdict

MAX_ROWS = 20
TYPE_SAMPLE_ROWS = 1000  # rows read to infer a CSV's column types
MAX_TEXT_BYTES = 200_000
MAX_ENTRIES = 200
COUNT_ROWS_UP_TO = 200 * 1024 * 1024  # count the lines of a CSV up to this size; beyond, "unknown"

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp"})
CSV_SUFFIXES = {".csv": ",", ".tsv": "\t"}
PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})
JSON_SUFFIXES = frozenset({".json"})
TABLE_NAMES = ("data.parquet",)  # the designer's own table folders hold these (see components' designer_io)
SKIP_NAMES = frozenset({"__pycache__", ".DS_Store"})


@dataclass(frozen=True)
class Column:
    """A table column and a readable name of its type (``integer``, ``number``, ``text``...)."""

    name: str
    type: str


@dataclass(frozen=True)
class TablePreview:
    """The first rows of a CSV or Parquet file; values are JSON-safe (str, int, float, bool, None)."""

    path: Path
    format: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    total_rows: int | None
    kind: str = "table"


@dataclass(frozen=True)
class ImagePreview:
    """An image to show as it is."""

    path: Path
    size: int
    kind: str = "image"


@dataclass(frozen=True)
class TextPreview:
    """The start of a text file; ``language`` is ``json`` for pretty-printed JSON, else ``text``."""

    path: Path
    text: str
    truncated: bool
    size: int
    language: str = "text"
    kind: str = "text"


@dataclass(frozen=True)
class Entry:
    """One file or folder inside a previewed folder; ``name`` is relative to that folder."""

    name: str
    path: Path
    size: int
    is_dir: bool


@dataclass(frozen=True)
class FolderPreview:
    """What a folder holds, and a preview of its main file (the table or single file in it) if any."""

    path: Path
    entries: list[Entry]
    truncated: bool
    total_size: int
    main: Preview | None = None
    total_files: int = 0  # in the whole folder, not only in ``entries``
    total_entries: int = 0
    kind: str = "folder"
    results: Results | None = None  # the charts (charts.json) and verdict (summary.json) it holds


@dataclass(frozen=True)
class NoPreview:
    """Nothing to show; ``message`` says why in a sentence (binary file, missing, unreadable)."""

    path: Path
    message: str
    size: int | None = None
    kind: str = "none"


Preview = TablePreview | ImagePreview | TextPreview | FolderPreview | NoPreview


Guard = Callable[[Path], bool]
NOT_SERVED = "This file is outside the workspace, so it is not shown."


def preview(path: str | os.PathLike[str], *, max_rows: int = MAX_ROWS, max_bytes: int = MAX_TEXT_BYTES,
            max_entries: int = MAX_ENTRIES, allowed: Guard | None = None) -> Preview:
    """A preview of the file or folder at ``path``.

    CSV/TSV and Parquet files become a :class:`TablePreview` (first ``max_rows`` rows, column types,
    the row count when it is cheap to know); images an :class:`ImagePreview`; JSON a pretty-printed
    :class:`TextPreview`; other text its first ``max_bytes``; a folder a :class:`FolderPreview` of up
    to ``max_entries`` entries with a preview of its main file. ``allowed(path)`` (the file server's
    rule) decides what may be read at all: a path it refuses, or a folder's main file it refuses (a
    symbolic link out of the run folder), is not opened. Never raises for bad or missing files:
    returns :class:`NoPreview` saying why.
    """
    p = Path(path)
    if allowed is not None and p.exists() and not allowed(p):
        return NoPreview(p, NOT_SERVED)
    try:
        if p.is_dir():
            return _folder(p, max_rows, max_bytes, max_entries, allowed)
        if not p.exists():
            return NoPreview(p, "This output is not on disk (it was deleted, or the step has not written it yet).")
        if not p.is_file():
            return NoPreview(p, "This is not a regular file (a pipe or a device), so it is not read.")
        return preview_file(p, max_rows=max_rows, max_bytes=max_bytes)
    except PermissionError:
        return NoPreview(p, "The designer may not read this file (permission denied).")
    except OSError as exc:
        return NoPreview(p, f"The file cannot be read: {exc.strerror or exc}.")


def preview_file(path: Path, *, max_rows: int = MAX_ROWS, max_bytes: int = MAX_TEXT_BYTES) -> Preview:
    """A preview of one file (see :func:`preview`)."""
    suffix = path.suffix.lower()
    size = path.stat().st_size
    if suffix in IMAGE_SUFFIXES:
        return ImagePreview(path, size)
    if suffix in CSV_SUFFIXES:
        return _csv(path, CSV_SUFFIXES[suffix], max_rows, size, max_bytes)
    if suffix in PARQUET_SUFFIXES:
        return _parquet(path, max_rows)
    if suffix in JSON_SUFFIXES:
        return _json(path, size, max_bytes)
    return _text(path, size, max_bytes)


# ------------------------------------------------------------------------------------------ tables


def _friendly_type(dtype: Any) -> str:
    text = str(dtype).lower()
    if text in ("bool", "boolean"):
        return "boolean"
    if text.startswith(("int", "uint")):
        return "integer"
    if text.startswith(("float", "double", "decimal", "halffloat")):
        return "number"
    if text.startswith(("datetime", "timestamp")):
        return "datetime"
    if text.startswith("date"):
        return "date"
    if text in ("object", "string", "str", "large_string", "utf8", "large_utf8") or text.startswith("string"):
        return "text"
    if text.startswith("category") or text.startswith("dictionary"):
        return "category"
    return text


def cell(value: Any) -> Any:
    """A JSON-safe version of one table value: NaN and NA become None, times ISO text, bytes a size."""
    if value is None:
        return None
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, list | tuple | dict):
        try:
            return json.dumps(value, default=str)[:500]
        except (TypeError, ValueError):
            return str(value)[:500]
    try:
        if value != value:  # NaN-likes: pandas NaT and NA, numpy nan
            return None
    except (TypeError, ValueError):  # pd.NA refuses to be a bool
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return f"<{human_size(len(value))} of binary data>"
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item):
        try:
            return cell(item())
        except (TypeError, ValueError):
            pass
    return str(value)[:500]


def _rows(df: Any) -> list[dict[str, Any]]:
    columns = [str(c) for c in df.columns]
    return [{name: cell(v) for name, v in zip(columns, values, strict=True)}
            for values in df.itertuples(index=False, name=None)]


def _count_lines(path: Path, size: int) -> int | None:
    if size > COUNT_ROWS_UP_TO:
        return None
    count = 0
    last = b"\n"
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    if last != b"\n":
        count += 1
    return count


def _csv(path: Path, sep: str, max_rows: int, size: int, max_bytes: int) -> Preview:
    import pandas as pd

    try:
        sample = pd.read_csv(path, sep=sep, nrows=max(max_rows, TYPE_SAMPLE_ROWS), low_memory=False)
    except pd.errors.EmptyDataError:
        return NoPreview(path, "This CSV file is empty.", size)
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        text = _text(path, size, max_bytes)
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if isinstance(text, TextPreview):
            return TextPreview(path, f"(not readable as a table: {reason})\n\n{text.text}", text.truncated, size)
        return NoPreview(path, f"This file is not a readable CSV table: {reason}.", size)
    lines = _count_lines(path, size)
    total = None if lines is None else max(0, lines - 1)
    if total is not None and total < len(sample):  # quoted line breaks: trust what pandas read
        total = len(sample)
    columns = [Column(str(name), _friendly_type(dtype)) for name, dtype in sample.dtypes.items()]
    return TablePreview(path, "CSV" if sep == "," else "TSV", columns, _rows(sample.head(max_rows)), total)


def _parquet(path: Path, max_rows: int) -> Preview:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        file = pq.ParquetFile(path)
        schema = file.schema_arrow
        total = file.metadata.num_rows
        batch = next(file.iter_batches(batch_size=max(1, max_rows)), None)
    except (pa.ArrowException, OSError, ValueError) as exc:
        return NoPreview(path, f"This file is not a readable Parquet table: {str(exc).splitlines()[0]}.",
                         path.stat().st_size)
    columns = [Column(f.name, _friendly_type(f.type)) for f in schema]
    rows: list[dict[str, Any]] = []
    if batch is not None:
        names = [c.name for c in columns]
        data = batch.to_pylist()[:max_rows]
        rows = [{name: cell(row.get(name)) for name in names} for row in data]
    return TablePreview(path, "Parquet", columns, rows, total)


# ------------------------------------------------------------------------------------------- texts


def _read_head(path: Path, max_bytes: int) -> tuple[bytes, bool]:
    with path.open("rb") as f:
        data = f.read(max_bytes + 1)
    return data[:max_bytes], len(data) > max_bytes


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data[:8192]:
        return True
    try:
        data[:8192].decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start < len(data[:8192]) - 4  # a character cut at the end of the sample is fine
    return False


def _text(path: Path, size: int, max_bytes: int) -> Preview:
    data, truncated = _read_head(path, max_bytes)
    if _looks_binary(data):
        return NoPreview(path, f"Binary file ({human_size(size)}); download it to open it.", size)
    return TextPreview(path, data.decode("utf-8", errors="replace"), truncated, size)


def _json(path: Path, size: int, max_bytes: int) -> Preview:
    data, truncated = _read_head(path, max_bytes)
    if not truncated:
        try:
            parsed = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            pass
        else:
            text = json.dumps(parsed, indent=2, ensure_ascii=False, sort_keys=False)
            return TextPreview(path, text[:max_bytes], len(text) > max_bytes, size, language="json")
    if _looks_binary(data):
        return NoPreview(path, f"Binary file ({human_size(size)}); download it to open it.", size)
    return TextPreview(path, data.decode("utf-8", errors="replace"), truncated, size)


# ----------------------------------------------------------------------------------------- folders


def _walk(folder: Path) -> Iterator[Path]:
    """Files and folders under ``folder``, sorted, not following symbolic links to folders."""
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            children = sorted(current.iterdir(), key=lambda p: p.name)
        except OSError:
            continue
        subfolders = []
        for child in children:
            if child.name in SKIP_NAMES or child.name.startswith(".tmp-"):
                continue
            yield child
            if child.is_dir() and not child.is_symlink():
                subfolders.append(child)
        stack.extend(reversed(subfolders))


def _main_file(entries: list[Entry]) -> Path | None:
    files = [e for e in entries if not e.is_dir]
    by_name = {e.name: e.path for e in files}
    for name in TABLE_NAMES:
        if name in by_name:
            return by_name[name]
    tables = [e.path for e in files if e.path.suffix.lower() in PARQUET_SUFFIXES | set(CSV_SUFFIXES)]
    if tables:
        return tables[0]
    if len(files) == 1:
        return files[0].path
    images = [e.path for e in files if e.path.suffix.lower() in IMAGE_SUFFIXES]
    return images[0] if images else None


def _folder(folder: Path, max_rows: int, max_bytes: int, max_entries: int, allowed: Guard | None) -> Preview:
    entries: list[Entry] = []
    total = 0
    files = 0
    count = 0
    truncated = False
    for child in _walk(folder):
        try:
            is_dir = child.is_dir()
            size = 0 if is_dir else child.stat().st_size
        except OSError:
            continue
        total += size
        count += 1
        files += 0 if is_dir else 1
        if len(entries) < max_entries:
            entries.append(Entry(child.relative_to(folder).as_posix(), child, size, is_dir))
        else:
            truncated = True
    main_path = _main_file(entries)
    main: Preview | None = None
    if main_path is not None and allowed is not None and not allowed(main_path):
        main = NoPreview(main_path, NOT_SERVED)
    elif main_path is not None and not main_path.is_file():
        main = None
    elif main_path is not None:
        try:
            main = preview_file(main_path, max_rows=max_rows, max_bytes=max_bytes)
        except OSError as exc:
            main = NoPreview(main_path, f"The file cannot be read: {exc.strerror or exc}.")
    names = {e.name for e in entries}
    results = None
    if CHARTS_FILE in names or SUMMARY_FILE in names:
        results = Results(read_charts(folder, folder.name), read_verdict(folder))
    return FolderPreview(folder, entries, truncated, total, main, files, count, results=results)


@dataclass(frozen=True)
class ImageFile:
    """An image a step wrote: where it is and a name to show (relative to the step's folder)."""

    name: str
    path: Path


def find_images(folder: str | os.PathLike[str], *, limit: int = 24,
                suffixes: frozenset[str] = frozenset({".png"})) -> list[ImageFile]:
    """The image files (PNG by default) under ``folder``, sorted by path, at most ``limit``.

    Staging folders of a step that did not finish (``.tmp-*``) and symbolic links to folders are
    skipped. A missing folder has none.
    """
    root = Path(folder)
    if not root.is_dir():
        return []
    images: list[ImageFile] = []
    for path in _walk(root):
        if path.suffix.lower() in suffixes and path.is_file():
            images.append(ImageFile(path.relative_to(root).as_posix(), path))
            if len(images) >= limit:
                break
    return images
