"""The ``type: parallel`` step: an entry script's ``init()``/``run(mini_batch)`` over mini-batches.

Over 400 lines on purpose: one job (the parallel step's fields), mirroring Azure's schema key for key with a located problem for each.

Schema: Azure ML's parallel job reference (``reference-yaml-job-parallel``) and the ``azure-ai-ml``
SDK (``ParameterizedParallelSchema``, ``ComponentParallelTaskSchema``, ``RetrySettingsSchema``):

- ``input_data: ${{inputs.<name>}}`` names the step input that is split; it must be bound to a
  ``uri_folder`` (mini-batches of files) or an ``mltable`` (mini-batches of rows);
- ``mini_batch_size``: a file count for a folder, a size for a table (``"10kb"``, ``"1mb"``; the SDK's
  rule ``^\\d+([kKmMgG][bB])*$``, 1024-based); defaults 10 files / 1 MB as the SDK documents;
- ``partition_keys``: one mini-batch per group of rows with equal key values (tables only; it wins
  over ``mini_batch_size``);
- ``task: {type: run_function, code, entry_script, environment, program_arguments, append_row_to}``;
- ``resources.instance_count`` x ``max_concurrency_per_instance`` worker processes;
- ``error_threshold`` (failed items) and ``mini_batch_error_threshold`` (failed mini-batches), ``-1``
  ignores failures; ``retry_settings: {max_retries, timeout}`` per mini-batch;
- ``logging_level`` (DEBUG, INFO, WARNING) and ``environment_variables``.

Parsing is pure (it reads the entry script to check it defines ``run``): it returns a
:class:`ParallelSpec` (or None) and every problem found, each located at its key.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from designer.errors import Problem, SpecError
from designer.spec.expressions import EXPR_RE
from designer.spec.loading import StepLoading
from designer.spec.model import Located
from designer.spec.values import ProblemList, close_match, int_value, kind_of

SIZE_RE = re.compile(r"^(\d+)\s*([kKmMgG][bB])?$")
_UNITS = {"kb": 1024, "mb": 1024**2, "gb": 1024**3}
_SELF_REF = re.compile(r"^\$\{\{\s*(inputs|outputs)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$")
SPLITTABLE_TYPES = ("uri_folder", "mltable")
TASK_TYPES = ("run_function",)
LOGGING_LEVELS = ("DEBUG", "INFO", "WARNING")
DEFAULT_FILES_PER_BATCH = 10
DEFAULT_BYTES_PER_BATCH = 1024**2
# Azure's parallel job defaults: retry a failed or timed-out mini-batch twice, 60 s per run() call.
DEFAULT_MAX_RETRIES = 2
DEFAULT_BATCH_TIMEOUT_S = 60.0
KNOWN_KEYS = (
    "type", "component", "display_name", "description", "compute", "inputs", "outputs", "input_data",
    "mini_batch_size", "partition_keys", "task", "resources", "max_concurrency_per_instance",
    "error_threshold", "mini_batch_error_threshold", "retry_settings", "logging_level",
    "environment_variables", "identity", "tags", "properties", "name", "version", "is_deterministic",
    "$schema", "limits", "comment",
)


@dataclass(frozen=True)
class ParallelTask:
    """``task``: the entry script, where its code lives, and what it is given."""

    entry_script: str
    code: str | None = None
    environment: Any = None
    program_arguments: str = ""
    append_row_to: str | None = None  # an output name


@dataclass(frozen=True)
class ParallelSpec:
    """Everything a parallel step says about how to split its data and run its script."""

    input_data: str  # the step input that is split
    task: ParallelTask
    mini_batch_size: int | None = None  # files (folder) or bytes (table); None: the default
    mini_batch_size_text: str | None = None
    partition_keys: tuple[str, ...] = ()
    instance_count: int = 1
    max_concurrency_per_instance: int = 1
    error_threshold: int = -1
    mini_batch_error_threshold: int = -1
    max_retries: int = DEFAULT_MAX_RETRIES
    batch_timeout_s: float = DEFAULT_BATCH_TIMEOUT_S
    logging_level: str = "INFO"
    environment_variables: dict[str, str] = field(default_factory=dict)

    @property
    def workers(self) -> int:
        """How many worker processes run mini-batches at once (before the target's cap)."""
        return self.instance_count * self.max_concurrency_per_instance


def parse_size(value: Any) -> int | None:
    """``mini_batch_size`` as a number: ``10`` -> 10, ``"10kb"`` -> 10240, ``"1MB"`` -> 1048576.

    Returns None when it does not follow Azure's rule ``^\\d+([kKmMgG][bB])*$``.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if not isinstance(value, str):
        return None
    m = SIZE_RE.match(value.strip())
    if not m:
        return None
    number = int(m.group(1))
    unit = (m.group(2) or "").lower()
    size = number * _UNITS.get(unit, 1)
    return size if size > 0 else None


def defines_run(script: Path) -> tuple[bool, bool, str | None]:
    """Whether ``script`` defines top-level ``run`` and ``init`` functions.

    Returns ``(has_run, has_init, error)``; ``error`` is a sentence when the file cannot be read or parsed.
    """
    try:
        tree = ast.parse(script.read_text(encoding="utf-8"), filename=str(script))
    except OSError as exc:
        return False, False, f"cannot read '{script}': {exc.strerror}"
    except (SyntaxError, ValueError) as exc:
        line = getattr(exc, "lineno", None)
        return False, False, f"'{script.name}' is not valid Python{f' (line {line})' if line else ''}: {exc.msg if isinstance(exc, SyntaxError) else exc}"
    names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
    return "run" in names, "init" in names, None


class _Parser(ProblemList):
    """The problems of one step's fields, with the checks its fields share."""

    def whole(self, raw: Mapping[str, Any], key: str, rel: tuple[str, ...], minimum: int, default: int) -> int:
        value = raw.get(key)
        if value is None:
            return default
        if EXPR_RE.fullmatch(str(value).strip()):
            return default  # a binding to a pipeline input: checked when it has a value
        number = int_value(value)
        if number is None or number < minimum:
            self.add(rel, "parallel.bad_number", f"'{rel[-1]}' must be a whole number of at least {minimum}, found {kind_of(value)}")
            return default
        return number


def parse_parallel(raw: Mapping[str, Any], loc: Located, *, input_types: Mapping[str, str | None] | None = None,
                   output_names: Any = None, base_dir: Path | None = None) -> tuple[ParallelSpec | None, list[Problem]]:
    """Read the parallel fields of step (or parallel component) mapping ``raw`` located by ``loc``.

    ``input_types`` maps each of the step's inputs that has a value to its data type (None when not
    known yet, e.g. a binding checked elsewhere); inputs declared but unbound are absent. ``output_names``
    lists the declared outputs (for ``append_row_to``). ``base_dir`` is where ``task.code`` is relative
    to; the entry script is read from there to check that it defines ``run()``.
    Returns ``(spec, problems)``; spec is None when the step cannot run. Never raises for bad input.
    """
    p = _Parser(loc)
    for key in raw:
        if key not in KNOWN_KEYS:
            p.add((str(key),), "parallel.unknown_key",
                  f"a parallel step has no field '{key}'{close_match(str(key), KNOWN_KEYS)}", "warning")
    inputs = dict(input_types or {})
    ok = True

    # input_data ------------------------------------------------------------------------------
    input_data = raw.get("input_data")
    data_name = ""
    data_type: str | None = None
    if input_data is None:
        p.add((), "parallel.missing_input_data",
              "the parallel step has no 'input_data'; expected '${{inputs.<name>}}' naming the input to split")
        ok = False
    else:
        m = _SELF_REF.match(str(input_data).strip())
        if not m or m.group(1) != "inputs":
            p.add(("input_data",), "parallel.bad_input_data",
                  f"'input_data' must be '${{{{inputs.<name>}}}}' naming one of the step's inputs, found {kind_of(input_data)}")
            ok = False
        else:
            data_name = m.group(2)
            if data_name not in inputs:
                p.add(("input_data",), "parallel.input_data_unbound",
                      f"'input_data' names input '{data_name}', which is not bound to any data"
                      f"{close_match(data_name, inputs)}; bind it under 'inputs', e.g. '{data_name}: {{type: uri_folder, path: ./data}}'")
                ok = False
            else:
                data_type = inputs[data_name]
                if data_type is not None and data_type not in SPLITTABLE_TYPES:
                    p.add(("inputs", data_name), "parallel.input_data_type",
                          f"input '{data_name}' is {data_type}; a parallel step splits a uri_folder (files) or an "
                          "mltable (rows)")
                    ok = False

    # mini_batch_size and partition_keys --------------------------------------------------------
    size_raw = raw.get("mini_batch_size")
    size: int | None = None
    if size_raw is not None and not EXPR_RE.fullmatch(str(size_raw).strip()):
        size = parse_size(size_raw)
        if size is None:
            p.add(("mini_batch_size",), "parallel.bad_mini_batch_size",
                  f"'mini_batch_size' cannot be read: found {kind_of(size_raw)}; expected a file count such as 10 "
                  "for a folder, or a size such as \"10kb\", \"1mb\" or \"1gb\" for a table")
        elif isinstance(size_raw, str) and not size_raw.strip().isdigit() and data_type == "uri_folder":
            p.add(("mini_batch_size",), "parallel.size_for_folder",
                  f"'mini_batch_size' {size_raw!r} is a size, but input '{data_name}' is a folder: its mini-batches "
                  "count files; expected a whole number such as 10", "warning")
    keys_raw = raw.get("partition_keys")
    keys: tuple[str, ...] = ()
    if keys_raw is not None:
        if not isinstance(keys_raw, list) or not keys_raw or not all(isinstance(k, str) and k for k in keys_raw):
            p.add(("partition_keys",), "parallel.bad_partition_keys",
                  f"'partition_keys' must be a list of column names, found {kind_of(keys_raw)}")
        else:
            keys = tuple(keys_raw)
            if data_type == "uri_folder":
                p.add(("partition_keys",), "parallel.partition_folder",
                      f"'partition_keys' groups rows of a table, but input '{data_name}' is a folder; bind an mltable")

    # task -----------------------------------------------------------------------------------
    task_raw = raw.get("task")
    task: ParallelTask | None = None
    if not isinstance(task_raw, dict):
        p.add(("task",) if task_raw is not None else (), "parallel.missing_task",
              f"the parallel step needs 'task: {{type: run_function, code: ./src, entry_script: score.py, environment: ...}}', "
              f"found {kind_of(task_raw)}")
        ok = False
    else:
        task = _task(p, task_raw, output_names, base_dir)
        ok = ok and task is not None

    # resources, concurrency, thresholds, retries -------------------------------------------------
    resources = raw.get("resources") or {}
    instances = 1
    if not isinstance(resources, dict):
        p.add(("resources",), "parallel.bad_resources", f"'resources' must be a mapping, found {kind_of(resources)}")
    else:
        instances = p.whole(resources, "instance_count", ("resources", "instance_count"), 1, 1)
    per_instance = p.whole(raw, "max_concurrency_per_instance", ("max_concurrency_per_instance",), 1, 1)
    error_threshold = p.whole(raw, "error_threshold", ("error_threshold",), -1, -1)
    batch_threshold = p.whole(raw, "mini_batch_error_threshold", ("mini_batch_error_threshold",), -1, -1)
    retry = raw.get("retry_settings") or {}
    max_retries, timeout = DEFAULT_MAX_RETRIES, DEFAULT_BATCH_TIMEOUT_S
    if not isinstance(retry, dict):
        p.add(("retry_settings",), "parallel.bad_retry", f"'retry_settings' must be a mapping of max_retries and timeout, found {kind_of(retry)}")
    else:
        for key in retry:
            if key not in ("max_retries", "timeout"):
                p.add(("retry_settings", str(key)), "parallel.unknown_key",
                      f"'retry_settings' has no field '{key}'{close_match(str(key), ('max_retries', 'timeout'))}; expected max_retries, timeout")
        max_retries = p.whole(retry, "max_retries", ("retry_settings", "max_retries"), 0, DEFAULT_MAX_RETRIES)
        timeout = float(p.whole(retry, "timeout", ("retry_settings", "timeout"), 1, int(DEFAULT_BATCH_TIMEOUT_S)))
    level = str(raw.get("logging_level") or "INFO").upper()
    if level == "WARN":
        level = "WARNING"
    if level not in LOGGING_LEVELS:
        p.add(("logging_level",), "parallel.bad_logging_level",
              f"'logging_level' must be DEBUG, INFO or WARNING, found {kind_of(raw.get('logging_level'))}{close_match(level, LOGGING_LEVELS)}")
        level = "INFO"
    env_raw = raw.get("environment_variables") or {}
    env: dict[str, str] = {}
    if not isinstance(env_raw, dict):
        p.add(("environment_variables",), "parallel.bad_env", f"'environment_variables' must be a mapping, found {kind_of(env_raw)}")
    else:
        env = {str(k): str(v) for k, v in env_raw.items()}
    if not ok or task is None:
        return None, p.problems
    return ParallelSpec(
        input_data=data_name, task=task, mini_batch_size=size,
        mini_batch_size_text=None if size_raw is None else str(size_raw), partition_keys=keys,
        instance_count=instances, max_concurrency_per_instance=per_instance, error_threshold=error_threshold,
        mini_batch_error_threshold=batch_threshold, max_retries=max_retries, batch_timeout_s=timeout,
        logging_level=level, environment_variables=env,
    ), p.problems


def _task(p: _Parser, raw: Mapping[str, Any], output_names: Any, base_dir: Path | None) -> ParallelTask | None:
    rel = ("task",)
    allowed = ("type", "code", "entry_script", "environment", "program_arguments", "append_row_to", "model")
    for key in raw:
        if key not in allowed:
            p.add((*rel, str(key)), "parallel.unknown_key",
                  f"'task' has no field '{key}'{close_match(str(key), allowed)}; expected {', '.join(allowed[:-1])}")
    type_ = str(raw.get("type") or "")
    if type_ not in TASK_TYPES:
        p.add((*rel, "type") if "type" in raw else rel, "parallel.task_type",
              f"task type {kind_of(raw.get('type'))} is not supported locally{close_match(type_, TASK_TYPES)}; expected 'run_function'")
        return None
    script = raw.get("entry_script")
    if not isinstance(script, str) or not script.strip():
        p.add((*rel, "entry_script") if "entry_script" in raw else rel, "parallel.missing_entry_script",
              f"'task' needs 'entry_script', the Python file defining init() and run(mini_batch), found {kind_of(script)}")
        return None
    code = raw.get("code")
    if code is not None and not isinstance(code, str):
        p.add((*rel, "code"), "parallel.bad_code", f"'task.code' must be a path, found {kind_of(code)}")
        code = None
    if base_dir is not None and (code is None or not str(code).startswith(("http://", "https://", "git+", "azureml:"))):
        root = (base_dir / (code[5:] if code and code.startswith("file:") else code or ".")).resolve()
        path = root / script if root.is_dir() else root
        if not path.is_file():
            near = [f.name for f in root.glob("*.py")] if root.is_dir() else []
            p.add((*rel, "entry_script"), "parallel.entry_script_missing",
                  f"entry script '{script}' does not exist in '{root}'{close_match(script, near)}")
        else:
            has_run, has_init, error = defines_run(path)
            if error:
                p.add((*rel, "entry_script"), "parallel.entry_script_invalid", error)
            elif not has_run:
                p.add((*rel, "entry_script"), "parallel.no_run",
                      f"entry script '{script}' defines no run() function; expected 'def run(mini_batch):' returning "
                      "the rows or results of one mini-batch")
            elif not has_init:
                p.add((*rel, "entry_script"), "parallel.no_init",
                      f"entry script '{script}' defines no init() function; Azure ML calls init() once per worker "
                      "before the first run()", "warning")
    args = raw.get("program_arguments") or ""
    if not isinstance(args, str):
        p.add((*rel, "program_arguments"), "parallel.bad_arguments", f"'program_arguments' must be text, found {kind_of(args)}")
        args = ""
    append_to = raw.get("append_row_to")
    out_name: str | None = None
    if append_to is not None:
        m = _SELF_REF.match(str(append_to).strip())
        if not m or m.group(1) != "outputs":
            p.add((*rel, "append_row_to"), "parallel.bad_append_row_to",
                  f"'append_row_to' must be '${{{{outputs.<name>}}}}', found {kind_of(append_to)}")
        else:
            out_name = m.group(2)
            names = list(output_names or ())
            if output_names is not None and out_name not in names:
                p.add((*rel, "append_row_to"), "parallel.unknown_output",
                      f"'append_row_to' names output '{out_name}', which the step does not declare{close_match(out_name, names)}")
    return ParallelTask(entry_script=script.strip(), code=code, environment=raw.get("environment"),
                        program_arguments=args, append_row_to=out_name)


# ------------------------------------------------------------------------------------- in a pipeline

PARALLEL_FIELDS = ("input_data", "mini_batch_size", "partition_keys", "task", "resources",
                   "max_concurrency_per_instance", "error_threshold", "mini_batch_error_threshold",
                   "retry_settings", "logging_level", "environment_variables")


def resolve_parallel_job(job: Any, ctx: StepLoading) -> None:
    """Resolve a ``type: parallel`` step while loading: ``job.resolved`` becomes a command component
    standing for it (its ports, its task's code and environment, and the parallel fields under
    ``extra["parallel"]`` so that they are part of the step's fingerprint).

    The step is either inline (the fields on the step) or ``component: ./parallel.yml`` (a
    ``type: parallel`` component whose fields the step's own fields override). Problems go to ``ctx``.
    """
    from designer.spec.model import CommandComponent, DataValue, InputDecl, OutputDecl
    from designer.spec.yaml_io import read_yaml

    loc: Located = job.loc
    fields: dict[str, Any] = {}
    comp_loc = loc
    declared_in: dict[str, Any] = {}
    declared_out: dict[str, Any] = {}
    inferred = True
    if job.component is not None:
        ref = job.component
        if ref.form != "file" and ref.form != "inline":
            ctx.add(loc.problem(("component",), "parallel.component_ref",
                                f"component '{ref.describe()}' cannot be run locally as a parallel component; "
                                "use a file ('component: ./score.yml') or write the fields on the step"))
            return
        if ref.form == "file":
            path = ((loc.base_dir or Path.cwd()) / str(ref.path)).resolve()
            try:
                doc = read_yaml(path)
            except SpecError as exc:  # its problems are the answer
                ctx.extend(list(exc.problems))
                return
            ctx.extend(list(doc.problems))
            raw = doc.data if isinstance(doc.data, dict) else {}
            comp_loc = Located(doc.source, (), path.parent)
        else:
            raw = dict(ref.raw)
            comp_loc = Located(loc.source, (*loc.at, "component"), loc.base_dir)
        if raw.get("type", "parallel") != "parallel":
            ctx.add(comp_loc.problem(("type",), "parallel.component_type",
                                     f"a parallel step needs a 'type: parallel' component, found type '{raw.get('type')}'"))
            return
        declared_in = ctx.decls(raw.get("inputs"), comp_loc, ("inputs",), output=False)
        declared_out = ctx.decls(raw.get("outputs"), comp_loc, ("outputs",), output=True)
        inferred = False
        fields = {k: raw[k] for k in PARALLEL_FIELDS if k in raw}
    own = {k: job.extra[k] for k in PARALLEL_FIELDS if k in job.extra}
    fields.update(own)
    if inferred:
        for name, value in job.inputs.items():
            type_ = value.type if isinstance(value, DataValue) and value.type else None
            if type_ is None:
                type_ = ("boolean" if isinstance(value, bool) else "integer" if isinstance(value, int)
                         else "number" if isinstance(value, float) else "uri_folder")
            declared_in[name] = InputDecl(name=name, type=type_)
        for name, value in job.outputs.items():
            type_ = value.type if isinstance(value, DataValue) and value.type else "uri_folder"
            declared_out[name] = OutputDecl(name=name, type=type_)
    types_: dict[str, str | None] = {}
    for name, decl in declared_in.items():
        bound = name in job.inputs or decl.default is not None
        if bound:
            value = job.inputs.get(name)
            types_[name] = value.type if isinstance(value, DataValue) and value.type else decl.type
    # Fields written on the component are located in its file; the step's own ones on the step.
    where = loc if own or comp_loc is loc else comp_loc
    spec, problems = parse_parallel(fields, where, input_types=types_, output_names=list(declared_out),
                                    base_dir=comp_loc.base_dir)
    for p in problems:
        ctx.add(p)
    task = fields.get("task") if isinstance(fields.get("task"), dict) else {}
    comp = CommandComponent(loc=comp_loc)
    comp.name = _str(job.component.raw) if job.component is not None and job.component.form == "file" else None
    comp.display_name = job.display_name or job.name
    comp.inputs = declared_in
    comp.outputs = declared_out
    comp.command = ""
    code = task.get("code") if isinstance(task, dict) else None
    comp.code = code if isinstance(code, str) else None
    comp.environment = task.get("environment") if isinstance(task, dict) else None
    comp.extra = {"parallel": fields, **({"inferred": True} if inferred else {})}
    comp.is_deterministic = spec is not None
    job.resolved = comp


def _str(value: Any) -> str | None:
    return None if value is None else str(value)
