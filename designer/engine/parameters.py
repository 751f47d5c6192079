"""The parameters each step of a run actually got ("effective parameters"), and what differs between two runs.

The one owner of the fact. At plan time (:func:`step_parameters`, :func:`pipeline_inputs`) every
parameter input of every step is resolved to the value the step gets: the job's literal, the
pipeline input it is bound to (with ``--set`` overrides applied), or the component's default. The
scheduler puts them in :class:`~designer.engine.events.RunStarted`; the store keeps them
(``step_runs.parameters``, ``runs.inputs``) and hands them back as :class:`Setting` maps.

A record, as JSON: ``{name: {"value", "default", "source", "input"}}`` where ``source`` is one of
:data:`SOURCES`:

- ``default``: the job does not set it (or binds it to an empty input), so the component's default applies;
- ``set``: the job writes a value;
- ``input``: the job binds it to the pipeline input ``input`` (``${{parent.inputs.<input>}}``);
- ``unset``: an optional parameter left empty (value None).

Data inputs are not parameters (what they held is in the artifacts and the why records).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from designer.spec.graph import Literal, Source
from designer.spec.model import DataValue, InputDecl, Job, PipelineJob

SOURCES = ("default", "set", "input", "unset")


def _plain(value: Any) -> Any:
    """``value`` as JSON holds it (a path or date as its text), so a recorded and a planned value compare equal."""
    if isinstance(value, DataValue):
        return value.path
    return json.loads(json.dumps(value, default=str))


@dataclass(frozen=True)
class Setting:
    """One parameter as a step (or the pipeline) ran with it."""

    name: str
    value: Any
    default: Any = None
    source: str = "default"
    input: str | None = None  # the pipeline input it came from (source "input")

    @property
    def is_default(self) -> bool:
        """True when the value is the component's default (whether written out or left to apply)."""
        if self.source in ("default", "unset"):
            return True
        return self.default is not None and self.value == self.default

    def to_dict(self) -> dict[str, Any]:
        """The JSON record (see the module docstring)."""
        return {"value": self.value, "default": self.default, "source": self.source, "input": self.input}

    @classmethod
    def from_dict(cls, name: str, data: Any) -> Setting:
        """The setting recorded as ``data``; a malformed record reads as a value without a default."""
        if not isinstance(data, dict):
            return cls(name, data, None, "set")
        source = data.get("source")
        return cls(name, data.get("value"), data.get("default"), source if source in SOURCES else "set",
                   data.get("input"))


def settings_of(record: Any) -> dict[str, Setting] | None:
    """The settings of a stored record (``{name: {...}}``), in their order; None when nothing was recorded."""
    if not isinstance(record, dict):
        return None
    return {str(name): Setting.from_dict(str(name), data) for name, data in record.items()}


def step_parameters(job: Job, decls: dict[str, InputDecl], inputs: dict[str, Source]) -> dict[str, dict[str, Any]]:
    """The record of the parameter inputs of one flattened step (``inputs`` as the plan resolved them).

    A sweep's searched parameters are not in ``inputs`` (each trial gets its own): they are left out.
    """
    out: dict[str, dict[str, Any]] = {}
    for name, src in inputs.items():
        decl = decls.get(name)
        if decl is None or not decl.is_param:
            continue
        value = src.value if isinstance(src, Literal) else None
        binding = job.input_binding(name) if name in job.inputs else None
        bound = binding.name if binding is not None and binding.kind == "parent_input" else None
        if value is None:
            source = "unset"
        elif name not in job.inputs:
            source = "default"
        else:
            source = "input" if bound else "set"
        out[name] = Setting(name, _plain(value), _plain(decl.default), source,
                            bound if source == "input" else None).to_dict()
    return out


def pipeline_inputs(document: PipelineJob, overrides: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The record of the pipeline's own inputs: each one's value for this run and the file's value."""
    out: dict[str, dict[str, Any]] = {}
    for name in document.inputs:
        written = _plain(document.input_value(name))
        if name in overrides:
            value = _plain(overrides[name])
            out[name] = Setting(name, value, written, "set" if value != written else "default").to_dict()
        else:
            out[name] = Setting(name, written, written, "default" if written is not None else "unset").to_dict()
    return out


@dataclass(frozen=True)
class SettingChange:
    """A parameter that differs between two runs: ``step`` None for a pipeline input."""

    step: str | None
    name: str
    old: Any
    new: Any
    old_missing: bool = False  # the earlier run did not have it (or the step)
    new_missing: bool = False


def setting_changes(old: dict[str, Setting] | None, new: dict[str, Setting] | None,
                    step: str | None = None) -> list[SettingChange]:
    """What differs between two recorded setting maps, by name in ``new``'s order then ``old``'s; [] when
    either was not recorded (nothing can be said)."""
    if old is None or new is None:
        return []
    out: list[SettingChange] = []
    for name in dict.fromkeys([*new, *old]):
        a, b = old.get(name), new.get(name)
        if a is not None and b is not None and a.value == b.value:
            continue
        out.append(SettingChange(step, name, None if a is None else a.value, None if b is None else b.value,
                                 old_missing=a is None, new_missing=b is None))
    return out
