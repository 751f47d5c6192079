"""The run store: every run, step, artifact, metric and cache entry, in one database.

(Over 400 lines: it is the one class that answers every read of the store; its writes are in writer.py,
the history reads and labels in history.py.)

:class:`Store` is the engine's :class:`~designer.engine.events.EventSink`,
:class:`~designer.engine.cache.CacheIndex` and :class:`~designer.engine.why.StepHistory`, and what the CLI and the UI read runs from. Writes from
``emit``/``commit``/``invalidate`` go through a background writer (see :mod:`designer.store.writer`);
every read first waits for this store's own queued writes, so a caller always reads what it emitted.
"""

from __future__ import annotations

import atexit
import os
import socket
import sys
import time
import weakref
from collections.abc import Callable, Sequence
from pathlib import PurePath
from typing import Any, TypeVar

from sqlalchemy import (
    Connection,
    Engine,
    Row,
    RowMapping,
    Select,
    Table,
    bindparam,
    delete,
    func,
    or_,
    select,
    union,
    update,
)
from sqlalchemy.exc import DBAPIError

from designer.engine.cache import CacheEntry
from designer.engine.events import Event, RunFinished, RunStarted
from designer.engine.why import EarlierStep
from designer.errors import RunError, StoreError
from designer.store import tables as t
from designer.store.database import connect, explain, mask_url, migrate, retry, serialize_events, writer
from designer.store.history import HistoryQueries, MetricFilter, metric_filter, metric_order
from designer.store.records import ArtifactRecord, ComponentRecord, MetricRecord, RunRecord, StepRecord
from designer.store.writer import CommitEntry, InvalidateEntry, Writer, close_steps, log_row, recount

T = TypeVar("T")


# Prebuilt: the engine calls these once per step and once per heartbeat.
_LOOKUP = (select(t.cache_entries).where(t.cache_entries.c.fingerprint == bindparam("fp"))
           .order_by(t.cache_entries.c.created_at.desc(), t.cache_entries.c.id.desc()).limit(1))
