"""Pipeline Designer: design, run and inspect Azure ML CLI v2 pipelines on one machine.

The Python SDK is importable from here (``from designer import component, pipeline, Input, Output,
load_component, log_metric, runs``); its modules load on first use, so ``import designer`` stays
cheap (``designer run`` starts fast).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from designer.sdk import Input, Output, Pipeline, component, load_component, log_metric, pipeline, runs

__all__ = ["Input", "Output", "Pipeline", "__version__", "component", "load_component", "log_metric", "pipeline",
           "runs"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("designer.sdk"), name)
    raise AttributeError(f"module 'designer' has no attribute {name!r}")
