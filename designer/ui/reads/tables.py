"""A table output read a page at a time, sorted, with per-column statistics: what the table view
shows, read without NiceGUI and without the page's event loop.

Bounded on purpose, so a 5 GB table opens as fast as a small one:

- a page without sorting reads only the rows before it and the page itself (CSV: skipped lines,
  Parquet: record batches up to the page);
- sorting needs rows to compare: the first :data:`SORT_ROWS` rows are read and sorted (the whole
  table when it is smaller; else the page says "sorted over the first 200,000 rows");
- statistics are computed over the first :data:`STATS_ROWS` rows, and say so when the table is longer.

Nothing here raises for a missing or unreadable file: the answer is a ``NoPreview`` with a sentence.
Blocking: call through ``designer.ui.widgets.io``.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from designer.ui.reads.previews import (
    CSV_SUFFIXES,
    PARQUET_SUFFIXES,
    TABLE_NAMES,
    TYPE_SAMPLE_ROWS,
    Column,
    NoPreview,
    _count_lines,
    _friendly_type,
    cell,
)

PAGE_ROWS = 50
MAX_PAGE_ROWS = 500
SORT_ROWS = 200_000
STATS_ROWS = 10_000
HISTOGRAM_BINS = 12
TOP_VALUES = 5
NUMERIC = frozenset({"integer", "number"})


@dataclass(frozen=True)
class TablePage:
    """Rows ``offset`` to ``offset + len(rows)`` of a table, in file order or sorted by ``sort``."""

    path: Path
    format: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    offset: int
    total_rows: int | None  # None: too big to count cheaply
    sort: str | None = None
    descending: bool = False
    sorted_over: int | None = None  # rows the sort looked at, when that is not the whole table


@dataclass(frozen=True)
class ColumnStats:
    """One column over the rows looked at: counts, and a range and histogram (numbers) or the most
    frequent values (text). ``histogram`` is ``[(label, count)]``."""

    name: str
    type: str
    count: int
    missing: int
    distinct: int
    mean: float | None = None
    min: Any = None
    max: Any = None
    histogram: list[tuple[str, int]] = field(default_factory=list)


@dataclass(frozen=True)
class TableStats:
    """Statistics of every column, over the first ``rows`` rows of ``total_rows``."""

    path: Path
    columns: list[ColumnStats]
    rows: int
    total_rows: int | None

    @property
    def sampled(self) -> bool:
        return self.total_rows is None or self.total_rows > self.rows


def table_file(path: str | Path) -> Path | None:
    """The table file of an output: the file itself, or a folder's main table; None when there is none."""
    p = Path(path)
    if p.is_file():
        return p if p.suffix.lower() in PARQUET_SUFFIXES | set(CSV_SUFFIXES) else None
    if not p.is_dir():
        return None
    for name in TABLE_NAMES:
        if (p / name).is_file():
            return p / name
    try:
        found = sorted(c for c in p.iterdir() if c.is_file() and c.suffix.lower() in PARQUET_SUFFIXES | set(CSV_SUFFIXES))
    except OSError:
        return None
    return found[0] if found else None


def _fmt(path: Path) -> str:
    suffix = path.suffix.lower()
    return "Parquet" if suffix in PARQUET_SUFFIXES else ("TSV" if suffix == ".tsv" else "CSV")


def _head(path: Path, rows: int) -> Any:
    """The first ``rows`` rows as a pandas DataFrame (column types as the file gives them)."""
    import pandas as pd

    if path.suffix.lower() in PARQUET_SUFFIXES:
        import pyarrow as pa
        import pyarrow.parquet as pq

        file = pq.ParquetFile(path)
        batches = []
        read = 0
        for batch in file.iter_batches(batch_size=min(max(rows, 1), 65_536)):
            batches.append(batch)
            read += batch.num_rows
            if read >= rows:
                break
        table = pa.Table.from_batches(batches, schema=file.schema_arrow) if batches else file.schema_arrow.empty_table()
        return table.slice(0, rows).to_pandas()
    return pd.read_csv(path, sep=CSV_SUFFIXES[path.suffix.lower()], nrows=rows, low_memory=False)


def _total(path: Path) -> int | None:
    if path.suffix.lower() in PARQUET_SUFFIXES:
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(path).metadata.num_rows)
    st = path.stat()
    return _csv_rows(str(path), st.st_size, st.st_mtime_ns, st.st_ino)


@functools.lru_cache(maxsize=64)
def _csv_rows(path: str, size: int, mtime_ns: int, inode: int) -> int | None:
    # counting a CSV's lines reads the whole file: once per version of the file, not once per page
    lines = _count_lines(Path(path), size)
    return None if lines is None else max(0, lines - 1)


