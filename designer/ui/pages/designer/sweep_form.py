"""The designer's sweep form: turn a command step into a hyperparameter search (``type: sweep``) and back,
and edit its search space, objective, sampling, limits and early termination without writing YAML.
Over 400 lines on purpose: one form, a function per section, sharing the commit-and-recheck helpers.

For a command step the panel shows a short "Hyperparameter search" card with **Make it a sweep**.
For a sweep step it shows the form: for each parameter of the trial component, whether it is
searched and how (a list of values to choose from, or a distribution with its bounds), the metric to
optimise and whether higher or lower is better, the sampling algorithm (and a seed for random), and
the limits; then **Turn back into a step**. Every change is a whole-step edit through
:mod:`designer.spec.sweep_edit` (undoable like any edit), and the step is checked at once with
:func:`designer.spec.sweep.parse_sweep`: a problem shows under its field. A typed value is committed
on Enter or when the field loses focus, without redrawing the panel (the focus stays where the
person moved it); it is compared with the step as it is now, not as it was when the panel was drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from designer.errors import Problem
from designer.spec import documents
from designer.spec.model import InputDecl, Job
from designer.spec.sweep import DISTRIBUTIONS, parse_sweep, sweep_fields
from designer.spec.sweep_edit import (
    fixed_value,
    set_distribution,
    set_field,
    set_policy,
    set_policy_field,
    to_command,
    to_sweep,
)
from designer.ui.format import value_text
from designer.ui.pages.designer.forms import PanelHost, problem_line, section, set_hint, tag

# How the form names each distribution for people (Azure's names are shown next to them).
KINDS: dict[str, str] = {
    "": "Fixed value (not searched)",
    "choice": "One of a list of values",
    "uniform": "Any number in a range",
    "quniform": "A number in a range, in steps",
    "loguniform": "A range, on a log scale",
    "qloguniform": "A range on a log scale, in steps",
    "randint": "A whole number from 0 up to",
    "normal": "Normal (mean and spread)",
    "qnormal": "Normal, in steps",
    "lognormal": "Log-normal",
    "qlognormal": "Log-normal, in steps",
}
FIELD_LABELS = {"min_value": "From", "max_value": "To", "q": "Step", "upper": "Up to (not included)",
                "mu": "Mean", "sigma": "Spread (sigma)"}
SAMPLING = {"random": "Random", "grid": "Grid (every combination)", "bayesian": "Bayesian"}
# The early termination policies, as the form names them (Azure's names in the YAML).
POLICIES = {"": "None: every trial runs to the end",
            "bandit": "Bandit: stop trials far behind the best",
            "median_stopping": "Median stopping: stop trials below the median",
            "truncation_selection": "Truncation: stop the worst share of trials"}
SLACKS = {"slack_factor": "By a ratio of the best", "slack_amount": "By an amount"}
POLICY_NOTES = {
    "bandit": "At each check, a trial further behind the best trial than the slack allows is ended.",
    "median_stopping": "At each check, a trial whose best value is worse than the median of all trials' "
                       "running averages is ended.",
    "truncation_selection": "At each check, the worst trials, by the share given, are ended.",
}
SAMPLING_NOTES = {
    "random": "Each trial draws its values at random from the search space.",
    "grid": "One trial for every combination of the choices, in order.",
    "bayesian": "Each trial's values are chosen from how the earlier trials did.",
}


def job_mapping(page: PanelHost, job: str) -> dict[str, Any]:
    """The YAML mapping of step ``job`` as it would be saved."""
    return dict(page.session.document.to_dict()["jobs"][job])


def replace_job(page: PanelHost, job: str, build: Callable[[dict[str, Any]], dict[str, Any]], *,
                success: str | None = None, rerender: bool = True) -> bool:
    """Replace step ``job`` with ``build(its mapping)`` as one undoable edit; True when applied."""
    s = page.session

    def change() -> None:
        doc = s.document.to_dict()
        doc["jobs"][job] = build(dict(doc["jobs"][job]))
        loaded = documents.document_from_dict(doc, s.file, s.registry)
        s.document = loaded.document  # type: ignore[assignment]  # a pipeline job stays one

    return page.attempt(lambda: s.apply(change), success=success, rerender=rerender)


def _live(page: PanelHost, job: str) -> dict[str, Any]:
    """The step's mapping now (a field compares with it, not with what the panel showed when drawn)."""
    found = page.session.document.jobs.get(job)
    return found.to_dict() if found is not None else {}


