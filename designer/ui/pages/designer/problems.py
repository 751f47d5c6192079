"""The designer's problems: checking what would be saved, and showing each problem where it is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nicegui import ui

from designer.errors import Problem, SpecError
from designer.spec.loader import load_text
from designer.spec.validate import validate_loaded
from designer.ui.format import sentence
from designer.ui.session import EditorSession
from designer.ui.widgets import attrs


def validate_text(text: str, file: str, registry: Any) -> list[Problem]:
    """The problems of ``text`` as the file ``file`` would have them (blocking: loads components)."""
    try:
        loaded = load_text(text, file, registry)
    except SpecError as exc:
        return exc.problems
    return validate_loaded(loaded)


def job_of(problem: Problem, session: EditorSession) -> str | None:
    """The step of the pipeline shown that ``problem`` is about, or None."""
    if problem.file and problem.file != str(session.file):
        for name, jobs in session.problems_by_job().items():
            if problem in jobs:
                return name
        return None
    parts = problem.path.split(".")
    if len(parts) >= 2 and parts[0] == "jobs" and parts[1] in session.document.jobs:
        return parts[1]
    return None


def problem_row(problem: Problem, on_click: Any) -> None:
    """One problem of the Problems tab: its sentence and where (field path, line, file)."""
    error = problem.severity == "error"
    with attrs(ui.row().classes("w-full no-wrap items-start gap-2 py-1" + (" cursor-pointer" if on_click else "")),
               data_testid="problem", data_severity=problem.severity) as row:
        ui.icon("error" if error else "warning", size="18px").classes(
            ("text-red-500" if error else "text-amber-500") + " mt-[2px]")
        with ui.column().classes("gap-0 min-w-0"):
            ui.label(sentence(problem.message)).classes("text-sm break-words")
            where = []
            if problem.path:
                where.append(problem.path)
            if problem.line:
                where.append(f"line {problem.line}")
            if problem.file and not problem.file.endswith(("untitled.yml",)):
                where.append(Path(problem.file).name)
            if where:
                ui.label(" · ".join(where)).classes("designer-muted text-xs")
    if on_click:
        row.on("click", on_click)
