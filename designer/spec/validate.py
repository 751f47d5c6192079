"""Validation: every problem of a pipeline or component, all at once, never raising midway.

Over 400 lines on purpose: one job (validation); each check is small and they share the problem-building helpers at the top.

Each :class:`~designer.errors.Problem` has the file, line, column and field path it concerns, a
stable code, and a message saying what was found, what was expected and, when there is one, the
closest valid name.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from designer.errors import Problem, SpecError
from designer.names import SNAPSHOT_SKIP_NAMES
from designer.spec.expressions import CommandSyntaxError, Ref, Unknown, parse_binding, parse_command
from designer.spec.graph import find_cycle_in, job_dependencies
from designer.spec.kinds import KINDS, check_job_wire, input_kind
from designer.spec.loader import ComponentResolver, Loaded, bad_io_name, close_match, load_document
from designer.spec.model import (
    PARAM_TYPES,
    CommandComponent,
    DataValue,
    Document,
    InputDecl,
    Job,
    PipelineComponent,
    PipelineJob,
    is_data_type,
    pipeline_input_type,
    types_compatible,
)
from designer.spec.schemas import column_problems

COMPONENT_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def check_literal(decl: InputDecl, value: Any) -> str | None:
    """Return why ``value`` does not fit parameter ``decl`` (type, enum, min, max), or None."""
    if not decl.is_param or value is None:
        return None
    t = decl.type
    number: float | None = None
    if t == "boolean":
        if not isinstance(value, bool) and str(value).lower() not in ("true", "false"):
            return f"expected true or false for boolean input '{decl.name}', found {_describe(value)}"
    elif t in ("integer", "number"):
        if isinstance(value, bool):
            return f"expected a{'n integer' if t == 'integer' else ' number'} for input '{decl.name}', found {_describe(value)}"
        try:
            number = float(value)
        except (TypeError, ValueError):
            kind = "an integer" if t == "integer" else "a number"
            return f"expected {kind} for input '{decl.name}', found {_describe(value)}"
        if t == "integer" and number != int(number):
            return f"expected an integer for input '{decl.name}', found {_describe(value)}"
    if decl.enum is not None and str(value) not in [str(e) for e in decl.enum]:
        allowed = ", ".join(str(e) for e in decl.enum)
        return f"{_describe(value)} is not one of the allowed values of '{decl.name}' ({allowed}){close_match(str(value), decl.enum)}"
    if number is not None:
        if decl.min is not None and number < float(decl.min):
            return f"{_describe(value)} is below the minimum {decl.min} of '{decl.name}'"
        if decl.max is not None and number > float(decl.max):
            return f"{_describe(value)} is above the maximum {decl.max} of '{decl.name}'"
    return None


class _Validator:
    def __init__(self) -> None:
        self._code_seen: set[Path] = set()
        self.problems: list[Problem] = []
        self._seen: set[int] = set()

    def add(self, p: Problem) -> None:
        self.problems.append(p)

    # ------------------------------------------------------------------------------- components

    def component(self, comp: CommandComponent | PipelineComponent, standalone: bool = False) -> None:
        if id(comp) in self._seen:
            return
        self._seen.add(id(comp))
        if standalone and comp.name is not None and not COMPONENT_NAME_RE.match(comp.name):
            self.add(comp.loc.problem(("name",), "component.bad_name",
                                      f"component name '{comp.name}' is not valid; expected lowercase letters, digits and '_', starting with a letter"))
        if standalone and comp.name is None and not comp.extra.get("inferred"):
            self.add(comp.loc.problem((), "component.missing_name", "the component has no 'name'; expected e.g. 'name: train_model'"))
        if isinstance(comp, PipelineComponent):
            self.pipeline(comp)
            return
        self.command(comp)

    def code(self, comp: CommandComponent) -> None:
        """The code folder exists, is not the whole file system, and holds no broken symbolic link
        (each of these passed validation and then failed every step when its snapshot was made)."""
        code = comp.code_dir()
        if code is None or code in self._code_seen:
            return
        self._code_seen.add(code)
        at = ("code",)
        if code == Path(code.anchor):
            self.add(comp.loc.problem(at, "code.root", f"'code: {comp.code}' is the whole file system ({code}); "
                                      "expected the component's own folder, e.g. 'code: ./src'"))
            return
        if not code.exists():
            self.add(comp.loc.problem(at, "code.not_found", f"the code folder '{comp.code}' does not exist ({code}); "
                                      "expected a folder or file next to the YAML file"))
            return
        broken = _broken_links(code)
        if broken:
            shown = ", ".join(f"'{rel}' -> '{target}'" for rel, target in broken[:3])
            more = f" and {len(broken) - 3} more" if len(broken) > 3 else ""
            self.add(comp.loc.problem(at, "code.broken_link",
                                      f"the code folder '{comp.code}' contains a symbolic link to nothing: {shown}{more}; "
                                      "a step's copy of its code cannot include it: remove the link or point it at a file"))

    def command(self, comp: CommandComponent) -> None:
        self.code(comp)
        inferred = bool(comp.extra.get("inferred"))
        at = ("command",)
        try:
            segments = parse_command(comp.command)
        except CommandSyntaxError as exc:
            self.add(comp.loc.problem(at, "command.syntax", f"the command is malformed: {exc}"))
            return
        for decl in comp.inputs.values():
            if decl.default is not None and decl.is_param:
                why = check_literal(decl, decl.default)
                if why:
                    self.add(comp.loc.problem(("inputs", decl.name, "default"), "input.bad_default", f"default value: {why}"))
        refs: list[tuple[Ref | Unknown, bool]] = []
        for seg in segments:
            if isinstance(seg, Ref | Unknown):
                refs.append((seg, False))
            elif hasattr(seg, "parts"):
                refs.extend((p, True) for p in seg.parts if isinstance(p, Ref | Unknown))
        for ref, in_block in refs:
            if isinstance(ref, Unknown):
                self.add(comp.loc.problem(at, "command.bad_expression",
                                          f"{ref.raw} is not valid in a command; expected ${{{{inputs.<name>}}}} or ${{{{outputs.<name>}}}}"))
                continue
            ports: dict[str, Any] = dict(comp.inputs if ref.port == "inputs" else comp.outputs)
            if ref.name not in ports:
                if inferred:
                    continue
                self.add(comp.loc.problem(at, "command.unknown_port",
                                          f"the command uses {ref.raw} but the component declares no {ref.port[:-1]} "
                                          f"'{ref.name}'{close_match(ref.name, ports)}"))
                continue
            if ref.port == "inputs":
                decl = comp.inputs[ref.name]
                if decl.optional and decl.default is None and not in_block:
                    self.add(comp.loc.problem(at, "command.optional_outside_block",
                                              f"optional input '{ref.name}' is used outside a $[[...]] block; when it is "
                                              f"left empty the command breaks. Wrap it: $[[--{ref.name} {ref.raw}]]"))
                if in_block and not decl.optional:
                    self.add(comp.loc.problem(at, "command.required_in_block",
                                              f"input '{ref.name}' is not optional but sits inside a $[[...]] block; "
                                              "Azure ML rejects this: mark it 'optional: true' or move it out of the block",
                                              "warning"))

    # -------------------------------------------------------------------------------- pipelines

    def pipeline(self, p: PipelineJob | PipelineComponent) -> None:
        cycle = find_cycle_in(job_dependencies(p))
        if cycle is not None:
            first = p.jobs.get(cycle[0])
            loc = first.loc if first is not None else p.loc
            rel: tuple[str, ...] = () if first is not None else ("jobs",)
            self.add(loc.problem(rel, "pipeline.cycle", f"the jobs form a cycle: {' -> '.join(cycle)}; a step cannot depend on its own output"))
        declared_outputs = set(p.outputs)
        if isinstance(p, PipelineJob):  # a pipeline component's ports were checked as declarations
            for name in p.outputs:
                if (why := bad_io_name(name, "output")) is not None:
                    self.add(p.loc.problem(("outputs", name), "output.bad_name", why))
        bound_outputs: set[str] = set()
        for job in p.jobs.values():
            self.job(p, job, bound_outputs)
        # column parameters against the columns known before running (designer/spec/schemas.py)
        for problem in column_problems(p):
            self.add(problem)
        for name in declared_outputs - bound_outputs:
            self.add(p.loc.problem(("outputs", name), "pipeline.output_unbound",
                                   f"pipeline output '{name}' is not produced by any job; bind a job output to "
                                   f"'${{{{parent.outputs.{name}}}}}'", "warning"))

    def _parent_input_literal(self, p: PipelineJob | PipelineComponent, name: str) -> tuple[bool, Any]:
        if isinstance(p, PipelineJob):
            value = p.input_value(name)
            if isinstance(value, DataValue | dict) or value is None:
                return False, None
            return True, value
        decl = p.inputs.get(name)
        return False, decl.default if decl else None

    def job(self, p: PipelineJob | PipelineComponent, job: Job, bound_outputs: set[str]) -> None:
        comp = job.resolved
        loc = job.loc
        if comp is not None:
            self.component(comp)
        # compute and timeout may be bindings to pipeline inputs
        for field_path, value in ((("compute",), job.compute), (("limits", "timeout"), job.limits.get("timeout"))):
            b = parse_binding(value)
            if b is not None and (b.kind != "parent_input" or b.name not in p.inputs):
                self.add(loc.problem(field_path, "binding.unknown_input",
                                     f"{value} refers to no pipeline input{close_match(b.name, p.inputs)}"))
        declared = comp.inputs if comp is not None else {}
        # Every job form (component file, registry, inline component, inline command job): the names
        # a job uses become its ports' folder names, so the one rule applies to all of them here.
        for kind, names in (("input", job.inputs), ("output", job.outputs)):
            for name in names:
                if (why := bad_io_name(name, kind)) is not None:
                    self.add(loc.problem((f"{kind}s", name), f"{kind}.bad_name", why))
        for name, value in job.inputs.items():
            rel = ("inputs", name)
            decl = declared.get(name)
            if comp is not None and decl is None:
                self.add(loc.problem(rel, "input.undeclared",
                                     f"job '{job.name}' passes input '{name}' but its component declares no such input, so it "
                                     f"is ignored{close_match(name, declared)}", "warning"))
            b = job.input_binding(name)
            if b is None:
                if isinstance(value, str) and "${{" in value:
                    self._embedded(p, loc, rel, value)
                    continue
                if decl is not None and not isinstance(value, DataValue):
                    if decl.is_param:
                        why = check_literal(decl, value)
                        if why:
                            self.add(loc.problem(rel, "input.bad_value", why))
                    elif value is not None and not isinstance(value, str):
                        self.add(loc.problem(rel, "input.bad_value",
                                             f"input '{name}' is {decl.type} data; expected a path or a binding such as "
                                             f"'${{{{parent.jobs.<job>.outputs.<output>}}}}', found {_describe(value)}"))
                if decl is not None and isinstance(value, DataValue) and decl.is_param:
                    self.add(loc.problem(rel, "input.bad_value", f"input '{name}' is {_a(decl.type)} parameter; expected a value, found a data object"))
                continue
            self.binding(p, job, name, b, decl, rel)
        if comp is not None:
            # a sweep's hyperparameters reach each trial from its search space, not from the step
            swept = set(job.extra.get("search_space") or {}) if job.type == "sweep" else set()
            for name, decl in comp.inputs.items():
                if decl.required and name not in job.inputs and name not in swept:
                    self.add(loc.problem(("inputs",), "input.missing_required", _missing(job.name, comp, name, decl)))
        for name in job.outputs:
            rel = ("outputs", name)
            if comp is not None and name not in comp.outputs:
                self.add(loc.problem(rel, "output.undeclared",
                                     f"job '{job.name}' routes output '{name}' but its component declares no such output"
                                     f"{close_match(name, comp.outputs)}"))
            ob = job.output_binding(name)
            value = job.outputs[name]
            if ob is None:
                if isinstance(value, str) and value.strip():
                    self.add(loc.problem(rel, "output.bad_value",
                                         f"an output can only be routed to '${{{{parent.outputs.<name>}}}}' or described "
                                         f"with {{type, mode, path}}, found {_describe(value)}"))
                continue
            if ob.kind != "parent_output":
                self.add(loc.problem(rel, "output.bad_binding",
                                     f"a step output can only be bound to '${{{{parent.outputs.<name>}}}}', found '{ob}'"))
                continue
            if ob.name not in p.outputs:
                self.add(loc.problem(rel, "binding.unknown_pipeline_output",
                                     f"{ob} refers to pipeline output '{ob.name}', which is not declared"
                                     f"{close_match(ob.name, p.outputs)}; add it under the pipeline's 'outputs'"))
            bound_outputs.add(ob.name)

    def _embedded(self, p: PipelineJob | PipelineComponent, loc: Any, rel: tuple[str, ...], value: str) -> None:
        from designer.spec.expressions import find_expressions, parse_expression

        for inner in find_expressions(value):
            b = parse_expression(inner)
            if b is None or b.kind != "parent_input" or b.name not in p.inputs:
                self.add(loc.problem(rel, "binding.bad_expression",
                                     f"'${{{{{inner}}}}}' inside a text value must be '${{{{parent.inputs.<name>}}}}' with a "
                                     "declared pipeline input"))

    def binding(self, p: PipelineJob | PipelineComponent, job: Job, name: str, b: Any, decl: InputDecl | None,
                rel: tuple[str, ...]) -> None:
        loc = job.loc
        if b.kind == "parent_output":
            self.add(loc.problem(rel, "binding.output_as_input",
                                 f"{b} is a pipeline output; a step input can read a pipeline input "
                                 "'${{parent.inputs.x}}' or another job's output '${{parent.jobs.j.outputs.o}}'"))
            return
        if b.kind == "parent_input":
            if b.name not in p.inputs:
                self.add(loc.problem(rel, "binding.unknown_input",
                                     f"{b} refers to pipeline input '{b.name}', which is not declared"
                                     f"{close_match(b.name, p.inputs)}"))
                return
            if decl is None:
                return
            src_type = pipeline_input_type(p, b.name)
            if decl.is_param:
                is_literal, value = self._parent_input_literal(p, b.name)
                if src_type is not None and is_data_type(src_type):
                    self.add(loc.problem(rel, "binding.type_mismatch",
                                         f"input '{name}' is {_a(decl.type)} parameter but pipeline input '{b.name}' is {src_type} data"))
                elif is_literal:
                    why = check_literal(decl, value)
                    if why:
                        self.add(loc.problem(rel, "input.bad_value", f"via pipeline input '{b.name}': {why}"))
            elif src_type in PARAM_TYPES and isinstance(p, PipelineComponent):
                self.add(loc.problem(rel, "binding.type_mismatch",
                                     f"input '{name}' is {decl.type} data but pipeline input '{b.name}' is {_a(str(src_type))} parameter"))
            elif src_type is not None and is_data_type(src_type) and not types_compatible(src_type, decl.type):
                self.add(loc.problem(rel, "binding.type_mismatch",
                                     f"pipeline input '{b.name}' is {src_type} but input '{name}' expects {decl.type}"))
            return
        other = p.jobs.get(str(b.job))
        if other is None:
            self.add(loc.problem(rel, "binding.unknown_job",
                                 f"{b} refers to job '{b.job}', which does not exist{close_match(str(b.job), p.jobs)}"))
            return
        if b.kind == "job_input":
            if b.name not in other.inputs:
                self.add(loc.problem(rel, "binding.unknown_job_input",
                                     f"{b}: job '{b.job}' sets no input '{b.name}'{close_match(b.name, other.inputs)}"))
            return
        if other.resolved is None:
            return
        outputs = other.resolved.outputs
        if b.name not in outputs:
            self.add(loc.problem(rel, "binding.unknown_output",
                                 f"{b}: job '{b.job}' has no output '{b.name}' (its outputs: {', '.join(outputs) or 'none'})"
                                 f"{close_match(b.name, outputs)}"))
            return
        if decl is None:
            return
        src_type = outputs[b.name].type
        wire = None if decl.is_param else check_job_wire(p.jobs, str(b.job), b.name, job.name, name)
        if wire:
            # both ends declare a port kind: the sentence in the user's words replaces the type rule
            self.add(loc.problem(rel, "binding.kind_mismatch", wire))
        elif decl.is_param:
            self.add(loc.problem(rel, "binding.type_mismatch",
                                 f"input '{name}' is {_a(decl.type)} parameter but output '{b.job}.{b.name}' is {src_type} data; "
                                 "connect it to a data input"))
        elif not types_compatible(src_type, decl.type):
            self.add(loc.problem(rel, "binding.type_mismatch",
                                 f"output '{b.job}.{b.name}' is {src_type} but input '{name}' of job '{job.name}' expects "
                                 f"{decl.type}; these types do not connect"))


def _broken_links(code: Path, budget: int = 5000) -> list[tuple[str, str]]:
    """Symbolic links under ``code`` whose target does not exist, as (relative path, target).

    Looks at no more than ``budget`` entries (validation runs on every edit in the designer) and
    skips what a snapshot leaves out.
    """
    if not code.is_dir():
        return []
    found: list[tuple[str, str]] = []
    stack = [code]
    while stack and budget > 0:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            budget -= 1
            if entry.name in SNAPSHOT_SKIP_NAMES:
                continue
            if entry.is_symlink():
                if not os.path.exists(entry.path):
                    try:
                        target = os.readlink(entry.path)
                    except OSError:
                        target = "?"
                    found.append((os.path.relpath(entry.path, code), target))
            elif entry.is_dir(follow_symlinks=False):
                stack.append(Path(entry.path))
    return sorted(found)


def validate_document(document: Document, *, standalone: bool = True) -> list[Problem]:
    """Return every problem of an already loaded document (excluding load problems)."""
    v = _Validator()
    if isinstance(document, PipelineJob):
        v.pipeline(document)
    else:
        v.component(document, standalone=standalone)
    return v.problems


def validate_loaded(loaded: Loaded) -> list[Problem]:
    """Return load problems plus validation problems, errors and warnings, without duplicates."""
    seen: set[tuple[Any, ...]] = set()
    out: list[Problem] = []
    for p in [*loaded.problems, *validate_document(loaded.document)]:
        key = (p.file, p.line, p.column, p.path, p.code, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def validate(path: str | Path, resolver: ComponentResolver | None = None) -> list[Problem]:
    """Load and validate the file at ``path``; return every problem found. Never raises for bad input."""
    try:
        loaded = load_document(path, resolver)
    except SpecError as exc:
        return exc.problems
    return validate_loaded(loaded)


def errors_of(problems: list[Problem]) -> list[Problem]:
    """Only the problems of severity ``error``."""
    return [p for p in problems if p.severity == "error"]


def load_valid(path: str | Path, resolver: ComponentResolver | None = None) -> tuple[Document, list[Problem]]:
    """Load ``path`` and return ``(document, warnings)``.

    Raises :class:`SpecError` carrying every problem when there is at least one error.
    """
    loaded = load_document(path, resolver)
    problems = validate_loaded(loaded)
    if errors_of(problems):
        raise SpecError(problems)
    return loaded.document, [p for p in problems if p.severity == "warning"]


def _missing(job: str, comp: Any, name: str, decl: Any) -> str:
    """The sentence for a required input left unset: what to connect, in the words of the port's
    kind when the component declares one ("connect the output of Score Model")."""
    kind = input_kind(comp, name)
    info = KINDS.get(kind.kinds[0]) if kind is not None and kind.kinds else None
    if info is not None:
        return f"{comp.label}'s required input '{name}' is not connected (step '{job}'): {info.hint}"
    what = "give it a value" if decl.is_param else "connect an output to it or choose a file"
    return f"{comp.label}'s required input '{name}' ({decl.type}) is not set (step '{job}'): {what}"
