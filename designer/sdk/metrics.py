"""``log_metric`` for code running in a step. Standard library only: steps import it."""

from __future__ import annotations

import warnings

from designer import metrics_record

METRICS_ENV = metrics_record.METRICS_ENV


def log_metric(name: str, value: float, step: int | None = None) -> None:
    """Record metric ``name`` = ``value`` (at ``step``, e.g. an epoch) for the current step of a run.

    Appends one record (:mod:`designer.metrics_record`) to the file named by
    ``$DESIGNER_METRICS``, which the runner sets for every step and collects when it ends. Outside
    a run (the variable unset) nothing is written and a warning says so. Raises ValueError or
    TypeError when ``value`` is not a number.
    """
    if not metrics_record.append(name, value, step):
        warnings.warn(f"log_metric({name!r}) outside a run: ${METRICS_ENV} is not set, so the metric is dropped",
                      RuntimeWarning, stacklevel=2)
