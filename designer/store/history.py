"""Run history for people: a run's name and note, what each step ran with, and runs by their metrics.

:class:`HistoryQueries` is part of :class:`~designer.store.store.Store` (a base class, kept here so
that the store's one big module does not grow): :meth:`~HistoryQueries.label_run` names a run and
notes it, :meth:`~HistoryQueries.run_parameters` reads the effective parameters of every step,
:meth:`~HistoryQueries.metric_names` and :meth:`~HistoryQueries.last_metrics` feed the runs list's
metric columns, and :func:`metric_filter`/:func:`metric_order` are the filter and order that
``list_runs``/``count_runs`` apply. :func:`parse_metric_filters` reads ``accuracy > 0.9`` as people
type it (the runs page and ``designer runs list --where``).

A metric's value for a run is the *last* value logged under that name in that run, whichever step
logged it (a pipeline's evaluation step usually logs it once).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Connection, Row, ScalarSelect, select, update

from designer.engine.parameters import Setting, settings_of
from designer.errors import RunError
from designer.store import tables as t

T = TypeVar("T")

NAME_MAX = 200
NOTE_MAX = 10_000
OPS = (">=", "<=", "!=", ">", "<", "=")
_UNSET: Any = object()


@dataclass(frozen=True)
class MetricFilter:
    """``name op value``: keep runs whose last ``name`` compares so (runs without it are left out)."""

    name: str
    op: str
    value: float

    def __str__(self) -> str:
        return f"{self.name} {self.op} {self.value:g}"


@dataclass(frozen=True)
class RunParameters:
    """What one run ran with: the pipeline's inputs and each step's parameters, in plan order.

    ``inputs`` is None and a step's map is None when the run was recorded before they were kept
    (show "not recorded"); ``titles`` names each step as people know it.
    """

    inputs: dict[str, Setting] | None
    steps: dict[str, dict[str, Setting] | None]
    titles: dict[str, str]

    @property
    def recorded(self) -> bool:
        """True when any step's parameters were recorded."""
        return self.inputs is not None or any(v is not None for v in self.steps.values())


_FILTER = re.compile(r"^\s*([A-Za-z_][\w.\-/]*)\s*(>=|<=|!=|==|=|>|<)\s*(\S+)\s*$")


def parse_metric_filters(text: str | None) -> list[MetricFilter]:
    """``"accuracy > 0.9, loss <= 0.3"`` -> filters (comma- or ``and``-separated).

    Raises :class:`RunError` naming the part that is not ``metric op number`` and what is expected.
    """
    out: list[MetricFilter] = []
    for part in re.split(r",|\band\b", text or ""):
        if not part.strip():
            continue
        m = _FILTER.match(part)
        if m is None:
            raise RunError(f"'{part.strip()}' is not a metric filter; write a metric name, one of "
                           f"{' '.join(OPS)} and a number, e.g. accuracy > 0.9")
        name, op, raw = m.groups()
        try:
            value = float(raw)
        except ValueError:
            raise RunError(f"'{part.strip()}': '{raw}' is not a number; e.g. accuracy > 0.9") from None
        if not math.isfinite(value):
            raise RunError(f"'{part.strip()}': compare with a finite number, e.g. accuracy > 0.9")
        out.append(MetricFilter(name, "=" if op == "==" else op, value))
    return out


def last_value(name: str) -> ScalarSelect[Any]:
    """The last value of metric ``name`` in the run of the enclosing ``runs`` row (NULL when never logged)."""
    m = t.metrics
    return (select(m.c.value).where(m.c.run_id == t.runs.c.id, m.c.name == name)
            .order_by(m.c.at.desc(), m.c.id.desc()).limit(1).correlate(t.runs).scalar_subquery())


def metric_filter(f: MetricFilter) -> ColumnElement[bool]:
    """The WHERE clause of one :class:`MetricFilter`."""
    value = last_value(f.name)
    ops: dict[str, Callable[[Any, float], ColumnElement[bool]]] = {
        ">": lambda a, b: a > b, ">=": lambda a, b: a >= b, "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
        "=": lambda a, b: a == b, "!=": lambda a, b: a != b}
    return ops[f.op](value, f.value)


