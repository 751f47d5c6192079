"""``log_metric`` for code running in a step. Standard library only: steps import it."""

from __future__ import annotations

import json
import os
import time
import warnings

METRICS_ENV = "DESIGNER_METRICS"


def log_metric(name: str, value: float, step: int | None = None) -> None:
    """Record metric ``name`` = ``value`` (at ``step``, e.g. an epoch) for the current step of a run.

    Appends ``{"name", "value", "step", "timestamp"}`` as one JSON line to the file named by
    ``$DESIGNER_METRICS``, which the runner sets for every step and collects when it ends. Outside
    a run (the variable unset) nothing is written and a warning says so.
    """
    target = os.environ.get(METRICS_ENV)
    if not target:
        warnings.warn(f"log_metric({name!r}) outside a run: ${METRICS_ENV} is not set, so the metric is dropped",
                      RuntimeWarning, stacklevel=2)
        return
    line = json.dumps({"name": str(name), "value": float(value), "step": step, "timestamp": time.time()})
    with open(target, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")