def parameters(job: Job) -> dict[str, InputDecl]:
    """The trial component's parameters (not its data inputs), by name."""
    comp = job.resolved
    return {n: d for n, d in comp.inputs.items() if d.is_param} if comp is not None else {}


def command_card(page: PanelHost, job: Job, readonly: bool) -> None:
    """For a command step: what a sweep is, and the button that makes this step one."""
    params = parameters(job)
    if not params or job.component is None or job.component.form == "inline_job":
        return
    section("Hyperparameter search")
    with ui.row().classes("w-full items-center no-wrap gap-2"):
        ui.label("Try many values of the parameters and keep the run with the best metric.").classes(
            "designer-muted text-sm grow")
        button = tag(ui.button("Make it a sweep", icon="science", on_click=lambda: make_sweep(page, job.name)).props(
            "outline dense no-caps size=sm"), "make-sweep")
        button.set_enabled(not readonly)


def make_sweep(page: PanelHost, job: str) -> None:
    """Turn command step ``job`` into a sweep step (one parameter searched to start with)."""
    found = page.session.document.jobs.get(job)
    if found is None:
        return
    params = parameters(found)
    replace_job(page, job, lambda m: to_sweep(m, params),
                success="Now a sweep: choose what to search and the metric to optimise")


def sweep_form(page: PanelHost, job: Job, readonly: bool) -> set[str]:
    """The form of sweep step ``job``; returns the hyperparameters' names (searched, so the panel
    leaves them out of its own parameter fields)."""
    mapping = job_mapping(page, job.name)
    _, problems = parse_sweep(sweep_fields(job), job.loc, None, job.inputs)
    by_path = _problems_by_path(problems)
    params = parameters(job)
    space = dict(mapping.get("search_space") or {})
    section("Hyperparameter search", "type: sweep")
    ui.label("Each trial runs this step with other parameter values; the step's outputs are the best trial's "
             "outputs.").classes("designer-muted text-xs").props('data-testid="sweep-outputs-note"')
    with tag(ui.column().classes("w-full gap-3"), "sweep-form"):
        _objective(page, job, mapping, by_path, readonly)
        section("Search space")
        for name, decl in params.items():
            _parameter(page, job, decl, space.get(name), mapping, by_path, readonly)
        for name in space:
            if name not in params:
                problem_line(by_path.get(f"search_space.{name}") or f"'{name}' is not a parameter of the trial")
        problem_line(by_path.get("search_space"))
        _sampling(page, job, mapping, by_path, readonly)
        _limits(page, job, mapping, by_path, readonly)
        _early_termination(page, job, mapping, by_path, readonly)
        with ui.row().classes("w-full justify-end"):
            tag(ui.button("Turn back into a step", icon="undo", on_click=lambda: replace_job(
                page, job.name, to_command, success="A single step again")).props("flat dense no-caps size=sm"),
                "unmake-sweep").set_enabled(not readonly)
    return set(space)


def _problems_by_path(problems: list[Problem]) -> dict[str, str]:
    out: dict[str, str] = {}
    for p in problems:
        parts = p.path.split(".")
        # jobs.<name>.<field>...: the path inside the step
        inner = ".".join(parts[2:]) if len(parts) > 2 and parts[0] == "jobs" else p.path
        out.setdefault(inner, p.message)
        head = inner.split(".")
        for i in range(1, len(head)):
            out.setdefault(".".join(head[:i]) + ".*", p.message)
    return out


def _problem(by_path: dict[str, str], *paths: str, exact: bool = False) -> str | None:
    """The first problem at one of ``paths`` or (unless ``exact``) inside it."""
    for path in paths:
        if path in by_path:
            return by_path[path]
        if not exact and path + ".*" in by_path:
            return by_path[path + ".*"]
    return None


