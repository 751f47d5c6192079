"""Early termination with the numbers of Azure ML's documented examples, and the sweep controller:
concurrency, totals, timeout, missing metric, best trial, reuse-friendly naming."""

from __future__ import annotations

import pytest

from designer.engine.sweep.termination import applies_at, should_stop
from designer.engine.sweep.trials import SweepController, metric_series, rewrite_search_space_refs, trial_name
from designer.spec.sweep import Distribution, EarlyTermination, Objective, Sampling, SweepLimits, SweepSpec


def test_evaluation_points_follow_interval_and_delay() -> None:
    # Azure: "the policy applies every multiple of evaluation_interval that is >= delay_evaluation"
    policy = EarlyTermination("bandit", evaluation_interval=100, delay_evaluation=200, slack_factor=0.2)
    assert [n for n in range(1, 501) if applies_at(policy, n)] == [200, 300, 400, 500]
    policy = EarlyTermination("median_stopping", evaluation_interval=1, delay_evaluation=5)
    assert [n for n in range(1, 8) if applies_at(policy, n)] == [5, 6, 7]


def test_bandit_slack_factor_azure_example() -> None:
    # Azure: best 0.8 at interval 10 with slack_factor 0.1 (maximize): jobs below 0.8 / 1.1 = 0.727 stop.
    policy = EarlyTermination("bandit", evaluation_interval=1, delay_evaluation=10, slack_factor=0.1)
    best = [0.5] * 9 + [0.8]
    series = {"best": best, "close": [0.4] * 9 + [0.73], "far": [0.4] * 9 + [0.72]}
    assert should_stop(policy, "close", series, maximize=True) is None
    reason = should_stop(policy, "far", series, maximize=True)
    assert reason is not None and "0.727273" in reason
    # not yet at interval 9: delay_evaluation holds the policy back
    early = {k: v[:9] for k, v in series.items()}
    assert should_stop(policy, "far", early, maximize=True) is None
    # minimize: allowed up to 0.8 * 1.1 = 0.88
    low = {"best": [0.8] * 10, "ok": [0.87] * 10, "bad": [0.89] * 10}
    assert should_stop(policy, "ok", low, maximize=False) is None
    assert should_stop(policy, "bad", low, maximize=False) is not None


def test_bandit_slack_amount_azure_example() -> None:
    # Azure: best AUC 0.8 with slack_amount 0.2: runs below 0.6 (0.8 - 0.2) after the interval stop.
    policy = EarlyTermination("bandit", evaluation_interval=1, slack_amount=0.2)
    series = {"x": [0.8], "a": [0.61], "b": [0.59]}
    assert should_stop(policy, "a", series, maximize=True) is None
    assert "below 0.6 " in (should_stop(policy, "b", series, maximize=True) or "")


def test_median_stopping_uses_running_averages() -> None:
    policy = EarlyTermination("median_stopping", evaluation_interval=1, delay_evaluation=5)
    # running averages over intervals 1..5: a = 0.6, b = 0.7, c = 0.8 -> median 0.7
    series = {"a": [0.6] * 5, "b": [0.5, 0.6, 0.7, 0.8, 0.9], "c": [0.8] * 5,
              "slow": [0.1, 0.2, 0.3, 0.4, 0.69], "fine": [0.1, 0.2, 0.3, 0.4, 0.71]}
    others = {k: series[k] for k in ("a", "b", "c")}
    assert should_stop(policy, "slow", {**others, "slow": series["slow"]}, maximize=True) is not None
    assert should_stop(policy, "fine", {**others, "fine": series["fine"]}, maximize=True) is None
    # at interval 4 (before delay_evaluation) nothing stops
    assert should_stop(policy, "slow", {k: v[:4] for k, v in series.items()}, maximize=True) is None


def test_truncation_selection_cuts_the_worst_percent_at_the_same_interval() -> None:
    # 20% of 5 trials that reached interval 3 is 1 trial: the worst one stops.
    policy = EarlyTermination("truncation_selection", evaluation_interval=1, truncation_percentage=20)
    series = {"a": [0.1, 0.5, 0.9, 0.95], "b": [0.2, 0.4, 0.6], "c": [0.3, 0.3, 0.5],
              "d": [0.3, 0.4, 0.45], "e": [0.1, 0.2, 0.3], "young": [0.05]}
    assert should_stop(policy, "e", series, maximize=True) is not None
    assert should_stop(policy, "d", series, maximize=True) is None
    # the young trial is judged at its own interval 1 against the others' interval-1 values:
    # 6 trials reached interval 1, 20% is one, and 0.05 is the worst
    assert should_stop(policy, "young", series, maximize=True) is not None
    # a alone reached interval 4: nobody to compare with, so it goes on
    assert should_stop(policy, "a", series, maximize=True) is None
    # minimize flips the ranking: at interval 3 the best-so-far values are a 0.1, b 0.2, c 0.3,
    # d 0.3, e 0.1; the worst (highest) is c or d, and the tie goes by name
    assert should_stop(policy, "c", series, maximize=False, interval=3) is not None
    assert should_stop(policy, "a", series, maximize=False, interval=3) is None


