"""Hyperparameter samples for a sweep: random (with seed, optionally Sobol), grid, and Bayesian.

Every sampler numbers its samples 0, 1, 2, ... and the sample at index ``i`` never depends on
``max_total_trials``: the sequence for a seed is *prefix-stable*. That is what lets a re-run with
the same seed reuse every finished trial (same parameters, same fingerprint) and a wider
``max_total_trials`` run only the new indexes.

- **random**: sample ``i`` comes from its own generator seeded with ``(seed, i)``; each
  distribution is drawn as Azure ML defines it (``quniform`` is ``round(uniform(min, max) / q) * q``,
  ``loguniform`` is ``exp(uniform(min, max))``, ``lognormal`` is ``exp(normal(mu, sigma))``, ``randint``
  is an integer in ``[0, upper)``). Without a ``seed`` Azure draws new samples on every submission;
  locally the seed then defaults to one derived from the search space, so that re-running an
  unchanged sweep reuses its trials (a project decision: reuse is why people run pipelines).
  With ``rule: sobol`` the unit numbers come from scipy's scrambled Sobol sequence instead.
- **grid**: every combination of the ``choice`` values, in the order written, the last
  hyperparameter varying fastest (Azure: grid sampling takes only ``choice``); it ends when the
  combinations run out.
- **bayesian**: optuna's TPE sampler (``pip install 'pipeline-designer[sweep]'``), told the results
  of the trials that had finished before each new one starts. This is *not* Azure ML's own
  Bayesian algorithm, only the same idea with a well-kept library; its samples depend on those
  results, so they are reproducible (and reused) when trials finish in the same order, e.g. with
  ``max_concurrent_trials: 1``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from designer.errors import RunError
from designer.spec.sweep import Distribution, Sampling

Params = dict[str, Any]


@dataclass(frozen=True)
class Finished:
    """A finished trial as a sampler learns from it: its parameters and its objective value."""

    params: Params
    value: float


def space_seed(space: Mapping[str, Distribution]) -> int:
    """A seed derived from the search space itself (used when the sweep gives none)."""
    text = json.dumps({n: d.to_dict() for n, d in space.items()}, sort_keys=True, default=str)
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)


def _quantize(value: float, q: float, integral: bool) -> float | int:
    out = round(value / q) * q
    if integral:
        return round(out)
    return round(out, 12)  # 0.1 * 3 is 0.30000000000000004; the trial should see 0.3


def _integral(dist: Distribution, keys: Sequence[str]) -> bool:
    return all(float(dist.param(k)).is_integer() for k in keys)


def transform(dist: Distribution, u: float, z: float) -> Any:
    """The value of ``dist`` for a uniform number ``u`` in [0, 1) and a standard normal ``z``.

    Choice and randint use ``u`` to pick; the normal families use ``z``. Returns a plain Python value.
    """
    t = dist.type
    if t == "choice":
        return dist.values[min(int(u * len(dist.values)), len(dist.values) - 1)]
    if t == "randint":
        upper = int(dist.param("upper"))
        return min(int(u * upper), upper - 1)
    if t in ("uniform", "quniform", "loguniform", "qloguniform"):
        lo, hi = dist.param("min_value"), dist.param("max_value")
        x = lo + (hi - lo) * u
        if t.endswith("loguniform"):
            x = math.exp(x)
        if t.startswith("q"):
            return _quantize(x, dist.param("q"), _integral(dist, ("q",)) and (t == "qloguniform" or _integral(dist, ("min_value", "max_value"))))
        return x
    mu, sigma = dist.param("mu"), dist.param("sigma")
    x = mu + sigma * z
    if t in ("lognormal", "qlognormal"):
        x = math.exp(x)
    if t.startswith("q"):
        return _quantize(x, dist.param("q"), _integral(dist, ("q",)))
    return x


class Sampler:
    """Produces the parameters of trial ``index``; see the module docstring for each algorithm."""

    def __init__(self, space: Mapping[str, Distribution], sampling: Sampling, *, maximize: bool = True) -> None:
        self.space = dict(space)
        self.sampling = sampling
        self.maximize = maximize
        self.seed = sampling.seed if sampling.seed is not None else space_seed(self.space)
        self._grid: list[Params] | None = None
        self._sobol: Any = None
        self._sobol_points: list[list[float]] = []

    @property
    def adaptive(self) -> bool:
        """True when a sample depends on earlier results (Bayesian)."""
        return self.sampling.algorithm == "bayesian"

    def size(self) -> int | None:
        """How many distinct samples exist (grid), or None when unbounded."""
        if self.sampling.algorithm != "grid":
            return None
        return len(self._grid_points())

    def sample(self, index: int, finished: Sequence[Finished] = ()) -> Params | None:
        """The parameters of trial ``index``, or None when the space is exhausted (grid).

        ``finished`` are the trials that ended before this one starts (used by Bayesian only).
        Raises :class:`RunError` when the algorithm needs a library that is not installed.
        """
        algorithm = self.sampling.algorithm
        if algorithm == "grid":
            points = self._grid_points()
            return dict(points[index]) if index < len(points) else None
        if algorithm == "bayesian":
            return self._bayesian(index, finished)
        if self.sampling.rule == "sobol":
            units = self._sobol_units(index)
        else:
            rng = random.Random(f"designer-sweep:{self.seed}:{index}")
            units = [rng.random() for _ in self.space]
        normal = random.Random(f"designer-sweep-normal:{self.seed}:{index}")
        out: Params = {}
        for u, (name, dist) in zip(units, self.space.items(), strict=True):
            # Box-Muller from the uniform, so the normal families are also driven by (seed, index)
            # and by the Sobol point when that rule is chosen.
            z = math.sqrt(-2.0 * math.log(max(1.0 - u, 1e-300))) * math.cos(2 * math.pi * normal.random())
            out[name] = transform(dist, u, z)
        return out

    def _grid_points(self) -> list[Params]:
        if self._grid is None:
            names = list(self.space)
            self._grid = [dict(zip(names, combo, strict=True))
                          for combo in itertools.product(*(self.space[n].values for n in names))]
        return self._grid

    def _sobol_units(self, index: int) -> list[float]:
        try:
            from scipy.stats import qmc
        except ImportError:
            raise RunError("sampling rule 'sobol' needs scipy in the designer's environment; "
                           "install it or use 'rule: random'") from None
        import warnings

        if self._sobol is None:
            self._sobol = qmc.Sobol(d=len(self.space), scramble=True, seed=self.seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # scipy warns when n is not a power of 2; balance is not the point here
            while len(self._sobol_points) <= index:
                self._sobol_points.extend(self._sobol.random(1).tolist())
        return [min(max(float(u), 0.0), 1.0 - 1e-12) for u in self._sobol_points[index]]

    def _bayesian(self, index: int, finished: Sequence[Finished]) -> Params:
        try:
            import optuna
        except ImportError:
            raise RunError("bayesian sampling uses optuna's TPE sampler, which is not installed; install it with "
                           "pip install 'pipeline-designer[sweep]' (or use sampling_algorithm: random)") from None
        optuna.logging.set_verbosity(optuna.logging.WARNING)
        dists = {name: _optuna_distribution(optuna, d) for name, d in self.space.items()}
        sampler = optuna.samplers.TPESampler(seed=(self.seed + index) % (2**32), n_startup_trials=5)
        study = optuna.create_study(direction="maximize" if self.maximize else "minimize", sampler=sampler)
        for item in finished:
            params = {n: _clamp(self.space[n], v) for n, v in item.params.items() if n in dists}
            if len(params) != len(dists) or not math.isfinite(item.value):
                continue
            study.add_trial(optuna.trial.create_trial(params=params, distributions=dists, value=item.value))
        trial = study.ask(dists)
        out: Params = {}
        for name, dist in self.space.items():
            value = trial.params[name]
            if dist.type == "quniform":
                value = _quantize(float(value), dist.param("q"),
                                  _integral(dist, ("q", "min_value", "max_value")))
            out[name] = value
        return out


def _optuna_distribution(optuna: Any, dist: Distribution) -> Any:
    if dist.type == "choice":
        return optuna.distributions.CategoricalDistribution(list(dist.values))
    return optuna.distributions.FloatDistribution(dist.param("min_value"), dist.param("max_value"))


def _clamp(dist: Distribution, value: Any) -> Any:
    # A quantized value may round just past a bound; optuna only accepts values inside it.
    if dist.type == "choice":
        return value
    return min(max(float(value), dist.param("min_value")), dist.param("max_value"))


def iter_samples(sampler: Sampler, limit: int) -> Iterator[tuple[int, Params]]:
    """``(index, params)`` for the first ``limit`` samples of a non-adaptive sampler (stops early on a grid)."""
    for index in range(limit):
        params = sampler.sample(index)
        if params is None:
            return
        yield index, params
