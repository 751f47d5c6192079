"""Column pickers: a parameter that names columns (label, feature, key columns...) is chosen from the
columns the table on its input has, with their types, before anything runs.

Which parameters name columns, and of which table, is declared by the component (``kind.<param>:
column`` or ``columns [of <port>]``, designer/spec/kinds.py); the columns come from the design-time
schemas (designer/spec/schemas.py), or, where those cannot be derived, from what the last run this
page follows recorded. One column (``column``) is a searchable single select, several (``columns``) a
searchable multiple select whose value is saved comma-separated, as the components read it. Where no
schema is known the field stays free text, with a hint saying why and when the list will come.
A value that is not in the table stays visible, marked, and validate reports it on the node.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from nicegui import ui

from designer.spec.kinds import ColumnParam, column_params
from designer.spec.model import InputDecl, Job
from designer.spec.schemas import COLUMN_KEYWORDS, Schema, derive, read_table_folder
from designer.ui.format import value_text
from designer.ui.pages.designer.forms import PanelHost, set_hint

NOT_IN_TABLE = "not in the table"


def column_param(job: Job, decl: InputDecl) -> ColumnParam | None:
    """The column declaration of parameter ``decl`` of ``job``'s component, or None."""
    return column_params(job.resolved).get(decl.name) if job.resolved is not None else None


def table_schema(page: PanelHost, job: Job, cp: ColumnParam) -> Schema | None:
    """The schema of the table parameter ``cp`` names columns of: derived before running, else what
    the run this page shows recorded for it; None when neither is known."""
    s = page.session
    comp = job.resolved
    if comp is None or cp.table is None:
        return None
    run = page.run
    prefix = "".join(f"{v}/" for v in s.view)

    def recorded(step: str, port: str) -> Schema | None:
        view = run.steps.get(prefix + step) if run is not None else None
        path = view.outputs.get(port) if view is not None else None
        return read_table_folder(Path(path)) if path else None

    schemas = derive(s.current(), recorded if run is not None else None)
    if cp.table in comp.outputs:
        return schemas.output(job.name, cp.table)
    return schemas.input(job.name, cp.table)


def _split(value: Any) -> list[str]:
    return [p.strip() for p in str(value).split(",") if p.strip()] if value not in (None, "") else []


def picker_options(schema: Schema, chosen: list[str]) -> dict[str, str]:
    """``{column: "name · type"}`` for the select, the label column marked; chosen names the table
    lacks come last, marked, so that the field still shows them."""
    options: dict[str, str] = {}
    for col in schema.columns:
        extra = " · label" if schema.label == col.name else ""
        options[col.name] = f"{col.name} · {col.type}{extra}"
    for name in chosen:
        if name not in options:
            keyword = name.lower() in COLUMN_KEYWORDS
            options[name] = f"{name} · keyword" if keyword else f"{name} · {NOT_IN_TABLE}"
    return options


def column_field(page: PanelHost, job: Job, decl: InputDecl, cp: ColumnParam, label: str, hint: str,
                 commit: Callable[[Any], None]) -> ui.element:
    """The field of column parameter ``decl``: a searchable picker of the table's columns, or free
    text with a hint when the table's columns are not known; returns it."""
    value = job.inputs.get(decl.name)
    schema = table_schema(page, job, cp)
    if schema is None or not schema.columns:
        connected = cp.table is not None and (cp.table in job.inputs or cp.table in (job.resolved.outputs
                                                                                      if job.resolved else {}))
        if cp.table is None:
            why = "Type the column name."
        elif not connected:
            why = f"Connect a table to '{cp.table}' to pick from its columns."
        else:
            why = "Its columns are known once the step before it has run; type the name meanwhile."
        text_field = ui.input(label, value=value_text(value) if value is not None else "",
                         placeholder="column, column" if cp.multiple else "column name").props(
            "outlined dense").classes("w-full")
        set_hint(text_field, f"{hint} {why}".strip() if hint else why)
        text_field.props["data-columns"] = "unknown"
        text_field.on("blur", lambda: commit(text_field.value or None))
        text_field.on("keydown.enter", lambda: commit(text_field.value or None))
        return text_field
    chosen = _split(value) if cp.multiple else ([str(value).strip()] if value not in (None, "") else [])
    options = picker_options(schema, chosen)
    more = " More columns may exist: type a name and press Enter to add it." if schema.open else ""
    origin = " (from the last run)" if schema.origin == "recorded" else ""
    shown = f"{len(schema.columns)} columns{origin}"
    text = f"{hint} · {shown}.{more}" if hint else f"{shown}.{more}"

    def changed(e: Any) -> None:
        picked = e.value
        if cp.multiple:
            names = [str(v) for v in (picked or [])]
            commit(",".join(names) if names else None)
        else:
            commit(str(picked) if picked not in (None, "") else None)

    field = ui.select(options, value=chosen if cp.multiple else (chosen[0] if chosen else None), label=label,
                      with_input=True, multiple=cp.multiple, clearable=True,
                      new_value_mode="add-unique" if schema.open else None, on_change=changed).props(
        "outlined dense options-dense input-debounce=0" + (" use-chips" if cp.multiple else "")).classes("w-full")
    set_hint(field, text)
    field.props["data-columns"] = str(len(schema.columns))
    return field
