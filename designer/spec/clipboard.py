"""Copying steps: what the canvas's Ctrl+C, Ctrl+V and Ctrl+D (duplicate) do to a pipeline.

:func:`copy_steps` takes the chosen steps with everything they say (component, parameters, data
paths, compute, limits, environment variables, display name) and their places on the canvas, as a
:class:`Clip` that no later edit of the pipeline changes. :func:`paste_steps` adds a clip's steps
to a pipeline (the same one or another) under fresh step names (``train_model`` ->
``train_model_2``, ``train_model_3``, ...). What happens to the wires:

- a wire between two copied steps is copied: it joins the two new steps;
- a wire from a step that was not copied is not: that input is left unset (its default applies),
  so a pasted step never silently reads from the original's neighbours;
- a route to a pipeline output (``${{parent.outputs.y}}``) is not copied (one output, one writer);
- a binding to a pipeline input (``${{parent.inputs.x}}``) is kept when the pipeline pasted into
  has that input, else the input is left unset.

Relative paths (a component file ``./components/x.yml``, a data path ``./data/rows.csv``) are
re-based when the clip is pasted into a pipeline in another folder, so they name the same files.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from designer.spec.edit import EditRefused, unique_name
from designer.spec.expressions import EXPR_RE, Binding, parse_expression
from designer.spec.layout import Positions
from designer.spec.model import DataValue, Job, Located, PipelineComponent, PipelineJob

Pipeline = PipelineJob | PipelineComponent

PASTE_STEP = 40.0  # a paste without a place lands this far right and down of the originals (again: further)
_NUMBERED = re.compile(r"^(?P<base>.+?)_(?P<n>\d+)$")


@dataclass(frozen=True)
class Clip:
    """Copied steps: the steps (private copies, by their names in the pipeline they came from), their
    canvas places, and the folder their relative paths are relative to."""

    jobs: dict[str, Job]
    positions: Positions
    base_dir: Path | None

    @property
    def names(self) -> list[str]:
        """The copied steps' names, in pipeline order."""
        return list(self.jobs)


@dataclass(frozen=True)
class Pasted:
    """What :func:`paste_steps` added: ``{copied name: new name}`` and the new steps' places."""

    names: dict[str, str]
    positions: Positions


def _clone(job: Job) -> Job:
    # The component the step runs is shared, not copied: it is read-only for the pipeline, and a
    # pipeline component's own jobs would make a deep copy slow.
    return copy.deepcopy(job, memo={id(job.resolved): job.resolved, id(job.loc): job.loc})


def _refs(value: Any) -> list[Binding]:
    text = value.path if isinstance(value, DataValue) else value
    if not isinstance(text, str):
        return []
    return [b for b in (parse_expression(m.group(1)) for m in EXPR_RE.finditer(text)) if b is not None]


def copy_steps(pipeline: Pipeline, names: Iterable[str], positions: Positions) -> Clip:
    """A :class:`Clip` of the steps ``names`` of ``pipeline`` (unknown names are ignored).

    Raises :class:`EditRefused` when none of ``names`` is a step of ``pipeline``.
    """
    wanted = set(names)
    chosen = [name for name in pipeline.jobs if name in wanted]
    if not chosen:
        raise EditRefused("select the steps to copy first")
    jobs: dict[str, Job] = {}
    for name in chosen:
        job = _clone(pipeline.jobs[name])
        for input_name, value in list(job.inputs.items()):
            if any(b.kind in ("job_output", "job_input") and b.job not in wanted for b in _refs(value)):
                del job.inputs[input_name]  # a wire from a step that is not copied
        for output_name, value in list(job.outputs.items()):
            if any(b.kind == "parent_output" for b in _refs(value)):
                del job.outputs[output_name]
        _drop_empty(job)
        jobs[name] = job
    places = {name: positions[name] for name in chosen if name in positions}
    return Clip(jobs, places, pipeline.loc.base_dir)


def _drop_empty(job: Job) -> None:
    """No ``inputs: {}`` left behind by the bindings a copy dropped."""
    for key in ("inputs", "outputs"):
        if not getattr(job, key) and key in job.key_order:
            job.key_order = [k for k in job.key_order if k != key]


def _fresh_name(name: str, taken: set[str]) -> str:
    m = _NUMBERED.match(name)
    base = m.group("base") if m else name
    return unique_name(base, taken)


