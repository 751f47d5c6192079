"""One look for every chart of the UI, in light and dark mode: a themed ECharts option factory.

:func:`themed` takes an ECharts option without colours (what the evaluation components write into
``charts.json``, or one built by :func:`line_option` / :func:`bar_option`) and returns a copy with the
page's colours: a transparent background (no white block on a dark page), text, axes, grid lines,
tooltips, legends and heatmap scales for ``dark`` or light. Pure functions of plain dicts, usable in
tests without a browser.

:func:`echart` is the widget: it draws a themed chart and re-themes it when the user switches light
and dark, so a chart never keeps the other mode's colours. Use it instead of ``ui.echart``::

    from designer.ui import charts
    charts.echart(charts.line_option([("loss", [(1, 0.9), (2, 0.5)])], x_name="epoch"), height="220px")
"""

from __future__ import annotations

import copy
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from nicegui import Client, ui


@dataclass(frozen=True)
class Theme:
    """The colours of one mode."""

    text: str
    muted: str
    axis: str
    grid: str
    tooltip_bg: str
    tooltip_border: str
    palette: tuple[str, ...]
    scale: tuple[str, str]  # a heatmap's low and high colour
    cell_text: str  # numbers drawn on heatmap cells


LIGHT = Theme(
    text="#1e293b", muted="#64748b", axis="#cbd5e1", grid="rgba(100,116,139,.16)",
    tooltip_bg="#ffffff", tooltip_border="#e2e8f0",
    palette=("#4f46e5", "#0d9488", "#d97706", "#db2777", "#0284c7", "#7c3aed", "#65a30d", "#dc2626"),
    scale=("#eef2ff", "#6366f1"), cell_text="#1e293b",
)
DARK = Theme(
    text="#e2e8f0", muted="#94a3b8", axis="#475569", grid="rgba(148,163,184,.16)",
    tooltip_bg="#1e293b", tooltip_border="#334155",
    palette=("#818cf8", "#2dd4bf", "#fbbf24", "#f472b6", "#38bdf8", "#a78bfa", "#a3e635", "#f87171"),
    scale=("#1e293b", "#6366f1"), cell_text="#f1f5f9",
)
REFERENCE_NAMES = frozenset({"chance", "reference", "zero"})  # dashed guide lines drawn muted, not coloured


def theme(dark: bool) -> Theme:
    """The colours of dark mode (``dark``) or light mode."""
    return DARK if dark else LIGHT


def _axes(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [a for a in value if isinstance(a, dict)]
    return []


def themed(option: Mapping[str, Any], *, dark: bool, title: str | None = None) -> dict[str, Any]:
    """A copy of ECharts ``option`` in the colours of dark or light mode (``option`` is not changed).

    Colours already in the option (a series' own ``lineStyle.color``) are kept; everything else gets
    the theme's. ``title`` adds a small title at the top left. Returns the new option.
    """
    t = theme(dark)
    out: dict[str, Any] = copy.deepcopy(dict(option))
    out["backgroundColor"] = "transparent"
    out.setdefault("animation", False)
    out["color"] = list(t.palette)
    out["textStyle"] = {"color": t.text, "fontFamily": "inherit"}
    if title:
        out["title"] = {"text": title, "left": 0, "top": 0,
                        "textStyle": {"fontSize": 12, "fontWeight": 600, "color": t.muted}}
    legend = out.get("legend")
    has_legend = isinstance(legend, dict) and legend.get("show", True) is not False
    if isinstance(legend, dict):
        # at the bottom: at the top it would sit on the y axis' name
        legend.setdefault("bottom", 0)
        legend.setdefault("left", "center")
        legend["textStyle"] = {"color": t.muted}
        legend["pageTextStyle"] = {"color": t.muted}
        legend["pageIconColor"] = t.text
        legend["pageIconInactiveColor"] = t.axis
        legend["inactiveColor"] = t.axis
    has_scale = isinstance(out.get("visualMap"), dict)
    y_named = any(a.get("name") for a in _axes(out.get("yAxis")))
    x_named = any(a.get("name") for a in _axes(out.get("xAxis")))
    grid = out.setdefault("grid", {})
    if isinstance(grid, dict):
        grid.setdefault("left", 12)
        grid.setdefault("right", 24)
        grid.setdefault("top", 30 if (title or y_named) else 14)
        grid.setdefault("bottom", (28 if x_named else 8) + (28 if has_legend else 0) + (56 if has_scale else 0))
        grid.setdefault("containLabel", True)
    for key in ("xAxis", "yAxis"):
        for axis in _axes(out.get(key)):
            axis["axisLabel"] = {**axis.get("axisLabel", {}), "color": t.muted, "hideOverlap": True}
            axis["axisLine"] = {**axis.get("axisLine", {}), "lineStyle": {"color": t.axis}}
            axis["axisTick"] = {**axis.get("axisTick", {}), "lineStyle": {"color": t.axis}}
            axis["nameTextStyle"] = {"color": t.muted, "fontWeight": 500}
            axis["splitLine"] = {**axis.get("splitLine", {}), "lineStyle": {"color": t.grid}}
            if axis.get("type") == "category":
                axis["splitLine"]["show"] = False
            if key == "xAxis" and axis.get("name"):
                axis.setdefault("nameLocation", "middle")
                axis.setdefault("nameGap", 26)
    tooltip = out.get("tooltip")
    if isinstance(tooltip, dict):
        tooltip.update({"backgroundColor": t.tooltip_bg, "borderColor": t.tooltip_border,
                        "textStyle": {"color": t.text}, "confine": True})
    scale = out.get("visualMap")
    if isinstance(scale, dict):
        scale["inRange"] = {"color": list(t.scale)}
        scale["textStyle"] = {"color": t.muted}
        scale.setdefault("bottom", 0)
        scale.setdefault("itemHeight", 120)
    for series in out.get("series") or []:
        if not isinstance(series, dict):
            continue
        if series.get("type") == "heatmap":
            label = series.setdefault("label", {})
            label.setdefault("color", t.cell_text)
            series.setdefault("itemStyle", {}).setdefault("borderColor", t.tooltip_bg)
            series["itemStyle"].setdefault("borderWidth", 1)
        if series.get("name") in REFERENCE_NAMES:
            style = series.setdefault("lineStyle", {})
            style.setdefault("color", t.muted)
            series.setdefault("itemStyle", {}).setdefault("color", t.muted)
            series.setdefault("emphasis", {"disabled": True})
    return out


# --------------------------------------------------------------------------------- option builders


def line_option(series: Sequence[tuple[str, Sequence[tuple[float, float]]]], *, x_name: str = "",
                y_name: str = "", integer_x: bool = True) -> dict[str, Any]:
    """An uncoloured ECharts option of one line per ``(name, [(x, y), ...])`` (metric series, trials).

    A legend is shown when there are several lines; points are marked while a line is short.
    Returns the option (pass it through :func:`themed`, or draw it with :func:`echart`).
    """
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"show": len(series) > 1, "type": "scroll"},
        "xAxis": {"type": "value", "name": x_name, "scale": True, "minInterval": 1 if integer_x else 0,
                  "splitLine": {"show": False}},
        "yAxis": {"type": "value", "name": y_name, "scale": True},
        "series": [{"type": "line", "name": name, "showSymbol": len(points) < 40,
                    "data": [[x, y] for x, y in points]} for name, points in series],
    }


