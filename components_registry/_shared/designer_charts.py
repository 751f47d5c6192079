"""Chart data next to the chart images: ``charts.json``, ready for ECharts, so the UI draws them live.

Components that draw a PNG also describe the same chart as data. The file is::

    {"version": 1,
     "charts": [{"id": "roc_curve", "title": "ROC curve", "kind": "line", "image": "roc_curve.png",
                 "option": {<an ECharts option: xAxis, yAxis, series, ...; no title, no colours>}}]}

``kind`` is ``line``, ``scatter``, ``heatmap`` or ``bar``; ``image`` names the PNG of the same chart
in the folder (or is null). ``option`` is passed to ECharts as is (``ui.echart(chart["option"])``);
the page adds its own title and theme (light or dark). Points are thinned so a file stays small
(curves at most ``MAX_CURVE`` points, scatters at most ``MAX_SCATTER``). Numbers are plain JSON
numbers (NaN and infinities become null). Standard library and numpy only.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

CHARTS_FILE = "charts.json"
MAX_CURVE = 200
MAX_SCATTER = 2000


def _num(value: Any) -> float | None:
    number = float(value)
    return round(number, 6) if math.isfinite(number) else None


def thin(n: int, limit: int) -> np.ndarray:
    """Indices of at most ``limit`` of ``n`` points, evenly spaced, first and last kept."""
    if n <= limit:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, limit).round().astype(int))


def _axis(name: str, *, categories: Sequence[Any] | None = None, lo: float | None = None,
          hi: float | None = None) -> dict[str, Any]:
    if categories is not None:
        return {"type": "category", "name": name, "data": [str(c) for c in categories]}
    axis: dict[str, Any] = {"type": "value", "name": name, "scale": lo is None}
    if lo is not None:
        axis["min"] = lo
    if hi is not None:
        axis["max"] = hi
    return axis


def chart(chart_id: str, title: str, kind: str, option: dict[str, Any], image: str | None = None) -> dict[str, Any]:
    """One entry of ``charts.json``."""
    return {"id": chart_id, "title": title, "kind": kind, "image": image, "option": option}


def curves(chart_id: str, title: str, lines: Sequence[tuple[str, Sequence[float], Sequence[float]]], *,
           x_name: str, y_name: str, image: str | None = None, diagonal: bool = False) -> dict[str, Any]:
    """A line chart on 0..1 axes (ROC, precision-recall): one series per ``(name, xs, ys)``."""
    series: list[dict[str, Any]] = []
    for name, xs, ys in lines:
        idx = thin(len(xs), MAX_CURVE)
        series.append({"name": name, "type": "line", "showSymbol": False,
                       "data": [[_num(xs[i]), _num(ys[i])] for i in idx]})
    if diagonal:
        series.append({"name": "chance", "type": "line", "showSymbol": False, "lineStyle": {"type": "dashed"},
                       "data": [[0, 0], [1, 1]]})
    option = {"tooltip": {"trigger": "axis"}, "legend": {"type": "scroll"},
              "xAxis": _axis(x_name, lo=0, hi=1), "yAxis": _axis(y_name, lo=0, hi=1), "series": series}
    return chart(chart_id, title, "line", option, image)


def scatter(chart_id: str, title: str, groups: Sequence[tuple[str, Sequence[float], Sequence[float]]], *,
            x_name: str, y_name: str, image: str | None = None,
            line: tuple[tuple[float, float], tuple[float, float]] | None = None) -> dict[str, Any]:
    """A scatter chart: one series per ``(name, xs, ys)`` group; ``line`` adds a dashed reference line."""
    total = sum(len(xs) for _, xs, _ in groups) or 1
    series: list[dict[str, Any]] = []
    for name, xs, ys in groups:
        idx = thin(len(xs), max(1, MAX_SCATTER * len(xs) // total))
        series.append({"name": name, "type": "scatter", "symbolSize": 5,
                       "data": [[_num(xs[i]), _num(ys[i])] for i in idx]})
    if line is not None:
        (x0, y0), (x1, y1) = line
        series.append({"name": "reference", "type": "line", "showSymbol": False, "lineStyle": {"type": "dashed"},
                       "data": [[_num(x0), _num(y0)], [_num(x1), _num(y1)]]})
    option = {"tooltip": {"trigger": "item"}, "legend": {"type": "scroll"},
              "xAxis": _axis(x_name), "yAxis": _axis(y_name), "series": series}
    return chart(chart_id, title, "scatter", option, image)


def heatmap(chart_id: str, title: str, matrix: Sequence[Sequence[float]], x_labels: Sequence[Any],
            y_labels: Sequence[Any], *, x_name: str, y_name: str, image: str | None = None) -> dict[str, Any]:
    """A heatmap (confusion matrix): ``matrix[row][col]``, rows on the y axis; data is ``[col, row, value]``."""
    values = [[j, i, _num(v)] for i, row in enumerate(matrix) for j, v in enumerate(row)]
    top = max((v for _, _, v in values if v is not None), default=0)
    option = {"tooltip": {"position": "top"},
              "xAxis": _axis(x_name, categories=x_labels), "yAxis": _axis(y_name, categories=y_labels),
              "visualMap": {"min": 0, "max": top, "calculable": True, "orient": "horizontal", "left": "center"},
              "series": [{"name": title, "type": "heatmap", "label": {"show": True}, "data": values}]}
    return chart(chart_id, title, "heatmap", option, image)


def bars(chart_id: str, title: str, categories: Sequence[Any], groups: Sequence[tuple[str, Sequence[float]]], *,
         x_name: str = "", y_name: str = "", image: str | None = None, horizontal: bool = False) -> dict[str, Any]:
    """A bar chart: one series per ``(name, values)``, one bar per category."""
    cat = _axis(x_name, categories=categories)
    val = _axis(y_name)
    series = [{"name": name, "type": "bar", "data": [_num(v) if v is not None else None for v in values]}
              for name, values in groups]
    option = {"tooltip": {"trigger": "axis"}, "legend": {"type": "scroll"},
              "xAxis": val if horizontal else cat, "yAxis": cat if horizontal else val, "series": series}
    return chart(chart_id, title, "bar", option, image)


def write_charts(folder: str | Path, charts: Sequence[dict[str, Any]]) -> Path:
    """Write ``charts.json`` into ``folder``; returns its path."""
    path = Path(folder) / CHARTS_FILE
    path.write_text(json.dumps({"version": 1, "charts": list(charts)}, allow_nan=False) + "\n", encoding="utf-8")
    return path
