"""Before a run: which steps of the pipeline being edited would re-run, and why (issue 13, "Why").

:func:`explain_text` is blocking (it loads components, hashes code and data, reads the store): the
designer page calls it with ``run.io_bound``. It never raises for a pipeline that cannot be planned:
a pipeline with problems simply has no markers.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from designer.engine.why import describe, will_rerun
from designer.errors import DesignerError
from designer.spec.loader import load_text
from designer.spec.validate import errors_of, validate_loaded

if TYPE_CHECKING:
    from designer.engine.runner import Runner

log = logging.getLogger(__name__)


def ahead(sentence: str) -> str:
    """``describe``'s past tense ("Re-ran because ...") said of a run yet to come ("Re-runs because ...")."""
    for past, future in (("Re-ran because", "Re-runs because"), ("Ran because", "Runs because")):
        if sentence.startswith(past):
            return future + sentence[len(past):]
    return sentence


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
    return {step: ahead(describe(reason)) for step, reason in reasons.items() if will_rerun(reason)}


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
