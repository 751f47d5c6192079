"""Design-time table schemas: each step's output columns and types, known before anything runs.

Over 400 lines on purpose: one job (design-time schemas); each built-in transform's rule is a few lines,
and they read together with the sources they start from.

Sources give a schema from data files alone (Sample Dataset's bundled ``datasets.json``, Import
Data's file header, Enter Data Manually's typed text, a data input's CSV or designer table folder).
Each built-in transform declares in its ``tags`` how its output follows from its inputs, one tag
per output, ``schema.<output>: <rule>``; the rules are implemented here, reading the component's
own parameters exactly as its script does:

==============================================  ==============================================
``bundled <file> by <param>``                    a sidecar file next to component.yml, keyed by a parameter
``file <input>``                                 the header (and sniffed types) of the data file fed to <input>
``typed data``                                   the ``data`` text parameter (``separator``, ``has_header``)
``same as <input>``                              the columns of <input>, unchanged
``same as <input>, columns may change``          ditto, but the step may add or drop some (open)
``select from <input>``                          Select Columns (``columns``, ``mode``)
``edit metadata of <input>``                     Edit Metadata (``columns``, ``new_names``, ``data_type``, ``role``)
``join <left> <right>``                          Join Data (``left_keys``, ``right_keys``, ``keep_right_keys``)
``side by side <input> <input>``                 Add Columns (duplicate names get ``_2``)
``scores added to <input>``                      Score Model (``append_score_columns``; the model's kind)
==============================================  ==============================================

An output without a rule (or whose inputs are unknown) is unknown (None); the caller may then
give the last run's recorded schema (``schema.json`` in the output folder, see :func:`read_table_folder`).
An *open* schema may hold more columns than listed: a name missing from it is not a problem.
Pure: stdlib only; reads small files (CSV headers with :mod:`csv`, JSON). Parquet files that are
not designer tables are unknown here (their reading belongs outside ``spec``).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from designer.column_names import unique_names
from designer.errors import Problem
from designer.spec.expressions import parse_binding
from designer.spec.kinds import column_params, input_kind, job_upstream, output_kind
from designer.spec.loader import close_match
from designer.spec.model import CommandComponent, DataValue, Job, PipelineComponent, PipelineJob

COLUMN_KEYWORDS = ("all", "*", "features", "label", "numeric", "text")
SNIFF_ROWS = 200
_MAX_HEADER_BYTES = 1 << 20  # a header line longer than this is not a table we can read at design time


@dataclass(frozen=True)
class Column:
    """One column: its name and type (integer, number, boolean, datetime, category, text or unknown)."""

    name: str
    type: str = "unknown"


@dataclass(frozen=True)
class Schema:
    """The columns of a table, in order, and its label. ``open``: more columns may exist."""

    columns: tuple[Column, ...]
    label: str | None = None
    open: bool = False
    origin: str = "design"  # "design" (derived before running) or "recorded" (the last run wrote it)

    @property
    def names(self) -> list[str]:
        """The column names, in order."""
        return [c.name for c in self.columns]

    def type_of(self, name: str) -> str | None:
        """The type of column ``name``, or None when there is no such column."""
        return next((c.type for c in self.columns if c.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form: ``{"columns": [{"name", "type"}], "label", "open", "origin"}``."""
        return {"columns": [{"name": c.name, "type": c.type} for c in self.columns], "label": self.label,
                "open": self.open, "origin": self.origin}


Recorded = Callable[[str, str], "Schema | None"]
"""``(job, output) -> Schema | None``: the schema the last run recorded for that output."""


# ------------------------------------------------------------------------------------ reading data


def _sniff(values: list[str]) -> str:
    seen = [v.strip() for v in values if v.strip() != ""]
    if not seen:
        return "unknown"
    if all(re.fullmatch(r"[+-]?\d+", v) for v in seen):
        return "integer"
    try:
        for v in seen:
            float(v)
        return "number"
    except ValueError:
        pass
    if all(v.lower() in ("true", "false") for v in seen):
        return "boolean"
    return "text"


