"""A step's live progress: a sweep's trials or a parallel step's mini-batches done, running, failed.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``step_runs.progress`` (the newest StepProgress of the step, as JSON)."""
    with op.batch_alter_table("step_runs") as batch:
        batch.add_column(sa.Column("progress", sa.JSON(none_as_null=True)))


def downgrade() -> None:
    """Drop what :func:`upgrade` added."""
    with op.batch_alter_table("step_runs") as batch:
        batch.drop_column("progress")
