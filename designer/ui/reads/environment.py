"""A step's environment as people read it: the lock it ran with, and what changed since its last run.

Shared by the run page's step panel, the designer's side panel and ``designer runs show``, so the
three say it the same way: one summary line ("Python 3.10.14 · 23 packages · built 2 h ago"), the
package list, and the changes against the previous run of the same step, phrased by the why
machinery ("package `six` changed from 1.15.0 to 1.16.0"). Blocking (reads the store and two small
JSON files): call it through ``designer.ui.widgets.io``. NiceGUI-free.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from designer.engine.environments.locks import RunLocks, StepLock, lock_changes, read_run_locks
from designer.engine.why import phrase
from designer.ui.format import ago, count_text, sentence

if TYPE_CHECKING:
    from designer.store import RunRecord, Store


@dataclass(frozen=True)
class StepEnvironment:
    """What ``lock`` a step ran with; ``previous_run`` is the earlier run of the same step it was compared
    with (None: there is none that recorded its environment); ``changes`` are the why records of what
    differs ([] the same; None: it differs but the earlier run did not record its packages)."""

    lock: StepLock
    previous_run: str | None = None
    changes: list[dict[str, Any]] | None = None

    def summary(self, now: float | None = None) -> str:
        """"Python 3.10.14 · 23 packages · built 2 h ago"."""
        return summary_text(self.lock, now)

    def change_lines(self) -> list[str]:
        """Each change in words, first letter capital ("Package `six` changed from 1.15.0 to 1.16.0")."""
        if self.changes is None:
            return ["The environment changed (the earlier run did not record its packages)."]
        return [sentence(phrase(c)) for c in self.changes]

    def changes_title(self) -> str:
        """What the change lines are measured against ("Changed since run X")."""
        return f"Changed since run {self.previous_run}" if self.previous_run else ""

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``: the lock, the summary and the changes since the previous run."""
        return {**self.lock.to_dict(), "summary": self.summary(), "previous_run": self.previous_run,
                "changes_since_previous": self.changes}


def summary_text(lock: StepLock, now: float | None = None) -> str:
    """The one line a person reads first: Python, package count, and where the environment came from."""
    parts = [f"Python {lock.python_version}" if lock.python_version else "Python (version not recorded)",
             count_text(lock.count, "package")]
    if lock.mode == "current":
        parts.append("the designer's own interpreter (mode current)")
    elif lock.built_now:
        parts.append("built for this run")
    elif lock.built_at:
        parts.append(f"built {ago(lock.built_at, now or time.time())}")
    if lock.built_on:
        parts.append(f"on {lock.built_on}")
    return " · ".join(parts)


def step_environment(store: Store, run: RunRecord, step: str) -> StepEnvironment | None:
    """The environment ``step`` of ``run`` ran with, compared with the previous run of that step.

    None when the run recorded none for it (it never got that far, or the run predates environments).
    """
    return run_environments(store, run, [step]).get(step)


def run_environments(store: Store, run: RunRecord, steps: list[str]) -> dict[str, StepEnvironment]:
    """:func:`step_environment` of each of ``steps`` (each earlier run's record is read once)."""
    found = read_run_locks(run.run_dir)
    if found is None:
        return {}
    records: dict[str, RunLocks | None] = {}
    out: dict[str, StepEnvironment] = {}
    for step in steps:
        lock = found.of(step)
        if lock is None:
            continue
        earlier = store.earlier_step(run.pipeline_file, step, before_run=run.id, started_before=run.started_at)
        before = None
        if earlier is not None:
            if earlier.run_id not in records:
                before_run = store.get_run(earlier.run_id)
                records[earlier.run_id] = read_run_locks(before_run.run_dir) if before_run is not None else None
            record = records[earlier.run_id]
            before = record.of(step) if record is not None else None
        out[step] = (StepEnvironment(lock) if before is None or earlier is None
                     else StepEnvironment(lock, earlier.run_id, lock_changes(before, lock)))
    return out


_BUILD_START = "[environment] building environment"
_BUILD_END = re.compile(r"^\[environment\] environment \S+ (built in|is ready)")


def split_build_log(stderr: str) -> tuple[str, str]:
    """A step's stderr as ``(environment build log, the rest)``.

    The build writes its lines into the step's stderr (so the log view shows it live): uv's own output
    between "[environment] building environment ..." and "... built in ...", and every other
    "[environment]" line. Told apart, a step that built its environment and then succeeded has no
    "errors" to show; an unfinished build (it failed, or goes on) keeps its lines to the end.
    """
    build: list[str] = []
    rest: list[str] = []
    inside = False
    for line in stderr.splitlines(keepends=True):
        if line.startswith(_BUILD_START):
            inside = True
        if inside or line.startswith("[environment]"):
            build.append(line)
            if _BUILD_END.match(line):
                inside = False
        else:
            rest.append(line)
    return "".join(build), "".join(rest)
