"""Why each step ran or was reused, what its fingerprint was made of; partial and resumed runs.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``step_runs.reason``/``ingredients``, ``runs.partial``/``resumed_from`` and an index on the step name."""
    with op.batch_alter_table("step_runs") as batch:
        batch.add_column(sa.Column("reason", sa.JSON(none_as_null=True)))
        batch.add_column(sa.Column("ingredients", sa.JSON(none_as_null=True)))
        batch.create_index("ix_step_runs_step", ["step"])
    with op.batch_alter_table("runs") as batch:
        batch.add_column(sa.Column("partial", sa.String(263)))
        batch.add_column(sa.Column("resumed_from", sa.String(64)))


def downgrade() -> None:
    """Drop what :func:`upgrade` added."""
    with op.batch_alter_table("runs") as batch:
        batch.drop_column("resumed_from")
        batch.drop_column("partial")
    with op.batch_alter_table("step_runs") as batch:
        batch.drop_index("ix_step_runs_step")
        batch.drop_column("ingredients")
        batch.drop_column("reason")
