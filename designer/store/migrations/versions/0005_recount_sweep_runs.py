"""Runs with sweeps: their step counters without the trials.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

Until this revision a sweep's trials (``tune/trial_0003``, recorded as steps of their own) were
counted as steps of the run, so a 3-step pipeline whose sweep ran 12 trials read as 15 steps. The
store now counts only the steps the run announced (see ``writer.recount``); this recounts the runs
recorded before, leaving out each step inside another step of the run whose name starts ``trial_``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

FINAL = ("completed", "failed", "canceled", "cached", "skipped")


def upgrade() -> None:
    """Recount ``runs.steps_total``/``steps_done``/``steps_reused`` of the runs that have trials."""
    conn = op.get_bind()
    steps = sa.table("step_runs", sa.column("run_id"), sa.column("step"), sa.column("state"))
    runs = sa.table("runs", sa.column("id"), sa.column("steps_total"), sa.column("steps_done"),
                    sa.column("steps_reused"))
    with_trials = conn.execute(sa.select(steps.c.run_id).where(steps.c.step.like("%/trial%")).distinct()).scalars()
    for run_id in list(with_trials):
        rows = conn.execute(sa.select(steps.c.step, steps.c.state).where(steps.c.run_id == run_id)).all()
        names = {step for step, _ in rows}
        own = [state for step, state in rows
               if not (step.rpartition("/")[0] in names and step.rpartition("/")[2].startswith("trial_"))]
        conn.execute(sa.update(runs).where(runs.c.id == run_id).values(
            steps_total=len(own), steps_done=sum(1 for s in own if s in FINAL),
            steps_reused=sum(1 for s in own if s == "cached")))


def downgrade() -> None:
    """Nothing to undo: the counters stay right for the older designer too."""
