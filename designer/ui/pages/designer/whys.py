"""Before a run: which steps of the pipeline being edited would re-run, and why (issue 13, "Why").

:func:`explain_text` is blocking (it loads components, hashes code and data, reads the store): the
designer page calls it with ``run.io_bound``. It never raises for a pipeline that cannot be planned:
a pipeline with problems simply has no markers.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nicegui import ui

from designer.engine.why import describe, will_rerun
from designer.errors import DesignerError
from designer.spec.loader import load_text
from designer.spec.validate import errors_of, validate_loaded
from designer.ui.widgets import attrs

if TYPE_CHECKING:
    from designer.engine.runner import Runner

log = logging.getLogger(__name__)


FIRST_RUN = "Will run: it has not run before."
# The card's marker reads its label off the sentence's start (PipelineNode.vue): "will run" for a
# step with no earlier run, "will re-run" for the rest. Keep these starts as they are.
WILL_RUN, WILL_RERUN = "Will run", "Will re-run"


def ahead(reason: dict[str, Any]) -> str:
    """The sentence of a step that runs in the run yet to come: "Will run: it has not run before."
    for a step with no earlier run, "Will re-run because <what changed>." for one that ran before
    (:func:`designer.engine.why.describe`'s past tense, said of the next run)."""
    because = list(reason.get("because") or [])
    kinds = [c.get("kind") for c in because]
    if not because or kinds == ["no_earlier_run"]:
        return FIRST_RUN
    said = describe(reason)
    for past, future in (("Re-ran because", f"{WILL_RERUN} because"), ("Ran because", f"{WILL_RUN} because")):
        if said.startswith(past):
            return future + said[len(past):]
    return said


def explain_text(text: str, file: str, registry: Any, runner: Runner) -> dict[str, str] | None:
    """Step path -> the sentence saying why it would re-run if ``text`` (the pipeline ``file`` as
    edited) ran now; reused steps are left out.

    Returns None when the text has errors or cannot be planned (bad data, no environment, ...): the
    problems list already says what is wrong, so markers are simply not shown.
    """
    try:
        loaded = load_text(text, file, registry)
        if errors_of(validate_loaded(loaded)):
            return None
        reasons = runner.explain(loaded.document, pipeline_file=Path(file).resolve())
    except (DesignerError, OSError) as exc:
        log.debug("no re-run markers for %s: %s", file, exc)
        return None
    return {step: ahead(reason) for step, reason in reasons.items() if will_rerun(reason)}


def markers(whys: dict[str, str], view: list[str], jobs: Any) -> dict[str, str | None]:
    """The canvas' ``{job: sentence or None}`` for the jobs shown (``jobs``, inside the sub-pipelines
    ``view``): a sub-pipeline's card gets the sentence of its first step that re-runs."""
    prefix = "".join(f"{v}/" for v in view)
    out: dict[str, str | None] = {}
    for job in jobs:
        path = prefix + job
        found = whys.get(path)
        if found is None:
            inner = path + "/"
            found = next((s for step, s in whys.items() if step.startswith(inner)), None)
        out[job] = found
    return out


class NextRun:
    """The selected step's line in the side panel saying whether it will run in the next run, kept
    in step with the cards' markers without redrawing the panel (a redraw takes a field's focus)."""

    def __init__(self) -> None:
        self.whys: dict[str, str] = {}  # step path -> its sentence (reused steps are absent)
        self._line: ui.label | None = None
        self._key: tuple[list[str], str] | None = None

    def line(self, view: list[str], job: str) -> None:
        """Draw the line of step ``job`` of the level ``view`` (hidden while nothing would run it)."""
        self._line = attrs(ui.label().classes("text-sm text-amber-700 dark:text-amber-300"), data_testid="step-next-run")
        self._key = (list(view), job)
        self._show()

    def update(self, whys: dict[str, str]) -> None:
        """The markers were worked out again: say the selected step's new sentence."""
        self.whys = whys
        self._show()

    def _show(self) -> None:
        line = self._line
        if line is None or line.is_deleted or self._key is None:
            return
        view, job = self._key
        said = markers(self.whys, view, [job]).get(job)
        line.set_text(said or "")
        line.set_visibility(bool(said))
