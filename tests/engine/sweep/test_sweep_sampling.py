"""Sampling: random with seed (prefix-stable), each distribution as Azure ML defines it, grid over
choice in order, Sobol, and Bayesian through optuna's TPE."""

from __future__ import annotations

import math
import statistics

import pytest

from designer.engine.sweep.sampling import Finished, Sampler, iter_samples, transform
from designer.spec.sweep import Distribution, Sampling


def d(name: str, type_: str, **params: float) -> Distribution:
    return Distribution(name, type_, params=tuple(params.items()))


SPACE = {
    "kernel": Distribution("kernel", "choice", values=("linear", "rbf", "poly")),
    "n": d("n", "randint", upper=4),
    "c": d("c", "uniform", min_value=0.5, max_value=0.9),
    "cq": d("cq", "quniform", min_value=1, max_value=10, q=2),
    "lr": d("lr", "loguniform", min_value=math.log(1e-4), max_value=math.log(1e-1)),
    "lrq": d("lrq", "qloguniform", min_value=0, max_value=3, q=0.5),
    "w": d("w", "normal", mu=10, sigma=3),
    "wq": d("wq", "qnormal", mu=10, sigma=3, q=1),
    "s": d("s", "lognormal", mu=0, sigma=0.5),
    "sq": d("sq", "qlognormal", mu=1, sigma=0.5, q=0.25),
}


def test_transform_matches_azure_definitions() -> None:
    assert transform(SPACE["kernel"], 0.0, 0) == "linear" and transform(SPACE["kernel"], 0.999, 0) == "poly"
    assert transform(SPACE["n"], 0.99, 0) == 3 and transform(SPACE["n"], 0.0, 0) == 0
    assert transform(SPACE["c"], 0.5, 0) == pytest.approx(0.7)
    assert transform(SPACE["cq"], 0.5, 0) == 6  # round(5.5 / 2) * 2, an int: q and bounds are whole
    assert isinstance(transform(SPACE["cq"], 0.5, 0), int)
    assert transform(SPACE["lr"], 0.5, 0) == pytest.approx(math.exp((math.log(1e-4) + math.log(1e-1)) / 2))
    assert transform(SPACE["lrq"], 0.5, 0) == pytest.approx(4.5)  # round(exp(1.5) / 0.5) * 0.5 = round(8.96) * 0.5
    assert transform(SPACE["w"], 0.3, 1.5) == pytest.approx(14.5)
    assert transform(SPACE["wq"], 0.3, 1.6) == 15  # round(14.8)
    assert transform(SPACE["s"], 0.3, 1.0) == pytest.approx(math.exp(0.5))
    assert transform(SPACE["sq"], 0.3, 0.0) == pytest.approx(2.75)  # round(e / 0.25) * 0.25


def test_random_with_seed_is_reproducible_and_prefix_stable() -> None:
    a = Sampler(SPACE, Sampling("random", seed=7))
    b = Sampler(SPACE, Sampling("random", seed=7))
    first = [p for _, p in iter_samples(a, 5)]
    wider = [p for _, p in iter_samples(b, 12)]
    assert wider[:5] == first  # widening max_total_trials keeps every earlier trial
    assert len({str(p) for p in wider}) == 12
    other = [p for _, p in iter_samples(Sampler(SPACE, Sampling("random", seed=8)), 5)]
    assert other != first
    # without a seed the seed comes from the search space: an unchanged sweep repeats its samples
    assert [p for _, p in iter_samples(Sampler(SPACE, Sampling("random")), 3)] == \
        [p for _, p in iter_samples(Sampler(SPACE, Sampling("random")), 3)]


def test_random_samples_follow_their_distributions() -> None:
    samples = [p for _, p in iter_samples(Sampler(SPACE, Sampling("random", seed=1)), 2000)]
    assert {p["kernel"] for p in samples} == {"linear", "rbf", "poly"}
    assert {p["n"] for p in samples} == {0, 1, 2, 3}
    assert all(0.5 <= p["c"] <= 0.9 for p in samples)
    assert all(p["cq"] % 2 == 0 and 0 <= p["cq"] <= 10 for p in samples)
    assert all(1e-4 <= p["lr"] <= 1e-1 for p in samples)
    assert statistics.mean(math.log(p["lr"]) for p in samples) == pytest.approx(
        (math.log(1e-4) + math.log(1e-1)) / 2, abs=0.15)
    ws = [p["w"] for p in samples]
    assert statistics.mean(ws) == pytest.approx(10, abs=0.3)
    assert statistics.stdev(ws) == pytest.approx(3, abs=0.3)
    assert all(float(p["wq"]).is_integer() for p in samples)
    assert statistics.median(p["s"] for p in samples) == pytest.approx(1.0, abs=0.08)
    assert all(p["sq"] / 0.25 == pytest.approx(round(p["sq"] / 0.25)) for p in samples)


def test_grid_is_every_combination_in_order() -> None:
    space = {"a": Distribution("a", "choice", values=(1, 2)),
             "b": Distribution("b", "choice", values=("x", "y", "z"))}
    sampler = Sampler(space, Sampling("grid"))
    assert sampler.size() == 6
    got = [p for _, p in iter_samples(sampler, 100)]
    assert got == [{"a": 1, "b": "x"}, {"a": 1, "b": "y"}, {"a": 1, "b": "z"},
                   {"a": 2, "b": "x"}, {"a": 2, "b": "y"}, {"a": 2, "b": "z"}]
    assert sampler.sample(6) is None


def test_sobol_rule_is_seeded_and_prefix_stable() -> None:
    space = {"c": SPACE["c"], "w": SPACE["w"]}
    a = [p for _, p in iter_samples(Sampler(space, Sampling("random", seed=3, rule="sobol")), 4)]
    b = [p for _, p in iter_samples(Sampler(space, Sampling("random", seed=3, rule="sobol")), 8)]
    assert b[:4] == a
    assert all(0.5 <= p["c"] <= 0.9 for p in b)
    # a low-discrepancy sequence covers both halves of the range in its first two points
    assert sorted(p["c"] < 0.7 for p in b[:2]) == [False, True]


def test_bayesian_uses_results_and_stays_in_the_space() -> None:
    space = {"x": d("x", "uniform", min_value=-5, max_value=5),
             "k": Distribution("k", "choice", values=("a", "b")),
             "q": d("q", "quniform", min_value=0, max_value=10, q=1)}
    sampler = Sampler(space, Sampling("bayesian", seed=11), maximize=False)
    finished: list[Finished] = []
    for index in range(25):
        params = sampler.sample(index, finished)
        assert params is not None and -5 <= params["x"] <= 5 and params["k"] in ("a", "b")
        assert isinstance(params["q"], int)
        loss = (params["x"] - 2.0) ** 2 + (0 if params["k"] == "b" else 3)
        finished.append(Finished(params, loss))
    # same seed and same history: the same suggestion (what makes a re-run reuse the trials)
    again = Sampler(space, Sampling("bayesian", seed=11), maximize=False)
    assert again.sample(25, finished) == sampler.sample(25, finished)
    # TPE concentrates near the optimum once it has seen results
    late = [f.params for f in finished[15:]]
    assert statistics.mean(abs(p["x"] - 2.0) for p in late) < statistics.mean(
        abs(f.params["x"] - 2.0) for f in finished[:5])
