"""The metrics record: one JSON line per logged value in the file named by ``$DESIGNER_METRICS``.

The one owner of the format. Standard library only and importing nothing of ``designer``, because
it must also work inside a step whose environment does not have the package: the built-in
components ship a byte-identical copy as ``components_registry/_shared/designer_metrics.py`` and
the SDK writes one as ``_designer_metrics.py`` next to each Python component's code (a test checks
that the copies are identical). The runner reads the file with :func:`parse_line`.

A record is ``{"name": str, "value": float | null, "step": int | null, "timestamp": float}``;
``value`` is null for NaN and infinities (JSON has no such numbers), and such a record is skipped
when read.
"""

from __future__ import annotations

import json
import math
import os
import time
from typing import Any

METRICS_ENV = "DESIGNER_METRICS"


def record(name: str, value: Any, step: int | None = None, timestamp: float | None = None) -> dict[str, Any]:
    """The record of metric ``name`` = ``value`` (at ``step``); raises ValueError/TypeError for a non-number."""
    number = float(value)
    return {"name": str(name), "value": number if math.isfinite(number) else None,
            "step": None if step is None else int(step),
            "timestamp": time.time() if timestamp is None else float(timestamp)}


def append(name: str, value: Any, step: int | None = None) -> bool:
    """Append the record of ``name`` = ``value`` to ``$DESIGNER_METRICS``; False (nothing written) when unset."""
    target = os.environ.get(METRICS_ENV)
    if not target:
        return False
    line = json.dumps(record(name, value, step), allow_nan=False)
    with open(target, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")
    return True


def parse_line(line: str, default_time: float) -> tuple[str, float, int | None, float] | None:
    """``(name, value, step, timestamp)`` of one line of the file, or None for a malformed or null record."""
    try:
        item = json.loads(line)
        value = float(item["value"])
        index = item.get("step")
        return (str(item["name"]), value, int(index) if index is not None else None,
                float(item.get("timestamp", default_time)))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
