"""What a step's outputs say as charts: ``charts.json`` (written by the evaluation components) and a
model comparison's verdict (``summary.json``), read without NiceGUI.

``charts.json`` is ``{"version": 1, "charts": [{"id", "title", "kind", "image", "option"}]}`` (see
``components_registry/README.md``). Reading is bounded (a file over :data:`MAX_CHARTS_BYTES` is not
read) and never raises for a missing or malformed file: a chart that is not an ECharts option with
axes and series is left out, so the page draws only what it can. Blocking: call through
``designer.ui.widgets.io``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHARTS_FILE = "charts.json"
SUMMARY_FILE = "summary.json"
MAX_CHARTS_BYTES = 8 * 1024 * 1024  # the components thin their points; a bigger file is not theirs
MAX_SUMMARY_BYTES = 256 * 1024
KINDS = frozenset({"line", "scatter", "heatmap", "bar"})


@dataclass(frozen=True)
class Chart:
    """One chart of one output: an ECharts option without colours, and the PNG of the same chart."""

    id: str
    title: str
    kind: str
    option: dict[str, Any]
    output: str  # the output it came from
    image: Path | None = None


@dataclass(frozen=True)
class Verdict:
    """A model comparison's answer: the winner's name (None for a tie) and the sentence saying why."""

    winner: str | None
    text: str


@dataclass
class Results:
    """The charts of a step's outputs, in output order, and a comparison's verdict when it wrote one."""

    charts: list[Chart] = field(default_factory=list)
    verdict: Verdict | None = None

    @property
    def images(self) -> set[Path]:
        """The PNGs the charts stand for (shown as charts, not again as pictures)."""
        return {c.image for c in self.charts if c.image is not None}


def _load(path: Path, limit: int) -> Any:
    try:
        if not path.is_file() or path.stat().st_size > limit:
            return None
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def read_charts(folder: str | Path, output: str = "") -> list[Chart]:
    """The charts in ``folder``'s ``charts.json`` (none when it has none or it cannot be read)."""
    root = Path(folder)
    data = _load(root / CHARTS_FILE, MAX_CHARTS_BYTES)
    if not isinstance(data, dict) or not isinstance(data.get("charts"), list):
        return []
    found: list[Chart] = []
    for entry in data["charts"]:
        if not isinstance(entry, dict):
            continue
        option = entry.get("option")
        if not isinstance(option, dict) or not isinstance(option.get("series"), list) or not (
                "xAxis" in option and "yAxis" in option):
            continue
        kind = str(entry.get("kind") or "")
        image = entry.get("image")
        image_path = None
        if isinstance(image, str) and image and "/" not in image and "\\" not in image and image not in (".", ".."):
            candidate = root / image
            image_path = candidate if candidate.is_file() else None
        found.append(Chart(str(entry.get("id") or f"chart{len(found)}"), str(entry.get("title") or ""),
                           kind if kind in KINDS else "line", option, output, image_path))
    return found


def read_verdict(folder: str | Path) -> Verdict | None:
    """Compare Models' verdict from ``folder``'s ``summary.json`` (None when there is none)."""
    data = _load(Path(folder) / SUMMARY_FILE, MAX_SUMMARY_BYTES)
    if not isinstance(data, dict) or not isinstance(data.get("verdict"), str):
        return None
    winner = data.get("winner")
    return Verdict(winner if isinstance(winner, str) and winner else None, data["verdict"])


def read_results(outputs: Mapping[str, str | Path]) -> Results:
    """The charts and verdict of a step's outputs ``{name: folder}`` (files are skipped)."""
    results = Results()
    for name, path in outputs.items():
        folder = Path(path)
        if not folder.is_dir():
            continue
        results.charts.extend(read_charts(folder, name))
        if results.verdict is None:
            results.verdict = read_verdict(folder)
    return results