def _objective(page: PanelHost, job: Job, mapping: dict[str, Any], by_path: dict[str, str], readonly: bool) -> None:
    objective = dict(mapping.get("objective") or {})
    with ui.row().classes("w-full no-wrap gap-2 items-start"):
        with ui.column().classes("grow gap-0 min-w-0"):
            metric = tag(ui.input("Metric to optimise *", value=str(objective.get("primary_metric") or ""),
                                  placeholder="e.g. accuracy").props("outlined dense").classes("w-full"),
                         "sweep-metric")
            set_hint(metric, "A metric the step logs")

            def commit_metric() -> None:
                value = (metric.value or "").strip()
                if value == (_live(page, job.name).get("objective") or {}).get("primary_metric", ""):
                    return
                # the form stays (the box keeps its focus); only the objective's problem line is re-checked
                if replace_job(page, job.name, lambda m: set_field(m, "objective.primary_metric", value),
                               rerender=False):
                    show_problem(_objective_problem(page, job.name))

            metric.on("blur", commit_metric)
            metric.on("keydown.enter", commit_metric)
            metric.set_enabled(not readonly)
        goal = tag(ui.select({"maximize": "Higher is better", "minimize": "Lower is better"},
                             value=objective.get("goal") if objective.get("goal") in ("maximize", "minimize") else None,
                             label="Goal", on_change=lambda e: replace_job(
                                 page, job.name, lambda m: set_field(m, "objective.goal", e.value))).props(
            "outlined dense options-dense").classes("w-40"), "sweep-goal")
        goal.set_enabled(not readonly)
    with ui.column().classes("w-full gap-0") as problem_box:
        problem_line(_problem(by_path, *OBJECTIVE_PATHS))

    def show_problem(text: str | None) -> None:
        problem_box.clear()
        with problem_box:
            problem_line(text)


OBJECTIVE_PATHS = ("objective.primary_metric", "objective.goal", "objective")


def _objective_problem(page: PanelHost, job_name: str) -> str | None:
    """The objective's problem as the step is now (after an edit that did not redraw the form)."""
    return _problem_now(page, job_name, *OBJECTIVE_PATHS)


def _problem_now(page: PanelHost, job_name: str, *paths: str, exact: bool = False) -> str | None:
    """The first problem at ``paths`` as the step is now (after an edit that did not redraw the form)."""
    job = page.session.document.jobs.get(job_name)
    if job is None:
        return None
    _, problems = parse_sweep(sweep_fields(job), job.loc, None, job.inputs)
    return _problem(_problems_by_path(problems), *paths, exact=exact)


def _problem_box(page: PanelHost, job_name: str, by_path: dict[str, str], *paths: str,
                 exact: bool = False) -> Callable[[], None]:
    """The problem line of a field drawn here (from ``by_path``); returns the function that re-checks
    it after an edit that kept the form (the field keeps its focus)."""
    with ui.column().classes("w-full gap-0") as box:
        problem_line(_problem(by_path, *paths, exact=exact))

    def refresh() -> None:
        box.clear()
        with box:
            problem_line(_problem_now(page, job_name, *paths, exact=exact))

    return refresh


def _number(text: Any) -> int | float | None:
    if isinstance(text, int | float) and not isinstance(text, bool):
        return int(text) if float(text).is_integer() and not isinstance(text, float) else text
    try:
        value = float(str(text).strip())
    except ValueError:
        return None
    return int(value) if value.is_integer() and "." not in str(text) and "e" not in str(text).lower() else value


def _choice_values(text: str, decl: InputDecl) -> list[Any]:
    values: list[Any] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        if decl.type in ("integer", "number"):
            number = _number(part)
            values.append(number if number is not None else part)
        elif decl.type == "boolean":
            values.append(part.lower() in ("true", "yes", "1") if part.lower() in (
                "true", "false", "yes", "no", "1", "0") else part)
        else:
            values.append(part)
    return values


