"""Shared helpers for the built-in components: tables, column roles, metrics and user errors.

Every component pulls this file in with ``additional_includes: [../_shared/designer_io.py]``;
Azure ML (and the local runner) copy it next to ``main.py``, so ``import designer_io`` works.

A *table* travels as a ``uri_folder`` holding ``data.parquet`` and ``schema.json``
(``{"label": <column or null>, "features": [..] or null}``; ``features: null`` means "every
column except the label"). Components also accept a folder holding one CSV/Parquet/JSON file,
or such a file directly, so a user's own data can be wired in without an import step.

Only pandas, numpy and pyarrow are imported here; scikit-learn lives in ``designer_models.py``.
"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

# next to this file (additional_includes): a copy of designer/column_names.py, the rule's one owner
from designer_names import unique_names

DATA_FILE = "data.parquet"
SCHEMA_FILE = "schema.json"
TABLE_SUFFIXES = (".parquet", ".csv", ".tsv", ".txt", ".json", ".jsonl")


class UserError(Exception):
    """A mistake the user can fix. The message is one sentence saying what to change."""


def main(run: Callable[[], None]) -> None:
    """Run a component's ``run()``; exit 0 on success and 1 on failure.

    A ``UserError`` prints ``Error: <sentence>`` on stderr (no traceback: the sentence says it all).
    Anything else prints the traceback, then one ``Error:`` line, so the last line of the log is
    always the sentence a person reads.
    """
    try:
        run()
    except UserError as exc:
        sys.stderr.write(f"Error: {exc}\n")
        sys.exit(1)
    except Exception as exc:
        traceback.print_exc()
        sys.stderr.write(f"Error: the step failed unexpectedly ({type(exc).__name__}: {exc}).\n")
        sys.exit(1)


# ---------------------------------------------------------------- command-line arguments


def parser(description: str | None) -> argparse.ArgumentParser:
    """Return an ArgumentParser whose usage errors also end with an ``Error:`` sentence."""
    return _Parser(description=description)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise UserError(f"the command line is wrong ({message}); check the component's command")


def to_bool(value: str | bool) -> bool:
    """Parse a boolean parameter the way Azure ML does (``str(v).lower() == "true"``)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no", ""):
        return False
    raise argparse.ArgumentTypeError(f"expected true or false, got {value!r}")


def text_param(name: str, value: str | None) -> str | None:
    """Return a free-text parameter (script, SQL, CSV), preferring Azure's ``AZURE_ML_INPUT_<name>``.

    The local runner shell-quotes every value, so ``value`` is exact there. On Azure ML the same
    text also arrives in that environment variable, which survives characters a shell would mangle.
    """
    env = os.environ.get(f"AZURE_ML_INPUT_{name}")
    return env if env is not None else value


# ---------------------------------------------------------------- tables


@dataclass
class Table:
    """A DataFrame plus its column roles (label and features) and free-form metadata."""

    df: pd.DataFrame
    label: str | None = None
    features: list[str] | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.df.columns]

    def feature_columns(self) -> list[str]:
        """The feature columns: the explicit list if one is set, else every column but the label."""
        if self.features is not None:
            return [c for c in self.features if c in self.df.columns and c != self.label]
        skip = {self.label, *score_columns(self.df)}
        return [c for c in self.columns if c not in skip]

    def with_df(self, df: pd.DataFrame) -> Table:
        """Return a copy holding ``df`` with the same roles (reconciled on write)."""
        return Table(df, self.label, None if self.features is None else list(self.features), dict(self.meta))


def carried_features(source: Table, result: pd.DataFrame) -> list[str] | None:
    """Feature roles for a table derived from ``source`` by free-form code (SQL, a script).

    Kept features stay features and columns the code added become features; when ``source``
    had no explicit list, the result has none either (every non-label column is a feature).
    """
    if source.features is None:
        return None
    added = [c for c in map(str, result.columns) if c not in source.columns and c != source.label]
    return [c for c in source.feature_columns() if c in result.columns] + added


def read_table(path: str | os.PathLike[str], *, what: str = "the input table") -> Table:
    """Read a table from a designer table folder, a folder holding one data file, or a file.

    Raises UserError when nothing readable is there.
    """
    p = Path(path)
    if not p.exists():
        raise UserError(f"{what} was not found at {p}; connect an output that produces a table")
    schema: dict[str, Any] = {}
    if p.is_dir():
        if (p / DATA_FILE).is_file():
            file = p / DATA_FILE
            if (p / SCHEMA_FILE).is_file():
                schema = json.loads((p / SCHEMA_FILE).read_text(encoding="utf-8"))
        else:
            if (p / "MLmodel").exists() or (p / "model_spec.json").exists():
                raise UserError(f"{what} is a model, not a table; connect a table output here instead")
            files = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in TABLE_SUFFIXES)
            if not files:
                raise UserError(
                    f"{what} folder {p} holds no CSV or Parquet file; connect a table output here"
                )
            file = files[0]
    else:
        file = p
    df = read_data_file(file, what=what)
    df.columns = [str(c) for c in df.columns]
    label = schema.get("label")
    features = schema.get("features")
    meta = {k: v for k, v in schema.items() if k not in ("label", "features", "columns")}
    return Table(df, label if label in df.columns else None, features, meta)


