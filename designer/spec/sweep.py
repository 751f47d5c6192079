"""The ``type: sweep`` step: search space, sampling, objective, limits and early termination.

Over 400 lines on purpose: one job (the sweep step's fields), mirroring Azure's schema key for key, every distribution with its own checks.

Schema: Azure ML's sweep job reference (``reference-yaml-job-sweep``) and the ``azure-ai-ml`` SDK's
marshmallow schemas (``_schema/_sweep``), which this mirrors key for key:

- ``search_space.<name>: {type, ...}`` with ``choice {values}``, ``randint {upper}``,
  ``uniform``/``loguniform {min_value, max_value}``, ``quniform``/``qloguniform {min_value,
  max_value, q}``, ``normal``/``lognormal {mu, sigma}``, ``qnormal``/``qlognormal {mu, sigma, q}``;
- ``sampling_algorithm``: ``random``, ``grid``, ``bayesian`` or ``{type: random, seed, rule}``;
- ``objective: {goal: minimize|maximize, primary_metric}``;
- ``limits: {max_total_trials, max_concurrent_trials, timeout, trial_timeout}`` (seconds);
- ``early_termination: {type: bandit|median_stopping|truncation_selection, evaluation_interval,
  delay_evaluation, slack_factor|slack_amount, truncation_percentage}``.

Azure's rules that hold before anything runs are checked here: grid sampling only over ``choice``,
Bayesian sampling only over ``choice``/``uniform``/``quniform`` and without early termination, a
bandit policy with exactly one of ``slack_factor``/``slack_amount``. Parsing is pure: it returns a
:class:`SweepSpec` (or None) and the problems found, each located at its key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from designer.errors import Problem
from designer.spec.loading import StepLoading
from designer.spec.model import Located
from designer.spec.values import ProblemList, close_match, int_value, kind_of

DISTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "choice": ("values",),
    "randint": ("upper",),
    "uniform": ("min_value", "max_value"),
    "loguniform": ("min_value", "max_value"),
    "quniform": ("min_value", "max_value", "q"),
    "qloguniform": ("min_value", "max_value", "q"),
    "normal": ("mu", "sigma"),
    "lognormal": ("mu", "sigma"),
    "qnormal": ("mu", "sigma", "q"),
    "qlognormal": ("mu", "sigma", "q"),
}
SAMPLING_ALGORITHMS = ("random", "grid", "bayesian")
RANDOM_RULES = ("random", "sobol")
GOALS = ("minimize", "maximize")
POLICIES = ("bandit", "median_stopping", "truncation_selection")
BAYESIAN_DISTRIBUTIONS = ("choice", "uniform", "quniform")
# Azure's documented defaults (reference-yaml-job-sweep): 1000 trials, as many at once as allowed,
# a week for the whole sweep.
DEFAULT_MAX_TOTAL_TRIALS = 1000
DEFAULT_TIMEOUT_S = 7 * 24 * 3600


@dataclass(frozen=True)
class Distribution:
    """One hyperparameter's distribution: ``type`` and its parameters (``values`` for choice)."""

    name: str
    type: str
    values: tuple[Any, ...] = ()
    params: tuple[tuple[str, float], ...] = ()

    def param(self, key: str) -> float:
        """The numeric parameter ``key`` (e.g. ``min_value``); raises KeyError when absent."""
        return dict(self.params)[key]

    def to_dict(self) -> dict[str, Any]:
        """The YAML mapping of this distribution."""
        d: dict[str, Any] = {"type": self.type}
        if self.type == "choice":
            d["values"] = list(self.values)
        d.update(self.params)
        return d


@dataclass(frozen=True)
class Sampling:
    """``sampling_algorithm``: the algorithm, its seed and (random only) its rule."""

    algorithm: str = "random"
    seed: int | None = None
    rule: str = "random"


