"""Making, rebuilding and saving whole documents (the designer's new pipeline, undo snapshots, Save).

Saving writes the YAML atomically with its keys in their original order, so saving after an edit
changes only the lines of that edit; node positions go to the layout sidecar (:mod:`designer.spec.layout`).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from designer.spec.layout import Positions, write_layout
from designer.spec.loader import ComponentResolver, Loaded, load_parsed
from designer.spec.model import PIPELINE_JOB_SCHEMA, Document, Located, PipelineJob
from designer.spec.yaml_io import SourceMap, YamlDocument, write_yaml

DEFAULT_COMPUTE = "azureml:serverless"  # what Azure's _validate() accepts; locally the `local` target


def new_pipeline(file: Path, display_name: str | None = None) -> PipelineJob:
    """An empty pipeline job that will be saved at ``file`` (nothing is written)."""
    source = SourceMap(str(file))
    pipeline = PipelineJob(loc=Located(source, (), file.resolve().parent))
    pipeline.display_name = display_name
    pipeline.extra["$schema"] = PIPELINE_JOB_SCHEMA
    pipeline.settings["default_compute"] = DEFAULT_COMPUTE
    return pipeline


def document_from_dict(data: dict[str, Any], file: Path, resolver: ComponentResolver | None) -> Loaded:
    """Rebuild a document from its mapping (an undo snapshot or a draft) as if read from ``file``."""
    return load_parsed(YamlDocument(data=copy.deepcopy(data), source=SourceMap(str(file))), resolver)


def to_saveable(document: Document) -> dict[str, Any]:
    """The mapping to write for ``document``.

    A pipeline job gets ``settings.default_compute: azureml:serverless`` when it names no compute
    (Azure's ``_validate()`` demands one; locally it is the ``local`` target). Nothing else changes.
    """
    data = document.to_dict()
    if isinstance(document, PipelineJob) and not document.default_compute:
        settings = dict(data.get("settings") or {})
        settings["default_compute"] = DEFAULT_COMPUTE
        if "settings" in data:
            data["settings"] = settings
        else:  # keep the canonical place: before inputs/outputs/jobs
            out: dict[str, Any] = {}
            for key, value in data.items():
                if key in ("inputs", "outputs", "jobs") and "settings" not in out:
                    out["settings"] = settings
                out[key] = value
            out.setdefault("settings", settings)
            data = out
    return data


def save_document(path: Path, document: Document, positions: Positions | None = None) -> None:
    """Write ``document`` to ``path`` (atomically) and its node positions to the sidecar file."""
    if isinstance(document, PipelineJob) and not document.default_compute:
        document.settings["default_compute"] = DEFAULT_COMPUTE
    write_yaml(path, to_saveable(document))
    if positions is not None:
        write_layout(path, positions)
