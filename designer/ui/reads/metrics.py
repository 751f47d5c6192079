"""Metric series of a run (what the run page and the compare page chart), and their chart options."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from designer.store import MetricRecord

@dataclass
class MetricSeries:
    """All values one step logged under one metric name, in logging order."""

    step: str
    name: str
    points: list[tuple[float, float]] = field(default_factory=list)

    @property
    def last(self) -> float:
        return self.points[-1][1]


def metric_series(metrics: Sequence[MetricRecord]) -> list[MetricSeries]:
    """Group metrics by (step, name); x is the logged index, else the position (1, 2, ...)."""
    groups: dict[tuple[str, str], MetricSeries] = {}
    for m in metrics:
        series = groups.setdefault((m.step, m.name), MetricSeries(m.step, m.name))
        x = float(m.index) if m.index is not None else float(len(series.points) + 1)
        series.points.append((x, m.value))
    return list(groups.values())


def line_chart_options(series: Sequence[MetricSeries], title: str | None = None) -> dict[str, Any]:
    """ECharts options for one or more metric series drawn as lines."""
    return {
        "animation": False,
        "title": {"text": title or "", "textStyle": {"fontSize": 12, "fontWeight": 600, "color": "#64748b"},
                  "left": 0, "top": 0},
        "grid": {"left": 8, "right": 16, "top": 30, "bottom": 8, "containLabel": True},
        "tooltip": {"trigger": "axis"},
        "legend": {"show": len(series) > 1, "top": 0, "right": 0, "textStyle": {"color": "#64748b"}},
        "xAxis": {"type": "value", "minInterval": 1, "axisLabel": {"color": "#64748b"},
                  "splitLine": {"show": False}},
        "yAxis": {"type": "value", "scale": True, "axisLabel": {"color": "#64748b"},
                  "splitLine": {"lineStyle": {"color": "rgba(100,116,139,.18)"}}},
        "series": [{"type": "line", "name": s.step if len(series) > 1 else s.name, "showSymbol": len(s.points) < 40,
                    "data": [[x, y] for x, y in s.points]} for s in series],
    }