def schema_from_rows(rows: list[list[str]], *, has_header: bool = True) -> Schema | None:
    """The schema of CSV rows: names from the header (else ``column_1``...), types sniffed from values."""
    if not rows:
        return None
    width = max(len(r) for r in rows)
    if has_header:
        names = [h.strip() for h in rows[0]]
        body = rows[1:]
    else:
        names = [f"column_{i + 1}" for i in range(width)]
        body = rows
    cols = []
    for i, name in enumerate(names):
        cols.append(Column(name, _sniff([r[i] for r in body[:SNIFF_ROWS] if i < len(r)])))
    return Schema(tuple(cols))


def read_csv_schema(path: Path, *, separator: str | None = None, has_header: bool = True) -> Schema | None:
    """The schema of a CSV/TSV file from its first lines; None when it cannot be read.

    Memoised by the file's path, size and modification time: the canvas validates after every edit.
    """
    sep = separator or ("\t" if path.suffix.lower() in (".tsv",) else ",")
    try:
        st = path.stat()
    except OSError:
        return None
    return _read_csv_schema(str(path), st.st_size, st.st_mtime_ns, sep, has_header)


@lru_cache(maxsize=128)
def _read_csv_schema(path: str, size: int, mtime_ns: int, sep: str, has_header: bool) -> Schema | None:
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            text = fh.read(_MAX_HEADER_BYTES)
    except (OSError, UnicodeDecodeError):
        return None
    lines = text.splitlines()[: SNIFF_ROWS + 1]
    rows = [r for r in csv.reader(lines, delimiter=sep, skipinitialspace=True) if r]
    return schema_from_rows(rows, has_header=has_header)


def schema_from_json(data: Any, *, origin: str = "recorded") -> Schema | None:
    """A schema from a table folder's ``schema.json`` (``columns`` as ``[{"name","type"}]`` or
    ``[[name, type]]``); None when it lists no columns (written before columns were recorded)."""
    if not isinstance(data, dict) or not isinstance(data.get("columns"), list):
        return None
    cols = []
    for c in data["columns"]:
        if isinstance(c, dict) and isinstance(c.get("name"), str):
            cols.append(Column(c["name"], str(c.get("type") or "unknown")))
        elif isinstance(c, list | tuple) and c and isinstance(c[0], str):
            cols.append(Column(c[0], str(c[1]) if len(c) > 1 else "unknown"))
    label = data.get("label") if isinstance(data.get("label"), str) else None
    return Schema(tuple(cols), label, origin=origin)


def read_table_folder(path: Path) -> Schema | None:
    """The schema of a designer table folder (its ``schema.json``), a folder holding one CSV, or a
    CSV file; None for anything else (a Parquet file without ``schema.json``, a model, nothing)."""
    try:
        if path.is_dir():
            meta = path / "schema.json"
            if meta.is_file():
                return schema_from_json(json.loads(meta.read_text(encoding="utf-8")))
            files = sorted(f for f in path.iterdir() if f.is_file() and f.suffix.lower() in (".csv", ".tsv", ".txt"))
            return read_csv_schema(files[0]) if len(files) == 1 else None
        if path.is_file() and path.suffix.lower() in (".csv", ".tsv", ".txt"):
            return read_csv_schema(path)
    except (OSError, ValueError):
        return None
    return None


# ------------------------------------------------------------------------------------ derivation


Pipeline = PipelineJob | PipelineComponent


