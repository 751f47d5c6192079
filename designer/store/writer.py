"""Writing events and cache changes: in order, in batches, on one background thread.

``Store.emit`` only appends to a queue (a few microseconds), so the engine's loop never waits for the
disk or for another process's write lock. The writer thread takes everything queued so far and writes
it in one short transaction (group commit): one event costs one transaction a few milliseconds
after it was emitted, and a burst of a hundred step changes costs one transaction, not a hundred.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import JSON, Connection, Engine, Float, bindparam, case, delete, func, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from designer.engine.cache import CacheEntry
from designer.engine.events import (
    RUN_FINAL,
    STEP_FINAL,
    ArtifactRecorded,
    Event,
    Heartbeat,
    MetricLogged,
    RunFinished,
    RunStarted,
    StepProgress,
    StepStateChanged,
    event_to_dict,
)
from designer.errors import StoreError
from designer.store import tables as t
from designer.store.database import explain, retry, serialize_events, writer

log = logging.getLogger(__name__)

MAX_BATCH = 2000  # keeps one transaction short even when a step floods metrics
LINGER_S = 0.005  # pause between back-to-back transactions, see Writer._loop
UNFINISHED = ("pending", "preparing", "queued", "running")


@dataclass(frozen=True)
class CommitEntry:
    """Queued :meth:`Store.commit`."""

    entry: CacheEntry


@dataclass(frozen=True)
class InvalidateEntry:
    """Queued :meth:`Store.invalidate`."""

    fingerprint: str
    run_id: str
    step: str


Item = Event | CommitEntry | InvalidateEntry


def payload(event: Event) -> dict[str, Any]:
    """:func:`event_to_dict` of ``event``, without its deep copy for the flat events (the hot path)."""
    if isinstance(event, RunStarted):
        return event_to_dict(event)
    return {"event": type(event).__name__, **vars(event)}


def log_row(run_id: str, event: Event) -> dict[str, Any]:
    """The ``events`` row of ``event``."""
    return {"run_id": run_id, "kind": type(event).__name__, "payload": payload(event),
            "at": getattr(event, "at", None) or time.time()}


def recount(conn: Connection, run_ids: Iterable[str]) -> None:
    """Refresh the done and reused counters of ``run_ids`` from their step rows.

    Only the pipeline's own steps count: the ones :class:`RunStarted` announced, at positions
    ``0 .. steps_total - 1`` (``steps_total`` is set there, once). A step recorded later (a sweep's
    trial, see :func:`_apply_steps`) comes after them: a 3-step pipeline with a 12-trial sweep is 3 steps.
    """
    s = t.step_runs
    for run_id in run_ids:
        own = (s.c.run_id == run_id, s.c.position < t.runs.c.steps_total)
        done = (select(func.count()).select_from(s)
                .where(*own, s.c.state.in_(sorted(STEP_FINAL))).scalar_subquery())
        reused = select(func.count()).select_from(s).where(*own, s.c.state == "cached").scalar_subquery()
        conn.execute(update(t.runs).where(t.runs.c.id == run_id).values(steps_done=done, steps_reused=reused))


_s = t.step_runs
_KEEP = ("exit_code", "message", "fingerprint", "command", "reused_from_run", "reused_from_step", "worker", "reason",
         "ingredients")
# One statement for every StepStateChanged, so a burst of them is a single executemany. A field the
# event leaves out (None) keeps the stored value; SET expressions read the row as it was before.
_ended = bindparam("b_ended_at", type_=Float)
STEP_UPDATE = (
    update(_s)
    .where(_s.c.run_id == bindparam("b_run_id"), _s.c.step == bindparam("b_step"))
    .values(
        state=bindparam("b_state"),
        started_at=func.coalesce(bindparam("b_started_at", type_=Float), _s.c.started_at),
        ended_at=func.coalesce(_ended, _s.c.ended_at),
        duration=case((_ended.is_not(None), _ended - _s.c.started_at), else_=_s.c.duration),
        outputs=func.coalesce(bindparam("b_outputs", type_=JSON(none_as_null=True)), _s.c.outputs),
        **{name: func.coalesce(bindparam(f"b_{name}", type_=_s.c[name].type), _s.c[name]) for name in _KEEP},
    )
)


def _step_params(ev: StepStateChanged) -> dict[str, Any]:
    params = {f"b_{name}": getattr(ev, name) for name in _KEEP}
    params.update(b_run_id=ev.run_id, b_step=ev.step, b_state=ev.state, b_outputs=dict(ev.outputs) or None,
                  b_started_at=ev.at if ev.state == "running" else None,
                  b_ended_at=ev.at if ev.state in STEP_FINAL else None)
    return params


def _apply_steps(conn: Connection, group: list[StepStateChanged]) -> None:
    result = conn.execute(STEP_UPDATE, [_step_params(ev) for ev in group])
    if result.rowcount == len(group):
        return
    # Some step was not announced by RunStarted (a sweep's trial): record it rather than lose its
    # state, after the announced ones (recount tells them apart by their position).
    for ev in group:
        exists = conn.execute(select(_s.c.step).where(_s.c.run_id == ev.run_id, _s.c.step == ev.step)).first()
        if exists is not None:
            continue
        position = conn.execute(select(func.count()).select_from(_s).where(_s.c.run_id == ev.run_id)).scalar()
        conn.execute(insert(_s).values(run_id=ev.run_id, step=ev.step, position=position or 0, job=ev.step,
                                       component="", compute="", upstream=[], state=ev.state, outputs={}))
        conn.execute(STEP_UPDATE, _step_params(ev))


def _artifact_row(ev: ArtifactRecorded) -> dict[str, Any]:
    return {"run_id": ev.run_id, "step": ev.step, "name": ev.name, "direction": ev.direction, "type": ev.type,
            "path": ev.path, "size": ev.size, "content_hash": ev.content_hash,
            "produced_by_run": ev.produced_by_run, "produced_by_step": ev.produced_by_step}


def _metric_row(ev: MetricLogged) -> dict[str, Any]:
    return {"run_id": ev.run_id, "step": ev.step, "name": ev.name, "value": ev.value, "index": ev.index, "at": ev.at}


def _apply_run_started(conn: Connection, ev: RunStarted, host: str) -> None:
    conn.execute(insert(t.runs).values(
        id=ev.run_id, pipeline_file=ev.pipeline_file, pipeline_name=ev.pipeline_name, source=ev.source,
        state="running", parameters=dict(ev.parameters), started_at=ev.at, heartbeat_at=ev.at, pid=ev.pid,
        host=host, run_dir=ev.run_dir, rerun_of=ev.rerun_of, partial=ev.partial, resumed_from=ev.resumed_from,
        inputs=ev.inputs, cancel_requested=False,
        steps_total=len(ev.steps), steps_done=0, steps_reused=0))
    if ev.steps:
        conn.execute(insert(t.step_runs), [
            {"run_id": ev.run_id, "step": info.step, "position": i, "job": info.job, "component": info.component,
             "compute": info.compute, "upstream": list(info.upstream), "state": "pending", "outputs": {},
             "title": info.title or None, "parameters": info.parameters}
            for i, info in enumerate(ev.steps)])


def _apply_run_finished(conn: Connection, ev: RunFinished) -> list[dict[str, Any]]:
    """Set the final state; steps still unfinished are closed as canceled (the engine should have
    said so itself; a run page must not show a step spinning forever). Returns their log rows."""
    if ev.state not in RUN_FINAL:
        raise StoreError(f"run '{ev.run_id}' cannot finish in state '{ev.state}'; "
                         f"expected one of {', '.join(sorted(RUN_FINAL))}")
    conn.execute(update(t.runs).where(t.runs.c.id == ev.run_id)
                 .values(state=ev.state, ended_at=ev.at, error=ev.error))
    return close_steps(conn, ev.run_id, f"the run ended ({ev.state}) before this step finished", ev.at)


def close_steps(conn: Connection, run_id: str, message: str, at: float) -> list[dict[str, Any]]:
    """Mark the pending/queued/running steps of ``run_id`` ``canceled``; return the log rows saying so."""
    open_steps = conn.execute(select(_s.c.step).where(_s.c.run_id == run_id, _s.c.state.in_(UNFINISHED))).scalars()
    events = [StepStateChanged(run_id=run_id, step=step, state="canceled", at=at, message=message)
              for step in open_steps]
    if events:
        conn.execute(STEP_UPDATE, [_step_params(ev) for ev in events])
    return [log_row(run_id, ev) for ev in events]


def _apply_progress(conn: Connection, group: list[StepProgress]) -> None:
    # Only the newest progress of each step matters; a burst of them is one statement.
    newest = {(ev.run_id, ev.step): ev for ev in group}
    conn.execute(
        update(_s).where(_s.c.run_id == bindparam("b_run_id"), _s.c.step == bindparam("b_step"))
        .values(progress=bindparam("b_progress", type_=JSON(none_as_null=True))),
        [{"b_run_id": r, "b_step": st, "b_progress": ev.to_progress()} for (r, st), ev in newest.items()])


_GROUPED = (StepStateChanged, MetricLogged, ArtifactRecorded, StepProgress)


def _runs_of_a_kind(items: list[Item]) -> Iterator[list[Item]]:
    """``items`` cut into runs of consecutive items of one groupable type (others alone)."""
    i = 0
    while i < len(items):
        j = i + 1
        if isinstance(items[i], _GROUPED):
            while j < len(items) and type(items[j]) is type(items[i]):
                j += 1
        yield items[i:j]
        i = j


def apply(conn: Connection, items: list[Item], host: str) -> None:
    """Write ``items`` in order inside the open transaction ``conn``."""
    log_rows: list[dict[str, Any]] = []
    heartbeats: dict[str, float] = {}
    touched: set[str] = set()
    c = t.cache_entries
    for group in _runs_of_a_kind(items):
        item = group[0]
        if isinstance(item, StepStateChanged):
            steps = cast(list[StepStateChanged], group)
            _apply_steps(conn, steps)
            touched.update(ev.run_id for ev in steps)
        elif isinstance(item, MetricLogged):
            conn.execute(insert(t.metrics), [_metric_row(cast(MetricLogged, ev)) for ev in group])
        elif isinstance(item, ArtifactRecorded):
            conn.execute(insert(t.artifacts), [_artifact_row(cast(ArtifactRecorded, ev)) for ev in group])
        elif isinstance(item, StepProgress):
            _apply_progress(conn, cast(list[StepProgress], group))
        elif isinstance(item, RunStarted):
            _apply_run_started(conn, item, host)
        elif isinstance(item, RunFinished):
            log_rows.extend(_apply_run_finished(conn, item))
            touched.add(item.run_id)
        elif isinstance(item, Heartbeat):  # not logged: the run row's heartbeat_at is what readers need
            heartbeats[item.run_id] = max(item.at, heartbeats.get(item.run_id, 0.0))
            continue
        elif isinstance(item, CommitEntry):
            e = item.entry
            conn.execute(delete(c).where(c.c.fingerprint == e.fingerprint, c.c.run_id == e.run_id, c.c.step == e.step))
            conn.execute(insert(c).values(fingerprint=e.fingerprint, run_id=e.run_id, step=e.step,
                                          outputs=dict(e.outputs), content_hashes=dict(e.content_hashes),
                                          created_at=e.created_at or time.time()))
            continue
        elif isinstance(item, InvalidateEntry):
            conn.execute(delete(c).where(c.c.fingerprint == item.fingerprint, c.c.run_id == item.run_id,
                                         c.c.step == item.step))
            continue
        else:
            raise StoreError(f"the run store cannot record {type(item).__name__}")
        log_rows.extend(log_row(ev.run_id, ev) for ev in cast(list[Event], group))
    for run_id, at in heartbeats.items():
        conn.execute(update(t.runs).where(t.runs.c.id == run_id).values(heartbeat_at=at))
    recount(conn, sorted(touched))
    if log_rows:
        conn.execute(insert(t.events), log_rows)


class Writer:
    """The queue and the background thread that drains it; see the module docstring."""

    def __init__(self, engine: Engine, shown: str, host: str) -> None:
        self.engine = engine
        self.shown = shown
        self.host = host
        self.batches = 0  # transactions written, for tests and benchmarks
        self._reset()
        self._closed = False

    def _reset(self) -> None:
        self._cond = threading.Condition()
        self._queue: list[Item] = []
        self._inflight: list[Item] = []
        self._submitted = 0
        self._written = 0
        self._error: StoreError | None = None
        self._thread: threading.Thread | None = None

    def after_fork(self) -> None:
        """In a forked child: the parent's queue, thread and lock are not ours; start empty."""
        self._reset()

    def submit(self, item: Item, wait: bool = False) -> None:
        """Queue ``item``; with ``wait``, return once it is written.

        Raises :class:`StoreError` for a write that failed since the last call (or for this one, with
        ``wait``), and when the store is closed.
        """
        with self._cond:
            if self._closed:
                raise StoreError("the run store is closed")
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="designer-store-writer", daemon=True)
                self._thread.start()
            self._queue.append(item)
            self._submitted += 1
            ticket = self._submitted
            self._cond.notify_all()
        if wait:
            self.wait(ticket)
        else:
            self.raise_pending()

    def wait(self, ticket: int | None = None) -> None:
        """Block until everything queued (up to ``ticket``) is written; raise a pending write error."""
        with self._cond:
            target = self._submitted if ticket is None else ticket
            while self._written < target and self._thread is not None and self._thread.is_alive():
                self._cond.wait(0.5)
        self.raise_pending()

    def touches_cache(self, fingerprint: str) -> bool:
        """True while a commit or invalidation of ``fingerprint`` is queued or being written."""
        with self._cond:
            return any((isinstance(i, CommitEntry) and i.entry.fingerprint == fingerprint)
                       or (isinstance(i, InvalidateEntry) and i.fingerprint == fingerprint)
                       for i in (*self._inflight, *self._queue))

    def close(self) -> None:
        """Write what is queued, then stop the thread. Raises a pending write error."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()
        self.raise_pending()

    def raise_pending(self) -> None:
        """Raise (once) the error of a write that failed since the last call, if any."""
        with self._cond:
            error, self._error = self._error, None
        if error is not None:
            raise error

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._queue and not self._closed:
                    self._cond.wait()
                if not self._queue:
                    return
                batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
                self._inflight = batch
            error = self._write(batch)
            with self._cond:
                self._inflight = []
                self._written += len(batch)
                if error is not None and self._error is None:
                    self._error = error
                self._cond.notify_all()
                behind = bool(self._queue) and not self._closed
            if behind:
                # SQLite has no fair queue for its write lock: a writer that re-takes it at once can
                # starve another process polling for it. Leave the lock free a moment (and gather a
                # bigger batch meanwhile).
                time.sleep(LINGER_S)

    def _transaction(self, items: list[Item]) -> None:
        def run() -> None:
            with writer(self.engine).begin() as conn:
                serialize_events(conn)
                apply(conn, items, self.host)

        retry(run)
        self.batches += 1

    def _write(self, batch: list[Item]) -> StoreError | None:
        try:
            self._transaction(batch)
            return None
        except (IntegrityError, StoreError) as exc:
            if len(batch) == 1:
                return self._failed(batch[0], exc)
        except DBAPIError as exc:  # the database itself failed (locked for a minute, disk full): no retry
            return self._failed(batch[0], exc, len(batch))
        except Exception as exc:  # a bug must reach the caller, not die with this thread
            log.exception("run store writer failed")
            return StoreError(f"the run store writer failed: {type(exc).__name__}: {exc}")
        # One bad item (e.g. an event of an unknown run) must not cost the others: write them one by one.
        first: StoreError | None = None
        for item in batch:
            try:
                self._transaction([item])
            except (DBAPIError, StoreError) as exc:
                first = first or self._failed(item, exc)
        return first

    def _failed(self, item: Item, exc: Exception, count: int = 1) -> StoreError:
        run_id = getattr(item, "run_id", None) or getattr(getattr(item, "entry", None), "run_id", "?")
        what = f"{type(item).__name__} of run '{run_id}'"
        if count > 1:
            what += f" and {count - 1} more"
        if isinstance(exc, StoreError):
            message = f"cannot record {what}: {exc}"
        elif isinstance(exc, IntegrityError) and isinstance(item, RunStarted):
            message = f"cannot record {what}: a run with this id is already in the run store '{self.shown}'"
        elif isinstance(exc, IntegrityError):
            message = f"cannot record {what}: the run store '{self.shown}' has no such run (was RunStarted emitted?)"
        else:
            assert isinstance(exc, DBAPIError)
            message = f"cannot record {what}: " + explain(exc, self.shown, "write")
        log.error("%s", message)
        return StoreError(message)
