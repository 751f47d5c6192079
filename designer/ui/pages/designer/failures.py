"""From a failed run to the fix in one click.

When a run from the designer fails, the failed step is selected and brought to the middle of the
canvas, the toast says what went wrong in the component's own words (its ``Error:`` sentence, not
"exit code 1" around a stderr tail) with a "Show step" action, the failures are listed in the
Problems tab, and where the sentence names a better value ("column 'specis' is not in the input
table (did you mean 'species'?)") one click puts that value into the parameter that held the wrong
one. The raw stderr tail stays one click away under the sentence.

The failures are those of the pipeline's latest run, also one this server did not follow (a run
from ``designer run``, or from before a restart): :func:`stored_run` reads it from the store.

The reading part (:func:`error_sentence`, :func:`close_match`, :func:`find_fix`,
:func:`read_failures`, :func:`stored_run`) is plain Python; :class:`Failures` is the page's part, reached from small
hooks in ``page.py`` and ``run_info.py``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nicegui import ui

from designer.engine.artifacts import read_tail
from designer.errors import DesignerError
from designer.spec import edit
from designer.spec.model import Job
from designer.ui.format import sentence as capital
from designer.ui.live import RunView, StepView, recorded_run
from designer.ui.reads.run import last_error_line
from designer.ui.widgets import attrs, background, io

if TYPE_CHECKING:
    from designer.store import Store
    from designer.ui.context import AppContext
    from designer.ui.pages.designer.forms import PanelHost

TAIL_LINES = 60
TOAST_CHARS = 240
SHOW_STEP_EVENT = "designer-show-failed-step"
# "'specis' ... did you mean 'species'?" as the components (and designer's own errors) say it
CLOSE_MATCH = re.compile(r"'(?P<bad>[^']+)'[^']*?\(?did you mean '(?P<good>[^']+)'\?")


@dataclass(frozen=True)
class Fix:
    """One click's repair: set parameter ``parameter`` of step ``job`` to ``value``."""

    job: str
    parameter: str
    value: str
    bad: str
    good: str

    @property
    def label(self) -> str:
        return f"Use '{self.good}'"


@dataclass(frozen=True)
class Failure:
    """A failed step of the last run: the sentence to read, the raw tail, and a fix when one is known."""

    step: str  # the step's path in the run
    job: str | None  # the card of the current view that shows it
    sentence: str
    tail: str
    exit_code: int | None
    fix: Fix | None = None


def error_sentence(tail: str) -> str | None:
    """The component's own ``Error: <sentence>`` (the last such line of its stderr), without the prefix."""
    for line in reversed(tail.splitlines()):
        text = line.strip()
        if text.startswith("Error:"):
            found = text[len("Error:"):].strip()
            if found:
                return capital(found)
    return None


def close_match(text: str) -> tuple[str, str] | None:
    """``(wrong, better)`` when ``text`` says "'wrong' ... did you mean 'better'?", else None."""
    found = CLOSE_MATCH.search(text)
    if found is None or found["bad"] == found["good"]:
        return None
    return found["bad"], found["good"]


def find_fix(job: Job, bad: str, good: str) -> Fix | None:
    """The parameter of ``job`` that holds ``bad`` (its whole value, or one name of a comma-separated
    list) and its value with ``good`` instead; None when no parameter holds it."""
    comp = job.resolved
    params = {d.name for d in comp.inputs.values() if d.is_param} if comp is not None else set()
    for name, value in job.inputs.items():
        if name not in params or not isinstance(value, str) or "${{" in value:
            continue
        if value.strip() == bad:
            return Fix(job.name, name, good, bad, good)
        parts = [p.strip() for p in value.split(",")]
        if len(parts) > 1 and bad in parts:
            return Fix(job.name, name, ", ".join(good if p == bad else p for p in parts), bad, good)
    return None


def describe(step: StepView, tail: str) -> str:
    """What went wrong, in the best words there are: the ``Error:`` sentence, else the engine's own
    message (a timeout, a missing environment), else the last error-looking line of stderr."""
    found = error_sentence(tail)
    if found:
        return found
    message = (step.message or "").strip()
    if message and not re.fullmatch(r"exit code -?\d+", message):
        return capital(message)
    line = last_error_line(tail)
    if line:
        return capital(line)
    return f"The step failed (exit code {step.exit_code})." if step.exit_code is not None else "The step failed."