@dataclass
class Schemas:
    """Every step output's schema in a pipeline (None: unknown), computed on demand and memoised."""

    pipeline: Pipeline
    recorded: Recorded | None = None
    _memo: dict[tuple[str, str], Schema | None] = field(default_factory=dict)
    _busy: set[tuple[str, str]] = field(default_factory=set)

    def output(self, job: str, port: str) -> Schema | None:
        """The schema of output ``port`` of step ``job``; design-time when derivable, else recorded."""
        key = (job, port)
        if key in self._memo:
            return self._memo[key]
        if key in self._busy:  # a loop (validate reports it): unknown
            return None
        self._busy.add(key)
        try:
            found = self._derive(job, port)
            if found is None and self.recorded is not None:
                found = self.recorded(job, port)
        finally:
            self._busy.discard(key)
        self._memo[key] = found
        return found

    def input(self, job: str, port: str) -> Schema | None:
        """The schema of what feeds input ``port`` of step ``job`` (another step's output or a data path)."""
        j = self.pipeline.jobs.get(job)
        b = j.input_binding(port) if j is not None else None
        if b is not None and b.kind == "job_output":
            return self.output(str(b.job), b.name)
        path = self.input_path(job, port)
        return read_table_folder(path) if path is not None else None

    def input_path(self, job: str, port: str) -> Path | None:
        """The local file or folder fed to input ``port`` of step ``job`` (directly or through a
        pipeline input), or None (another step's output, a remote path, nothing)."""
        j = self.pipeline.jobs.get(job)
        if j is None:
            return None
        b = j.input_binding(port)
        value = j.inputs.get(port)
        if b is not None and b.kind == "parent_input" and isinstance(self.pipeline, PipelineJob):
            value = self.pipeline.input_value(b.name)
        elif b is not None:
            return None
        path = value.path if isinstance(value, DataValue) else value if isinstance(value, str) else None
        if not isinstance(path, str) or parse_binding(path) is not None or "://" in path or path.startswith("azureml:"):
            return None
        local = path[5:] if path.startswith("file:") else path
        return (self.pipeline.loc.base_dir or Path.cwd()) / local

    def param(self, job: Job, name: str) -> Any:
        """The value step ``job`` gives parameter ``name`` (a pipeline input's literal followed; the default
        applied), or None."""
        comp = job.resolved
        value = job.inputs.get(name)
        b = parse_binding(value)
        if b is not None:
            value = self.pipeline.input_value(b.name) if (
                b.kind == "parent_input" and isinstance(self.pipeline, PipelineJob)) else None
            if isinstance(value, DataValue | dict):
                value = None
        if value is None and comp is not None and name in comp.inputs:
            value = comp.inputs[name].default
        return value

    def _derive(self, job_name: str, port: str) -> Schema | None:
        job = self.pipeline.jobs.get(job_name)
        comp = job.resolved if job is not None else None
        if job is None or not isinstance(comp, CommandComponent):
            return None
        rule = comp.tags.get(f"schema.{port}")
        if not isinstance(rule, str):
            return None
        try:
            return _apply(self, job, comp, rule.strip())
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            return None  # a rule that does not fit this component's parameters: unknown, never a crash


