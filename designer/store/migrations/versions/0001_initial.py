"""The first schema: runs, step runs, artifacts, metrics, cache entries, components, events.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create every table and index of the run store."""
    op.create_table(
        "runs",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("pipeline_file", sa.Text, nullable=False),
        sa.Column("pipeline_name", sa.String(255), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("parameters", sa.JSON, nullable=False),
        sa.Column("started_at", sa.Float, nullable=False),
        sa.Column("ended_at", sa.Float),
        sa.Column("heartbeat_at", sa.Float),
        sa.Column("pid", sa.Integer),
        sa.Column("host", sa.String(255)),
        sa.Column("error", sa.Text),
        sa.Column("run_dir", sa.Text, nullable=False),
        sa.Column("rerun_of", sa.String(64)),
        sa.Column("cancel_requested", sa.Boolean, nullable=False),
        sa.Column("steps_total", sa.Integer, nullable=False),
        sa.Column("steps_done", sa.Integer, nullable=False),
        sa.Column("steps_reused", sa.Integer, nullable=False),
    )
    op.create_index("ix_runs_started_at", "runs", ["started_at"])
    op.create_index("ix_runs_state_started_at", "runs", ["state", "started_at"])
    op.create_index("ix_runs_pipeline_started_at", "runs", ["pipeline_name", "started_at"])

    op.create_table(
        "step_runs",
        sa.Column("run_id", sa.String(64), sa.ForeignKey("runs.id"), primary_key=True),
        sa.Column("step", sa.String(255), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("job", sa.String(255), nullable=False),
        sa.Column("component", sa.String(255), nullable=False),
        sa.Column("compute", sa.String(255), nullable=False),
        sa.Column("upstream", sa.JSON, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("started_at", sa.Float),
        sa.Column("ended_at", sa.Float),
        sa.Column("duration", sa.Float),
        sa.Column("exit_code", sa.Integer),
        sa.Column("fingerprint", sa.String(64)),
        sa.Column("command", sa.Text),
        sa.Column("message", sa.Text),
        sa.Column("reused_from_run", sa.String(64)),
        sa.Column("reused_from_step", sa.String(255)),
        sa.Column("worker", sa.String(255)),
        sa.Column("outputs", sa.JSON, nullable=False),
    )
    op.create_index("ix_step_runs_reused_from_run", "step_runs", ["reused_from_run"])

    op.create_table(
        "artifacts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.String(64), sa.ForeignKey("runs.id"), nullable=False),
        sa.Column("step", sa.String(255), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("direction", sa.String(8), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("produced_by_run", sa.String(64)),
        sa.Column("produced_by_step", sa.String(255)),
    )
    op.create_index("ix_artifacts_run_step", "artifacts", ["run_id", "step"])
    op.create_index("ix_artifacts_produced_by_run", "artifacts", ["produced_by_run"])

    op.create_table(
        "metrics",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.String(64), sa.ForeignKey("runs.id"), nullable=False),
        sa.Column("step", sa.String(255), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("index", sa.Integer),
        sa.Column("at", sa.Float, nullable=False),
    )
    op.create_index("ix_metrics_run_step", "metrics", ["run_id", "step", "name"])

    op.create_table(
        "cache_entries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("run_id", sa.String(64), nullable=False),
        sa.Column("step", sa.String(255), nullable=False),
        sa.Column("outputs", sa.JSON, nullable=False),
        sa.Column("content_hashes", sa.JSON, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_index("ix_cache_entries_fingerprint", "cache_entries", ["fingerprint", "created_at"])
    op.create_index("ix_cache_entries_run_step", "cache_entries", ["run_id", "step"])

    op.create_table(
        "components",
        sa.Column("name", sa.String(255), primary_key=True),
        sa.Column("version", sa.String(64), primary_key=True),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("registered_at", sa.Float, nullable=False),
    )

    op.create_table(
        "events",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("at", sa.Float, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_events_run_seq", "events", ["run_id", "seq"])


def downgrade() -> None:
    """Drop everything."""
    for index, table in (("ix_events_run_seq", "events"), ("ix_cache_entries_run_step", "cache_entries"),
                         ("ix_cache_entries_fingerprint", "cache_entries"), ("ix_metrics_run_step", "metrics"),
                         ("ix_artifacts_produced_by_run", "artifacts"), ("ix_artifacts_run_step", "artifacts"),
                         ("ix_step_runs_reused_from_run", "step_runs"), ("ix_runs_pipeline_started_at", "runs"),
                         ("ix_runs_state_started_at", "runs"), ("ix_runs_started_at", "runs")):
        op.drop_index(index, table_name=table)
    for table in ("events", "components", "cache_entries", "metrics", "artifacts", "step_runs", "runs"):
        op.drop_table(table)