def _column_type(series: Any) -> str:
    """A column's type for people: a float column of whole numbers with gaps (how pandas reads an
    integer column with missing values) is ``integer``."""
    found = _friendly_type(series.dtype)
    if found == "number":
        present = series.dropna()
        try:
            if len(present) and bool((present == present.round()).all()):
                return "integer"
        except (TypeError, ValueError):
            return found
    return found


def _unreadable(path: Path, exc: Exception) -> NoPreview:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return NoPreview(path, f"This table cannot be read: {reason}.")


def read_page(path: str | Path, *, offset: int = 0, limit: int = PAGE_ROWS, sort: str | None = None,
              descending: bool = False) -> TablePage | NoPreview:
    """Rows ``offset..offset+limit`` of the table at ``path`` (a file, or a folder holding one),
    sorted by column ``sort`` when given (see the module's bounds). Never raises for bad files."""
    found = table_file(path)
    if found is None:
        return NoPreview(Path(path), "This output holds no table (CSV or Parquet) to show.")
    offset, limit = max(0, int(offset)), max(1, min(int(limit), MAX_PAGE_ROWS))
    try:
        total = _total(found)
        sorted_over = None
        if sort:
            df = _head(found, SORT_ROWS)
            if sort not in df.columns:
                return NoPreview(found, f"There is no column '{sort}' to sort by.")
            if total is None or total > len(df):
                sorted_over = len(df)
            df = df.sort_values(sort, ascending=not descending, na_position="last", kind="stable")
            part = df.iloc[offset:offset + limit]
        else:
            # column types from the same first rows on every page (a page of whole numbers is not
            # "integer" when the column holds fractions further down)
            df = _head(found, max(offset + limit, TYPE_SAMPLE_ROWS))
            part = df.iloc[offset:offset + limit]
    except Exception as exc:  # a parser's own error types (pyarrow, csv): a sentence, not a traceback
        return _unreadable(found, exc)
    columns = [Column(str(name), _column_type(df[name])) for name in df.columns]
    names = [c.name for c in columns]
    rows = [{n: cell(v) for n, v in zip(names, values, strict=True)} for values in part.itertuples(index=False, name=None)]
    return TablePage(found, _fmt(found), columns, rows, offset, total, sort or None, descending, sorted_over)


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _bin_label(lo: float, hi: float, integer: bool) -> str:
    from designer.ui.format import metric_text

    if integer and hi - lo <= 1:
        return metric_text(lo)
    return f"{metric_text(lo)} – {metric_text(hi)}"


def _column_stats(name: str, type_: str, series: Any) -> ColumnStats:
    import numpy as np

    present = series.dropna()
    count, missing = len(present), int(len(series) - len(present))
    try:
        distinct = int(present.nunique())
    except TypeError:  # unhashable values (lists): count their text
        distinct = int(present.astype(str).nunique())
    if type_ in NUMERIC and count:
        values = present.astype(float).to_numpy()
        values = values[np.isfinite(values)]
        if len(values):
            lo, hi = float(values.min()), float(values.max())
            integer = type_ == "integer"
            bins = max(1, min(HISTOGRAM_BINS, distinct if integer else HISTOGRAM_BINS))
            counts, edges = np.histogram(values, bins=bins, range=(lo, hi) if hi > lo else (lo - 0.5, lo + 0.5))
            histogram = [(_bin_label(float(edges[i]), float(edges[i + 1]), integer), int(c))
                         for i, c in enumerate(counts)]
            return ColumnStats(name, type_, count, missing, distinct, float(values.mean()), cell(present.min()),
                               cell(present.max()), histogram)
    top = present.astype(str).value_counts().head(TOP_VALUES) if count else None
    histogram = [(str(k), int(v)) for k, v in top.items()] if top is not None else []
    low = high = None
    if count and type_ in ("datetime", "date", "boolean", "text", "category"):
        try:
            low, high = cell(present.min()), cell(present.max())
        except TypeError:  # values that do not compare (mixed types)
            low = high = None
    return ColumnStats(name, type_, count, missing, distinct, None, low, high, histogram)


def read_stats(path: str | Path, *, rows: int = STATS_ROWS) -> TableStats | NoPreview:
    """Per-column statistics of the table at ``path`` over its first ``rows`` rows. Never raises
    for bad files."""
    found = table_file(path)
    if found is None:
        return NoPreview(Path(path), "This output holds no table (CSV or Parquet) to show.")
    try:
        df = _head(found, rows)
        total = _total(found)
        columns = [_column_stats(str(name), _column_type(df[name]), df[name]) for name in df.columns]
    except Exception as exc:  # as read_page: a sentence, never a traceback on the page
        return _unreadable(found, exc)
    return TableStats(found, columns, len(df), total)
