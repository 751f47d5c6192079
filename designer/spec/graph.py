"""Pipelines as graphs: one level for the canvas, flattened (``outer/inner``) for the runner.

Over 400 lines on purpose: one job (pipelines as graphs: flattening, order, layers, layout).

networkx is imported only where a :class:`networkx.DiGraph` is built (the canvas, layout); the
run path (validation's cycle check, the step order) uses the small stdlib helpers below, because
``designer run`` must start in a fraction of a second.

:func:`flatten` resolves every binding of every command step to where its value really comes from
(a literal, an external data path, an upstream step's output, or nothing), walking through nested
pipeline components, so the engine never has to interpret ``${{parent...}}`` itself.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

from designer.spec.expressions import EXPR_RE, Binding, parse_binding, parse_expression
from designer.spec.model import (
    CommandComponent,
    DataValue,
    Job,
    PipelineComponent,
    PipelineJob,
)

Pipeline = PipelineJob | PipelineComponent


# ------------------------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class Literal:
    """A parameter value."""

    value: Any


@dataclass(frozen=True)
class ExternalData:
    """Data outside the run: a local path (absolute) or a URL, with its declared type."""

    path: str
    type: str | None = None
    mode: str | None = None


@dataclass(frozen=True)
class StepOutput:
    """The output ``output`` of the flattened step ``step``."""

    step: str
    output: str


@dataclass(frozen=True)
class Unbound:
    """No value: an optional input left empty (or a binding that leads nowhere)."""


Source = Literal | ExternalData | StepOutput | Unbound


@dataclass
class FlatStep:
    """A command step of the flattened pipeline with every input resolved to its source."""

    path: str
    job: Job
    component: CommandComponent
    inputs: dict[str, Source] = field(default_factory=dict)
    compute: str | None = None
    timeout: int | None = None
    environment_variables: dict[str, str] = field(default_factory=dict)

    @property
    def upstream(self) -> list[str]:
        """The steps whose outputs this step reads, sorted, without repeats."""
        return sorted({s.step for s in self.inputs.values() if isinstance(s, StepOutput)})


@dataclass
class FlatPipeline:
    """All command steps of a pipeline job, and where the pipeline's own outputs come from."""

    steps: dict[str, FlatStep]
    outputs: dict[str, StepOutput]

    def graph(self) -> nx.DiGraph:
        """The step graph: an edge ``a -> b`` when ``b`` reads an output of ``a``."""
        import networkx as nx

        g: nx.DiGraph = nx.DiGraph()
        for path in self.steps:
            g.add_node(path)
        for path, step in self.steps.items():
            for name, src in step.inputs.items():
                if isinstance(src, StepOutput) and src.step in self.steps:
                    g.add_edge(src.step, path)
                    g.edges[src.step, path].setdefault("ports", []).append((src.output, name))
        return g

    def order(self) -> list[str]:
        """A deterministic topological order of the steps (ties broken by name)."""
        return topological_order_of({p: set(s.upstream) & set(self.steps) for p, s in self.steps.items()})


@dataclass
class _Scope:
    pipeline: Pipeline
    prefix: str
    inputs: dict[str, Source]
    base_dir: Path | None
    compute: str | None = None


def _interpolate(text: str, scope: _Scope) -> Any:
    """Replace ``${{parent.inputs.x}}`` parts of a longer string by their literal values."""

    def sub(m: Any) -> str:
        b = parse_expression(m.group(1))
        if b is not None and b.kind == "parent_input":
            src = scope.inputs.get(b.name)
            if isinstance(src, Literal):
                return str(src.value)
            if isinstance(src, ExternalData):
                return src.path
        return str(m.group(0))

    return EXPR_RE.sub(sub, text)


def _data_path(value: DataValue, base_dir: Path | None) -> ExternalData:
    path = str(value.path)
    if "://" not in path and not path.startswith("azureml:"):
        local = path[len("file:"):] if path.startswith("file:") else path
        path = os.path.abspath(os.path.join(str(base_dir or Path.cwd()), local))
    return ExternalData(path, value.type, value.mode)


