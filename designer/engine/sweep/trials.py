"""The sweep's bookkeeping, apart from how a trial is run: which trial starts next, which stops
early, which one is best.

:class:`SweepController` is pure logic (no processes, no event loop): the step that runs a sweep
asks it for the next :class:`Trial`, reports each trial's intermediate primary-metric values to it
(:meth:`SweepController.observe` answers whether an early-termination policy stops the trial) and
tells it how each trial ended. Trials are named ``trial_0000``, ``trial_0001``, ... by their index in
the sampler's prefix-stable sequence, so a re-run with the same seed asks for the same trials, with
the same parameters, and reuses every finished one; a wider ``max_total_trials`` only adds indexes.

The best trial is the completed trial with the best *final* value of the primary metric (the last
value it logged), lowest for ``minimize`` and highest for ``maximize``; ties go to the lower index.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from designer.engine.sweep.sampling import Finished, Params, Sampler
from designer.engine.sweep.termination import should_stop
from designer.spec.sweep import SweepSpec

TrialState = str  # "pending" | "running" | "completed" | "cached" | "failed" | "canceled" | "stopped"
ENDED = ("completed", "cached", "failed", "canceled", "stopped")
_SEARCH_SPACE_REF = re.compile(r"\$\{\{\s*search_space\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def trial_name(index: int) -> str:
    """The child step name of trial ``index`` (``trial_0007``); stable across re-runs."""
    return f"trial_{index:04d}"


def params_key(params: Mapping[str, Any]) -> str:
    """Canonical text of a trial's parameters (sorted keys), for identities and display."""
    return json.dumps(dict(params), sort_keys=True, separators=(",", ":"), default=str)


def trial_inputs(step_inputs: Mapping[str, Any], params: Mapping[str, Any]) -> dict[str, Any]:
    """The trial's input values: the sweep step's inputs plus its hyperparameters."""
    out = dict(step_inputs)
    out.update(params)
    return out


def rewrite_search_space_refs(command: str) -> str:
    """``${{search_space.x}}`` in a trial command becomes ``${{inputs.x}}`` (the value reaches it as an input)."""
    return _SEARCH_SPACE_REF.sub(lambda m: f"${{{{inputs.{m.group(1)}}}}}", command)


def metric_series(metrics: Iterable[tuple[str, float, int | None, float]], name: str) -> list[float]:
    """The values of metric ``name`` in logging order from ``(name, value, step, timestamp)`` records."""
    found = [(i, step, ts, value) for i, (n, value, step, ts) in enumerate(metrics) if n == name]
    # mlflow keeps a step index and a timestamp; DESIGNER_METRICS lines are in file order. Sort by
    # step when every record has one, else keep the order they were read in.
    if found and all(step is not None for _, step, _, _ in found):
        found.sort(key=lambda r: (r[1], r[2], r[0]))
    return [value for _, _, _, value in found]


def missing_metric_message(primary: str, logged: Iterable[str]) -> str:
    """The sentence for a trial that ended without logging the primary metric."""
    names = sorted(set(logged))
    if not names:
        return (f"the trial logged no metrics, so its primary metric '{primary}' is missing; log it with "
                f"mlflow.log_metric('{primary}', value) (or mlflow.autolog()) or a DESIGNER_METRICS line")
    import difflib

    near = difflib.get_close_matches(primary, names, n=1, cutoff=0.6)
    hint = f"; did you mean '{near[0]}'?" if near else ""
    return f"the trial never logged the primary metric '{primary}'; it logged: {', '.join(names)}{hint}"


