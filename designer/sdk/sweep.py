"""Sweeps in Python, as Azure's SDK writes them: give a parameter a search space, then call ``.sweep()``.

::

    from designer import pipeline
    from designer.sdk.sweep import Choice, Uniform

    @pipeline
    def tune():
        train = train_svm(c=Uniform(0.01, 2.0), kernel=Choice(["linear", "rbf"]))
        train.sweep(primary_metric="accuracy", goal="maximize", sampling_algorithm="random", seed=7,
                    max_total_trials=8, max_concurrent_trials=2)
        report(model=train.outputs.model)  # the best trial's model

The step is written as a ``type: sweep`` step whose ``trial`` is the component (the same YAML the
canvas and the CLI run), checked when ``.sweep()`` is called; its outputs are the best trial's.
The names and fields are those of ``azure.ai.ml.sweep``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SearchSpace:
    """A hyperparameter's distribution; pass it as the value of a component's parameter."""

    type: str = field(init=False, default="")

    def to_dict(self) -> dict[str, Any]:
        """The ``search_space`` entry (Azure's YAML)."""
        out: dict[str, Any] = {"type": self.type}
        out.update({k: v for k, v in vars(self).items() if k != "type"})
        return out


@dataclass(frozen=True)
class Choice(SearchSpace):
    """One of ``values``."""

    values: list[Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", "choice")
        object.__setattr__(self, "values", list(self.values))


@dataclass(frozen=True)
class Randint(SearchSpace):
    """A whole number from 0 to ``upper - 1``."""

    upper: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", "randint")


@dataclass(frozen=True)
class Uniform(SearchSpace):
    """Any number from ``min_value`` to ``max_value``."""

    min_value: float = 0.0
    max_value: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", "uniform")


@dataclass(frozen=True)
class LogUniform(Uniform):
    """``exp(uniform(min_value, max_value))``."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", "loguniform")


@dataclass(frozen=True)
class QUniform(SearchSpace):
    """``round(uniform(min_value, max_value) / q) * q``."""

    min_value: float = 0.0
    max_value: float = 1.0
    q: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", "quniform")


@dataclass(frozen=True)
class QLogUniform(QUniform):
    """``round(exp(uniform(min_value, max_value)) / q) * q``."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", "qloguniform")


@dataclass(frozen=True)
class Normal(SearchSpace):
    """A normal distribution with mean ``mu`` and standard deviation ``sigma``."""

    mu: float = 0.0
    sigma: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", "normal")


@dataclass(frozen=True)
class LogNormal(Normal):
    """``exp(normal(mu, sigma))``."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", "lognormal")


@dataclass(frozen=True)
class QNormal(SearchSpace):
    """``round(normal(mu, sigma) / q) * q``."""

    mu: float = 0.0
    sigma: float = 1.0
    q: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", "qnormal")


@dataclass(frozen=True)
class QLogNormal(QNormal):
    """``round(exp(normal(mu, sigma)) / q) * q``."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", "qlognormal")


def sweep_fields(*, primary_metric: str, goal: str, sampling_algorithm: str, seed: int | None,
                 search_space: dict[str, SearchSpace], max_total_trials: int | None,
                 max_concurrent_trials: int | None, timeout: float | None, trial_timeout: float | None,
                 early_termination: dict[str, Any] | None) -> dict[str, Any]:
    """The sweep step's own YAML fields (everything but ``trial``, ``inputs`` and ``outputs``)."""
    out: dict[str, Any] = {
        "sampling_algorithm": {"type": sampling_algorithm, "seed": seed} if seed is not None else sampling_algorithm,
        "search_space": {name: dist.to_dict() for name, dist in search_space.items()},
        "objective": {"goal": goal, "primary_metric": primary_metric},
    }
    limits = {k: v for k, v in (("max_total_trials", max_total_trials), ("max_concurrent_trials", max_concurrent_trials),
                                ("timeout", timeout), ("trial_timeout", trial_timeout)) if v is not None}
    if limits:
        out["limits"] = limits
    if early_termination:
        out["early_termination"] = dict(early_termination)
    return out


__all__ = ["Choice", "LogNormal", "LogUniform", "Normal", "QLogNormal", "QLogUniform", "QNormal", "QUniform",
           "Randint", "SearchSpace", "Uniform", "sweep_fields"]