def _resolve(value: Any, scope: _Scope, seen: frozenset[tuple[str, str]] = frozenset()) -> Source:
    if isinstance(value, DataValue):
        if value.binding is not None:
            src = _resolve_binding(value.binding, scope, seen)
            if isinstance(src, ExternalData) and value.type:
                return ExternalData(src.path, value.type, value.mode or src.mode)
            return src
        if value.path is None:
            return Unbound()
        if isinstance(value.path, str) and "${{" in value.path:
            return ExternalData(str(_interpolate(value.path, scope)), value.type, value.mode)
        return _data_path(value, scope.base_dir)
    binding = parse_binding(value)
    if binding is not None:
        return _resolve_binding(binding, scope, seen)
    if isinstance(value, str) and "${{" in value:
        return Literal(_interpolate(value, scope))
    if value is None:
        return Unbound()
    return Literal(value)


def _resolve_binding(b: Binding, scope: _Scope, seen: frozenset[tuple[str, str]]) -> Source:
    if b.kind == "parent_input":
        return scope.inputs.get(b.name, Unbound())
    if b.kind in ("job_output", "job_input"):
        job = scope.pipeline.jobs.get(str(b.job))
        if job is None:
            return Unbound()
        if b.kind == "job_input":
            key = (str(b.job), b.name)
            if key in seen or b.name not in job.inputs:
                return Unbound()
            return _resolve(job.inputs[b.name], scope, seen | {key})
        if isinstance(job.resolved, PipelineComponent):
            return _component_output(job, b.name, scope, seen)
        return StepOutput(f"{scope.prefix}{b.job}", b.name)
    return Unbound()


def _component_output(job: Job, output: str, scope: _Scope, seen: frozenset[tuple[str, str]]) -> Source:
    """Where output ``output`` of pipeline-component step ``job`` is produced."""
    pc = job.resolved
    assert isinstance(pc, PipelineComponent)
    inner = _child_scope(job, pc, scope, seen)
    for name, inner_job in pc.jobs.items():
        for out_name in inner_job.outputs:
            ob = inner_job.output_binding(out_name)
            if ob is not None and ob.kind == "parent_output" and ob.name == output:
                return _resolve_binding(Binding("job_output", out_name, name), inner, seen)
    return Unbound()


def _child_scope(job: Job, pc: PipelineComponent, scope: _Scope, seen: frozenset[tuple[str, str]] = frozenset()) -> _Scope:
    inputs: dict[str, Source] = {}
    for name, decl in pc.inputs.items():
        if name in job.inputs:
            inputs[name] = _resolve(job.inputs[name], scope, seen)
        elif decl.default is not None:
            inputs[name] = Literal(decl.default) if decl.is_param else ExternalData(str(decl.default), decl.type)
        else:
            inputs[name] = Unbound()
    compute = _scalar(job.compute, scope) or scope.compute
    return _Scope(pc, f"{scope.prefix}{job.name}/", inputs, pc.loc.base_dir, compute)


def _scalar(value: Any, scope: _Scope) -> Any:
    """A step field that may be a binding (``compute: ${{parent.inputs.c}}``), as a plain value."""
    if value is None:
        return None
    src = _resolve(value, scope)
    if isinstance(src, Literal):
        return src.value
    return None if isinstance(src, Unbound) else value


def _top_scope(pipeline: Pipeline, overrides: dict[str, Any] | None) -> _Scope:
    inputs: dict[str, Source] = {}
    base = pipeline.loc.base_dir
    if isinstance(pipeline, PipelineJob):
        for name, _value in pipeline.inputs.items():
            v = overrides[name] if overrides and name in overrides else pipeline.input_value(name)
            if isinstance(v, DataValue):
                inputs[name] = _data_path(v, base) if v.path is not None else Unbound()
            elif v is None:
                inputs[name] = Unbound()
            else:
                inputs[name] = Literal(v)
        compute = pipeline.default_compute
    else:
        for name, decl in pipeline.inputs.items():
            v = overrides.get(name) if overrides else None
            v = decl.default if v is None else v
            inputs[name] = Unbound() if v is None else (Literal(v) if decl.is_param else ExternalData(str(v), decl.type))
        compute = None
    return _Scope(pipeline, "", inputs, base, compute)


