"""What a run hands back: :class:`StepResult` per step and the :class:`RunResult` of the whole run.

Public through :mod:`designer.engine.runner` (``from designer.engine.runner import RunResult``); kept
in their own module because the scheduler and the step lifecycle fill them in, and the runner
imports both of those.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from designer.engine.events import RunState, StepState


@dataclass
class StepResult:
    """How one step ended (or where it is, while the run goes on)."""

    step: str
    state: StepState = "pending"
    exit_code: int | None = None
    duration_s: float | None = None
    outputs: dict[str, str] = field(default_factory=dict)
    reused_from: str | None = None
    reused_from_step: str | None = None
    fingerprint: str | None = None
    message: str | None = None
    worker: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The per-step part of ``designer run --json``."""
        return {
            "status": self.state,
            "reused_from": self.reused_from,
            "duration_s": None if self.duration_s is None else round(self.duration_s, 3),
            "outputs": dict(self.outputs),
        }


@dataclass
class RunResult:
    """How a run ended: its state, every step's result and, when it failed, why."""

    run_id: str
    state: RunState
    steps: dict[str, StepResult]
    run_dir: Path
    error: str | None = None
    outputs: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the run completed."""
        return self.state == "completed"

    def to_dict(self) -> dict[str, Any]:
        """The object ``designer run --json`` prints."""
        data: dict[str, Any] = {
            "run_id": self.run_id,
            "status": self.state,
            "steps": {name: r.to_dict() for name, r in self.steps.items()},
        }
        if self.error is not None:
            data["error"] = self.error
        return data