def _parameter(page: PanelHost, job: Job, decl: InputDecl, dist: Any, mapping: dict[str, Any],
               by_path: dict[str, str], readonly: bool) -> None:
    name = decl.name
    kind = str(dist.get("type", "")).lower() if isinstance(dist, dict) else ""
    with tag(ui.column().classes("w-full gap-1 rounded-lg p-2").style(
            "border: 1px solid rgba(100,116,139,.22)"), f"sweep-param-{name}"):
        with ui.row().classes("w-full items-center no-wrap gap-2"):
            with ui.column().classes("gap-0 grow min-w-0"):
                ui.label(name).classes("text-sm font-medium")
                ui.label(decl.type + (f" · {decl.description}" if decl.description else "")).classes(
                    "designer-muted text-xs truncate w-full")

            def change_kind(value: Any) -> None:
                new = str(value or "")
                if new == kind:
                    return
                if not new:
                    fixed = fixed_value(dist) if isinstance(dist, dict) else None
                    replace_job(page, job.name, lambda m: set_distribution(m, name, None, fixed))
                    return
                replace_job(page, job.name, lambda m: set_distribution(m, name, _starting(new, decl, dist, mapping)))

            select = tag(ui.select(KINDS, value=kind if kind in KINDS else "", on_change=lambda e: change_kind(e.value))
                         .props("outlined dense options-dense").classes("w-56"), f"sweep-kind-{name}")
            select.set_enabled(not readonly)
        if not kind:
            value = (mapping.get("inputs") or {}).get(name)
            shown = value_text(value) if value is not None else (
                f"default {value_text(decl.default)}" if decl.default is not None else "not set")
            ui.label(f"Every trial uses {shown}; set it in the Parameters section below.").classes(
                "designer-muted text-xs")
        elif kind == "choice":
            values = dist.get("values") if isinstance(dist.get("values"), list) else []
            field = tag(ui.input("Values, separated by commas", value=", ".join(value_text(v) for v in values))
                        .props("outlined dense").classes("w-full"), f"sweep-values-{name}")
            set_hint(field, "Each trial takes one of these")

            def commit_values(f: Any = field) -> None:
                new = _choice_values(f.value or "", decl)
                if new != (_live(page, job.name).get("search_space") or {}).get(name, {}).get("values"):
                    replace_job(page, job.name, lambda m: set_distribution(m, name, {"type": "choice", "values": new}),
                                rerender=False)

            field.on("blur", commit_values)
            field.on("keydown.enter", commit_values)
            field.set_enabled(not readonly)
        else:
            with ui.row().classes("w-full no-wrap gap-2"):
                for key in DISTRIBUTIONS[kind]:
                    current = dist.get(key)
                    box = tag(ui.input(FIELD_LABELS.get(key, key), value=value_text(current) if current is not None
                                       else "").props("outlined dense").classes("grow"), f"sweep-{key}-{name}")

                    def commit_bound(f: Any = box, key: str = key) -> None:
                        number = _number(f.value) if (f.value or "").strip() else None
                        value = number if number is not None else f.value
                        now = (_live(page, job.name).get("search_space") or {}).get(name) or {}
                        if now.get(key) == value:
                            return
                        replace_job(page, job.name, lambda m: set_distribution(
                            m, name, {**((m.get("search_space") or {}).get(name) or {}), key: value}), rerender=False)

                    box.on("blur", commit_bound)
                    box.on("keydown.enter", commit_bound)
                    box.set_enabled(not readonly)
        problem_line(_problem(by_path, f"search_space.{name}", f"inputs.{name}"))


def _starting(kind: str, decl: InputDecl, dist: Any, mapping: dict[str, Any]) -> dict[str, Any]:
    """The first values of a distribution the user just chose: from the parameter's bounds or value."""
    value = (mapping.get("inputs") or {}).get(decl.name)
    value = value if value is not None else (fixed_value(dist) if isinstance(dist, dict) else None)
    value = value if value is not None else decl.default
    if kind == "choice":
        return {"type": "choice", "values": [value] if value is not None else []}
    low = decl.min if decl.min is not None else (value if isinstance(value, int | float) and value else 0)
    high = decl.max if decl.max is not None else (low * 10 if low else 1)
    if kind == "randint":
        return {"type": "randint", "upper": int(high) if high and high >= 1 else 10}
    if kind in ("normal", "qnormal", "lognormal", "qlognormal"):
        out: dict[str, Any] = {"type": kind, "mu": value if isinstance(value, int | float) else 0, "sigma": 1}
    else:
        if kind in ("loguniform", "qloguniform") and low <= 0:
            low = 0.001  # shown as it is: Azure reads the bounds of loguniform as they are written
        out = {"type": kind, "min_value": low, "max_value": high if high > low else low + 1}
    if kind.startswith("q"):
        out["q"] = 1
    return out


