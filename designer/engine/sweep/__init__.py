"""Sweep steps: hyperparameter samples, early termination and trial bookkeeping.

The parts here do not run processes: :mod:`.sampling` makes each trial's parameters,
:mod:`.termination` judges intermediate metric values, and :mod:`.trials` keeps the sweep's state
(which trial starts next, which stops, which is best). The step lifecycle runs each trial as a
child step with its own process, log, metrics and fingerprint.
"""

from __future__ import annotations

from designer.engine.sweep.sampling import Finished, Sampler, transform
from designer.engine.sweep.termination import applies_at, should_stop
from designer.engine.sweep.trials import (
    SweepController,
    Trial,
    metric_series,
    missing_metric_message,
    params_key,
    rewrite_search_space_refs,
    trial_inputs,
    trial_name,
)

__all__ = [
    "Finished",
    "Sampler",
    "SweepController",
    "Trial",
    "applies_at",
    "metric_series",
    "missing_metric_message",
    "params_key",
    "rewrite_search_space_refs",
    "should_stop",
    "transform",
    "trial_inputs",
    "trial_name",
]