def _rebase(path: Any, old: Path | None, new: Path | None) -> Any:
    """A relative ``./x`` path written for folder ``old`` as it must be written for folder ``new``."""
    if not isinstance(path, str) or old is None or new is None or "${{" in path or "://" in path:
        return path
    prefix = "file:" if path.startswith("file:") else ""
    bare = path[len(prefix):]
    if not bare or Path(bare).is_absolute() or bare.startswith("azureml:"):
        return path
    target = os.path.normpath(old / bare)
    rel = Path(os.path.relpath(target, new)).as_posix()
    return prefix + (rel if rel.startswith("../") else f"./{rel}")


def _rewrite(value: Any, renamed: Mapping[str, str]) -> Any:
    def one(match: re.Match[str]) -> str:
        b = parse_expression(match.group(1))
        if b is None or b.kind not in ("job_output", "job_input") or b.job is None or b.job not in renamed:
            return match.group(0)
        return str(replace(b, job=renamed[b.job]))

    if isinstance(value, DataValue):
        if isinstance(value.path, str):
            value.path = EXPR_RE.sub(one, value.path)
        return value
    return EXPR_RE.sub(one, value) if isinstance(value, str) else value


def paste_places(clip: Clip, names: Mapping[str, str], existing: Positions,
                 at: tuple[float, float] | None) -> Positions:
    """Where the pasted steps go: with ``at``, the copied group's top-left corner is put there;
    without, the group keeps its shape and moves :data:`PASTE_STEP` right and down from the
    originals, further while that would cover steps already there (a second paste does not hide
    the first)."""
    if not clip.positions:
        return {}
    left = min(x for x, _ in clip.positions.values())
    top = min(y for _, y in clip.positions.values())
    if at is not None:
        dx, dy = at[0] - left, at[1] - top
        return {names[old]: (x + dx, y + dy) for old, (x, y) in clip.positions.items() if old in names}
    occupied = {(round(x), round(y)) for x, y in existing.values()}
    shift = PASTE_STEP
    while any((round(x + shift), round(y + shift)) in occupied for x, y in clip.positions.values()):
        shift += PASTE_STEP
    return {names[old]: (x + shift, y + shift) for old, (x, y) in clip.positions.items() if old in names}


def paste_steps(pipeline: Pipeline, clip: Clip, positions: Positions,
                at: tuple[float, float] | None = None) -> Pasted:
    """Add the clip's steps to ``pipeline`` under fresh names (see the module docstring).

    ``positions`` are the pipeline's current canvas places (to avoid covering them); ``at`` is a
    place for the pasted group's top-left corner (the pointer), else it lands next to the originals.
    Returns the new names and places; the caller stores the places. Raises :class:`EditRefused`
    for an empty clip. The pipeline is changed only once every name is chosen.
    """
    if not clip.jobs:
        raise EditRefused("nothing has been copied yet; select steps and press Ctrl+C first")
    taken = set(pipeline.jobs)
    renamed: dict[str, str] = {}
    for old in clip.jobs:
        renamed[old] = _fresh_name(old, taken)
        taken.add(renamed[old])
    base_dir = pipeline.loc.base_dir
    moved = base_dir is not None and clip.base_dir is not None and Path(base_dir).resolve() != Path(clip.base_dir).resolve()
    added: list[Job] = []
    for old, source in clip.jobs.items():
        job = _clone(source)
        job.name = renamed[old]
        job.loc = Located(pipeline.loc.source, (*pipeline.loc.at, "jobs", job.name), pipeline.loc.base_dir)
        for input_name, value in list(job.inputs.items()):
            if any(b.kind == "parent_input" and b.name not in pipeline.inputs for b in _refs(value)):
                del job.inputs[input_name]
                continue
            value = _rewrite(value, renamed)
            if moved and isinstance(value, DataValue):
                value.path = _rebase(value.path, clip.base_dir, base_dir)
            job.inputs[input_name] = value
        if moved and job.component is not None and job.component.form == "file":
            raw = _rebase(job.component.raw, clip.base_dir, base_dir)
            path = raw[len("file:"):] if isinstance(raw, str) and raw.startswith("file:") else raw
            job.component = replace(job.component, raw=raw, path=path)
        _drop_empty(job)
        added.append(job)
    for job in added:
        pipeline.jobs[job.name] = job
    return Pasted(renamed, paste_places(clip, renamed, positions, at))