def flatten(pipeline: Pipeline, overrides: dict[str, Any] | None = None) -> FlatPipeline:
    """Flatten ``pipeline`` into command steps with resolved inputs.

    ``overrides`` replaces pipeline input values (``designer run --set``). Steps whose component
    could not be resolved are left out (validation reports them). Never raises on a pipeline that
    loaded, valid or not.
    """
    steps: dict[str, FlatStep] = {}
    top = _top_scope(pipeline, overrides)
    _flatten_into(top, steps, depth=0)
    outputs: dict[str, StepOutput] = {}
    for name, job in pipeline.jobs.items():
        for out_name in job.outputs:
            ob = job.output_binding(out_name)
            if ob is not None and ob.kind == "parent_output":
                src = _resolve_binding(Binding("job_output", out_name, name), top, frozenset())
                if isinstance(src, StepOutput):
                    outputs[ob.name] = src
    return FlatPipeline(steps, outputs)


def _flatten_into(scope: _Scope, steps: dict[str, FlatStep], depth: int) -> None:
    if depth > 50:
        return
    for name, job in scope.pipeline.jobs.items():
        comp = job.resolved
        if isinstance(comp, PipelineComponent):
            _flatten_into(_child_scope(job, comp, scope), steps, depth + 1)
            continue
        if not isinstance(comp, CommandComponent):
            continue
        inputs: dict[str, Source] = {}
        for in_name, decl in comp.inputs.items():
            src = _resolve(job.inputs[in_name], scope) if in_name in job.inputs else Unbound()
            if isinstance(src, Unbound) and decl.default is not None:
                src = Literal(decl.default) if decl.is_param else ExternalData(str(decl.default), decl.type)
            inputs[in_name] = src
        compute = _scalar(job.compute, scope) or scope.compute
        timeout = _scalar(job.limits.get("timeout"), scope) if job.limits else None
        env = {**{str(k): str(v) for k, v in comp.environment_variables.items()},
               **{str(k): str(_scalar(v, scope)) for k, v in job.environment_variables.items()}}
        steps[f"{scope.prefix}{name}"] = FlatStep(
            path=f"{scope.prefix}{name}",
            job=job,
            component=comp,
            inputs=inputs,
            compute=str(compute) if compute is not None else None,
            timeout=int(timeout) if isinstance(timeout, int | float) and not isinstance(timeout, bool) else None,
            environment_variables=env,
        )


# ------------------------------------------------------------------------------------ one-level graph


def job_dependencies(pipeline: Pipeline) -> dict[str, set[str]]:
    """For each job of one level, the jobs whose outputs it reads."""
    deps: dict[str, set[str]] = {name: set() for name in pipeline.jobs}
    for name, job in pipeline.jobs.items():
        for in_name in job.inputs:
            b = job.input_binding(in_name)
            if b is not None and b.kind == "job_output" and b.job in pipeline.jobs:
                deps[name].add(str(b.job))
    return deps