@dataclass(frozen=True)
class Objective:
    """``objective``: which logged metric decides, and whether lower or higher is better."""

    goal: str
    primary_metric: str

    @property
    def maximize(self) -> bool:
        """True when a higher value is better."""
        return self.goal == "maximize"


@dataclass(frozen=True)
class SweepLimits:
    """``limits``: how many trials, how many at once, and time limits in seconds."""

    max_total_trials: int = DEFAULT_MAX_TOTAL_TRIALS
    max_concurrent_trials: int | None = None  # None: as many as the compute target allows
    timeout: float | None = None
    trial_timeout: float | None = None


@dataclass(frozen=True)
class EarlyTermination:
    """``early_termination``: the policy type and its fields (Azure's names)."""

    type: str
    evaluation_interval: int = 1
    delay_evaluation: int = 0
    slack_factor: float | None = None
    slack_amount: float | None = None
    truncation_percentage: int | None = None


@dataclass(frozen=True)
class SweepSpec:
    """Everything a sweep step says beyond its trial component and its inputs/outputs."""

    search_space: dict[str, Distribution]
    sampling: Sampling
    objective: Objective
    limits: SweepLimits = field(default_factory=SweepLimits)
    early_termination: EarlyTermination | None = None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


class _Parser(ProblemList):
    """The problems of one step's fields, with the checks its fields share."""

    def mapping(self, value: Any, rel: tuple[str, ...], what: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.add(rel, "sweep.not_mapping", f"{what} must be a mapping, found {kind_of(value)}")
            return None
        return value

    def unknown_keys(self, raw: Mapping[str, Any], allowed: tuple[str, ...], rel: tuple[str, ...], what: str) -> None:
        for key in raw:
            if key not in allowed:
                self.add((*rel, str(key)), "sweep.unknown_key",
                         f"{what} has no field '{key}'{close_match(str(key), allowed)}; expected {', '.join(allowed)}")

    def count(self, raw: Mapping[str, Any], key: str, rel: tuple[str, ...], *, minimum: int,
              default: int | None) -> int | None:
        if key not in raw or raw[key] is None:
            return default
        value = int_value(raw[key])
        if value is None or value < minimum:
            self.add((*rel, key), "sweep.bad_number",
                     f"'{key}' must be a whole number of at least {minimum}, found {kind_of(raw[key])}")
            return default
        return value

    # ------------------------------------------------------------------------------ search space

    def distribution(self, name: str, raw: Any) -> Distribution | None:
        rel = ("search_space", name)
        spec = self.mapping(raw, rel, f"search space entry '{name}'")
        if spec is None:
            return None
        type_ = spec.get("type")
        if type_ is None:
            self.add(rel, "sweep.missing_distribution",
                     f"search space entry '{name}' has no 'type'; expected one of {', '.join(DISTRIBUTIONS)}")
            return None
        type_ = str(type_).lower()
        if type_ not in DISTRIBUTIONS:
            self.add((*rel, "type"), "sweep.unknown_distribution",
                     f"unknown distribution '{spec.get('type')}' for '{name}'{close_match(type_, DISTRIBUTIONS)}; "
                     f"expected one of {', '.join(DISTRIBUTIONS)}")
            return None
        needed = DISTRIBUTIONS[type_]
        self.unknown_keys(spec, ("type", *needed), rel, f"a {type_} distribution")
        ok = True
        for key in needed:
            if key not in spec:
                self.add(rel, "sweep.missing_parameter",
                         f"{type_} distribution '{name}' needs '{key}' (it takes {', '.join(needed)})")
                ok = False
        if not ok:
            return None
        if type_ == "choice":
            return self._choice(name, spec["values"], rel)
        if type_ == "randint":
            upper = int_value(spec["upper"])
            if upper is None or upper < 1:
                self.add((*rel, "upper"), "sweep.bad_parameter",
                         f"'upper' of randint '{name}' must be a whole number of at least 1 (values are 0..upper-1), "
                         f"found {kind_of(spec['upper'])}")
                return None
            return Distribution(name, type_, params=(("upper", float(upper)),))
        params: list[tuple[str, float]] = []
        for key in needed:
            number = _number(spec[key])
            if number is None:
                self.add((*rel, key), "sweep.bad_parameter", f"'{key}' of {type_} '{name}' must be a number, found {kind_of(spec[key])}")
                ok = False
                continue
            params.append((key, number))
        if not ok:
            return None
        values = dict(params)
        if "min_value" in values and values["min_value"] >= values["max_value"]:
            self.add((*rel, "max_value"), "sweep.bad_range",
                     f"'max_value' of {type_} '{name}' must be above 'min_value' ({values['min_value']:g}), "
                     f"found {values['max_value']:g}")
            ok = False
        if "sigma" in values and values["sigma"] <= 0:
            self.add((*rel, "sigma"), "sweep.bad_parameter", f"'sigma' of {type_} '{name}' must be above 0, found {values['sigma']:g}")
            ok = False
        if "q" in values and values["q"] <= 0:
            self.add((*rel, "q"), "sweep.bad_parameter", f"'q' of {type_} '{name}' must be above 0, found {values['q']:g}")
            ok = False
        return Distribution(name, type_, params=tuple(params)) if ok else None

    def _choice(self, name: str, values: Any, rel: tuple[str, ...]) -> Distribution | None:
        if not isinstance(values, list):
            self.add((*rel, "values"), "sweep.bad_choice",
                     f"'values' of choice '{name}' must be a list such as [0.01, 0.1], found {kind_of(values)}")
            return None
        if not values:
            self.add((*rel, "values"), "sweep.empty_choice",
                     f"choice '{name}' has no values; expected a list with at least one value, e.g. [0.01, 0.1]")
            return None
        for i, value in enumerate(values):
            if not isinstance(value, str | int | float | bool):
                self.add((*rel, "values", str(i)), "sweep.bad_choice",
                         f"choice '{name}' value {i + 1} is {kind_of(value)}; locally a choice holds numbers, text or "
                         "booleans (nested search spaces run only on Azure ML)")
                return None
        return Distribution(name, "choice", values=tuple(values))

    # ---------------------------------------------------------------------------------- sampling

    def sampling(self, raw: Any) -> Sampling:
        rel = ("sampling_algorithm",)
        if raw is None:
            self.add((), "sweep.missing_sampling",
                     f"the sweep has no 'sampling_algorithm'; expected one of {', '.join(SAMPLING_ALGORITHMS)}")
            return Sampling()
        if isinstance(raw, str):
            spec: dict[str, Any] = {"type": raw}
        else:
            got = self.mapping(raw, rel, "'sampling_algorithm'")
            if got is None:
                return Sampling()
            spec = got
        algorithm = str(spec.get("type", "")).lower()
        if algorithm not in SAMPLING_ALGORITHMS:
            self.add(rel if isinstance(raw, str) else (*rel, "type"), "sweep.unknown_sampling",
                     f"unknown sampling algorithm '{spec.get('type')}'{close_match(algorithm, SAMPLING_ALGORITHMS)}; "
                     f"expected one of {', '.join(SAMPLING_ALGORITHMS)}")
            return Sampling()
        allowed = ("type", "seed", "rule", "logbase") if algorithm == "random" else ("type",)
        if not isinstance(raw, str):
            self.unknown_keys(spec, allowed, rel, f"{algorithm} sampling")
        seed = None
        if spec.get("seed") is not None:
            seed = int_value(spec["seed"])
            if seed is None or seed < 0:
                self.add((*rel, "seed"), "sweep.bad_seed", f"'seed' must be a whole number of at least 0, found {kind_of(spec['seed'])}")
                seed = None
        rule = str(spec.get("rule") or "random").lower()
        if rule not in RANDOM_RULES:
            self.add((*rel, "rule"), "sweep.bad_rule",
                     f"unknown random rule '{spec.get('rule')}'{close_match(rule, RANDOM_RULES)}; expected random or sobol")
            rule = "random"
        return Sampling(algorithm, seed, rule)

    # ----------------------------------------------------------------------- objective and limits

    def objective(self, raw: Any) -> Objective:
        rel = ("objective",)
        if raw is None:
            self.add((), "sweep.missing_objective",
                     "the sweep has no 'objective'; expected e.g. '{goal: maximize, primary_metric: accuracy}'")
            return Objective("maximize", "")
        spec = self.mapping(raw, rel, "'objective'")
        if spec is None:
            return Objective("maximize", "")
        self.unknown_keys(spec, ("goal", "primary_metric"), rel, "'objective'")
        goal = str(spec.get("goal", "")).lower()
        if goal not in GOALS:
            self.add((*rel, "goal") if "goal" in spec else rel, "sweep.bad_goal",
                     f"objective goal must be minimize or maximize, found {kind_of(spec.get('goal'))}{close_match(goal, GOALS)}")
            goal = "maximize"
        metric = spec.get("primary_metric")
        if not isinstance(metric, str) or not metric.strip():
            self.add((*rel, "primary_metric") if "primary_metric" in spec else rel, "sweep.missing_metric",
                     f"objective needs 'primary_metric', the name of a metric the trial logs, found {kind_of(metric)}")
            metric = ""
        return Objective(goal, metric.strip())

    def limits(self, raw: Any) -> SweepLimits:
        rel = ("limits",)
        if raw is None:
            return SweepLimits()
        spec = self.mapping(raw, rel, "'limits'")
        if spec is None:
            return SweepLimits()
        self.unknown_keys(spec, ("max_total_trials", "max_concurrent_trials", "timeout", "trial_timeout"), rel, "sweep 'limits'")
        total = self.count(spec, "max_total_trials", rel, minimum=1, default=DEFAULT_MAX_TOTAL_TRIALS)
        concurrent = self.count(spec, "max_concurrent_trials", rel, minimum=1, default=None)
        times: dict[str, float | None] = {}
        for key in ("timeout", "trial_timeout"):
            value = spec.get(key)
            number = _number(value)
            if value is not None and (number is None or number <= 0):
                self.add((*rel, key), "sweep.bad_timeout", f"'{key}' must be a positive number of seconds, found {kind_of(value)}")
                number = None
            times[key] = number
        return SweepLimits(total or DEFAULT_MAX_TOTAL_TRIALS, concurrent, times["timeout"], times["trial_timeout"])

    def early_termination(self, raw: Any) -> EarlyTermination | None:
        rel = ("early_termination",)
        if raw is None:
            return None
        spec = self.mapping(raw, rel, "'early_termination'")
        if spec is None:
            return None
        type_ = str(spec.get("type", "")).lower()
        if type_ not in POLICIES:
            self.add((*rel, "type") if "type" in spec else rel, "sweep.unknown_policy",
                     f"unknown early termination policy {kind_of(spec.get('type'))}{close_match(type_, POLICIES)}; "
                     f"expected one of {', '.join(POLICIES)}")
            return None
        extra = {"bandit": ("slack_factor", "slack_amount"), "truncation_selection": ("truncation_percentage",)}
        self.unknown_keys(spec, ("type", "evaluation_interval", "delay_evaluation", *extra.get(type_, ())), rel,
                          f"a {type_} policy")
        # Azure's SDK defaults evaluation_interval to 0 for bandit and truncation; 0 means every interval.
        interval = self.count(spec, "evaluation_interval", rel, minimum=0, default=1) or 1
        delay = self.count(spec, "delay_evaluation", rel, minimum=0, default=0) or 0
        policy = EarlyTermination(type_, interval, delay)
        if type_ == "bandit":
            factor, amount = spec.get("slack_factor"), spec.get("slack_amount")
            given = [k for k in ("slack_factor", "slack_amount") if spec.get(k) is not None]
            if len(given) != 1:
                self.add(rel, "sweep.bandit_slack",
                         "a bandit policy needs exactly one of 'slack_factor' (a ratio, e.g. 0.1) or 'slack_amount' "
                         f"(an absolute distance), found {' and '.join(given) or 'neither'}")
                return None
            key = given[0]
            number = _number(factor if key == "slack_factor" else amount)
            if number is None or number < 0:
                self.add((*rel, key), "sweep.bad_slack", f"'{key}' must be a number of at least 0, found {kind_of(spec[key])}")
                return None
            return EarlyTermination(type_, interval, delay, slack_factor=number if key == "slack_factor" else None,
                                    slack_amount=number if key == "slack_amount" else None)
        if type_ == "truncation_selection":
            pct = int_value(spec.get("truncation_percentage"))
            if pct is None or not 1 <= pct <= 99:
                self.add((*rel, "truncation_percentage") if "truncation_percentage" in spec else rel,
                         "sweep.bad_truncation",
                         "a truncation_selection policy needs 'truncation_percentage', a whole number from 1 to 99, "
                         f"found {kind_of(spec.get('truncation_percentage'))}")
                return None
            return EarlyTermination(type_, interval, delay, truncation_percentage=pct)
        return policy


def parse_sweep(raw: Mapping[str, Any], loc: Located, trial_inputs: Mapping[str, Any] | None = None,
                step_inputs: Mapping[str, Any] | None = None) -> tuple[SweepSpec | None, list[Problem]]:
    """Read the sweep fields of step mapping ``raw`` (located by ``loc``).

    ``trial_inputs`` (the trial component's declared inputs, when known) lets each search-space name
    be checked against them; ``step_inputs`` (the step's ``inputs``) catches a name set both as an
    input and as a hyperparameter. Returns ``(spec, problems)``; ``spec`` is None when the search
    space or objective is unusable. Never raises for bad input.
    """
    p = _Parser(loc)
    space_raw = raw.get("search_space")
    space: dict[str, Distribution] = {}
    if space_raw is None:
        p.add((), "sweep.missing_search_space",
              "the sweep has no 'search_space'; expected e.g. 'search_space: {lr: {type: uniform, min_value: 0.01, max_value: 0.1}}'")
    elif p.mapping(space_raw, ("search_space",), "'search_space'") is not None:
        if not space_raw:
            p.add(("search_space",), "sweep.empty_search_space", "'search_space' is empty; expected at least one hyperparameter")
        for name, value in space_raw.items():
            dist = p.distribution(str(name), value)
            if dist is not None:
                space[str(name)] = dist
            if trial_inputs is not None and str(name) not in trial_inputs:
                p.add(("search_space", str(name)), "sweep.unknown_hyperparameter",
                      f"hyperparameter '{name}' is not an input of the trial component"
                      f"{close_match(str(name), trial_inputs)}; each search-space name must be one of its inputs "
                      f"({', '.join(trial_inputs) or 'it has none'})")
            if step_inputs is not None and str(name) in step_inputs:
                p.add(("inputs", str(name)), "sweep.input_and_hyperparameter",
                      f"'{name}' is both a step input and a hyperparameter; set it in one place only")
    sampling = p.sampling(raw.get("sampling_algorithm"))
    objective = p.objective(raw.get("objective"))
    limits = p.limits(raw.get("limits"))
    policy = p.early_termination(raw.get("early_termination"))
    if sampling.algorithm == "grid":
        for dist in space.values():
            if dist.type != "choice":
                p.add(("search_space", dist.name, "type"), "sweep.grid_needs_choice",
                      f"grid sampling tries every combination, so it takes only 'choice' hyperparameters; "
                      f"'{dist.name}' is {dist.type}: use choice with its values, or sampling_algorithm: random")
    if sampling.algorithm == "bayesian":
        for dist in space.values():
            if dist.type not in BAYESIAN_DISTRIBUTIONS:
                p.add(("search_space", dist.name, "type"), "sweep.bayesian_distribution",
                      f"bayesian sampling takes only choice, uniform and quniform hyperparameters (as on Azure ML); "
                      f"'{dist.name}' is {dist.type}")
        if policy is not None:
            p.add(("early_termination",), "sweep.bayesian_early_termination",
                  "bayesian sampling does not support an early termination policy (as on Azure ML); remove "
                  "'early_termination' or use random sampling")
    if not space or not objective.primary_metric or len(space) != len(space_raw or {}):
        return None, p.problems
    return SweepSpec(space, sampling, objective, limits, policy), p.problems


# ------------------------------------------------------------------------------------- in a pipeline


def _decl_type(dist: Distribution) -> str:
    if dist.type == "randint":
        return "integer"
    if dist.type == "choice":
        kinds = {type(v) for v in dist.values}
        if kinds <= {bool}:
            return "boolean"
        if kinds <= {int}:
            return "integer"
        if kinds <= {int, float}:
            return "number"
        return "string"
    return "number"


def sweep_fields(job: Any) -> dict[str, Any]:
    """The mapping :func:`parse_sweep` reads, from a loaded step (its extra keys and its limits)."""
    return {**job.extra, "limits": dict(job.limits) if job.limits else None}


def resolve_sweep_job(job: Any, ctx: StepLoading) -> None:
    """Resolve a ``type: sweep`` step while loading: its ``trial`` component becomes ``job.resolved``.

    The trial's ``${{search_space.x}}`` references become ``${{inputs.x}}`` and a hyperparameter the
    trial does not declare is declared (typed from its distribution), as Azure does for inline trials.
    ``ctx`` is what the loader lends (:class:`~designer.spec.loading.StepLoading`): it loads the trial
    component and collects every sweep problem.
    """
    import copy
    import re

    from designer.spec.model import CommandComponent, InputDecl

    loc: Located = job.loc
    raw_trial = job.extra.get("trial")
    trial: Any = None
    form = ""
    if raw_trial is None:
        ctx.add(loc.problem((), "sweep.missing_trial",
                            "the sweep has no 'trial'; expected the command component each trial runs, e.g. 'trial: ./train.yml'"))
    else:
        form, trial = ctx.component(raw_trial, loc, ("trial",))
        if form not in ("inline", "file", "registry"):
            ctx.add(loc.problem(("trial",), "sweep.bad_trial",
                                f"'trial' must be a component path ('./train.yml'), a reference or a mapping, found {kind_of(raw_trial)}"))
        if trial is not None and not isinstance(trial, CommandComponent):
            ctx.add(loc.problem(("trial",), "sweep.trial_not_command",
                                "a sweep's trial must be a command component; a pipeline component cannot be swept"))
            trial = None
    spec, problems = parse_sweep(sweep_fields(job), loc, None, job.inputs)
    for p in problems:
        ctx.add(p)
    if trial is None:
        return
    trial = copy.copy(trial)  # the same file may be swept by several steps: never change the shared one
    trial.inputs = dict(trial.inputs)
    trial.command = re.sub(r"\$\{\{\s*search_space\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}", r"${{inputs.\1}}", trial.command)
    space = spec.search_space if spec is not None else {}
    for name, dist in space.items():
        if name not in trial.inputs:
            if not trial.extra.get("inferred") and form != "inline":
                ctx.add(loc.problem(("search_space", name), "sweep.unknown_hyperparameter",
                                    f"hyperparameter '{name}' is not an input of the trial component"
                                    f"{close_match(name, trial.inputs)}; each search-space name must be one of its inputs "
                                    f"({', '.join(trial.inputs) or 'it has none'})"))
            trial.inputs[name] = InputDecl(name=name, type=_decl_type(dist))
    job.resolved = trial