def _sampling(page: PanelHost, job: Job, mapping: dict[str, Any], by_path: dict[str, str], readonly: bool) -> None:
    section("Sampling", "sampling_algorithm")
    raw = mapping.get("sampling_algorithm")
    algorithm = str(raw.get("type") if isinstance(raw, dict) else raw or "random").lower()
    seed = raw.get("seed") if isinstance(raw, dict) else None
    with ui.row().classes("w-full no-wrap gap-2 items-start"):
        select = tag(ui.select(SAMPLING, value=algorithm if algorithm in SAMPLING else None,
                               label="Method",
                               on_change=lambda e: replace_job(page, job.name, lambda m: set_field(
                                   m, "sampling_algorithm", e.value))).props("outlined dense options-dense").classes("grow"),
                     "sweep-sampling")
        select.set_enabled(not readonly)
        if algorithm == "random":
            box = tag(ui.input("Seed", value="" if seed is None else str(seed), placeholder="none").props(
                "outlined dense").classes("w-36"), "sweep-seed")
            set_hint(box, "Same seed, same trials")

            def commit_seed(f: Any = box) -> None:
                text = (f.value or "").strip()
                number = _number(text) if text else None
                value = number if number is not None else (text or None)
                raw_now = _live(page, job.name).get("sampling_algorithm")
                if value != (raw_now.get("seed") if isinstance(raw_now, dict) else None):
                    replace_job(page, job.name, lambda m: set_field(m, "sampling_algorithm.seed", value),
                                rerender=False)

            box.on("blur", commit_seed)
            box.on("keydown.enter", commit_seed)
            box.set_enabled(not readonly)
    if algorithm in SAMPLING_NOTES:
        ui.label(SAMPLING_NOTES[algorithm]).classes("designer-muted text-xs").props('data-testid="sweep-sampling-note"')
    problem_line(_problem(by_path, "sampling_algorithm", "sampling_algorithm.seed"))
    if algorithm == "bayesian":
        ui.label("Bayesian sampling here uses Optuna's TPE sampler, not Azure's own algorithm; it takes choice, "
                 "uniform and quniform only.").classes("designer-muted text-xs")


def _limits(page: PanelHost, job: Job, mapping: dict[str, Any], by_path: dict[str, str], readonly: bool) -> None:
    section("Limits", "limits")
    limits = dict(mapping.get("limits") or {})
    fields = (("max_total_trials", "Trials in all", "sweep-max-trials"),
              ("max_concurrent_trials", "At the same time", "sweep-max-concurrent"),
              ("timeout", "Sweep time limit (s)", "sweep-timeout"),
              ("trial_timeout", "Per trial (s)", "sweep-trial-timeout"))
    with ui.grid(columns=2).classes("w-full gap-2"):
        for key, label, testid in fields:
            current = limits.get(key)
            box = tag(ui.input(label, value="" if current is None else value_text(current), placeholder="none").props(
                "outlined dense").classes("w-full"), testid)

            def commit(f: Any = box, key: str = key) -> None:
                text = (f.value or "").strip()
                number = _number(text) if text else None
                value = number if number is not None else (text or None)
                if value == (_live(page, job.name).get("limits") or {}).get(key):
                    return
                if replace_job(page, job.name, lambda m: set_field(m, f"limits.{key}", value), rerender=False):
                    refresh()

            box.on("blur", commit)
            box.on("keydown.enter", commit)
            box.set_enabled(not readonly)
    refresh = _problem_box(page, job.name, by_path, *(f"limits.{k}" for k, _, _ in fields), "limits")


