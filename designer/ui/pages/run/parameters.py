"""The run page's Parameters tab: the pipeline's inputs first, then what each step ran with.

Values come from the run's record (:meth:`Store.run_parameters`, see :mod:`designer.engine.parameters`):
a value left to its component default is greyed, one changed from the default is marked with the
default beside it, one taken from a pipeline input names that input. A run recorded before the
designer kept step parameters says so and shows the values it was given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nicegui import ui

from designer.errors import DesignerError
from designer.ui.format import value_text
from designer.ui.widgets import attrs, io

if TYPE_CHECKING:
    from designer.engine.parameters import Setting
    from designer.store import RunParameters, RunRecord, Store

CSS = """
.prm-grid { display: grid; grid-template-columns: minmax(140px, 1fr) minmax(120px, 1.4fr) minmax(160px, 1.6fr);
  font-size: 13px; width: 100%; }
.prm-grid > div { padding: 6px 10px; border-bottom: 1px solid rgba(100,116,139,.14); min-width: 0;
  overflow-wrap: anywhere; }
.prm-grid > .head { font-size: 11.5px; font-weight: 600; color: #64748b; text-transform: uppercase;
  letter-spacing: .03em; }
.prm-value { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.prm-default .prm-value, .prm-default .prm-name { color: #94a3b8; }
body.body--dark .prm-default .prm-value, body.body--dark .prm-default .prm-name { color: #64748b; }
.prm-changed .prm-value { font-weight: 700; }
.prm-chip { display: inline-block; font-size: 11px; font-weight: 600; padding: 1px 7px; border-radius: 999px;
  background: rgba(234,179,8,.16); color: #a16207; margin-right: 6px; }
body.body--dark .prm-chip { color: #facc15; background: rgba(234,179,8,.14); }
.prm-origin { font-size: 12px; color: #64748b; }
body.body--dark .prm-origin { color: #94a3b8; }
.prm-step { border-radius: 10px; border: 1px solid rgba(100,116,139,.2); overflow: hidden; }
.prm-step-head { padding: 8px 10px; background: rgba(100,116,139,.06); }
body.body--dark .prm-step { border-color: rgba(148,163,184,.18); }
"""


def origin_text(s: Setting) -> str:
    """Where a value came from, in words ("default", "from pipeline input `target`", "set on the step")."""
    if s.source == "unset":
        return "not set (optional)"
    if s.source == "input":
        return f"from pipeline input `{s.input}`"
    if s.source == "default":
        return "default"
    return "set on the step" if s.default is None or s.value != s.default else "set on the step (same as default)"


def _rows(settings: dict[str, Setting], step: str | None, head: str) -> None:
    with ui.element("div").classes("prm-grid"):
        for text in (head, "Value", "Where it came from"):
            ui.label(text).classes("head")
        for s in settings.values():
            changed = not s.is_default and s.default is not None
            look = "prm-default" if s.is_default else ("prm-changed" if changed else "")
            data = {"data_testid": "param-row", "data_name": s.name, "data_default": str(s.is_default).lower(),
                    "data_changed": str(changed).lower()}
            if step is not None:
                data["data_step"] = step
            with attrs(ui.element("div").classes(look), **data):
                ui.label(s.name).classes("prm-name")
            with ui.element("div").classes(look):
                ui.label(value_text(s.value) or "—").classes("prm-value").props('data-testid="param-value"')
            with ui.element("div").classes("prm-origin"):
                if changed:
                    with ui.row().classes("items-center gap-0 no-wrap").props('data-testid="param-changed"'):
                        ui.label("changed").classes("prm-chip")
                        ui.label(f"default {value_text(s.default)}")
                if not changed or s.source == "input":
                    ui.label(origin_text(s))


def parameters_view(run: RunRecord, params: RunParameters | None, defaults: dict[str, Any] | None) -> None:
    """Build the tab's content for ``run`` (``params`` None: the record could not be read).

    ``defaults`` are the pipeline file's input values, used only for a run from before the record.
    """
    ui.add_css(CSS)
    with ui.column().classes("w-full gap-3").props('data-testid="run-parameters"'):
        if params is None or not params.recorded:
            _not_recorded(run, defaults)
            return
        if params.inputs:
            ui.label("Pipeline inputs").classes("text-subtitle1 text-weight-bold")
            with ui.element("div").classes("prm-step w-full").props('data-testid="param-inputs"'):
                _rows(params.inputs, None, "Input")
        ui.label("Steps").classes("text-subtitle1 text-weight-bold")
        plain = [step for step, settings in params.steps.items() if settings is not None and not settings]
        unknown = [step for step, settings in params.steps.items() if settings is None]
        for step, settings in params.steps.items():
            if not settings:
                continue
            title = params.titles.get(step, step)
            changed = sum(1 for s in settings.values() if not s.is_default)
            with attrs(ui.element("div").classes("prm-step w-full"), data_testid="param-step", data_step=step):
                with ui.row().classes("prm-step-head w-full items-center gap-2 no-wrap"):
                    ui.label(title).classes("text-weight-bold")
                    if title != step:
                        ui.label(step).classes("designer-muted runs-mono text-caption")
                    ui.space()
                    ui.label(f"{changed} of {len(settings)} changed from the default" if changed
                             else "all defaults").classes("designer-muted text-caption")
                _rows(settings, step, "Parameter")
        if plain:
            ui.label("Without parameters: " + ", ".join(params.titles.get(s, s) for s in plain)).classes(
                "designer-muted text-caption")
        if unknown:
            ui.label("Not recorded for: " + ", ".join(unknown)).classes("designer-muted text-caption")


def _not_recorded(run: RunRecord, defaults: dict[str, Any] | None) -> None:
    with ui.row().classes("items-center gap-2 no-wrap").props('data-testid="parameters-not-recorded"'):
        ui.icon("history_toggle_off", size="20px").classes("designer-muted")
        ui.label("The parameters of each step were not recorded for this run: it ran before the designer "
                 "kept them. Runs from now on record them.").classes("designer-muted")
    given = dict(run.parameters)
    names = list(dict.fromkeys([*(defaults or {}), *given]))
    if not names:
        return
    ui.label("Pipeline inputs").classes("text-subtitle1 text-weight-bold")
    from designer.engine.parameters import Setting

    settings = {}
    for name in names:
        if name in given:
            settings[name] = Setting(name, given[name], (defaults or {}).get(name), "set")
        else:
            settings[name] = Setting(name, (defaults or {}).get(name), (defaults or {}).get(name), "default")
    with ui.element("div").classes("prm-step w-full").props('data-testid="param-inputs"'):
        _rows(settings, None, "Input")


async def load_parameters(store: Store, run_id: str) -> RunParameters | None:
    """The run's parameter record read off the loop; None when it cannot be read now."""
    try:
        return await io(store.run_parameters, run_id)
    except DesignerError:
        return None
