"""Early termination: should a running trial stop, judged on the intermediate values it has logged?

An *interval* is one logged value of the primary metric (Azure: "each time the training script
logs the primary metric counts as one interval"). A policy is applied at interval ``n`` when ``n``
is a multiple of ``evaluation_interval`` and ``n >= delay_evaluation`` (Azure's wording: "every
multiple of evaluation_interval that is greater than or equal to delay_evaluation"). Each trial's
*score at n* is its best value over intervals ``1..n``; other trials are compared on their values up
to the same interval ``n``, so a young trial is not stopped for having run less.

- **bandit**: stop when the score is outside the slack of the best score of all trials at ``n``.
  Maximize: ``score < best / (1 + slack_factor)`` or ``score < best - slack_amount``; minimize:
  ``score > best * (1 + slack_factor)`` or ``score > best + slack_amount``. (Azure's examples: best
  0.8 with slack_factor 0.1 stops below 0.8/1.1 = 0.727; slack_amount 0.2 stops below 0.6.)
- **median_stopping**: stop when the score is worse than the median of the other trials' running
  averages over ``1..n``.
- **truncation_selection**: among the trials that reached interval ``n``, stop this one when it is
  in the worst ``truncation_percentage`` percent (``floor(count * pct / 100)`` trials).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence

from designer.spec.sweep import EarlyTermination


def applies_at(policy: EarlyTermination, interval: int) -> bool:
    """True when ``policy`` is evaluated at 1-based interval ``interval``."""
    every = max(policy.evaluation_interval, 1)
    return interval >= 1 and interval % every == 0 and interval >= policy.delay_evaluation


def _score(values: Sequence[float], n: int, maximize: bool) -> float | None:
    head = [v for v in values[:n] if math.isfinite(v)]
    if not head:
        return None
    return max(head) if maximize else min(head)


def _worse(a: float, b: float, maximize: bool) -> bool:
    return a < b if maximize else a > b


def should_stop(policy: EarlyTermination, trial: str, series: Mapping[str, Sequence[float]], *,
                maximize: bool, interval: int | None = None) -> str | None:
    """Judge ``trial`` at ``interval`` (default: its latest) against every trial's logged values.

    ``series`` maps each trial (running or ended, this one included) to its primary-metric values in
    logging order. Returns a sentence saying why the trial should stop, or None to let it go on.
    """
    own = series.get(trial, ())
    n = len(own) if interval is None else interval
    if n < 1 or n > len(own) or not applies_at(policy, n):
        return None
    score = _score(own, n, maximize)
    if score is None:
        return None
    if policy.type == "bandit":
        scores = [s for s in (_score(v, n, maximize) for v in series.values()) if s is not None]
        best = max(scores) if maximize else min(scores)
        if policy.slack_factor is not None:
            f = policy.slack_factor
            limit = best / (1 + f) if maximize else best * (1 + f)
            what = f"slack_factor {f:g}"
        else:
            a = policy.slack_amount or 0.0
            limit = best - a if maximize else best + a
            what = f"slack_amount {a:g}"
        if _worse(score, limit, maximize):
            return (f"bandit policy at interval {n}: best value so far {score:.6g} is "
                    f"{'below' if maximize else 'above'} {limit:.6g} ({what} from the best trial's {best:.6g})")
        return None
    if policy.type == "median_stopping":
        averages = []
        for name, values in series.items():
            head = [v for v in values[:n] if math.isfinite(v)]
            if name != trial and head:
                averages.append(sum(head) / len(head))
        if not averages:
            return None
        median = statistics.median(averages)
        if _worse(score, median, maximize):
            return (f"median stopping at interval {n}: best value so far {score:.6g} is worse than the median "
                    f"{median:.6g} of the other trials' running averages")
        return None
    if policy.type == "truncation_selection":
        ranked = []
        for name, values in series.items():
            if len(values) >= n:
                s = _score(values, n, maximize)
                if s is not None:
                    ranked.append((s, name))
        cut = math.floor(len(ranked) * (policy.truncation_percentage or 0) / 100)
        if cut < 1:
            return None
        # Worst first; ties broken by name so the decision does not depend on dict order.
        ranked.sort(key=lambda item: (item[0] if maximize else -item[0], item[1]))
        worst = {name for _, name in ranked[:cut]}
        if trial in worst:
            return (f"truncation selection at interval {n}: among the {len(ranked)} trials that reached it, this one "
                    f"is in the worst {policy.truncation_percentage}% (value {score:.6g})")
        return None
    return None
