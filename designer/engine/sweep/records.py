"""Reading what a sweep step left in its folder: ``trials.json``, for the CLI and the run page.

The sweep writes ``<step>/trials.json`` while it runs (at most once a second, by rename, so a reader
never sees half a file) and once more when it ends: a summary (counts, best trial, primary metric,
goal) and one record per trial (see :meth:`designer.engine.sweep.trials.Trial.to_dict`).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TRIALS_FILE = "trials.json"
MAX_BYTES = 16 * 1024 * 1024  # a sweep of 1,000 trials writes about 300 kB


@dataclass(frozen=True)
class TrialRow:
    """One trial as the tables show it."""

    trial: str
    index: int
    params: dict[str, Any]
    state: str
    value: float | None
    duration_s: float | None
    message: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (``runs show --json``)."""
        return {"trial": self.trial, "index": self.index, "params": dict(self.params), "state": self.state,
                "value": self.value, "duration_s": self.duration_s, "message": self.message}


@dataclass(frozen=True)
class SweepRecord:
    """A sweep's trials and summary as last written."""

    trials: list[TrialRow] = field(default_factory=list)
    metric: str = ""
    goal: str = "maximize"
    best_trial: str | None = None
    best_value: float | None = None
    total: int = 0

    @property
    def maximize(self) -> bool:
        """True when a higher value is better."""
        return self.goal == "maximize"

    def parameters(self) -> list[str]:
        """The hyperparameter names, in the order the trials first show them."""
        names: dict[str, None] = {}
        for t in self.trials:
            names.update(dict.fromkeys(t.params))
        return list(names)


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def read_trials(step_folder: Path) -> SweepRecord | None:
    """The sweep record in ``step_folder``, or None when there is none or it cannot be read (blocking)."""
    path = step_folder / TRIALS_FILE
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    found = data.get("summary")
    summary: dict[str, Any] = found if isinstance(found, dict) else {}
    rows: list[TrialRow] = []
    for item in data.get("trials") or []:
        if not isinstance(item, dict) or not isinstance(item.get("trial"), str):
            continue
        raw = item.get("params")
        params: dict[str, Any] = raw if isinstance(raw, dict) else {}
        index = item.get("index")
        rows.append(TrialRow(item["trial"], index if isinstance(index, int) else len(rows), dict(params),
                             str(item.get("state") or "pending"), _float(item.get("value")),
                             _float(item.get("duration_s")), item.get("message") or None))
    total = summary.get("total")
    return SweepRecord(rows, str(summary.get("primary_metric") or ""), str(summary.get("goal") or "maximize"),
                       summary.get("best_trial") if isinstance(summary.get("best_trial"), str) else None,
                       _float(summary.get("best_value")), total if isinstance(total, int) else len(rows))
