"""The tables of the run store, declared with SQLModel.

Queries are written against the SQLAlchemy tables these classes declare (``runs = Run.__table__``
and so on) and return the frozen records of :mod:`designer.store.records`, never ORM objects: the
engine's events arrive in batches, and plain statements keep each write transaction short.

The schema is created by the Alembic migrations in ``migrations/versions``, never by
``metadata.create_all``; ``tests/store`` checks that the two agree.

Times are floats (seconds since the epoch), as in the engine's events. JSON columns hold dicts.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Column, Float, ForeignKey, Index, Integer, String, Table, Text
from sqlmodel import Field, SQLModel

ID = 64  # run ids, fingerprints
NAME = 255


class Run(SQLModel, table=True):
    """The ``runs`` table."""

    __tablename__ = "runs"
    __table_args__ = (
        Index("ix_runs_started_at", "started_at"),
        Index("ix_runs_state_started_at", "state", "started_at"),
        Index("ix_runs_pipeline_started_at", "pipeline_name", "started_at"),
    )

    id: str = Field(sa_column=Column("id", String(ID), primary_key=True))
    pipeline_file: str = Field(sa_column=Column("pipeline_file", Text, nullable=False, default=""))
    pipeline_name: str = Field(sa_column=Column("pipeline_name", String(NAME), nullable=False, default=""))
    source: str = Field(sa_column=Column("source", String(16), nullable=False, default="cli"))
    state: str = Field(sa_column=Column("state", String(16), nullable=False))
    parameters: Any = Field(sa_column=Column("parameters", JSON, nullable=False))
    started_at: float = Field(sa_column=Column("started_at", Float, nullable=False))
    ended_at: float | None = Field(sa_column=Column("ended_at", Float))
    heartbeat_at: float | None = Field(sa_column=Column("heartbeat_at", Float))
    pid: int | None = Field(sa_column=Column("pid", Integer))
    host: str | None = Field(sa_column=Column("host", String(NAME)))
    error: str | None = Field(sa_column=Column("error", Text))
    run_dir: str = Field(sa_column=Column("run_dir", Text, nullable=False, default=""))
    rerun_of: str | None = Field(sa_column=Column("rerun_of", String(ID)))
    cancel_requested: bool = Field(
        sa_column=Column("cancel_requested", Boolean, nullable=False, default=False)
    )
    steps_total: int = Field(sa_column=Column("steps_total", Integer, nullable=False, default=0))
    steps_done: int = Field(sa_column=Column("steps_done", Integer, nullable=False, default=0))
    steps_reused: int = Field(sa_column=Column("steps_reused", Integer, nullable=False, default=0))
    partial: str | None = Field(sa_column=Column("partial", String(NAME + 8)))
    resumed_from: str | None = Field(sa_column=Column("resumed_from", String(ID)))
    name: str | None = Field(sa_column=Column("name", String(NAME)))  # given by a person; None: not named
    note: str | None = Field(sa_column=Column("note", Text))
    inputs: Any = Field(sa_column=Column("inputs", JSON(none_as_null=True)))  # None: a run from before 0003


class StepRun(SQLModel, table=True):
    """The ``step_runs`` table."""

    __tablename__ = "step_runs"
    __table_args__ = (Index("ix_step_runs_reused_from_run", "reused_from_run"), Index("ix_step_runs_step", "step"))

    run_id: str = Field(sa_column=Column("run_id", String(ID), ForeignKey("runs.id"), primary_key=True))
    step: str = Field(sa_column=Column("step", String(NAME), primary_key=True))
    position: int = Field(sa_column=Column("position", Integer, nullable=False, default=0))
    job: str = Field(sa_column=Column("job", String(NAME), nullable=False, default=""))
    component: str = Field(sa_column=Column("component", String(NAME), nullable=False, default=""))
    compute: str = Field(sa_column=Column("compute", String(NAME), nullable=False, default=""))
    upstream: Any = Field(sa_column=Column("upstream", JSON, nullable=False))
    state: str = Field(sa_column=Column("state", String(16), nullable=False))
    started_at: float | None = Field(sa_column=Column("started_at", Float))
    ended_at: float | None = Field(sa_column=Column("ended_at", Float))
    duration: float | None = Field(sa_column=Column("duration", Float))
    exit_code: int | None = Field(sa_column=Column("exit_code", Integer))
    fingerprint: str | None = Field(sa_column=Column("fingerprint", String(ID)))
    command: str | None = Field(sa_column=Column("command", Text))
    message: str | None = Field(sa_column=Column("message", Text))
    reused_from_run: str | None = Field(sa_column=Column("reused_from_run", String(ID)))
    reused_from_step: str | None = Field(sa_column=Column("reused_from_step", String(NAME)))
    worker: str | None = Field(sa_column=Column("worker", String(NAME)))
    outputs: Any = Field(sa_column=Column("outputs", JSON, nullable=False))
    reason: Any = Field(sa_column=Column("reason", JSON(none_as_null=True)))
    ingredients: Any = Field(sa_column=Column("ingredients", JSON(none_as_null=True)))
    title: str | None = Field(sa_column=Column("title", String(NAME)))
    parameters: Any = Field(sa_column=Column("parameters", JSON(none_as_null=True)))  # None: not recorded
    # the newest StepProgress of a sweep (trials) or parallel step (mini-batches), see engine/events.py
    progress: Any = Field(sa_column=Column("progress", JSON(none_as_null=True)))


class Artifact(SQLModel, table=True):
    """The ``artifacts`` table."""

    __tablename__ = "artifacts"
    __table_args__ = (
        Index("ix_artifacts_run_step", "run_id", "step"),
        Index("ix_artifacts_produced_by_run", "produced_by_run"),
    )

    id: int = Field(sa_column=Column("id", Integer, primary_key=True, autoincrement=True))
    run_id: str = Field(sa_column=Column("run_id", String(ID), ForeignKey("runs.id"), nullable=False))
    step: str = Field(sa_column=Column("step", String(NAME), nullable=False))
    name: str = Field(sa_column=Column("name", String(NAME), nullable=False))
    direction: str = Field(sa_column=Column("direction", String(8), nullable=False))
    type: str = Field(sa_column=Column("type", String(32), nullable=False))
    path: str = Field(sa_column=Column("path", Text, nullable=False))
    size: int = Field(sa_column=Column("size", Integer, nullable=False, default=0))
    content_hash: str = Field(sa_column=Column("content_hash", String(ID), nullable=False, default=""))
    produced_by_run: str | None = Field(sa_column=Column("produced_by_run", String(ID)))
    produced_by_step: str | None = Field(sa_column=Column("produced_by_step", String(NAME)))


class Metric(SQLModel, table=True):
    """The ``metrics`` table."""

    __tablename__ = "metrics"
    __table_args__ = (Index("ix_metrics_run_step", "run_id", "step", "name"),
                      Index("ix_metrics_name_run", "name", "run_id", "at"))

    id: int = Field(sa_column=Column("id", Integer, primary_key=True, autoincrement=True))
    run_id: str = Field(sa_column=Column("run_id", String(ID), ForeignKey("runs.id"), nullable=False))
    step: str = Field(sa_column=Column("step", String(NAME), nullable=False))
    name: str = Field(sa_column=Column("name", String(NAME), nullable=False))
    value: float = Field(sa_column=Column("value", Float, nullable=False))
    index: int | None = Field(sa_column=Column("index", Integer))
    at: float = Field(sa_column=Column("at", Float, nullable=False))


# No foreign key to runs: an entry outlives its run's records while later runs still reuse it.
class CacheEntryRow(SQLModel, table=True):
    """The ``cache_entries`` table."""

    __tablename__ = "cache_entries"
    __table_args__ = (
        Index("ix_cache_entries_fingerprint", "fingerprint", "created_at"),
        Index("ix_cache_entries_run_step", "run_id", "step"),
    )

    id: int = Field(sa_column=Column("id", Integer, primary_key=True, autoincrement=True))
    fingerprint: str = Field(sa_column=Column("fingerprint", String(ID), nullable=False))
    run_id: str = Field(sa_column=Column("run_id", String(ID), nullable=False))
    step: str = Field(sa_column=Column("step", String(NAME), nullable=False))
    outputs: Any = Field(sa_column=Column("outputs", JSON, nullable=False))
    content_hashes: Any = Field(sa_column=Column("content_hashes", JSON, nullable=False))
    created_at: float = Field(sa_column=Column("created_at", Float, nullable=False))


class ComponentRow(SQLModel, table=True):
    """The ``components`` table."""

    __tablename__ = "components"

    name: str = Field(sa_column=Column("name", String(NAME), primary_key=True))
    version: str = Field(sa_column=Column("version", String(64), primary_key=True))
    path: str = Field(sa_column=Column("path", Text, nullable=False))
    registered_at: float = Field(sa_column=Column("registered_at", Float, nullable=False))


# The live feed: another process follows a run by polling for seq > the last one it saw.
class EventRow(SQLModel, table=True):
    """The ``events`` table."""

    __tablename__ = "events"
    # AUTOINCREMENT: a seq is never handed out twice, even after the newest rows were deleted.
    __table_args__ = (Index("ix_events_run_seq", "run_id", "seq"), {"sqlite_autoincrement": True})

    seq: int = Field(sa_column=Column("seq", Integer, primary_key=True, autoincrement=True))
    run_id: str = Field(sa_column=Column("run_id", String(ID), nullable=False))
    kind: str = Field(sa_column=Column("kind", String(32), nullable=False))
    payload: Any = Field(sa_column=Column("payload", JSON, nullable=False))
    at: float = Field(sa_column=Column("at", Float, nullable=False))


metadata = SQLModel.metadata


def _table(model: type[SQLModel]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


runs = _table(Run)
step_runs = _table(StepRun)
artifacts = _table(Artifact)
metrics = _table(Metric)
cache_entries = _table(CacheEntryRow)
components = _table(ComponentRow)
events = _table(EventRow)