_RUN = select(t.runs).where(t.runs.c.id == bindparam("run_id"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _run_record(row: Row[Any]) -> RunRecord:
    m = row._mapping
    return RunRecord(
        id=m["id"], pipeline_file=m["pipeline_file"], pipeline_name=m["pipeline_name"], source=m["source"],
        state=m["state"], parameters=dict(m["parameters"] or {}), started_at=m["started_at"],
        ended_at=m["ended_at"], heartbeat_at=m["heartbeat_at"], pid=m["pid"], host=m["host"], error=m["error"],
        run_dir=m["run_dir"], rerun_of=m["rerun_of"], cancel_requested=bool(m["cancel_requested"]),
        steps_total=m["steps_total"], steps_done=m["steps_done"], steps_reused=m["steps_reused"],
        partial=m["partial"], resumed_from=m["resumed_from"], name=m["name"], note=m["note"], inputs=m["inputs"])


def _step_record(row: Row[Any]) -> StepRecord:
    m = row._mapping
    return StepRecord(
        run_id=m["run_id"], step=m["step"], job=m["job"], component=m["component"], compute=m["compute"],
        upstream=tuple(m["upstream"] or ()), state=m["state"], started_at=m["started_at"], ended_at=m["ended_at"],
        duration=m["duration"], exit_code=m["exit_code"], fingerprint=m["fingerprint"], command=m["command"],
        message=m["message"], reused_from_run=m["reused_from_run"], reused_from_step=m["reused_from_step"],
        worker=m["worker"], outputs=dict(m["outputs"] or {}), reason=m["reason"], ingredients=m["ingredients"],
        title=m["title"], parameters=m["parameters"],
        progress=m["progress"])


_OPEN: weakref.WeakSet[Store] = weakref.WeakSet()


def _after_fork() -> None:
    # A forked child must not share the parent's pooled connections, writer thread or locks.
    for store in list(_OPEN):
        store.engine.dispose(close=False)
        store._writer.after_fork()


os.register_at_fork(after_in_child=_after_fork)


def _inside(path: PurePath, folder: PurePath) -> bool:
    return path == folder or folder in path.parents


class Store(HistoryQueries):
    """The run store over one database; build it with :meth:`Store.open`, finish with :meth:`close`.

    Thread-safe: the engine's loop, the UI's handlers and the writer thread may use it at once.
    """

    def __init__(self, engine: Engine, shown_url: str) -> None:
        self.engine = engine
        self.url = shown_url  # password masked
        self.host = socket.gethostname()
        self._writer = Writer(engine, shown_url, self.host)
        atexit.register(self._at_exit)
        _OPEN.add(self)

    # ------------------------------------------------------------------------------------ lifecycle

    @classmethod
    def open(cls, url: str) -> Store:
        """Open (creating or upgrading as needed) the store at the SQLAlchemy ``url``.

        Raises :class:`StoreError`, naming the URL with its password masked and what to do, when the
        database cannot be reached, created or migrated.
        """
        shown = mask_url(url)
        engine = connect(url)
        try:
            migrate(engine, shown)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, shown)

    def close(self) -> None:
        """Write everything still queued, then release the database. Raises a pending write error."""
        atexit.unregister(self._at_exit)
        _OPEN.discard(self)
        try:
            self._writer.close()
        finally:
            self.engine.dispose()

    def _at_exit(self) -> None:
        try:
            self._writer.close()
        except StoreError as exc:  # the interpreter is exiting; say what was lost, do not raise
            print(f"designer: {exc}", file=sys.stderr)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    def flush(self) -> None:
        """Block until every event and cache change given to this store is written.

        Raises :class:`StoreError` when one of them could not be written.
        """
        self._writer.wait()

    # ------------------------------------------------------------------------------------ plumbing

    def _read(self, fn: Callable[[Connection], T], wait: bool = True) -> T:
        if wait:  # read-your-writes: what this store emitted is written before it is read back
            self._writer.wait()

        def run() -> T:
            with self.engine.connect() as conn:
                return fn(conn)

        try:
            return retry(run)
        except DBAPIError as exc:
            raise StoreError(explain(exc, self.url, "read")) from None

    def _write(self, fn: Callable[[Connection], T]) -> T:
        self._writer.wait()

        def run() -> T:
            with writer(self.engine).begin() as conn:
                return fn(conn)

        try:
            return retry(run)
        except DBAPIError as exc:
            raise StoreError(explain(exc, self.url, "write")) from None

    @staticmethod
    def _require_run(conn: Connection, run_id: str) -> Row[Any]:
        row = conn.execute(_RUN, {"run_id": run_id}).first()
        if row is not None:
            return row
        similar = conn.execute(select(t.runs.c.id).where(t.runs.c.id.like(_like(run_id)[1:], escape="\\"))
                               .order_by(t.runs.c.started_at.desc()).limit(2)).scalars().all()
        hint = f"; did you mean '{similar[0]}'?" if len(similar) == 1 else "; see 'designer runs list'"
        raise RunError(f"no run '{run_id}'{hint}")

    # ------------------------------------------------------------------------------------ EventSink

    def emit(self, event: Event) -> None:
        """Record ``event`` and append it to the events log.

        Returns at once (the write happens on the writer thread a few milliseconds later), except for
        :class:`RunStarted` and :class:`RunFinished`, which return once written so that a run that
        cannot be recorded fails at its start and a finished run is on disk before the process exits.
        Raises :class:`StoreError` for those, and for any earlier write of this store that failed.
        """
        if isinstance(event, RunStarted):  # an earlier failure stops the run before it is recorded
            self._writer.raise_pending()
        self._writer.submit(event, wait=isinstance(event, RunStarted | RunFinished))

    # ------------------------------------------------------------------------------------ CacheIndex

    def lookup(self, fingerprint: str) -> CacheEntry | None:
        """The newest cache entry recorded under ``fingerprint``, or None."""
        # The engine looks up every step in its loop: wait for the writer only when a change to this
        # very fingerprint is still queued (a fully cached re-run must not pay a transaction per step).
        wait = self._writer.touches_cache(fingerprint)

        def q(conn: Connection) -> CacheEntry | None:
            row = conn.execute(_LOOKUP, {"fp": fingerprint}).first()
            if row is None:
                return None
            m = row._mapping
            return CacheEntry(fingerprint=m["fingerprint"], run_id=m["run_id"], step=m["step"],
                              outputs=dict(m["outputs"] or {}), content_hashes=dict(m["content_hashes"] or {}),
                              created_at=m["created_at"])

        return self._read(q, wait=wait)

    def commit(self, entry: CacheEntry) -> None:
        """Record ``entry`` (replacing one for the same fingerprint, run and step). Returns at once."""
        self._writer.submit(CommitEntry(entry))

    def invalidate(self, fingerprint: str, run_id: str, step: str) -> None:
        """Forget the entry of ``run_id``/``step`` under ``fingerprint``. Returns at once."""
        self._writer.submit(InvalidateEntry(fingerprint, run_id, step))

    # ------------------------------------------------------------------------------------ runs

    @staticmethod
    def _filtered(query: Select[Any], state: str | None, pipeline: str | None, text: str | None,
                  metrics: Sequence[MetricFilter] = ()) -> Select[Any]:
        r = t.runs
        if state:
            query = query.where(r.c.state == state)
        if pipeline:
            query = query.where(r.c.pipeline_name == pipeline)
        if text:
            pattern = _like(text)
            query = query.where(or_(*(column.ilike(pattern, escape="\\") for column in (
                r.c.id, r.c.pipeline_name, r.c.pipeline_file, r.c.name, r.c.note))))
        for f in metrics:
            query = query.where(metric_filter(f))
        return query

    def list_runs(self, state: str | None = None, pipeline: str | None = None, text: str | None = None,
                  offset: int = 0, limit: int = 50, *, metrics: Sequence[MetricFilter] = (),
                  sort_metric: str | None = None, descending: bool = True) -> list[RunRecord]:
        """One page of runs, newest first, filtered by exact ``state`` and ``pipeline`` name, by
        ``text`` (a case-insensitive substring of the id, name, note, pipeline name or file) and by
        ``metrics`` (see :mod:`designer.store.history`). With ``sort_metric``, ordered by that metric's
        last value instead (``descending`` or not; runs without it last, then newest first)."""
        r = t.runs
        query = self._filtered(select(r), state, pipeline, text, metrics)
        order = [metric_order(sort_metric, descending)] if sort_metric else []
        query = query.order_by(*order, r.c.started_at.desc(), r.c.id.desc()).offset(max(0, offset)).limit(
            max(0, limit))
        return self._read(lambda conn: [_run_record(row) for row in conn.execute(query)])

    def count_runs(self, state: str | None = None, pipeline: str | None = None, text: str | None = None, *,
                   metrics: Sequence[MetricFilter] = ()) -> int:
        """How many runs :meth:`list_runs` would page through with these filters."""
        query = self._filtered(select(func.count()).select_from(t.runs), state, pipeline, text, metrics)
        return self._read(lambda conn: int(conn.execute(query).scalar() or 0))

    def get_run(self, run_id: str) -> RunRecord | None:
        """The run ``run_id``, or None."""
        def q(conn: Connection) -> RunRecord | None:
            row = conn.execute(_RUN, {"run_id": run_id}).first()
            return None if row is None else _run_record(row)

        return self._read(q)

    def pipelines(self) -> list[str]:
        """The distinct pipeline names of all runs, sorted (for the runs page's filter)."""
        query = select(t.runs.c.pipeline_name).distinct().order_by(t.runs.c.pipeline_name)
        return self._read(lambda conn: [name for name in conn.execute(query).scalars() if name])

    def steps(self, run_id: str) -> list[StepRecord]:
        """The steps of ``run_id`` in plan order. Raises :class:`RunError` for an unknown run."""
        s = t.step_runs

        def q(conn: Connection) -> list[StepRecord]:
            self._require_run(conn, run_id)
            rows = conn.execute(select(s).where(s.c.run_id == run_id).order_by(s.c.position, s.c.step))
            return [_step_record(row) for row in rows]

        return self._read(q)

    def step(self, run_id: str, step: str) -> StepRecord | None:
        """Step ``step`` of ``run_id``, or None when the run has no such step.

        Raises :class:`RunError` for an unknown run.
        """
        s = t.step_runs

        def q(conn: Connection) -> StepRecord | None:
            self._require_run(conn, run_id)
            row = conn.execute(select(s).where(s.c.run_id == run_id, s.c.step == step)).first()
            return None if row is None else _step_record(row)

        return self._read(q)

    def step_reason(self, run_id: str, step: str) -> dict[str, Any] | None:
        """Why step ``step`` of ``run_id`` ran or was reused (see :mod:`designer.engine.why`), or None.

        None when the run has no such step or recorded no reason (a run from before reasons were
        kept). Raises :class:`RunError` for an unknown run.
        """
        record = self.step(run_id, step)
        return None if record is None else record.reason

    # ------------------------------------------------------------------------------ StepHistory

    def earlier_step(self, pipeline_file: str, step: str, *, before_run: str | None = None,
                     successful: bool = False, started_before: float | None = None) -> EarlierStep | None:
        """The newest earlier run of ``step`` of ``pipeline_file`` (not ``before_run``); see :class:`StepHistory`.

        With ``successful``: one that completed or was reused; else one whose ingredients were recorded.
        ``started_before`` keeps only runs started before that time (the run before an old one).
        """
        s, r = t.step_runs, t.runs
        query = (select(s.c.run_id, s.c.step, s.c.state, s.c.fingerprint, s.c.ingredients, s.c.outputs)
                 .select_from(s.join(r, r.c.id == s.c.run_id))
                 .where(r.c.pipeline_file == pipeline_file, s.c.step == step))
        if before_run is not None:
            query = query.where(s.c.run_id != before_run)
        if started_before is not None:
            query = query.where(r.c.started_at < started_before)
        if successful:
            query = query.where(s.c.state.in_(("completed", "cached")))
        else:
            query = query.where(s.c.ingredients.is_not(None))
        query = query.order_by(r.c.started_at.desc(), r.c.id.desc()).limit(1)

        def q(conn: Connection) -> EarlierStep | None:
            row = conn.execute(query).first()
            if row is None:
                return None
            m = row._mapping
            return EarlierStep(m["run_id"], m["step"], m["state"], m["fingerprint"], m["ingredients"],
                               dict(m["outputs"] or {}))

        return self._read(q)

    def earlier_run(self, pipeline_file: str, *, before_run: str | None = None) -> tuple[str, str] | None:
        """``(run id, state)`` of the newest run of ``pipeline_file`` other than ``before_run``, or None."""
        r = t.runs
        query = select(r.c.id, r.c.state).where(r.c.pipeline_file == pipeline_file)
        if before_run is not None:
            query = query.where(r.c.id != before_run)
        query = query.order_by(r.c.started_at.desc(), r.c.id.desc()).limit(1)

        def q(conn: Connection) -> tuple[str, str] | None:
            row = conn.execute(query).first()
            return None if row is None else (str(row[0]), str(row[1]))

        return self._read(q)

    def metrics(self, run_id: str, step: str | None = None) -> list[MetricRecord]:
        """The metrics of ``run_id`` (of one ``step``), in the order they were logged.

        Raises :class:`RunError` for an unknown run.
        """
        return self._rows_of(t.metrics, run_id, step, lambda m: MetricRecord(
            run_id=m["run_id"], step=m["step"], name=m["name"], value=m["value"], index=m["index"], at=m["at"]))

    def artifacts(self, run_id: str, step: str | None = None) -> list[ArtifactRecord]:
        """The inputs and outputs recorded for ``run_id`` (of one ``step``), in recording order.

        Raises :class:`RunError` for an unknown run.
        """
        return self._rows_of(t.artifacts, run_id, step, lambda m: ArtifactRecord(
            run_id=m["run_id"], step=m["step"], name=m["name"], direction=m["direction"], type=m["type"],
            path=m["path"], size=m["size"], content_hash=m["content_hash"], produced_by_run=m["produced_by_run"],
            produced_by_step=m["produced_by_step"]))

    def _rows_of(self, table: Table, run_id: str, step: str | None,
                 record: Callable[[RowMapping], T]) -> list[T]:
        query = select(table).where(table.c.run_id == run_id)
        if step is not None:
            query = query.where(table.c.step == step)

        def q(conn: Connection) -> list[T]:
            self._require_run(conn, run_id)
            return [record(row._mapping) for row in conn.execute(query.order_by(table.c.id))]

        return self._read(q)

    # ------------------------------------------------------------------------------------ live feed

    def events_since(self, run_id: str | None, after_seq: int,
                     limit: int = 5000) -> list[tuple[int, str, dict[str, Any]]]:
        """Events logged after ``after_seq`` (of one run, or of all runs for None), oldest first, as
        ``(seq, kind, payload)``; ``kind`` is the event class name, ``payload`` its
        :func:`~designer.engine.events.event_to_dict`. Poll with the last seq seen; an unknown run
        has no events yet (it may be about to start). Heartbeats are not logged."""
        e = t.events
        query = select(e.c.seq, e.c.kind, e.c.payload).where(e.c.seq > after_seq)
        if run_id is not None:
            query = query.where(e.c.run_id == run_id)
        query = query.order_by(e.c.seq).limit(limit)
        return self._read(lambda conn: [(int(seq), kind, dict(payload)) for seq, kind, payload in conn.execute(query)])

    def latest_seq(self) -> int:
        """The seq of the newest logged event (0 when there is none): where a new follower starts."""
        return self._read(lambda conn: int(conn.execute(select(func.max(t.events.c.seq))).scalar() or 0))

    # ------------------------------------------------------------------------------------ control

    def request_cancel(self, run_id: str) -> None:
        """Ask the process running ``run_id`` to cancel it (it polls :meth:`cancel_requested`).

        Raises :class:`RunError` for an unknown run.
        """
        def w(conn: Connection) -> None:
            self._require_run(conn, run_id)
            conn.execute(update(t.runs).where(t.runs.c.id == run_id).values(cancel_requested=True))

        self._write(w)

    def cancel_requested(self, run_id: str) -> bool:
        """True once :meth:`request_cancel` was called for ``run_id``.

        Raises :class:`RunError` for an unknown run.
        """
        def q(conn: Connection) -> bool:
            return bool(self._require_run(conn, run_id)._mapping["cancel_requested"])

        return self._read(q, wait=False)  # polled by the engine's loop; the flag comes from elsewhere

    def mark_interrupted(self, stale_after_s: float) -> list[str]:
        """Close runs whose runner died: ``running`` runs whose heartbeat is older than
        ``stale_after_s`` seconds, or whose process is gone on this host. Each becomes ``interrupted``
        and its unfinished steps ``canceled``, with a message saying why; followers see the events.
        Returns the ids of the runs closed by this call."""
        r = t.runs

        def w(conn: Connection) -> list[str]:
            serialize_events(conn)
            now = time.time()
            running = conn.execute(select(r.c.id, r.c.pid, r.c.host, r.c.heartbeat_at, r.c.started_at)
                                   .where(r.c.state == "running")).all()
            closed: list[str] = []
            log_rows: list[dict[str, Any]] = []
            for run_id, pid, host, heartbeat_at, started_at in running:
                last = heartbeat_at if heartbeat_at is not None else started_at
                if host == self.host and pid and not _alive(pid):
                    why = f"its runner process (pid {pid} on {host}) is gone"
                elif last < now - stale_after_s:
                    why = f"no heartbeat from its runner (pid {pid} on {host}) for {now - last:.0f} s"
                else:
                    continue
                done = conn.execute(update(r).where(r.c.id == run_id, r.c.state == "running")
                                    .values(state="interrupted", ended_at=now, error=f"interrupted: {why}"))
                if done.rowcount == 0:  # another process closed it first
                    continue
                log_rows.extend(close_steps(conn, run_id, f"canceled: the run was interrupted ({why})", now))
                log_rows.append(log_row(run_id, RunFinished(run_id=run_id, state="interrupted", at=now,
                                                            error=f"interrupted: {why}")))
                closed.append(run_id)
            recount(conn, closed)
            if log_rows:
                conn.execute(t.events.insert(), log_rows)
            return closed

        return self._write(w)

    def cache_users(self, run_id: str) -> list[str]:
        """The other runs that reused outputs of ``run_id``, oldest first.

        Raises :class:`RunError` for an unknown run.
        """
        def q(conn: Connection) -> list[str]:
            self._require_run(conn, run_id)
            return self._users(conn, run_id)

        return self._read(q)

    @staticmethod
    def _users(conn: Connection, run_id: str) -> list[str]:
        s, a, r = t.step_runs, t.artifacts, t.runs
        users = union(select(s.c.run_id).where(s.c.reused_from_run == run_id, s.c.run_id != run_id),
                      select(a.c.run_id).where(a.c.produced_by_run == run_id, a.c.run_id != run_id)).subquery()
        query = select(r.c.id).where(r.c.id.in_(select(users.c.run_id))).order_by(r.c.started_at, r.c.id)
        return list(conn.execute(query).scalars())

    def delete_run(self, run_id: str) -> list[str]:
        """Remove the records of ``run_id`` and return the folders that may now be deleted from disk.

        Outputs that other runs reused (their steps, artifacts or cache entries point at them) stay:
        so do the cache entries of this run that some later run reused, so the outputs stay reusable,
        and the folders holding them are not returned. Other cache entries of this run are dropped.
        Returns ``run_dir`` itself when nothing in it is still referenced, else the step folders (or
        single output folders) that are not. Raises :class:`RunError` for an unknown or running run.
        """
        def w(conn: Connection) -> list[str]:
            run = self._require_run(conn, run_id)._mapping
            if run["state"] == "running":
                raise RunError(f"run '{run_id}' is still running; cancel it first ('designer runs cancel {run_id}')")
            s, a, c, r = t.step_runs, t.artifacts, t.cache_entries, t.runs
            reused = {step for (step,) in conn.execute(
                select(s.c.reused_from_step).where(s.c.reused_from_run == run_id, s.c.run_id != run_id).distinct())}
            conn.execute(delete(c).where(c.c.run_id == run_id, c.c.step.not_in(sorted(reused))))
            kept: list[dict[str, str]] = []
            kept += conn.execute(select(c.c.outputs).where(c.c.run_id == run_id)).scalars().all()
            kept += conn.execute(select(s.c.outputs).where(s.c.reused_from_run == run_id,
                                                           s.c.run_id != run_id)).scalars().all()
            kept += conn.execute(select(c.c.outputs).join(s, (s.c.run_id == c.c.run_id) & (s.c.step == c.c.step))
                                 .where(s.c.reused_from_run == run_id, c.c.run_id != run_id)).scalars().all()
            kept_paths = {PurePath(os.path.normpath(p)) for outputs in kept for p in (outputs or {}).values()}
            kept_paths |= {PurePath(os.path.normpath(p)) for p in conn.execute(
                select(a.c.path).where(a.c.produced_by_run == run_id, a.c.run_id != run_id)).scalars()}
            own = conn.execute(select(s.c.step, s.c.outputs).where(s.c.run_id == run_id)).all()
            own_outputs = conn.execute(select(a.c.step, a.c.path).where(a.c.run_id == run_id,
                                                                        a.c.direction == "output")).all()
            for table in (t.events, t.metrics, t.artifacts, t.step_runs):
                conn.execute(delete(table).where(table.c.run_id == run_id))
            conn.execute(delete(r).where(r.c.id == run_id))
            return self._free_folders(run["run_dir"], own, own_outputs, kept_paths)

        return self._write(w)

    @staticmethod
    def _free_folders(run_dir: str, own: Sequence[Any], own_outputs: Sequence[Any], kept: set[PurePath]) -> list[str]:
        if not run_dir:
            return []
        root = PurePath(os.path.normpath(run_dir))
        kept = {p for p in kept if _inside(p, root)}
        if not kept:
            return [str(root)]

        def free(folder: PurePath) -> bool:
            return _inside(folder, root) and not any(_inside(p, folder) or _inside(folder, p) for p in kept)

        folders: list[str] = []
        outputs: dict[str, set[str]] = {}
        for step, step_outputs in own:
            outputs.setdefault(step, set()).update((step_outputs or {}).values())
        for step, path in own_outputs:
            outputs.setdefault(step, set()).add(path)
        for step in sorted(outputs):
            step_dir = PurePath(os.path.normpath(root / step))
            if free(step_dir):
                folders.append(str(step_dir))
                continue
            for path in sorted(outputs[step]):
                candidate = PurePath(os.path.normpath(path))
                if _inside(candidate, step_dir) and free(candidate):
                    folders.append(str(candidate))
        return folders

    # ------------------------------------------------------------------------------------ components

    def add_component(self, name: str, version: str, path: str, registered_at: float | None = None) -> ComponentRecord:
        """Record a registered component version; returns the record (the existing one, unchanged, when
        ``name:version`` is already there: the registry decides about conflicting content)."""
        c = t.components

        def w(conn: Connection) -> ComponentRecord:
            row = conn.execute(select(c).where(c.c.name == name, c.c.version == version)).first()
            if row is None:
                at = time.time() if registered_at is None else registered_at
                conn.execute(c.insert().values(name=name, version=version, path=path, registered_at=at))
                return ComponentRecord(name, version, path, at)
            return ComponentRecord(row.name, row.version, row.path, row.registered_at)

        return self._write(w)

    def components(self, name: str | None = None) -> list[ComponentRecord]:
        """Registered component versions (of one ``name``), by name, then oldest first."""
        c = t.components
        query = select(c).order_by(c.c.name, c.c.registered_at, c.c.version)
        if name is not None:
            query = query.where(c.c.name == name)
        return self._read(lambda conn: [ComponentRecord(r.name, r.version, r.path, r.registered_at)
                                        for r in conn.execute(query)])