def metric_order(name: str, descending: bool) -> Any:
    """ORDER BY the last value of ``name``; runs without it come last either way."""
    value = last_value(name)
    return (value.desc() if descending else value.asc()).nulls_last()


def _clean(text: str | None, limit: int, what: str, one_line: bool) -> str | None:
    if text is None:
        return None
    text = text.strip()
    if one_line and ("\n" in text or "\r" in text):
        raise RunError(f"a run's {what} is one line; found a line break (put longer text in the note)")
    if len(text) > limit:
        raise RunError(f"a run's {what} is at most {limit:,} characters; found {len(text):,}")
    return text or None


class HistoryQueries:
    """The history reads and writes of the store (see the module docstring); needs ``_read``/``_write``."""

    _read: Callable[..., Any]
    _write: Callable[..., Any]

    @staticmethod
    def _require_run(conn: Connection, run_id: str) -> Row[Any]:  # the Store's own
        raise NotImplementedError

    def label_run(self, run_id: str, *, name: str | None = _UNSET, note: str | None = _UNSET) -> tuple[str | None, str | None]:
        """Set the name and/or the note of ``run_id`` (empty text or None clears it); returns both as stored.

        A name is one line of at most 200 characters, a note at most 10,000. Raises
        :class:`RunError` for an unknown run or text beyond those limits.
        """
        values: dict[str, str | None] = {}
        if name is not _UNSET:
            values["name"] = _clean(name, NAME_MAX, "name", one_line=True)
        if note is not _UNSET:
            values["note"] = _clean(note, NOTE_MAX, "note", one_line=False)

        def w(conn: Connection) -> tuple[str | None, str | None]:
            self._require_run(conn, run_id)
            if values:
                conn.execute(update(t.runs).where(t.runs.c.id == run_id).values(**values))
            row = conn.execute(select(t.runs.c.name, t.runs.c.note).where(t.runs.c.id == run_id)).one()
            return row[0], row[1]

        result: tuple[str | None, str | None] = self._write(w)
        return result

    def run_parameters(self, run_id: str) -> RunParameters:
        """The pipeline inputs and every step's effective parameters of ``run_id`` (see :class:`RunParameters`).

        Raises :class:`RunError` for an unknown run.
        """
        s = t.step_runs

        def q(conn: Connection) -> RunParameters:
            run = self._require_run(conn, run_id)._mapping
            rows = conn.execute(select(s.c.step, s.c.title, s.c.parameters).where(s.c.run_id == run_id)
                                .order_by(s.c.position, s.c.step)).all()
            return RunParameters(settings_of(run["inputs"]), {step: settings_of(p) for step, _, p in rows},
                                 {step: title or step for step, title, _ in rows})

        result: RunParameters = self._read(q)
        return result

    def metric_names(self, limit: int = 500) -> list[str]:
        """The distinct metric names logged in any run, sorted (for the runs list's column picker)."""
        query = select(t.metrics.c.name).distinct().order_by(t.metrics.c.name).limit(limit)
        result: list[str] = self._read(lambda conn: list(conn.execute(query).scalars()))
        return result

    def last_metrics(self, run_ids: Sequence[str], names: Sequence[str]) -> dict[str, dict[str, float]]:
        """``{run id: {metric: last value}}`` for these runs and metric names (a run lacking one has no key)."""
        if not run_ids or not names:
            return {}
        m = t.metrics
        query = (select(m.c.run_id, m.c.name, m.c.value)
                 .where(m.c.run_id.in_(list(run_ids)), m.c.name.in_(list(names))).order_by(m.c.at, m.c.id))

        def q(conn: Connection) -> dict[str, dict[str, float]]:
            out: dict[str, dict[str, float]] = {}
            for run_id, name, value in conn.execute(query):
                out.setdefault(run_id, {})[name] = value
            return out

        result: dict[str, dict[str, float]] = self._read(q)
        return result
