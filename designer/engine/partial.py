"""Running part of a pipeline: one step on its own (``--only``), or a step and everything it feeds (``--from``).

:func:`restrict` narrows a :class:`~designer.engine.plan.RunPlan` in place:

- ``only=STEP``: the plan keeps that step alone, forced to run; its inputs from upstream steps are
  the latest successful outputs of those steps in earlier runs of the same pipeline file, which
  :func:`earlier_outputs` finds through a :class:`~designer.engine.why.StepHistory` (and checks are
  still on disk);
- ``from_step=STEP``: the plan keeps every step; that step and all its downstream steps are forced
  to run, the rest are reused where they can be.

Either way the run is recorded as any other (its outputs are reuse sources), marked partial.
"""

from __future__ import annotations

from dataclasses import dataclass

from designer.engine import why
from designer.engine.artifacts import ContentHasher
from designer.engine.plan import RunPlan
from designer.engine.why import StepHistory
from designer.errors import RunError
from designer.spec.graph import StepOutput
from designer.spec.loader import close_match


@dataclass(frozen=True)
class GivenOutput:
    """An output of an earlier run that a ``--only`` step reads."""

    run_id: str
    step: str
    output: str
    path: str
    size: int
    content_hash: str
    identity: str


def _known(plan: RunPlan, step: str, option: str) -> None:
    if step in plan.steps:
        return
    hint = close_match(step, list(plan.steps)) or f"; its steps: {', '.join(plan.steps)}"
    raise RunError(f"{option} {step}: the pipeline has no step '{step}'{hint}")


def downstream(plan: RunPlan, step: str) -> list[str]:
    """The steps that read ``step``'s outputs, directly or not, in plan order."""
    reached = {step}
    for name, s in plan.steps.items():  # plan order is topological
        if any(u in reached for u in s.upstream):
            reached.add(name)
    return [n for n in plan.steps if n in reached and n != step]


def restrict(plan: RunPlan, *, only: str | None = None, from_step: str | None = None) -> None:
    """Narrow ``plan`` to ``--only`` or ``--from`` (see the module docstring). Raises RunError for an unknown step."""
    if only is not None and from_step is not None:
        raise RunError("--only and --from cannot be used together; pick one")
    if only is not None:
        _known(plan, only, "--only")
        plan.steps = {only: plan.steps[only]}
        plan.outputs = {k: v for k, v in plan.outputs.items() if v.step == only}
        plan.forced = {only: why.change("only", only)}
        plan.partial = f"only {only}"
    elif from_step is not None:
        _known(plan, from_step, "--from")
        plan.forced = {from_step: why.change("from_step", from_step)}
        for name in downstream(plan, from_step):
            plan.forced[name] = why.change("from_step", from_step, detail="downstream")
        plan.partial = f"from {from_step}"


def earlier_outputs(plan: RunPlan, history: StepHistory | None, hasher: ContentHasher) -> list[GivenOutput]:
    """The upstream outputs a ``--only`` plan's step reads: the latest successful ones of earlier runs.

    Raises :class:`RunError` naming the upstream step when it has no successful earlier run (or its
    outputs are gone), so the person knows which step to run first. Reads only.
    """
    found: list[GivenOutput] = []
    if plan.partial is None or not plan.partial.startswith("only "):
        return found
    (name, step), = plan.steps.items()
    wanted = sorted({(src.step, src.output) for src in step.inputs.values() if isinstance(src, StepOutput)})
    for up, output in wanted:
        earlier = history.earlier_step(plan.pipeline_file, up, successful=True) if history is not None else None
        path = earlier.outputs.get(output) if earlier is not None else None
        if earlier is None or not path:
            raise RunError(f"--only {name}: upstream step '{up}' has no successful run of this pipeline to take "
                           f"its output '{output}' from; run the pipeline (or --only {up}) first")
        try:
            size, digest = hasher.path(path)
        except OSError:
            raise RunError(f"--only {name}: the output '{output}' of upstream step '{up}' (run {earlier.run_id}) "
                           f"is gone ({path}); run '{up}' again first") from None
        deterministic = bool((earlier.ingredients or {}).get("deterministic", True))
        identity = (f"{earlier.fingerprint}:{output}" if earlier.fingerprint and deterministic
                    else f"content:{digest}")
        source_step = earlier.step
        found.append(GivenOutput(earlier.run_id, source_step, output, path, size, digest, identity))
    return found