def bar_option(categories: Sequence[str], groups: Sequence[tuple[str, Sequence[float | None]]], *,
               x_name: str = "", y_name: str = "", horizontal: bool = False) -> dict[str, Any]:
    """An uncoloured ECharts option of bars: one series per ``(name, values)``, one bar per category."""
    cat: dict[str, Any] = {"type": "category", "name": x_name, "data": list(categories)}
    val: dict[str, Any] = {"type": "value", "name": y_name}
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"show": len(groups) > 1, "type": "scroll"},
        "xAxis": val if horizontal else cat,
        "yAxis": cat if horizontal else val,
        "series": [{"type": "bar", "name": name, "data": list(values)} for name, values in groups],
    }


# ------------------------------------------------------------------------------------------- widget


class ThemedChart(ui.echart):
    """A ``ui.echart`` that keeps its uncoloured option, so it can be drawn again in the other mode."""

    def __init__(self, option: Mapping[str, Any], *, dark: bool, title: str | None = None) -> None:
        self.raw = copy.deepcopy(dict(option))
        self.title = title
        super().__init__(themed(self.raw, dark=dark, title=title))

    def retheme(self, dark: bool) -> None:
        """Draw the chart again in dark mode (``dark``) or light mode."""
        self.options.clear()
        self.options.update(themed(self.raw, dark=dark, title=self.title))
        self.update()


# Per page: the charts it shows, re-themed when its dark-mode switch changes. Weak references: a
# panel re-rendered a hundred times leaves no charts behind.
_PAGES: weakref.WeakKeyDictionary[Client, weakref.WeakSet[ThemedChart]] = weakref.WeakKeyDictionary()


def _dark_mode(client: Client) -> ui.dark_mode | None:
    for element in client.elements.values():
        if isinstance(element, ui.dark_mode):
            return element
    return None


def echart(option: Mapping[str, Any], *, title: str | None = None, height: str = "260px",
           testid: str | None = None) -> ThemedChart:
    """A chart of ``option`` in the page's current mode, re-themed when the user switches light/dark.

    ``title`` is drawn inside the chart; ``testid`` becomes ``data-testid``. Returns the element.
    """
    client = ui.context.client
    switch = _dark_mode(client)
    dark = bool(switch.value) if switch is not None else False
    chart = ThemedChart(option, dark=dark, title=title)
    chart.classes("w-full").style(f"height: {height}")
    if testid:
        chart.props["data-testid"] = testid
    chart.props["data-theme"] = "dark" if dark else "light"
    if switch is not None:
        shown = _PAGES.get(client)
        if shown is None:
            shown = _PAGES[client] = weakref.WeakSet()

            def retheme_all(e: Any, charts: weakref.WeakSet[ThemedChart] = shown) -> None:
                for c in list(charts):
                    if not c.is_deleted:
                        c.props["data-theme"] = "dark" if e.value else "light"
                        c.retheme(bool(e.value))

            switch.on_value_change(retheme_all)
        shown.add(chart)
    return chart
