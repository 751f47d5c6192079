"""Reading what a step logged: the ``DESIGNER_METRICS`` JSON-lines file and mlflow's local file store."""

from __future__ import annotations

import time
from pathlib import Path

from designer.metrics_record import parse_line

#: One metric value: (name, value, index or None, unix time).
MetricValue = tuple[str, float, int | None, float]


def read_metrics(jsonl: Path, mlruns: Path) -> list[MetricValue]:
    """Metrics a step logged: ``DESIGNER_METRICS`` JSON lines, then mlflow file-store metric files.

    The line format is :mod:`designer.metrics_record`'s. Never raises for
    a missing or unreadable file: a step that logged nothing has no metrics.
    """
    found: list[MetricValue] = []
    now = time.time()
    try:
        text = jsonl.read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    for line in text.splitlines():
        item = parse_line(line, now)
        if item is not None:  # a malformed line is the step's problem; the rest still count
            found.append(item)
    if mlruns.is_dir():
        for metric_dir in sorted(mlruns.glob("*/*/metrics")):
            for file in sorted(p for p in metric_dir.rglob("*") if p.is_file()):
                name = file.relative_to(metric_dir).as_posix()
                try:
                    lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
                except OSError:
                    continue
                for line in lines:
                    parts = line.split()
                    try:
                        found.append((name, float(parts[1]), int(parts[2]) if len(parts) > 2 else None,
                                      float(parts[0]) / 1000.0))
                    except (ValueError, IndexError):
                        continue
    return found
