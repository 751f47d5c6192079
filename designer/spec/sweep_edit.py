"""Turning a command step into a ``type: sweep`` step and back, and editing its fields: pure mapping edits.

The designer's sweep form (``designer/ui/pages/designer/sweep_form.py``) edits a step through these
functions: each takes the step's YAML mapping and returns a new one (the argument is not changed),
which :func:`designer.spec.sweep.parse_sweep` then checks, so what the form writes is always what
Azure's ``type: sweep`` schema reads (``trial``, ``search_space``, ``sampling_algorithm``,
``objective``, ``limits``, ``early_termination``).

- :func:`to_sweep`: the step's component becomes the ``trial``; one parameter is searched to start
  with (a number between its ``min`` and ``max``, else a choice of its current value), the others
  keep their values as the sweep's ``inputs``.
- :func:`to_command`: the trial becomes the ``component`` again and each hyperparameter gets one
  value: the first choice, the lower bound, the mean or 0 (for ``randint``).
- :func:`set_policy`, :func:`set_policy_field`: the ``early_termination`` policy and its fields.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from designer.errors import DesignerError
from designer.spec.sweep import DISTRIBUTIONS, POLICIES

SWEEP_KEYS = ("trial", "sampling_algorithm", "search_space", "objective", "early_termination")
DEFAULT_TRIALS = 10
DEFAULT_CONCURRENT = 2


class SweepEditRefused(DesignerError):
    """An edit of a sweep step that cannot be made, with what to do instead."""


def _numeric(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def starting_distribution(decl: Any, value: Any) -> dict[str, Any]:
    """A first search space entry for parameter ``decl`` currently set to ``value`` (None: its default)."""
    current = value if value is not None else decl.default
    if decl.type == "number" and _numeric(decl.min) and _numeric(decl.max) and decl.min < decl.max:
        return {"type": "uniform", "min_value": decl.min, "max_value": decl.max}
    if decl.type == "integer" and _numeric(decl.min) and _numeric(decl.max) and decl.min < decl.max:
        return {"type": "quniform", "min_value": decl.min, "max_value": decl.max, "q": 1}
    if decl.enum:
        return {"type": "choice", "values": list(decl.enum)}
    if decl.type == "boolean":
        return {"type": "choice", "values": [True, False]}
    if current is None:
        current = {"integer": 1, "number": 0.1}.get(decl.type, "")
    return {"type": "choice", "values": [current]}


def to_sweep(job: Mapping[str, Any], params: Mapping[str, Any], *, metric: str = "", goal: str = "maximize") -> dict[str, Any]:
    """The sweep step for command step mapping ``job``; ``params`` are the component's parameter
    declarations (:class:`~designer.spec.model.InputDecl` by name).

    Raises :class:`SweepEditRefused` for a step without a component reference (a command written on
    the step itself) or without parameters.
    """
    if "component" not in job:
        raise SweepEditRefused("only a step that runs a component can become a sweep; this step has its command "
                               "written on it: save it as a component first")
    if not params:
        raise SweepEditRefused("this step's component has no parameters, so there is nothing to search over")
    inputs = dict(job.get("inputs") or {})
    # the first number with bounds, else the first number, else the first parameter
    ranked = sorted(params.values(), key=lambda d: (not (_numeric(d.min) and _numeric(d.max)),
                                                     d.type not in ("number", "integer")))
    first = next((d for d in ranked if not _is_binding(inputs.get(d.name))), None)
    if first is None:
        raise SweepEditRefused("every parameter of this step is bound to a pipeline input; a hyperparameter must "
                               "get its values from the search space: clear one first")
    out: dict[str, Any] = {}
    for key, value in job.items():
        if key == "type":
            out["type"] = "sweep"
        elif key == "component":
            out["trial"] = copy.deepcopy(value)
        elif key == "inputs":
            continue
        else:
            out[key] = copy.deepcopy(value)
    out.setdefault("type", "sweep")
    kept = {k: v for k, v in inputs.items() if k != first.name}
    if kept:
        out["inputs"] = kept
    out["sampling_algorithm"] = "random"
    out["search_space"] = {first.name: starting_distribution(first, inputs.get(first.name))}
    out["objective"] = {"goal": goal, "primary_metric": metric}
    limits = dict(out.get("limits") or {})
    limits.setdefault("max_total_trials", DEFAULT_TRIALS)
    limits.setdefault("max_concurrent_trials", DEFAULT_CONCURRENT)
    out["limits"] = limits
    return _ordered(out)


def _is_binding(value: Any) -> bool:
    return isinstance(value, str) and "${{" in value


def fixed_value(dist: Mapping[str, Any]) -> Any:
    """One value of a distribution, for a step that stops searching it: the first choice, the lower
    bound, the mean, or 0 for ``randint`` (None when the entry is not a distribution)."""
    if not isinstance(dist, Mapping):
        return None
    kind = str(dist.get("type", "")).lower()
    if kind == "choice":
        values = dist.get("values")
        return values[0] if isinstance(values, list) and values else None
    if kind == "randint":
        return 0
    for key in ("min_value", "mu"):
        if _numeric(dist.get(key)):
            return dist[key]
    return None


def to_command(job: Mapping[str, Any]) -> dict[str, Any]:
    """The command step for sweep step mapping ``job``: its trial as the component, each hyperparameter
    at one value (:func:`fixed_value`), the sweep's own fields and trial limits dropped.

    Raises :class:`SweepEditRefused` when the step has no ``trial``.
    """
    if "trial" not in job:
        raise SweepEditRefused("this sweep step has no 'trial' component to turn back into a step")
    inputs = dict(job.get("inputs") or {})
    for name, dist in (job.get("search_space") or {}).items():
        value = fixed_value(dist)
        if value is not None:
            inputs[str(name)] = value
    out: dict[str, Any] = {}
    for key, value in job.items():
        if key == "type":
            out["type"] = "command"
        elif key == "trial":
            out["component"] = copy.deepcopy(value)
        elif key in SWEEP_KEYS or key == "inputs":
            continue
        elif key == "limits":
            kept = {k: v for k, v in (value or {}).items() if k == "timeout"}
            if kept:
                out["limits"] = kept
        else:
            out[key] = copy.deepcopy(value)
    if inputs:
        out["inputs"] = inputs
    return out


def set_distribution(job: Mapping[str, Any], name: str, dist: Mapping[str, Any] | None,
                     fixed: Any = None) -> dict[str, Any]:
    """``job`` with hyperparameter ``name`` searched over ``dist``, or (``dist`` None) not searched any
    more and set to ``fixed`` (left to its default when None).

    Raises :class:`SweepEditRefused` for an unknown distribution type or for removing the last
    hyperparameter (a sweep needs one: turn it back into a step instead).
    """
    out = copy.deepcopy(dict(job))
    space = dict(out.get("search_space") or {})
    inputs = dict(out.get("inputs") or {})
    if dist is None:
        if name in space and len(space) == 1:
            raise SweepEditRefused(f"'{name}' is the sweep's only hyperparameter; search another parameter first, "
                                   "or turn the sweep back into a step")
        space.pop(name, None)
        if fixed is not None:
            inputs[name] = fixed
    else:
        kind = str(dist.get("type", "")).lower()
        if kind not in DISTRIBUTIONS:
            raise SweepEditRefused(f"unknown distribution '{dist.get('type')}'; expected one of {', '.join(DISTRIBUTIONS)}")
        space[name] = {"type": kind, **{k: v for k, v in dist.items() if k in DISTRIBUTIONS[kind]}}
        inputs.pop(name, None)
    out["search_space"] = space
    if inputs:
        out["inputs"] = inputs
    else:
        out.pop("inputs", None)
    return _ordered(out)


def set_field(job: Mapping[str, Any], key: str, value: Any) -> dict[str, Any]:
    """``job`` with ``objective.goal``, ``objective.primary_metric``, ``sampling_algorithm``,
    ``sampling_algorithm.seed`` or ``limits.<name>`` set to ``value`` (None removes it)."""
    out = copy.deepcopy(dict(job))
    if key.startswith("objective."):
        objective = dict(out.get("objective") or {})
        objective[key.split(".", 1)[1]] = value
        out["objective"] = objective
    elif key == "sampling_algorithm":
        seed = _seed(out.get("sampling_algorithm"))
        out["sampling_algorithm"] = {"type": value, "seed": seed} if value == "random" and seed is not None else value
    elif key == "sampling_algorithm.seed":
        algorithm = _algorithm(out.get("sampling_algorithm"))
        out["sampling_algorithm"] = {"type": algorithm, "seed": value} if value is not None else algorithm
    elif key.startswith("limits."):
        limits = dict(out.get("limits") or {})
        name = key.split(".", 1)[1]
        if value is None:
            limits.pop(name, None)
        else:
            limits[name] = value
        out["limits"] = limits
    else:
        raise SweepEditRefused(f"the sweep form cannot set '{key}'")
    return _ordered(out)


# A policy's own fields (Azure's names), in the order they are written; evaluation_interval and
# delay_evaluation are every policy's.
POLICY_FIELDS: dict[str, tuple[str, ...]] = {
    "bandit": ("slack_factor", "slack_amount", "evaluation_interval", "delay_evaluation"),
    "median_stopping": ("evaluation_interval", "delay_evaluation"),
    "truncation_selection": ("truncation_percentage", "evaluation_interval", "delay_evaluation"),
}
# What a policy starts with when chosen in the form: the values of Azure's own examples.
POLICY_START: dict[str, dict[str, Any]] = {
    "bandit": {"slack_factor": 0.1},
    "median_stopping": {},
    "truncation_selection": {"truncation_percentage": 20},
}
START_INTERVAL, START_DELAY = 1, 5


def set_policy(job: Mapping[str, Any], policy: str | None) -> dict[str, Any]:
    """``job`` with early termination policy ``policy`` (``bandit``, ``median_stopping``,
    ``truncation_selection``), or without one (None or ""). A new policy keeps the evaluation interval
    and delay already set and starts its own fields from Azure's examples.

    Raises :class:`SweepEditRefused` for an unknown policy.
    """
    out = copy.deepcopy(dict(job))
    if not policy:
        out.pop("early_termination", None)
        return _ordered(out)
    kind = str(policy).lower()
    if kind not in POLICIES:
        raise SweepEditRefused(f"unknown early termination policy '{policy}'; expected one of {', '.join(POLICIES)}")
    raw = out.get("early_termination")
    old: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    if str(old.get("type", "")).lower() == kind:
        return _ordered(out)
    fields: dict[str, Any] = {**POLICY_START[kind],
                              "evaluation_interval": old.get("evaluation_interval", START_INTERVAL),
                              "delay_evaluation": old.get("delay_evaluation", START_DELAY)}
    out["early_termination"] = _policy({"type": kind, **fields})
    return _ordered(out)


def set_policy_field(job: Mapping[str, Any], key: str, value: Any) -> dict[str, Any]:
    """``job`` with field ``key`` of its early termination policy set to ``value`` (None removes it).
    A bandit policy has one slack: setting ``slack_factor`` drops ``slack_amount`` and the other way round.

    Raises :class:`SweepEditRefused` when the step has no policy or the policy has no such field.
    """
    out = copy.deepcopy(dict(job))
    policy = out.get("early_termination")
    if not isinstance(policy, Mapping) or str(policy.get("type", "")).lower() not in POLICY_FIELDS:
        raise SweepEditRefused("this sweep has no early termination policy; choose one first")
    kind = str(policy["type"]).lower()
    if key not in POLICY_FIELDS[kind]:
        raise SweepEditRefused(f"a {kind} policy has no '{key}'; it takes {', '.join(POLICY_FIELDS[kind])}")
    policy = dict(policy)
    if value is None:
        policy.pop(key, None)
    else:
        policy[key] = value
        if key in ("slack_factor", "slack_amount"):
            policy.pop("slack_amount" if key == "slack_factor" else "slack_factor", None)
    out["early_termination"] = _policy(policy)
    return _ordered(out)


def _policy(policy: Mapping[str, Any]) -> dict[str, Any]:
    kind = str(policy.get("type", "")).lower()
    out = {"type": policy.get("type")}
    out.update({k: policy[k] for k in POLICY_FIELDS.get(kind, ()) if k in policy})
    out.update({k: v for k, v in policy.items() if k not in out})
    return out


def _algorithm(raw: Any) -> str:
    if isinstance(raw, Mapping):
        return str(raw.get("type") or "random")
    return str(raw or "random")


def _seed(raw: Any) -> Any:
    return raw.get("seed") if isinstance(raw, Mapping) else None


_ORDER = ("type", "trial", "display_name", "description", "compute", "inputs", "outputs", "sampling_algorithm",
          "search_space", "objective", "limits", "early_termination")


def _ordered(job: dict[str, Any]) -> dict[str, Any]:
    """Azure's documented key order for a sweep step, other keys after."""
    out = {k: job[k] for k in _ORDER if k in job}
    out.update({k: v for k, v in job.items() if k not in out})
    return out
