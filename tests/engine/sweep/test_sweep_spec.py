"""Parsing and validating ``type: sweep`` steps: every distribution, sampling, objective, limits and
policies; bad input gives a located problem with what was expected and a close match."""

from __future__ import annotations

import textwrap
from pathlib import Path

from designer.spec.model import Located
from designer.spec.sweep import SweepSpec, parse_sweep
from designer.spec.yaml_io import parse_yaml

GOOD = """\
type: pipeline
jobs:
  sweep_step:
    type: sweep
    trial: ./train.yml
    inputs:
      data: ${{parent.inputs.raw}}
    sampling_algorithm:
      type: random
      seed: 42
      rule: sobol
    search_space:
      kernel: {type: choice, values: [linear, rbf]}
      n: {type: randint, upper: 5}
      c: {type: uniform, min_value: 0.1, max_value: 1.0}
      cq: {type: quniform, min_value: 1, max_value: 10, q: 2}
      lr: {type: loguniform, min_value: -6, max_value: -1}
      lrq: {type: qloguniform, min_value: 0, max_value: 3, q: 1}
      w: {type: normal, mu: 0, sigma: 1}
      wq: {type: qnormal, mu: 10, sigma: 2, q: 1}
      s: {type: lognormal, mu: 0, sigma: 0.5}
      sq: {type: qlognormal, mu: 1, sigma: 0.5, q: 0.5}
    objective: {goal: Maximize, primary_metric: accuracy}
    limits: {max_total_trials: 20, max_concurrent_trials: 4, timeout: 3600, trial_timeout: 600}
    early_termination: {type: bandit, slack_factor: 0.1, evaluation_interval: 1, delay_evaluation: 5}
"""


def parse(text: str, trial_inputs=None, step_inputs=None) -> tuple[SweepSpec | None, list]:
    doc = parse_yaml(textwrap.dedent(text), "pipe.yml")
    raw = doc.data["jobs"]["sweep_step"]
    loc = Located(doc.source, ("jobs", "sweep_step"), Path("."))
    return parse_sweep(raw, loc, trial_inputs, step_inputs)


def test_every_distribution_and_field_parses() -> None:
    spec, problems = parse(GOOD)
    assert problems == []
    assert spec is not None
    assert [d.type for d in spec.search_space.values()] == [
        "choice", "randint", "uniform", "quniform", "loguniform", "qloguniform", "normal", "qnormal",
        "lognormal", "qlognormal"]
    assert spec.search_space["kernel"].values == ("linear", "rbf")
    assert spec.search_space["cq"].param("q") == 2
    assert (spec.sampling.algorithm, spec.sampling.seed, spec.sampling.rule) == ("random", 42, "sobol")
    assert spec.objective.goal == "maximize" and spec.objective.primary_metric == "accuracy"
    assert (spec.limits.max_total_trials, spec.limits.max_concurrent_trials) == (20, 4)
    assert (spec.limits.timeout, spec.limits.trial_timeout) == (3600, 600)
    policy = spec.early_termination
    assert policy is not None and (policy.type, policy.slack_factor, policy.delay_evaluation) == ("bandit", 0.1, 5)


def test_unknown_distribution_names_line_field_and_close_match() -> None:
    spec, problems = parse(GOOD.replace("type: loguniform,", "type: logunifrom,"))
    assert spec is None
    [p] = problems
    assert p.code == "sweep.unknown_distribution"
    assert p.line == 17 and p.path == "jobs.sweep_step.search_space.lr.type"
    assert "did you mean 'loguniform'?" in p.message and "expected one of choice, randint" in p.message


def test_choice_without_values() -> None:
    _, problems = parse(GOOD.replace("values: [linear, rbf]", "values: []"))
    [p] = problems
    assert p.code == "sweep.empty_choice" and p.line == 13
    assert "at least one value" in p.message


def test_bad_parameters_are_each_reported() -> None:
    text = (GOOD.replace("upper: 5", "upper: 0").replace("max_value: 1.0", "max_value: 0.05")
            .replace("sigma: 1}", "sigma: -1}").replace("q: 0.5", "q: many"))
    spec, problems = parse(text)
    assert spec is None
    codes = {p.path.rsplit(".", 2)[-2] + "." + p.path.rsplit(".", 1)[-1]: p.code for p in problems}
    assert codes == {"n.upper": "sweep.bad_parameter", "c.max_value": "sweep.bad_range",
                     "w.sigma": "sweep.bad_parameter", "sq.q": "sweep.bad_parameter"}


def test_grid_takes_only_choice_and_bayesian_refuses_early_termination() -> None:
    _, problems = parse(GOOD.replace("type: random\n      seed: 42\n      rule: sobol", "type: grid"))
    grid = [p for p in problems if p.code == "sweep.grid_needs_choice"]
    assert len(grid) == 9 and "'n' is randint" in grid[0].message
    assert any(p.code == "sweep.unknown_key" for p in problems) is False
    _, problems = parse(GOOD.replace("type: random\n      seed: 42\n      rule: sobol", "type: bayesian"))
    assert any(p.code == "sweep.bayesian_early_termination" for p in problems)
    assert {p.path.split(".")[-2] for p in problems if p.code == "sweep.bayesian_distribution"} == {
        "n", "lr", "lrq", "w", "wq", "s", "sq"}


def test_sampling_objective_and_policy_mistakes() -> None:
    text = (GOOD.replace("type: random\n", "type: randon\n").replace("goal: Maximize", "goal: biggest")
            .replace("slack_factor: 0.1,", "slack_factor: 0.1, slack_amount: 0.2,"))
    _, problems = parse(text)
    by_code = {p.code: p for p in problems}
    assert "did you mean 'random'?" in by_code["sweep.unknown_sampling"].message
    assert by_code["sweep.unknown_sampling"].line == 9
    assert "minimize or maximize" in by_code["sweep.bad_goal"].message
    assert "exactly one of 'slack_factor'" in by_code["sweep.bandit_slack"].message


def test_truncation_needs_percentage_and_limits_need_counts() -> None:
    text = GOOD.replace("type: bandit, slack_factor: 0.1,", "type: truncation_selection,").replace(
        "max_total_trials: 20", "max_total_trials: 0")
    _, problems = parse(text)
    codes = {p.code for p in problems}
    assert codes == {"sweep.bad_truncation", "sweep.bad_number"}


def test_hyperparameters_must_be_trial_inputs() -> None:
    inputs = {name: object() for name in ("kernel", "n", "c", "cq", "lr", "lrq", "w", "wq", "s", "data")}
    _, problems = parse(GOOD, trial_inputs=inputs, step_inputs={"data": "x", "kernel": "rbf"})
    unknown = sorted(p.path.split(".")[-1] for p in problems if p.code == "sweep.unknown_hyperparameter")
    assert unknown == ["sq"]
    assert "did you mean 's'?" in next(p.message for p in problems if p.code == "sweep.unknown_hyperparameter")
    assert [p.path for p in problems if p.code == "sweep.input_and_hyperparameter"] == ["jobs.sweep_step.inputs.kernel"]


def test_string_sampling_and_defaults() -> None:
    spec, problems = parse("""\
        type: pipeline
        jobs:
          sweep_step:
            type: sweep
            trial: ./train.yml
            sampling_algorithm: grid
            search_space:
              k: {type: choice, values: [1, 2, 3]}
            objective: {goal: minimize, primary_metric: loss}
        """)
    assert problems == [] and spec is not None
    assert spec.sampling.algorithm == "grid" and spec.sampling.seed is None
    assert spec.limits.max_total_trials == 1000 and spec.limits.max_concurrent_trials is None
    assert spec.early_termination is None
