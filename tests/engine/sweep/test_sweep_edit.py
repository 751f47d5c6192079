"""The sweep form's mapping edits: a command step to a sweep and back, distributions, fields; every
result parses as a sweep step (or refuses with a sentence saying what to do)."""

from __future__ import annotations

import pytest

from designer.spec.model import InputDecl, Located
from designer.spec.sweep import parse_sweep
from designer.spec.sweep_edit import (
    SweepEditRefused,
    set_distribution,
    set_field,
    set_policy,
    set_policy_field,
    to_command,
    to_sweep,
)

PARAMS = {"c": InputDecl("c", "number", min=0.01, max=2.0), "kernel": InputDecl("kernel", "string", default="rbf"),
          "epochs": InputDecl("epochs", "integer", default=3)}
STEP = {"type": "command", "component": "./train.yml", "inputs": {"c": 0.5, "epochs": 5, "data": "${{parent.inputs.d}}"},
        "outputs": {"model": None}, "compute": "azureml:cpu"}


def test_to_sweep_searches_the_bounded_number_and_keeps_the_rest() -> None:
    sweep = to_sweep(STEP, PARAMS, metric="accuracy")
    assert sweep == {"type": "sweep", "trial": "./train.yml", "compute": "azureml:cpu",
                     "inputs": {"epochs": 5, "data": "${{parent.inputs.d}}"}, "outputs": {"model": None},
                     "sampling_algorithm": "random",
                     "search_space": {"c": {"type": "uniform", "min_value": 0.01, "max_value": 2.0}},
                     "objective": {"goal": "maximize", "primary_metric": "accuracy"},
                     "limits": {"max_total_trials": 10, "max_concurrent_trials": 2}}
    spec, problems = parse_sweep(sweep, Located(), PARAMS, sweep["inputs"])
    assert spec is not None and problems == []
    assert STEP["type"] == "command"  # the argument is not changed


def test_distributions_fields_and_back() -> None:
    sweep = to_sweep(STEP, PARAMS, metric="loss", goal="minimize")
    sweep = set_distribution(sweep, "kernel", {"type": "choice", "values": ["linear", "rbf"], "junk": 1})
    sweep = set_distribution(sweep, "epochs", {"type": "quniform", "min_value": 1, "max_value": 9, "q": 2})
    sweep = set_distribution(sweep, "epochs", None, fixed=4)  # not searched any more: one value again
    sweep = set_field(set_field(sweep, "sampling_algorithm", "random"), "sampling_algorithm.seed", 7)
    sweep = set_field(sweep, "limits.max_total_trials", 4)
    assert sweep["search_space"] == {"c": {"type": "uniform", "min_value": 0.01, "max_value": 2.0},
                                     "kernel": {"type": "choice", "values": ["linear", "rbf"]}}
    assert sweep["inputs"]["epochs"] == 4 and sweep["sampling_algorithm"] == {"type": "random", "seed": 7}
    spec, problems = parse_sweep(sweep, Located(), PARAMS, sweep["inputs"])
    assert spec is not None and problems == [] and spec.limits.max_total_trials == 4
    assert spec.objective.goal == "minimize"
    back = to_command(sweep)
    assert back == {"type": "command", "component": "./train.yml", "compute": "azureml:cpu",
                    "outputs": {"model": None},
                    "inputs": {"epochs": 4, "data": "${{parent.inputs.d}}", "c": 0.01, "kernel": "linear"}}


def test_refusals_say_what_to_do() -> None:
    with pytest.raises(SweepEditRefused, match="save it as a component first"):
        to_sweep({"type": "command", "command": "python x.py"}, PARAMS)
    with pytest.raises(SweepEditRefused, match="nothing to search over"):
        to_sweep(STEP, {})
    sweep = to_sweep(STEP, PARAMS, metric="accuracy")
    with pytest.raises(SweepEditRefused, match="only hyperparameter"):
        set_distribution(sweep, "c", None)
    with pytest.raises(SweepEditRefused, match="unknown distribution 'gauss'"):
        set_distribution(sweep, "c", {"type": "gauss"})


def test_early_termination_policies_and_their_fields() -> None:
    sweep = to_sweep(STEP, PARAMS, metric="accuracy")
    sweep = set_policy(sweep, "bandit")
    assert sweep["early_termination"] == {"type": "bandit", "slack_factor": 0.1, "evaluation_interval": 1,
                                          "delay_evaluation": 5}
    assert list(sweep)[-1] == "early_termination"  # Azure's key order
    sweep = set_policy_field(set_policy_field(sweep, "evaluation_interval", 2), "slack_amount", 0.05)
    assert sweep["early_termination"] == {"type": "bandit", "slack_amount": 0.05, "evaluation_interval": 2,
                                          "delay_evaluation": 5}  # one slack only
    spec, problems = parse_sweep(sweep, Located(), PARAMS, sweep["inputs"])
    assert problems == [] and spec is not None and spec.early_termination is not None
    assert (spec.early_termination.slack_amount, spec.early_termination.evaluation_interval) == (0.05, 2)
    # another policy keeps the interval and delay and starts its own fields
    sweep = set_policy(sweep, "truncation_selection")
    assert sweep["early_termination"] == {"type": "truncation_selection", "truncation_percentage": 20,
                                          "evaluation_interval": 2, "delay_evaluation": 5}
    sweep = set_policy(sweep, "median_stopping")
    assert sweep["early_termination"] == {"type": "median_stopping", "evaluation_interval": 2, "delay_evaluation": 5}
    assert parse_sweep(sweep, Located(), PARAMS, sweep["inputs"])[1] == []
    # a bad value is written as typed, and parse_sweep says where
    bad = set_policy_field(set_policy(sweep, "truncation_selection"), "truncation_percentage", 150)
    assert [p.path for p in parse_sweep(bad, Located(), PARAMS, bad["inputs"])[1]] == [
        "early_termination.truncation_percentage"]
    assert "early_termination" not in set_policy(sweep, None)
    assert "early_termination" not in to_command(sweep)
    with pytest.raises(SweepEditRefused, match="unknown early termination policy 'asha'"):
        set_policy(sweep, "asha")
    with pytest.raises(SweepEditRefused, match="a median_stopping policy has no 'slack_factor'"):
        set_policy_field(sweep, "slack_factor", 0.1)
    with pytest.raises(SweepEditRefused, match="choose one first"):
        set_policy_field(set_policy(sweep, None), "evaluation_interval", 1)
