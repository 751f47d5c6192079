"""Helpers for the run store tests: engine events built the way the engine builds them.

(A distinct module name: test folders are not packages, so a generic name could shadow another folder's.)
"""

from __future__ import annotations

import os
import time

from designer.engine.events import RunFinished, RunStarted, StepInfo, StepStateChanged
from designer.store import Store


def started(run_id: str, steps: tuple[str, ...] = ("prep", "train"), *, pipeline: str = "demo",
            at: float | None = None, pid: int | None = None, run_dir: str | None = None,
            rerun_of: str | None = None) -> RunStarted:
    """A RunStarted of a chain of ``steps`` (each reading from the one before)."""
    infos = tuple(StepInfo(step=s, job=s.split("/")[-1], component=f"{s.split('/')[-1]}_component", compute="local",
                           upstream=(steps[i - 1],) if i else ()) for i, s in enumerate(steps))
    return RunStarted(run_id=run_id, pipeline_file=f"pipelines/{pipeline}.yml", pipeline_name=pipeline, source="cli",
                      parameters={"lr": 0.1, "epochs": 3}, steps=infos, run_dir=run_dir or f"/tmp/runs/{run_id}",
                      at=time.time() if at is None else at, pid=os.getpid() if pid is None else pid, rerun_of=rerun_of)


def run_steps(store: Store, run_id: str, states: dict[str, str]) -> None:
    """Move each step through running to its final state in ``states``, then finish the run."""
    for step, state in states.items():
        store.emit(StepStateChanged(run_id, step, "running", time.time()))
        store.emit(StepStateChanged(run_id, step, state, time.time(), exit_code=0 if state == "completed" else 1))
    final = "failed" if "failed" in states.values() else "completed"
    store.emit(RunFinished(run_id, final, time.time()))
