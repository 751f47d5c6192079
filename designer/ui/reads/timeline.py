"""ECharts options for a run's timeline (one bar per step), built from the step records alone."""

from __future__ import annotations

import html
import math
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from designer.ui.format import duration_text
from designer.ui.states import state_look

if TYPE_CHECKING:
    from designer.store import RunRecord, StepRecord

def gantt_options(run: RunRecord, steps: Sequence[StepRecord], now: float | None = None) -> dict[str, Any]:
    """ECharts options for the run's timeline: one bar per step from its start to its end (seconds
    since the run started), coloured by state; reused steps are a thin mark where they were reused.

    Tooltip texts are escaped here: ECharts renders tooltips as HTML.
    """
    now = now or time.time()
    t0 = run.started_at
    names: list[str] = []
    offsets: list[Any] = []
    bars: list[Any] = []
    for s in steps:
        names.append(s.step)
        look = state_look(s.state)
        if s.started_at is not None:
            start = s.started_at - t0
            end_at = s.ended_at if s.ended_at is not None else (now if s.state == "running" else s.started_at)
            length = max(0.0, end_at - s.started_at)
        elif s.ended_at is not None and s.state in ("cached", "skipped", "canceled"):
            start, length = s.ended_at - t0, 0.0
        else:
            offsets.append("-")
            bars.append("-")
            continue
        tip = (f"<b>{html.escape(s.step)}</b><br/>{html.escape(look.label)}"
               + (f" · {html.escape(duration_text(length))}" if s.started_at is not None else "")
               + f"<br/>from {start:.1f}s to {start + length:.1f}s")
        if s.state == "cached" and s.reused_from_run:
            tip += f"<br/>reused from run {html.escape(s.reused_from_run)}"
        offsets.append(round(max(0.0, start), 3))
        bars.append({"value": round(length, 3), "itemStyle": {"color": look.color}, "tip": tip,
                     "step": s.step})
    span = max([0.0] + [(o + (b["value"] if isinstance(b, dict) else 0)) for o, b in zip(offsets, bars, strict=True)
                        if o != "-"])
    return {
        "animation": False,
        "grid": {"left": 8, "right": 24, "top": 28, "bottom": 8, "containLabel": True},
        "tooltip": {"trigger": "item", "confine": True, ":formatter": "p => p.data && p.data.tip"},
        "xAxis": {"type": "value", "position": "top", "min": 0, "max": _nice_max(span),
                  "axisLabel": {"formatter": "{value}s", "color": "#64748b"},
                  "splitLine": {"lineStyle": {"color": "rgba(100,116,139,.18)"}}},
        "yAxis": {"type": "category", "data": names, "inverse": True,
                  "axisLabel": {"width": 170, "overflow": "truncate", "color": "#64748b"},
                  "axisTick": {"show": False}, "axisLine": {"lineStyle": {"color": "rgba(100,116,139,.35)"}}},
        "series": [
            {"type": "bar", "stack": "t", "data": offsets, "silent": True, "tooltip": {"show": False},
             "itemStyle": {"color": "transparent"}, "barMaxWidth": 18},
            {"type": "bar", "stack": "t", "data": bars, "barMinHeight": 3, "barMaxWidth": 18,
             "itemStyle": {"borderRadius": 3}, "cursor": "pointer"},
        ],
    }


def _nice_max(span: float) -> float:
    if span <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(span))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if span <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover


def gantt_height(steps: int) -> int:
    """Pixels for a timeline of ``steps`` rows."""
    return max(140, 26 * steps + 44)