def find_cycle_in(deps: dict[str, set[str]]) -> list[str] | None:
    """One cycle of a dependency map as ``[a, b, a]`` (a reads b, b reads a), or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for root in sorted(deps):
        if root in state:
            continue
        path: list[str] = [root]
        iters = [iter(sorted(deps[root]))]
        state[root] = 1
        while iters:
            nxt = next(iters[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                iters.pop()
                continue
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):]
                flow = cycle[::-1]  # deps point upstream; a cycle is shown in data-flow direction
                start = flow.index(min(flow))
                flow = flow[start:] + flow[:start]
                return [*flow, flow[0]]
            if nxt not in state and nxt in deps:
                state[nxt] = 1
                path.append(nxt)
                iters.append(iter(sorted(deps[nxt])))
    return None


def topological_order_of(deps: dict[str, set[str]]) -> list[str]:
    """Kahn's order of a dependency map, ties broken by name; raises ValueError on a cycle."""
    import heapq

    waiting = {n: len(d) for n, d in deps.items()}
    users: dict[str, list[str]] = {n: [] for n in deps}
    for n, d in deps.items():
        for u in d:
            users.setdefault(u, []).append(n)
    ready = [n for n, k in waiting.items() if k == 0]
    heapq.heapify(ready)
    out: list[str] = []
    while ready:
        n = heapq.heappop(ready)
        out.append(n)
        for user in users.get(n, []):
            waiting[user] -= 1
            if waiting[user] == 0:
                heapq.heappush(ready, user)
    if len(out) != len(deps):
        raise ValueError("the graph has a cycle")
    return out


def job_graph(pipeline: Pipeline) -> nx.DiGraph:
    """One level of ``pipeline`` as a graph of its jobs (what the canvas shows).

    Edge ``a -> b`` carries ``ports``: a list of ``(output of a, input of b)``.
    """
    import networkx as nx

    g: nx.DiGraph = nx.DiGraph()
    for name in pipeline.jobs:
        g.add_node(name)
    for name, job in pipeline.jobs.items():
        for in_name in job.inputs:
            b = job.input_binding(in_name)
            if b is not None and b.kind == "job_output" and b.job in pipeline.jobs:
                if not g.has_edge(b.job, name):
                    g.add_edge(b.job, name, ports=[])
                g.edges[b.job, name]["ports"].append((b.name, in_name))
    return g


def find_cycle(g: nx.DiGraph) -> list[str] | None:
    """Return the nodes of one cycle (``[a, b, a]``), or None when the graph is acyclic."""
    import networkx as nx

    try:
        edges = nx.find_cycle(g)
    except nx.NetworkXNoCycle:
        return None
    nodes = [str(e[0]) for e in edges]
    return [*nodes, nodes[0]]


def topological_order(g: nx.DiGraph) -> list[str]:
    """A deterministic topological order (ties broken by name); raises ValueError on a cycle."""
    import networkx as nx

    try:
        return [str(n) for n in nx.lexicographical_topological_sort(g)]
    except nx.NetworkXUnfeasible as exc:
        raise ValueError("the graph has a cycle") from exc


def layers(g: nx.DiGraph) -> list[list[str]]:
    """Layered order for auto-layout: each node in the layer after its deepest predecessor.

    Within a layer, nodes are ordered to reduce crossings (barycentre of their predecessors'
    positions), ties broken by name. A cyclic graph falls back to one layer per node.
    """
    import networkx as nx

    if find_cycle(g) is not None:
        return [[str(n)] for n in sorted(g.nodes)]
    out: list[list[str]] = []
    position: dict[str, float] = {}
    for generation in nx.topological_generations(g):
        def key(n: Any) -> tuple[float, str]:
            preds = [position[p] for p in g.predecessors(n) if p in position]
            return (sum(preds) / len(preds) if preds else float("inf"), str(n))

        layer = sorted((str(n) for n in generation), key=key)
        for i, n in enumerate(layer):
            position[n] = i
        out.append(layer)
    return out


def auto_layout(g: nx.DiGraph, dx: float = 300.0, dy: float = 150.0) -> dict[str, tuple[float, float]]:
    """Left-to-right positions from :func:`layers`, each column centred vertically."""
    lay = layers(g)
    tallest = max((len(layer) for layer in lay), default=0)
    pos: dict[str, tuple[float, float]] = {}
    for col, layer in enumerate(lay):
        offset = (tallest - len(layer)) * dy / 2
        for row, node in enumerate(layer):
            pos[node] = (col * dx, offset + row * dy)
    return pos