def spec(**kw) -> SweepSpec:
    space = {"x": Distribution("x", "choice", values=(1, 2, 3, 4, 5, 6))}
    return SweepSpec(space, kw.pop("sampling", Sampling("grid")), kw.pop("objective", Objective("maximize", "acc")),
                     kw.pop("limits", SweepLimits(max_total_trials=5, max_concurrent_trials=2)),
                     kw.pop("early_termination", None))


def test_controller_concurrency_totals_best_and_missing_metric() -> None:
    c = SweepController(spec(), capacity=8)
    t0, t1 = c.next_trial(), c.next_trial()
    assert t0 is not None and t1 is not None and c.next_trial() is None  # max_concurrent_trials 2
    assert (t0.name, t0.params, t1.params) == ("trial_0000", {"x": 1}, {"x": 2})
    c.finish(t0.name, "completed", values=[0.5, 0.7])
    c.finish(t1.name, "completed", values=[], logged=["accuracy", "loss"])
    assert c.trials["trial_0001"].state == "failed"
    assert c.trials["trial_0001"].message == (
        "the trial never logged the primary metric 'acc'; it logged: accuracy, loss")
    started = [c.next_trial(), c.next_trial()]
    assert all(t is not None for t in started)
    for t, v in zip(started, (0.9, 0.9), strict=True):
        assert t is not None
        c.finish(t.name, "completed", values=[v])
    t4 = c.next_trial()
    assert t4 is not None and t4.index == 4 and c.next_trial() is None  # max_total_trials 5
    c.finish(t4.name, "failed", message="exit code 1")
    assert c.done()
    best = c.best()
    assert best is not None and best.name == "trial_0002" and best.final == 0.9  # tie: lower index
    assert c.summary()["counts"] == {"completed": 3, "failed": 2}


def test_controller_capacity_timeout_and_early_stop() -> None:
    now = [0.0]
    policy = EarlyTermination("bandit", evaluation_interval=1, slack_amount=0.1)
    c = SweepController(spec(limits=SweepLimits(max_total_trials=6, timeout=10), early_termination=policy),
                        capacity=3, clock=lambda: now[0])
    assert c.concurrency == 3
    a, b = c.next_trial(), c.next_trial()
    assert a is not None and b is not None
    assert c.observe(a.name, [0.9]) is None
    assert c.observe(b.name, [0.7]) is not None  # 0.7 < 0.9 - 0.1
    c.finish(b.name, "stopped", message="early termination")
    now[0] = 10.0
    assert c.timed_out() and c.next_trial() is None


def test_names_series_and_search_space_refs() -> None:
    assert trial_name(7) == "trial_0007"
    records = [("acc", 0.3, 2, 2.0), ("loss", 1.0, 0, 1.0), ("acc", 0.1, 0, 1.0), ("acc", 0.2, 1, 1.5)]
    assert metric_series(records, "acc") == [0.1, 0.2, 0.3]
    assert metric_series([("acc", 0.3, None, 0), ("acc", 0.1, None, 0)], "acc") == [0.3, 0.1]
    assert rewrite_search_space_refs("python t.py --c ${{ search_space.c }} --k ${{inputs.k}}") == \
        "python t.py --c ${{inputs.c}} --k ${{inputs.k}}"


def test_widening_max_total_trials_adds_only_new_indexes() -> None:
    space = {"c": Distribution("c", "uniform", params=(("min_value", 0.0), ("max_value", 1.0)))}
    narrow = SweepController(SweepSpec(space, Sampling("random", seed=5), Objective("minimize", "loss"),
                                       SweepLimits(max_total_trials=3)))
    wide = SweepController(SweepSpec(space, Sampling("random", seed=5), Objective("minimize", "loss"),
                                     SweepLimits(max_total_trials=6)))
    first = []
    while (t := narrow.next_trial()) is not None:
        first.append((t.name, t.params))
    second = []
    while (t := wide.next_trial()) is not None:
        second.append((t.name, t.params))
    assert second[:3] == first and len(second) == 6
    assert pytest.approx(first[0][1]["c"]) == second[0][1]["c"]