def read_data_file(
    file: Path,
    *,
    fmt: str = "auto",
    separator: str | None = None,
    header: bool = True,
    what: str = "the data",
) -> pd.DataFrame:
    """Read one CSV/TSV/Parquet/JSON file into a DataFrame; raise UserError when it cannot be parsed."""
    kind = fmt if fmt != "auto" else _format_from_suffix(file)
    try:
        if kind == "parquet":
            return pd.read_parquet(file)
        if kind == "json":
            lines = file.suffix.lower() == ".jsonl"
            return pd.read_json(file, lines=lines)
        sep = separator if separator else ("\t" if kind == "tsv" else ",")
        return pd.read_csv(file, sep=sep, header=0 if header else None, skipinitialspace=True)
    except (ValueError, OSError, pd.errors.ParserError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UserError(f"{what} ({file.name}) could not be read as {kind.upper()}: {first}") from exc


def _format_from_suffix(file: Path) -> str:
    suffix = file.suffix.lower()
    return {".parquet": "parquet", ".pq": "parquet", ".tsv": "tsv", ".json": "json", ".jsonl": "json"}.get(
        suffix, "csv"
    )


def write_table(path: str | os.PathLike[str], table: Table) -> Path:
    """Write ``table`` as ``data.parquet`` + ``schema.json`` into the folder ``path``; return the folder.

    Roles are reconciled first: a label that is gone becomes null, features keep only columns
    that still exist.
    """
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    df = table.df.reset_index(drop=True)
    df.columns = unique_names([str(c) for c in df.columns])
    df = _arrow_safe(df)
    df.to_parquet(out / DATA_FILE, index=False)
    label = table.label if table.label in df.columns else None
    features = None
    if table.features is not None:
        features = [c for c in dict.fromkeys(table.features) if c in df.columns and c != label]
    # "columns" records what was written (name and type), so the designer knows a step's columns
    # before the next run (designer/spec/schemas.py reads it as the last run's schema).
    columns = [{"name": c, "type": column_type(df[c])} for c in df.columns]
    schema = {"label": label, "features": features, **table.meta, "columns": columns}
    (out / SCHEMA_FILE).write_text(
        json.dumps(schema, indent=2, default=_json_default) + "\n", encoding="utf-8"
    )
    return out


def _arrow_safe(df: pd.DataFrame) -> pd.DataFrame:
    """Turn object columns that mix Python types (which Parquet refuses) into text."""
    import pyarrow as pa

    fixed = {}
    for col in df.columns:
        if df[col].dtype == object:
            try:
                pa.array(df[col], from_pandas=True)
            except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
                fixed[col] = df[col].map(lambda v: None if _is_missing(v) else str(v))
    return df.assign(**fixed) if fixed else df


def _is_missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def require_rows(table: Table, what: str = "the input table") -> None:
    """Raise UserError when the table has no rows."""
    if len(table.df) == 0:
        raise UserError(f"{what} is empty (0 rows); check the steps before this one")


# ---------------------------------------------------------------- columns


def score_columns(df: pd.DataFrame) -> list[str]:
    """Columns written by Score Model (never used as features by default)."""
    prefixes = ("Scored Labels", "Scored Probabilities", "Assignments", "DistanceToClusterCenter")
    return [c for c in df.columns if str(c).startswith(prefixes)]


def is_numeric(series: pd.Series) -> bool:
    """True for numbers and booleans (what a model can take as is)."""
    return bool(pd.api.types.is_numeric_dtype(series.dtype)) and not isinstance(
        series.dtype, pd.CategoricalDtype
    )


def split_list(text: str | None) -> list[str]:
    """Split a comma-separated parameter into trimmed, non-empty items."""
    if text is None:
        return []
    return [part.strip() for part in str(text).split(",") if part.strip()]


def describe_columns(columns: Iterable[str], limit: int = 25) -> str:
    cols = [str(c) for c in columns]
    shown = ", ".join(cols[:limit])
    return shown + (f" and {len(cols) - limit} more" if len(cols) > limit else "") if cols else "(none)"


def did_you_mean(name: str, columns: Sequence[str]) -> str:
    """Return `` (did you mean 'x'?)`` for the closest column name, or an empty string."""
    columns = [str(c) for c in columns]
    lower = {c.lower(): c for c in columns}
    close = difflib.get_close_matches(name, columns, n=1, cutoff=0.6)
    if not close and name.lower() in lower:
        close = [lower[name.lower()]]
    return f" (did you mean '{close[0]}'?)" if close else ""


def missing_column_error(
    name: str, columns: Sequence[str], *, what: str = "the table", kind: str = "column"
) -> UserError:
    """A UserError for an unknown column name, with the closest match and the available columns."""
    hint = did_you_mean(name, columns)
    return UserError(
        f"{kind} '{name}' is not in {what}{hint}; available columns: {describe_columns(columns)}"
    )


def check_column(table: Table, name: str, *, what: str = "the input table", kind: str = "column") -> str:
    """Return ``name`` if it is a column of ``table``, else raise a UserError with a suggestion."""
    if name not in table.df.columns:
        raise missing_column_error(name, table.columns, what=what, kind=kind)
    return name


def select_columns(
    table: Table,
    spec: str | None,
    *,
    default: str = "all",
    numeric_only: bool = False,
    purpose: str = "",
) -> list[str]:
    """Resolve a ``columns`` parameter to column names, in the order given.

    ``spec`` is a comma-separated list of column names and keywords: ``all``, ``features``,
    ``label``, ``numeric`` (numeric columns), ``text`` (non-numeric columns). A name that is a
    real column always wins over a keyword. Empty ``spec`` means ``default`` (a keyword).
    With ``numeric_only``, keywords expand to numeric columns only and a named non-numeric
    column is an error. Raises UserError for unknown names.
    """
    tokens = split_list(spec) or split_list(default)
    chosen: list[str] = []
    for token in tokens:
        if token in table.df.columns:
            if numeric_only and not is_numeric(table.df[token]):
                raise UserError(
                    f"column '{token}' holds {kind_of(table.df[token])}, but {purpose or 'this step'} needs numbers; "
                    "remove it from the columns parameter or convert it with Edit Metadata"
                )
            chosen.append(token)
            continue
        key = token.lower()
        if key in ("all", "*"):
            found = table.columns
        elif key == "features":
            found = table.feature_columns()
        elif key == "label":
            found = [table.label] if table.label else []
            if not found:
                raise UserError(
                    "the keyword 'label' was used but the table has no label column; mark one with Edit Metadata"
                )
        elif key == "numeric":
            found = [c for c in table.columns if is_numeric(table.df[c])]
        elif key == "text":
            found = [c for c in table.columns if not is_numeric(table.df[c])]
        else:
            raise missing_column_error(token, table.columns)
        if numeric_only:
            found = [c for c in found if is_numeric(table.df[c])]
        chosen.extend(found)
    return list(dict.fromkeys(chosen))


def label_column(table: Table, given: str | None, *, required: bool = True) -> str | None:
    """The label column: ``given`` if set (checked), else the table's marked label.

    Raises UserError when a label is needed and none is known.
    """
    if given:
        if given not in table.df.columns:
            raise missing_column_error(given, table.columns, kind="label column")
        return given
    if table.label:
        return table.label
    if required:
        raise UserError(
            "no label column is known for this table; type the column to predict in the 'label_column' "
            f"parameter (columns: {describe_columns(table.columns)})"
        )
    return None


def column_type(series: pd.Series) -> str:
    """The column's type as ``schema.json`` records it: integer, number, boolean, datetime, category or text."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return "category"
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "datetime"
    if pd.api.types.is_integer_dtype(dtype):
        return "integer"
    if pd.api.types.is_numeric_dtype(dtype):
        return "number"
    return "text"


def kind_of(series: pd.Series) -> str:
    if isinstance(series.dtype, pd.CategoricalDtype):
        return "categories"
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return "dates"
    if pd.api.types.is_numeric_dtype(series.dtype):
        return "numbers"
    return "text"


def require_numeric(df: pd.DataFrame, columns: Sequence[str], purpose: str) -> None:
    """Raise UserError naming the first column that is not numeric."""
    for col in columns:
        if not is_numeric(df[col]):
            raise UserError(
                f"column '{col}' holds {kind_of(df[col])}, which {purpose} cannot use; convert it with "
                "Convert to Indicator Values or Edit Metadata, or leave it out with Select Columns"
            )


# ---------------------------------------------------------------- metrics and JSON


def log_metric(name: str, value: Any, step: int | None = None) -> None:
    """Append the metric record (``designer_metrics.py``, the runner's own format) to ``$DESIGNER_METRICS``.

    Does nothing when the variable is not set (e.g. on Azure ML). Non-finite numbers become null.
    """
    import designer_metrics  # next to this file (additional_includes), a copy of designer/metrics_record.py

    designer_metrics.append(name, value, step)


def to_jsonable(value: Any) -> Any:
    """Convert numpy/pandas scalars and containers to plain JSON values (NaN/inf become None)."""
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | np.ndarray | pd.Index):
        return [to_jsonable(v) for v in list(value)]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if _is_missing(value):
        return None
    return str(value)


def _json_default(value: Any) -> Any:
    return to_jsonable(value)


def write_json(path: str | os.PathLike[str], data: Any) -> None:
    """Write ``data`` as pretty JSON (numpy values converted)."""
    Path(path).write_text(json.dumps(to_jsonable(data), indent=2) + "\n", encoding="utf-8")