@lru_cache(maxsize=32)
def _sidecar(path: str, mtime_ns: int) -> dict[str, Any]:
    """A component's sidecar JSON (e.g. Sample Dataset's ``datasets.json``), parsed once per version."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _split(text: Any) -> list[str]:
    return [p.strip() for p in str(text).split(",") if p.strip()] if text is not None else []


def _bool(value: Any) -> bool:
    return value is True or str(value).strip().lower() == "true"


def _labelled(schema: Schema | None, label: Any) -> Schema | None:
    if schema is None or not label or not isinstance(label, str):
        return schema
    return replace(schema, label=label.strip())


def _apply(s: Schemas, job: Job, comp: CommandComponent, rule: str) -> Schema | None:
    words = rule.split()
    open_ = rule.endswith(", columns may change")
    if open_:
        words = rule[: -len(", columns may change")].split()
    if words[:1] == ["bundled"] and len(words) == 4 and words[2] == "by":
        base = comp.loc.base_dir
        if base is None:
            return None
        file = base / words[1]
        table = _sidecar(str(file), file.stat().st_mtime_ns).get(str(s.param(job, words[3])))
        return schema_from_json(table, origin="design")
    if words[:1] == ["file"] and len(words) == 2:
        # as Import Data: the file (or a folder's first data file), read as file_format with separator
        path = s.input_path(job.name, words[1])
        fmt = str(s.param(job, "file_format") or "auto")
        if path is None:
            return None
        if path.is_dir():
            files = sorted(f for f in path.iterdir() if f.is_file() and f.suffix.lower() in (".csv", ".tsv", ".txt"))
            if not files:
                return None
            path = files[0]
        if fmt not in ("auto", "csv", "tsv") or (fmt == "auto" and path.suffix.lower() not in (".csv", ".tsv", ".txt")):
            return None
        tsv = fmt == "tsv" or (fmt == "auto" and path.suffix.lower() == ".tsv")
        sep = "\t" if tsv else s.param(job, "separator")
        has_header = _bool(s.param(job, "has_header")) if "has_header" in comp.inputs else True
        fed = read_csv_schema(path, separator=str(sep) if sep else None, has_header=has_header)
        if fed is not None:
            fed = Schema(tuple(Column(c.name.strip(), c.type) for c in fed.columns))
        return _labelled(fed, s.param(job, "label_column"))
    if words == ["typed", "data"]:
        sep = str(s.param(job, "separator") or ",")
        sep = "\t" if sep == "tab" else sep
        text = str(s.param(job, "data") or "")
        if "\n" not in text and "\\n" in text:  # as the script: a literal "\n" typed in a one-line field
            text = text.replace("\\n", "\n")
        lines = [line for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
        rows = list(csv.reader(lines, delimiter=sep, skipinitialspace=True))
        return _labelled(schema_from_rows(rows, has_header=_bool(s.param(job, "has_header"))),
                         s.param(job, "label_column"))
    if words[:2] == ["same", "as"] and len(words) == 3:
        fed = s.input(job.name, words[2])
        return replace(fed, open=fed.open or open_) if fed is not None else None
    if words[:2] == ["select", "from"] and len(words) == 3:
        return _select(s, job, s.input(job.name, words[2]))
    if words[:3] == ["edit", "metadata", "of"] and len(words) == 4:
        return _edit_metadata(s, job, s.input(job.name, words[3]))
    if words[:1] == ["join"] and len(words) == 3:
        return _join(s, job, s.input(job.name, words[1]), s.input(job.name, words[2]))
    if words[:3] == ["side", "by", "side"] and len(words) == 5:
        left, right = s.input(job.name, words[3]), s.input(job.name, words[4])
        if left is None or right is None:
            return None
        names = unique_names([*left.names, *right.names])
        cols = [Column(n, c.type) for n, c in zip(names, [*left.columns, *right.columns], strict=True)]
        return Schema(tuple(cols), left.label, left.open or right.open)
    if words[:3] == ["scores", "added", "to"] and len(words) == 4:
        return _scores(s, job, s.input(job.name, words[3]))
    return None


def _chosen(schema: Schema, spec: Any) -> list[str] | None:
    """Column names a ``columns`` parameter picks (keywords expanded); None when it cannot be told."""
    out: list[str] = []
    for token in _split(spec):
        if token in schema.names:
            out.append(token)
        elif token.lower() in ("all", "*"):
            out.extend(schema.names)
        elif token.lower() == "label" and schema.label:
            out.append(schema.label)
        elif token.lower() in COLUMN_KEYWORDS:
            return None  # features/numeric/text depend on roles and types we may not know exactly
        else:
            return None
    return list(dict.fromkeys(out))


def _select(s: Schemas, job: Job, fed: Schema | None) -> Schema | None:
    if fed is None or fed.open:
        return None
    chosen = _chosen(fed, s.param(job, "columns"))
    if chosen is None:
        return None
    keep = chosen if str(s.param(job, "mode") or "keep") == "keep" else [n for n in fed.names if n not in chosen]
    cols = tuple(Column(n, fed.type_of(n) or "unknown") for n in keep)
    return Schema(cols, fed.label if fed.label in keep else None)


_META_TYPES = {"integer": "integer", "float": "number", "string": "text", "categorical": "category",
               "boolean": "boolean", "datetime": "datetime"}


def _edit_metadata(s: Schemas, job: Job, fed: Schema | None) -> Schema | None:
    if fed is None or fed.open:
        return None
    chosen = _chosen(fed, s.param(job, "columns"))
    if chosen is None:
        return None
    new_type = _META_TYPES.get(str(s.param(job, "data_type") or "unchanged"))
    renames = dict(zip(chosen, _split(s.param(job, "new_names")), strict=False)) if s.param(job, "new_names") else {}
    label = fed.label
    role = str(s.param(job, "role") or "unchanged")
    if role == "label" and len(chosen) == 1:
        label = chosen[0]
    elif role in ("feature", "clear_label") and label in chosen:
        label = None
    cols = tuple(Column(renames.get(c.name, c.name), new_type if (new_type and c.name in chosen) else c.type)
                 for c in fed.columns)
    return Schema(cols, renames.get(label, label) if label else None)


def _join(s: Schemas, job: Job, left: Schema | None, right: Schema | None) -> Schema | None:
    if left is None or right is None or left.open or right.open:
        return None
    left_keys = _split(s.param(job, "left_keys"))
    right_keys = _split(s.param(job, "right_keys")) or list(left_keys)
    rename = {n: f"{n}_right" for n in right.names if n in left.names}
    drop = set() if _bool(s.param(job, "keep_right_keys")) else {rename.get(k, k) for k in right_keys}
    cols = [*left.columns, *(Column(rename.get(c.name, c.name), c.type) for c in right.columns)]
    return Schema(tuple(c for c in cols if c.name not in drop or c.name in left.names), left.label)


def _scores(s: Schemas, job: Job, fed: Schema | None) -> Schema | None:
    if fed is None:
        return None
    model = job_upstream(s.pipeline.jobs, job.name)("trained_model")
    if model == "trained_clustering_model":
        added = [Column("Assignments", "integer")]
    elif model == "trained_model":
        added = [Column("Scored Labels", "unknown")]
    else:
        return None
    base = list(fed.columns) if _bool(s.param(job, "append_score_columns")) else \
        [c for c in fed.columns if c.name == fed.label]
    # classification adds probability columns named after classes we cannot know here: open
    return Schema(tuple([*base, *added]), fed.label, open=True)


def derive(pipeline: Pipeline, recorded: Recorded | None = None) -> Schemas:
    """The design-time schemas of ``pipeline``'s step outputs (see :class:`Schemas`); nothing is run."""
    return Schemas(pipeline, recorded)


