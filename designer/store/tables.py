"""The tables of the run store.

They are SQLAlchemy Core tables rather than SQLModel classes: nothing here needs ORM objects (every
query returns the frozen records of :mod:`designer.store.records`), and importing sqlmodel costs a
`designer run` about 0.3 s more than SQLAlchemy Core alone, the whole start-up budget.

The schema is created by the Alembic migrations in ``migrations/versions``, never by
``metadata.create_all``; ``tests/store`` checks that the two agree.

Times are floats (seconds since the epoch), as in the engine's events. JSON columns hold dicts.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

ID = 64  # run ids, fingerprints
NAME = 255

runs = Table(
    "runs",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("pipeline_file", Text, nullable=False, default=""),
    Column("pipeline_name", String(NAME), nullable=False, default=""),
    Column("source", String(16), nullable=False, default="cli"),
    Column("state", String(16), nullable=False),
    Column("parameters", JSON, nullable=False),
    Column("started_at", Float, nullable=False),
    Column("ended_at", Float),
    Column("heartbeat_at", Float),
    Column("pid", Integer),
    Column("host", String(NAME)),
    Column("error", Text),
    Column("run_dir", Text, nullable=False, default=""),
    Column("rerun_of", String(ID)),
    Column("cancel_requested", Boolean, nullable=False, default=False),
    Column("steps_total", Integer, nullable=False, default=0),
    Column("steps_done", Integer, nullable=False, default=0),
    Column("steps_reused", Integer, nullable=False, default=0),
    Index("ix_runs_started_at", "started_at"),
    Index("ix_runs_state_started_at", "state", "started_at"),
    Index("ix_runs_pipeline_started_at", "pipeline_name", "started_at"),
)

step_runs = Table(
    "step_runs",
    metadata,
    Column("run_id", String(ID), ForeignKey("runs.id"), primary_key=True),
    Column("step", String(NAME), primary_key=True),
    Column("position", Integer, nullable=False, default=0),
    Column("job", String(NAME), nullable=False, default=""),
    Column("component", String(NAME), nullable=False, default=""),
    Column("compute", String(NAME), nullable=False, default=""),
    Column("upstream", JSON, nullable=False),
    Column("state", String(16), nullable=False),
    Column("started_at", Float),
    Column("ended_at", Float),
    Column("duration", Float),
    Column("exit_code", Integer),
    Column("fingerprint", String(ID)),
    Column("command", Text),
    Column("message", Text),
    Column("reused_from_run", String(ID)),
    Column("reused_from_step", String(NAME)),
    Column("worker", String(NAME)),
    Column("outputs", JSON, nullable=False),
    Index("ix_step_runs_reused_from_run", "reused_from_run"),
)

artifacts = Table(
    "artifacts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", String(ID), ForeignKey("runs.id"), nullable=False),
    Column("step", String(NAME), nullable=False),
    Column("name", String(NAME), nullable=False),
    Column("direction", String(8), nullable=False),
    Column("type", String(32), nullable=False),
    Column("path", Text, nullable=False),
    Column("size", Integer, nullable=False, default=0),
    Column("content_hash", String(ID), nullable=False, default=""),
    Column("produced_by_run", String(ID)),
    Column("produced_by_step", String(NAME)),
    Index("ix_artifacts_run_step", "run_id", "step"),
    Index("ix_artifacts_produced_by_run", "produced_by_run"),
)

metrics = Table(
    "metrics",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", String(ID), ForeignKey("runs.id"), nullable=False),
    Column("step", String(NAME), nullable=False),
    Column("name", String(NAME), nullable=False),
    Column("value", Float, nullable=False),
    Column("index", Integer),
    Column("at", Float, nullable=False),
    Index("ix_metrics_run_step", "run_id", "step", "name"),
)

# No foreign key to runs: an entry outlives its run's records while later runs still reuse it.
cache_entries = Table(
    "cache_entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("fingerprint", String(ID), nullable=False),
    Column("run_id", String(ID), nullable=False),
    Column("step", String(NAME), nullable=False),
    Column("outputs", JSON, nullable=False),
    Column("content_hashes", JSON, nullable=False),
    Column("created_at", Float, nullable=False),
    Index("ix_cache_entries_fingerprint", "fingerprint", "created_at"),
    Index("ix_cache_entries_run_step", "run_id", "step"),
)

components = Table(
    "components",
    metadata,
    Column("name", String(NAME), primary_key=True),
    Column("version", String(64), primary_key=True),
    Column("path", Text, nullable=False),
    Column("registered_at", Float, nullable=False),
)

# The live feed: another process follows a run by polling for seq > the last one it saw.
events = Table(
    "events",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("run_id", String(ID), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("at", Float, nullable=False),
    Index("ix_events_run_seq", "run_id", "seq"),
    # AUTOINCREMENT: a seq is never handed out twice, even after the newest rows were deleted.
    sqlite_autoincrement=True,
)
