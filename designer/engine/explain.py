"""What a step's fingerprint is made of, and why it runs or is reused, before anything is launched.

:func:`fingerprint_step` computes a step's fingerprint and its *ingredients* (see
:mod:`designer.engine.why`); :func:`explain_ran` works out why a step that will run does (forced,
never reusable, or what changed since its nearest earlier run); :func:`explain_plan` does both
for a whole plan without running it (``Runner.explain``). Everything here reads and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from designer.engine import why
from designer.engine.cache import (
    CacheEntry,
    CacheIndex,
    Unhashable,
    canonical_json,
    component_spec,
    fingerprint,
)
from designer.engine.context import RunContext, StepOutputRef
from designer.engine.environments.locks import lock_of_hash
from designer.engine.environments.steps import RunEnvironments
from designer.engine.events import Event
from designer.engine.plan import RunPlan, StepPlan
from designer.engine.why import StepHistory
from designer.spec.graph import ExternalData, Literal, StepOutput


@dataclass
class Fingerprinted:
    """A step's fingerprint (None: it cannot be hashed), its inputs' (size, hash), and the ingredients."""

    fingerprint: str | None
    meta: dict[str, tuple[int, str]]
    ingredients: dict[str, Any]
    code_files: dict[str, Path]
    unhashable: str | None = None


def forced_because(plan: RunPlan, name: str) -> list[dict[str, Any]]:
    """The changes that force step ``name`` to run whatever the cache holds ([] when nothing does)."""
    if name in plan.forced:
        return [dict(plan.forced[name])]
    if plan.force_rerun:
        detail = "force_rerun: true in the pipeline's settings" if plan.pipeline.force_rerun else "--force-rerun"
        return [why.change("force", detail=detail)]
    return []


def explain_ran(run: RunContext, step: StepPlan, fp: Fingerprinted, forced: list[dict[str, Any]],
                invalid: CacheEntry | None) -> dict[str, Any]:
    """The reason of a step that will run: forced, never reusable, or what changed since its last run.

    Reads the store (through the run's :class:`~designer.engine.why.StepHistory`) and earlier code
    snapshots; writes nothing.
    """
    if forced:
        return why.ran(forced)
    if not step.deterministic:
        return why.ran([why.change("not_deterministic")])
    if fp.fingerprint is None:
        return why.ran([why.change("unhashable", detail=fp.unhashable)])
    earlier = None
    if run.history is not None:
        earlier = run.history.earlier_step(run.plan.pipeline_file, step.path, before_run=run.run_id or None)
    if earlier is None or earlier.ingredients is None:
        return why.ran([why.change("no_earlier_run")])
    old_code = (earlier.ingredients.get("code_hash") or "")
    old_root = run.snapshots.folder / old_code if old_code else None
    old, new = with_packages(run, earlier.run_id, earlier.ingredients, fp.ingredients)
    found = why.changes(old, new, old_code_root=old_root, new_code_files=fp.code_files)
    if found:
        return why.ran(found)
    if invalid is not None:
        return why.ran([why.change("outputs_missing", invalid.step, invalid.run_id)])
    return why.ran([why.change("earlier_not_reusable", step.path, earlier.run_id, earlier.state)])


def with_packages(run: RunContext, earlier_run: str, old: dict[str, Any],
                  new: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``old`` and ``new`` ingredients with their environment lock hashes replaced by the packages
    they stand for, when both locks are known (the earlier run's record, this run's environments), so
    that a changed lock reads "package `six` changed from 1.15.0 to 1.16.0"; else as they are."""
    old_hash, new_hash = old.get("env_lock"), new.get("env_lock")
    if old_hash == new_hash or run.environments is None or not isinstance(old_hash, str):
        return old, new
    after = run.environments.lock_packages(new_hash if isinstance(new_hash, str) else None)
    before = lock_of_hash(run.run_root / earlier_run, old_hash) if after is not None else None
    if before is None or after is None:
        return old, new
    return {**old, "env_lock": before}, {**new, "env_lock": after}


def input_values(run: RunContext, step: StepPlan) -> tuple[dict[str, Any], dict[str, Any]]:
    """Values to put in the command, and identities to put in the fingerprint."""
    values: dict[str, Any] = {}
    idents: dict[str, Any] = {}
    for name, src in step.inputs.items():
        if isinstance(src, Literal):
            values[name] = src.value
            idents[name] = {"value": src.value}
        elif isinstance(src, ExternalData):
            values[name] = src.path
            idents[name] = {"data": src.path}  # replaced by its content hash in _fingerprint
        elif isinstance(src, StepOutput) and (src.step, src.output) in run.outputs:
            out = run.outputs[(src.step, src.output)]
            values[name] = out.path
            idents[name] = {"upstream": out.identity}
        else:
            values[name] = None
            idents[name] = None
    return values, idents


def fingerprint_step(run: RunContext, step: StepPlan, values: dict[str, Any],
                     idents: dict[str, Any]) -> Fingerprinted:
    """The step's fingerprint, its data inputs' (size, hash) and its ingredients (see :mod:`designer.engine.why`).

    Runs in a worker thread: it hashes code and external data (memoised by stat). Reads only.
    """
    meta: dict[str, tuple[int, str]] = {}
    unhashable: str | None = None
    params: dict[str, Any] = {}
    upstream: dict[str, Any] = {}
    data: dict[str, Any] = {}
    for name, src in step.inputs.items():
        if isinstance(src, Literal):
            params[name] = src.value
        elif isinstance(src, ExternalData):
            try:
                meta[name] = run.hasher.path(src.path)
                idents[name] = {"data": meta[name][1]}
                data[name] = {"path": src.path, "hash": meta[name][1]}
            except OSError:
                unhashable = f"data input `{name}` ({src.path}) cannot be read to fingerprint it"
                data[name] = {"path": src.path, "hash": None}
        elif isinstance(src, StepOutput) and (src.step, src.output) in run.outputs:
            out = run.outputs[(src.step, src.output)]
            meta[name] = (out.size, out.content_hash)
            upstream[name] = {"step": src.step, "output": src.output, "identity": out.identity}
    spec = component_spec(step.component.to_dict())
    ingredients: dict[str, Any] = {
        "v": why.INGREDIENTS_VERSION, "params": params, "upstream": upstream, "data": data,
        "env_vars": dict(step.env), "env_lock": step.env_lock,
        "command": step.component.command, "timeout": step.timeout, "deterministic": step.deterministic,
    }
    code_files: dict[str, Path] = {}
    try:
        code_hash = run.snapshots.code_hash(step.code, step.includes)
        files = run.snapshots.code_files(step.code, step.includes)
        ingredients["code_hash"] = code_hash
        ingredients["code"] = {rel: h for rel, (h, _) in sorted(files.items())}
        code_files = {rel: Path(real) for rel, (_, real) in files.items()}
    except OSError as exc:
        return Fingerprinted(None, meta, ingredients, code_files, f"its code cannot be read ({exc})")
    try:
        ingredients["component"] = why.digest(canonical_json(spec))
    except Unhashable as exc:
        return Fingerprinted(None, meta, ingredients, code_files, f"the component cannot be fingerprinted ({exc})")
    if unhashable is not None:
        return Fingerprinted(None, meta, ingredients, code_files, unhashable)
    try:
        fp = fingerprint({"component": spec, "code": code_hash, "inputs": idents, "env": step.env,
                          "environment": step.env_lock, "timeout": step.timeout})
    except Unhashable as exc:
        return Fingerprinted(None, meta, ingredients, code_files, f"an input cannot be fingerprinted ({exc})")
    return Fingerprinted(fp, meta, ingredients, code_files)


def verify(run: RunContext, step: StepPlan, entry: CacheEntry) -> dict[str, tuple[int, str]] | None:
    metas: dict[str, tuple[int, str]] = {}
    for name in step.outputs:
        path, want = entry.outputs.get(name), entry.content_hashes.get(name)
        if not path or not want:
            return None
        try:
            size, digest = run.hasher.path(path)
        except OSError:
            return None
        if digest != want:
            return None
        metas[name] = (size, digest)
    return metas


class _Discard:
    """An EventSink that drops everything (explaining a plan emits nothing)."""

    def emit(self, event: Event) -> None:
        """Drop ``event``."""


def explain_plan(plan: RunPlan, cache: CacheIndex, history: StepHistory | None, state_dir: Path,
                 run_root: Path, environments: RunEnvironments | None = None) -> dict[str, dict[str, Any]]:
    """Step -> the reason it would get if ``plan`` ran now; reads only (see :meth:`Runner.explain`).

    ``environments`` (resolved, their locks looked up) lets a changed lock name its packages.
    """
    from designer.engine.partial import earlier_outputs

    run = RunContext(plan, _Discard(), cache, {}, state_dir, run_root, 0.0, history)
    run.environments = environments
    for given in earlier_outputs(plan, history, run.hasher):
        run.outputs[(given.step, given.output)] = StepOutputRef(given.path, given.size, given.content_hash,
                                                                given.identity)
        run.given[given.step] = (given.run_id, given.step)
    reasons: dict[str, dict[str, Any]] = {}
    for name, step in plan.steps.items():  # topological: upstream identities are known first
        values, idents = input_values(run, step)
        fp = fingerprint_step(run, step, values, idents)
        forced = forced_because(plan, name)
        invalid: CacheEntry | None = None
        entry = cache.lookup(fp.fingerprint) if fp.fingerprint and step.deterministic and not forced else None
        metas = verify(run, step, entry) if entry is not None else None
        if entry is not None and metas is not None:
            reasons[name] = why.reused(entry.run_id, entry.step)
            for out, (size, digest) in metas.items():
                run.add_output(step, out, entry.outputs[out], size, digest, fp.fingerprint)
            continue
        invalid = entry
        reasons[name] = explain_ran(run, step, fp, forced, invalid)
        for out in step.outputs:  # what it will produce: its identity is known ahead only when deterministic
            identity = (f"{fp.fingerprint}:{out}" if fp.fingerprint and step.deterministic
                        else f"not-yet-run:{name}:{out}")
            run.outputs[(name, out)] = StepOutputRef("", 0, "", identity)
    return reasons