# ------------------------------------------------------------------------------------ checking


def column_problems(pipeline: Pipeline, schemas: Schemas | None = None) -> list[Problem]:
    """A problem for each column parameter naming a column that is not in its table's schema.

    Only exact schemas are checked: an unknown or open schema (more columns may exist) says nothing.
    Keywords of ``columns`` parameters (``all``, ``features``, ``label``, ``numeric``, ``text``) are allowed.
    """
    s = schemas or derive(pipeline)
    out: list[Problem] = []
    for job in pipeline.jobs.values():
        comp = job.resolved
        if not isinstance(comp, CommandComponent):
            continue
        for name, cp in column_params(comp).items():
            value = s.param(job, name) if name in job.inputs else None
            if value is None or cp.table is None or not str(value).strip():
                continue
            table = s.input(job.name, cp.table) if cp.table in comp.inputs else None
            if cp.table in comp.outputs:
                table = s.output(job.name, cp.table)
            if table is None or table.open:
                continue
            names = _split(value) if cp.multiple else [str(value).strip()]
            for given in names:
                if given in table.names or (cp.multiple and given.lower() in COLUMN_KEYWORDS):
                    continue
                where = "the table" if cp.table in comp.outputs else f"the table on '{cp.table}'"
                listed = ", ".join(table.names[:12]) + (" ..." if len(table.names) > 12 else "")
                hint = close_match(given, table.names) or next(
                    (f"; did you mean '{n}'?" for n in table.names if n.lower() == given.lower()), "")
                msg = f"column '{given}' is not in {where}{hint or f'; its columns: {listed}'}"
                # a warning: the schema is derived before running, and the step's own check stays the last word
                out.append(job.loc.problem(("inputs", name), "column.unknown", msg, "warning"))
    return out


def port_schemas(pipeline: Pipeline, job: str, schemas: Schemas | None = None) -> dict[str, Mapping[str, Any]]:
    """For the properties panel: each table input and output of ``job`` with its schema as a dict
    (``{"inputs.<port>": {...}, "outputs.<port>": {...}}``); unknown ones are left out."""
    s = schemas or derive(pipeline)
    j = pipeline.jobs.get(job)
    comp = j.resolved if j is not None else None
    if comp is None:
        return {}
    out: dict[str, Mapping[str, Any]] = {}
    for name in comp.inputs:
        k = input_kind(comp, name)
        if k is not None and k.kinds and (sch := s.input(job, name)) is not None:
            out[f"inputs.{name}"] = sch.to_dict()
    for name in comp.outputs:
        if output_kind(comp, name) is not None and (sch := s.output(job, name)) is not None:
            out[f"outputs.{name}"] = sch.to_dict()
    return out
