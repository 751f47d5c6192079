"""Effective parameters per step and pipeline inputs per run; a run's name and note; metrics by name.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

Runs recorded before this revision keep NULL in the new columns, which reads as "not recorded".
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``step_runs.title``/``parameters``, ``runs.name``/``note``/``inputs`` and an index of metrics by name."""
    with op.batch_alter_table("step_runs") as batch:
        batch.add_column(sa.Column("title", sa.String(255)))
        batch.add_column(sa.Column("parameters", sa.JSON(none_as_null=True)))
    with op.batch_alter_table("runs") as batch:
        batch.add_column(sa.Column("name", sa.String(255)))
        batch.add_column(sa.Column("note", sa.Text()))
        batch.add_column(sa.Column("inputs", sa.JSON(none_as_null=True)))
    op.create_index("ix_metrics_name_run", "metrics", ["name", "run_id", "at"])


def downgrade() -> None:
    """Drop what :func:`upgrade` added."""
    op.drop_index("ix_metrics_name_run", table_name="metrics")
    with op.batch_alter_table("runs") as batch:
        batch.drop_column("inputs")
        batch.drop_column("note")
        batch.drop_column("name")
    with op.batch_alter_table("step_runs") as batch:
        batch.drop_column("parameters")
        batch.drop_column("title")
