"""The Python SDK: ``@component``, ``@pipeline``, ``load_component``, ``log_metric``.

It builds the same model as the canvas and the YAML; building runs nothing. ``Pipeline.run()``
hands the written pipeline to the engine. Names are imported on first use, so a step that only
needs ``log_metric`` (or the decorators) starts fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from designer.sdk.builder import OutputRef, PipelineInput, Step
    from designer.sdk.components import FunctionComponent, YamlComponent, component, load_component
    from designer.sdk.io import Input, Output
    from designer.sdk.metrics import log_metric
    from designer.sdk.pipelines import Pipeline, PipelineFunction, pipeline
    from designer.sdk.run import Run, runs
    from designer.sdk.wiring import WiringError

_EXPORTS = {
    "component": "designer.sdk.components",
    "load_component": "designer.sdk.components",
    "FunctionComponent": "designer.sdk.components",
    "YamlComponent": "designer.sdk.components",
    "pipeline": "designer.sdk.pipelines",
    "Pipeline": "designer.sdk.pipelines",
    "PipelineFunction": "designer.sdk.pipelines",
    "Input": "designer.sdk.io",
    "Output": "designer.sdk.io",
    "log_metric": "designer.sdk.metrics",
    "Step": "designer.sdk.builder",
    "OutputRef": "designer.sdk.builder",
    "PipelineInput": "designer.sdk.builder",
    "WiringError": "designer.sdk.wiring",
    "Run": "designer.sdk.run",
    "runs": "designer.sdk.run",
}

__all__ = [
    "FunctionComponent",
    "Input",
    "Output",
    "OutputRef",
    "Pipeline",
    "PipelineFunction",
    "PipelineInput",
    "Run",
    "Step",
    "WiringError",
    "YamlComponent",
    "component",
    "load_component",
    "log_metric",
    "pipeline",
    "runs",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'designer.sdk' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return __all__