def _early_termination(page: PanelHost, job: Job, mapping: dict[str, Any], by_path: dict[str, str],
                       readonly: bool) -> None:
    """The ``early_termination`` policy: none, bandit, median stopping or truncation selection, and its
    fields, each checked where it is typed (Azure's sweep job reference defines them)."""
    section("Early termination", "early_termination")
    raw = mapping.get("early_termination")
    policy = dict(raw) if isinstance(raw, dict) else {}
    kind = str(policy.get("type") or "").lower()
    # the problem lines under the fields, re-checked after a typed value is committed (no redraw)
    lines: list[Callable[[], None]] = []

    def field(key: str, label: str, testid: str, width: str, hint: str) -> None:
        current = policy.get(key)
        box = tag(ui.input(label, value="" if current is None else value_text(current)).props("outlined dense")
                  .classes(width), testid)
        set_hint(box, hint)

        def commit(f: Any = box) -> None:
            text = (f.value or "").strip()
            number = _number(text) if text else None
            value = number if number is not None else (text or None)
            if value == (_live(page, job.name).get("early_termination") or {}).get(key):
                return
            if replace_job(page, job.name, lambda m: set_policy_field(m, key, value), rerender=False):
                for refresh in lines:
                    refresh()

        box.on("blur", commit)
        box.on("keydown.enter", commit)
        box.set_enabled(not readonly)

    with tag(ui.column().classes("w-full gap-2"), "sweep-policy-box"):
        select = tag(ui.select(POLICIES, value=kind if kind in POLICIES else None, label="Stop poor trials early",
                               on_change=lambda e: replace_job(page, job.name, lambda m: set_policy(m, e.value or None)))
                     .props("outlined dense options-dense").classes("w-full"), "sweep-policy")
        select.set_enabled(not readonly)
        # the policy as a whole (its fields' problems are under them)
        lines.append(_problem_box(page, job.name, by_path, "early_termination.type", "early_termination", exact=True))
        if not kind:
            ui.label("Every trial runs until it ends or reaches a limit.").classes("designer-muted text-xs")
            return
        if kind not in POLICIES:
            return  # a policy written by hand that does not exist: the line above says what to write
        ui.label(POLICY_NOTES[kind] + " An interval is one value of the metric logged by a trial.").classes(
            "designer-muted text-xs").props('data-testid="sweep-policy-note"')
        if kind == "bandit":
            slack = ("slack_amount" if policy.get("slack_amount") is not None and policy.get("slack_factor") is None
                     else "slack_factor")
            with ui.row().classes("w-full no-wrap gap-2 items-start"):
                which = tag(ui.select(SLACKS, value=slack, label="Stop a trial behind the best",
                                      on_change=lambda e: _switch_slack(page, job.name, str(e.value)))
                            .props("outlined dense options-dense").classes("grow"), "sweep-slack-kind")
                which.set_enabled(not readonly)
                field(slack, "Ratio" if slack == "slack_factor" else "Amount", "sweep-slack", "w-28",
                      "0.1: within 10%" if slack == "slack_factor" else "Metric units")
            lines.append(_problem_box(page, job.name, by_path, "early_termination.slack_factor",
                                      "early_termination.slack_amount"))
        if kind == "truncation_selection":
            field("truncation_percentage", "Share of trials to stop (%)", "sweep-truncation", "w-full",
                  "1 to 99: the worst this many percent at each check")
            lines.append(_problem_box(page, job.name, by_path, "early_termination.truncation_percentage"))
        with ui.grid(columns=2).classes("w-full gap-2"):
            field("evaluation_interval", "Check every (intervals)", "sweep-interval", "w-full", "1: at every value")
            field("delay_evaluation", "First check after (intervals)", "sweep-delay", "w-full", "0: from the start")
        lines.append(_problem_box(page, job.name, by_path, "early_termination.evaluation_interval",
                                  "early_termination.delay_evaluation"))


def _switch_slack(page: PanelHost, job_name: str, key: str) -> None:
    """A bandit policy's slack as the other kind (a ratio or an amount), keeping the number typed."""
    now = _live(page, job_name).get("early_termination") or {}
    value = now.get("slack_factor", now.get("slack_amount"))
    replace_job(page, job_name, lambda m: set_policy_field(m, key, value if value is not None else 0.1))
