"""Where the steps sit on the canvas: the ``<stem>.layout.json`` sidecar next to a pipeline file.

Node positions are not part of the YAML (Azure's loader rejects unknown top-level keys); they live
in a sidecar file ``<stem>.layout.json`` next to it: ``{"nodes": {"<job>": {"x": .., "y": ..}}}``.
Positions are a convenience: a sidecar that cannot be read gives none, never an error.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from designer.spec.graph import auto_layout, job_graph
from designer.spec.model import PipelineComponent, PipelineJob

Pipeline = PipelineJob | PipelineComponent
Positions = dict[str, tuple[float, float]]

LAYOUT_SUFFIX = ".layout.json"
LAYOUT_DX, LAYOUT_DY = 280.0, 140.0  # the automatic grid; canvas cards are 220 px wide
NEW_ROWS_GAP = 200.0  # steps without a position go this far below the lowest placed one


def layout_path(yaml_path: Path) -> Path:
    """``<folder>/<stem>.layout.json`` for ``<folder>/<stem>.yml``."""
    return yaml_path.with_name(yaml_path.stem + LAYOUT_SUFFIX)


def read_layout(yaml_path: Path) -> Positions:
    """The saved node positions of the pipeline at ``yaml_path``; empty when there are none.

    A sidecar that cannot be read is ignored (positions are only a convenience).
    """
    path = layout_path(yaml_path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    nodes = data.get("nodes") if isinstance(data, dict) else None
    out: Positions = {}
    if isinstance(nodes, dict):
        for name, pos in nodes.items():
            if isinstance(pos, dict):
                x, y = pos.get("x"), pos.get("y")
                if isinstance(x, int | float) and isinstance(y, int | float) and math.isfinite(x) and math.isfinite(y):
                    out[str(name)] = (float(x), float(y))
    return out


def write_layout(yaml_path: Path, positions: Positions) -> None:
    """Write the sidecar layout file next to ``yaml_path`` (atomically)."""
    path = layout_path(yaml_path)
    data = {"nodes": {name: {"x": round(x, 1), "y": round(y, 1)} for name, (x, y) in sorted(positions.items())}}
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)


def complete_layout(pipeline: Pipeline, positions: Positions) -> Positions:
    """Positions for every step: the known ones kept, the missing ones laid out automatically.

    With no known position at all this is :func:`~designer.spec.graph.auto_layout`; otherwise the
    missing steps take their automatic places below everything already placed.
    """
    known = {name: pos for name, pos in positions.items() if name in pipeline.jobs}
    missing = [name for name in pipeline.jobs if name not in known]
    if not missing:
        return known
    auto = auto_layout(job_graph(pipeline), dx=LAYOUT_DX, dy=LAYOUT_DY)
    if not known:
        return {name: auto.get(name, (0.0, 0.0)) for name in pipeline.jobs}
    top = max(y for _, y in known.values()) + NEW_ROWS_GAP
    min_y = min(auto[name][1] for name in missing)
    out = dict(known)
    for name in missing:
        x, y = auto[name]
        out[name] = (x, top + y - min_y)
    return out
