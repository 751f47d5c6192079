"""The sweep form's mapping edits: a command step to a sweep and back, distributions, fields; every
result parses as a sweep step (or refuses with a sentence saying what to do)."""

from __future__ import annotations

import pytest

from designer.spec.model import InputDecl, Located
from designer.spec.sweep import parse_sweep
from designer.spec.sweep_edit import SweepEditRefused, set_distribution, set_field, to_command, to_sweep

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