def read_failures(run_view: RunView, view: list[str], jobs: Mapping[str, Job]) -> list[Failure]:
    """The failed steps of ``run_view`` with their sentences and fixes (blocking: reads log tails).

    ``view`` is the nested level the canvas shows and ``jobs`` its steps: a fix is offered only for a
    step shown there (a step inside a pipeline step is read-only in the designer).
    """
    prefix = "".join(f"{v}/" for v in view)
    out: list[Failure] = []
    for path, step in run_view.steps.items():
        if step.status != "failed":
            continue
        tail = read_tail(run_view.log_path(path, "stderr"), lines=TAIL_LINES)
        text = describe(step, tail)
        node = path[len(prefix):].split("/", 1)[0] if path.startswith(prefix) else None
        fix = None
        match = close_match(text)
        if match is not None and node is not None and path == prefix + node and node in jobs:
            fix = find_fix(jobs[node], *match)
        out.append(Failure(path, node if node in jobs else None, text, tail, step.exit_code, fix))
    return out


def stored_run(store: Store, pipeline_file: Path) -> RunView | None:
    """The latest run of ``pipeline_file`` as the store has it, once it has ended (blocking); None
    when it never ran or its latest run is still going (its states would not follow it here)."""
    try:
        found = store.earlier_run(str(pipeline_file.resolve()))
        if found is None or found[1] == "running":
            return None
        record = store.get_run(found[0])
        steps = store.steps(found[0]) if record is not None else []
    except DesignerError:  # a store that cannot be read: the page opens without the last run
        return None
    return recorded_run(record, steps) if record is not None else None


async def latest_run(ctx: AppContext, pipeline_file: Path) -> RunView | None:
    """The run the designer shows on opening ``pipeline_file``: the newest this server followed, or
    a newer one found in the store (run from the command line, or before a restart)."""
    followed = ctx.hub.latest_for(pipeline_file)
    if ctx.store is None:
        return followed
    stored = await io(stored_run, ctx.store, pipeline_file)
    if stored is None or (followed is not None and (stored.run_id == followed.run_id
                                                    or (stored.started_at or 0) <= (followed.started_at or 0))):
        return followed
    return stored


# ------------------------------------------------------------------------------------------ the page


