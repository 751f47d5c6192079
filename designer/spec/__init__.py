"""The model: components, pipelines, jobs and bindings; YAML in and out; validation; graphs.

Pure: it reads files but never writes run state, starts processes or imports the engine.
"""

from __future__ import annotations

from designer.spec.loader import ComponentResolver, Loaded, load_document, load_text
from designer.spec.model import (
    CommandComponent,
    Component,
    DataValue,
    Document,
    InputDecl,
    Job,
    OutputDecl,
    PipelineComponent,
    PipelineJob,
)
from designer.spec.validate import load_valid, validate, validate_loaded

__all__ = [
    "CommandComponent",
    "Component",
    "ComponentResolver",
    "DataValue",
    "Document",
    "InputDecl",
    "Job",
    "Loaded",
    "OutputDecl",
    "PipelineComponent",
    "PipelineJob",
    "load_document",
    "load_text",
    "load_valid",
    "validate",
    "validate_loaded",
]