@dataclass
class Trial:
    """One trial of a sweep: its index, parameters, state and primary-metric values."""

    index: int
    params: Params
    state: TrialState = "pending"
    values: list[float] = field(default_factory=list)
    message: str | None = None
    started: float | None = None
    ended: float | None = None

    @property
    def name(self) -> str:
        """The child step name (``trial_0007``)."""
        return trial_name(self.index)

    @property
    def final(self) -> float | None:
        """The last logged value of the primary metric, when there is a finite one."""
        for value in reversed(self.values):
            if math.isfinite(value):
                return value
        return None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready record (for the run's trials table and ``runs show``)."""
        return {"trial": self.name, "index": self.index, "params": dict(self.params), "state": self.state,
                "value": self.final, "message": self.message,
                "duration_s": None if self.started is None or self.ended is None else round(self.ended - self.started, 3)}


class SweepController:
    """Decides which trials run, which stop early, and which is best (see the module docstring).

    ``capacity`` is how many trials the compute target can run at once (None: no cap beyond
    ``max_concurrent_trials``); ``clock`` is injectable so that the sweep timeout can be tested.
    """

    def __init__(self, spec: SweepSpec, *, capacity: int | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.spec = spec
        self.sampler = Sampler(spec.search_space, spec.sampling, maximize=spec.objective.maximize)
        self.clock = clock
        self.started_at = clock()
        limit = spec.limits.max_concurrent_trials or spec.limits.max_total_trials
        self.concurrency = max(1, min(limit, capacity) if capacity else limit)
        self.trials: dict[str, Trial] = {}
        self._next_index = 0
        self._exhausted = False
        self._finished: list[Finished] = []

    @property
    def total(self) -> int:
        """How many trials the sweep runs at most (a grid may have fewer)."""
        size = self.sampler.size()
        limit = self.spec.limits.max_total_trials
        return limit if size is None else min(limit, size)

    def running(self) -> list[Trial]:
        """Trials started and not ended."""
        return [t for t in self.trials.values() if t.state == "running"]

    def timed_out(self) -> bool:
        """True once the sweep's ``limits.timeout`` has passed."""
        timeout = self.spec.limits.timeout
        return timeout is not None and self.clock() - self.started_at >= timeout

    def can_start(self) -> bool:
        """True when another trial may start now."""
        return (not self._exhausted and self._next_index < self.total and not self.timed_out()
                and len(self.running()) < self.concurrency)

    def next_trial(self) -> Trial | None:
        """Start the next trial (state ``running``) and return it, or None when none may start now.

        Raises :class:`~designer.errors.RunError` when the sampler needs a library that is missing.
        """
        if not self.can_start():
            return None
        params = self.sampler.sample(self._next_index, list(self._finished))
        if params is None:
            self._exhausted = True
            return None
        trial = Trial(self._next_index, params, "running", started=self.clock())
        self._next_index += 1
        self.trials[trial.name] = trial
        return trial

    def done(self) -> bool:
        """True when no trial runs and none will start."""
        return not self.running() and not self.can_start()

    def observe(self, name: str, values: Iterable[float]) -> str | None:
        """Record trial ``name``'s primary-metric values so far; return why it should stop, or None."""
        trial = self.trials[name]
        trial.values = [float(v) for v in values]
        policy = self.spec.early_termination
        if policy is None or trial.state != "running" or not trial.values:
            return None
        series = {t.name: t.values for t in self.trials.values() if t.values}
        return should_stop(policy, name, series, maximize=self.spec.objective.maximize)

    def finish(self, name: str, state: TrialState, *, values: Iterable[float] | None = None,
               logged: Iterable[str] = (), message: str | None = None) -> Trial:
        """Record how trial ``name`` ended; return it.

        A trial that completed (or was reused) without a finite value of the primary metric becomes
        ``failed`` with a message naming the missing metric and the ones it did log (``logged``).
        """
        trial = self.trials[name]
        if values is not None:
            trial.values = [float(v) for v in values]
        trial.ended = self.clock()
        trial.message = message
        if state in ("completed", "cached") and trial.final is None:
            state = "failed"
            trial.message = missing_metric_message(self.spec.objective.primary_metric, logged)
        trial.state = state
        if state in ("completed", "cached", "stopped") and trial.final is not None:
            self._finished.append(Finished(dict(trial.params), trial.final))
        return trial

    def best(self) -> Trial | None:
        """The completed (or reused) trial with the best final value, or None when there is none."""
        done = [t for t in self.trials.values() if t.state in ("completed", "cached") and t.final is not None]
        if not done:
            return None
        sign = -1.0 if self.spec.objective.maximize else 1.0
        return min(done, key=lambda t: (sign * (t.final or 0.0), t.index))

    def summary(self) -> dict[str, Any]:
        """Counts by state, the best trial and its value (for progress and the step panel)."""
        counts: dict[str, int] = {}
        for t in self.trials.values():
            counts[t.state] = counts.get(t.state, 0) + 1
        best = self.best()
        return {"total": self.total, "counts": counts, "best_trial": best.name if best else None,
                "best_value": best.final if best else None, "best_params": dict(best.params) if best else None,
                "primary_metric": self.spec.objective.primary_metric, "goal": self.spec.objective.goal}