class Failures:
    """The failures of the last run the page follows, and what the page does with them."""

    def __init__(self, page: Any) -> None:
        self.page = page  # a DesignerPage: selects steps, applies edits, re-renders its tabs
        self.client = ui.context.client
        self.run_id: str | None = None
        self.items: list[Failure] = []
        self._loading = 0
        ui.on(SHOW_STEP_EVENT, lambda _e: self.show_first())

    def for_step(self, path: str) -> Failure | None:
        """The failure of step ``path`` in the last run, if it failed."""
        return next((f for f in self.items if f.step == path), None)

    def follow(self, run_view: RunView) -> None:
        """The page now follows ``run_view``: forget another run's failures; read this one's if it failed."""
        if run_view.run_id != self.run_id:
            self.run_id = run_view.run_id
            if self.items:
                self.items = []
                self.page.render_problems()
        if run_view.done and run_view.state == "failed":
            background(self.load(run_view, announce=False))

    async def load(self, run_view: RunView, *, announce: bool) -> None:
        """Read the failures of ``run_view``; with ``announce``, select the first failed step, bring
        it to the middle and say what went wrong in a toast with a "Show step" action (a run that
        failed before any step did says the run's own error)."""
        self._loading += 1
        generation = self._loading
        page = self.page
        session = page.session
        found = await io(read_failures, run_view, list(session.view), dict(session.current().jobs))
        if generation != self._loading or self.client.is_deleted or run_view.run_id != self.run_id:
            return
        self.items = found
        with self.client:
            page.render_problems()
            if page.selected is not None:
                page.render_panel()
            if announce and found:
                self.show_first()
                self._toast(found)
            elif announce:
                ui.notify(capital(run_view.error or "The run failed"), type="negative", position="bottom",
                          multi_line=True, close_button="Close", timeout=8000)

    def _toast(self, found: list[Failure]) -> None:
        first = found[0]
        text = first.sentence if len(first.sentence) <= TOAST_CHARS else first.sentence[:TOAST_CHARS - 1] + "…"
        more = f" ({len(found) - 1} more step{'s' if len(found) > 2 else ''} failed)" if len(found) > 1 else ""
        actions: list[dict[str, Any]] = [{"label": "Close", "color": "white"}]
        if first.job is not None:
            actions.insert(0, {"label": "Show step", "color": "white", "noCaps": True,
                               ":handler": f"() => emitEvent('{SHOW_STEP_EVENT}')"})
        with self.client.layout:
            ui.notification(f"Step '{first.step}' failed: {text}{more}", type="negative", position="bottom",
                            multi_line=True, timeout=12, actions=actions, classes="designer-failure-toast")

    def show_first(self) -> None:
        """Select the first failed step of the last run and bring it to the middle of the canvas."""
        target = next((f.job for f in self.items if f.job is not None), None)
        if target is None or target not in self.page.session.current().jobs:
            return
        self.page.select(target)
        self.page.canvas.focus(target)

    def apply(self, fix: Fix) -> None:
        """Put the fix's value into its parameter (through the page's edit path: undo-able, checked)."""
        page = self.page
        s = page.session
        if page.attempt(lambda: s.apply(lambda: edit.set_input_value(s.document, fix.job, fix.parameter, fix.value))):
            self.items = [f for f in self.items if f.fix != fix]
            with self.client:  # the button clicked is gone with the list it was in
                page.render_problems()
                ui.notify(f"{fix.parameter} of {fix.job} is now '{fix.value}'. Run again to check.",
                          type="positive", position="bottom-right")

    # ---------------------------------------------------------------------------------- drawing

    def problem_rows(self) -> None:
        """The failures in the Problems tab, under the heading "Last run"."""
        if not self.items:
            return
        with ui.row().classes("w-full items-center gap-2 mt-1"):
            ui.icon("history", size="16px").classes("designer-muted")
            ui.label(f"Last run ({self.run_id})").classes("text-xs font-semibold uppercase tracking-wider designer-muted")
        for failure in self.items:
            with attrs(ui.row().classes("w-full no-wrap items-start gap-2 py-1"), data_testid="problem",
                       data_severity="error", data_kind="run-failure") as row:
                row.props["data-step"] = failure.step
                ui.icon("cancel", size="18px").classes("text-red-500 mt-[2px]")
                with ui.column().classes("gap-1 min-w-0 grow"):
                    ui.label(failure.sentence).classes("text-sm break-words")
                    ui.label(f"step {failure.step} · failed in the last run").classes("designer-muted text-xs")
                    with ui.row().classes("gap-1"):
                        if failure.job is not None:
                            ui.button("Show step", icon="my_location",
                                      on_click=lambda f=failure: self._show(f)).props(
                                'flat dense no-caps size=sm data-testid="failure-show"')
                        if failure.fix is not None:
                            self.fix_button(failure.fix)

    def _show(self, failure: Failure) -> None:
        if failure.job is not None and failure.job in self.page.session.current().jobs:
            self.page.select(failure.job)
            self.page.canvas.focus(failure.job)

    def fix_button(self, fix: Fix) -> None:
        """The button that applies ``fix`` (disabled while the canvas shows a read-only level)."""
        b = ui.button(f"{fix.label} for {fix.parameter}", icon="auto_fix_high", on_click=lambda: self.apply(fix)).props(
            'unelevated dense no-caps size=sm color=primary data-testid="failure-fix"')
        b.props["data-value"] = fix.value
        b.set_enabled(not self.page.session.readonly)


def error_block(page: PanelHost, path: str, step: StepView) -> None:
    """A failed step's error in its side panel: the sentence, the fix when there is one, and the raw
    stderr tail one click away."""
    failures: Failures | None = getattr(page, "failures", None)
    failure = failures.for_step(path) if failures is not None else None
    box = attrs(ui.column().classes("w-full gap-1 rounded bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-200 "
                                    "px-3 py-2"), data_testid="step-error")

    def draw(found: Failure) -> None:
        with box:
            with ui.row().classes("items-start gap-2 no-wrap w-full"):
                ui.icon("error", size="18px").classes("mt-[2px]")
                attrs(ui.label(found.sentence).classes("text-sm whitespace-pre-wrap break-words grow min-w-0"),
                      data_testid="step-error-sentence")
            if found.fix is not None and failures is not None:
                failures.fix_button(found.fix)
            if found.tail.strip():
                with attrs(ui.expansion("Show the last lines of its error output").classes("w-full text-xs").props(
                        "dense dense-toggle"), data_testid="step-error-details"):
                    ui.label(found.tail).classes("font-mono text-xs whitespace-pre-wrap break-words")

    if failure is not None:
        draw(failure)
        return

    async def fill() -> None:  # a failure the page has not read yet (opened from another page)
        tail = await io(read_tail, page.run.log_path(path, "stderr"), lines=TAIL_LINES) if page.run else ""
        if not box.is_deleted:
            draw(Failure(path, None, describe(step, tail), tail, step.exit_code))

    background(fill())
