"""The one set of formatters of the UI: durations, times, sizes, values, numbers, sources.

Every page shows a duration, a value or a size through these, so the same fact reads the same way
everywhere (before this module there were four duration formats: 0.4 s showed as "0s", "0.4s",
"0.4 s" and "00s"). Pure functions of plain values: no NiceGUI, no I/O.
"""

from __future__ import annotations

import json
import math
import time
from datetime import datetime
from typing import Any

SOURCES: dict[str, tuple[str, str]] = {
    "ui": ("Canvas", "account_tree"),
    "cli": ("CLI", "terminal"),
    "sdk": ("SDK", "code"),
    "api": ("API", "api"),
}


def duration_text(seconds: float | None) -> str:
    """A duration for people: ``0.4 s``, ``12 s``, ``3 min 5 s``, ``2 h 4 min``; None -> ``""``.

    Tenths below ten seconds (a step that took 0.4 s is not "0 s"), whole units above.
    """
    if seconds is None or not math.isfinite(seconds):
        return ""
    s = max(0.0, float(seconds))
    if s < 10:
        return f"{math.floor(s * 10) / 10:.1f} s"
    whole = int(s)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        minutes, rest = divmod(whole, 60)
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    hours, rest = divmod(whole, 3600)
    minutes = rest // 60
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def ago(at: float | None, now: float | None = None) -> str:
    """How long ago an epoch time was: ``just now``, ``3 min ago``, ``2 h ago``, ``4 days ago``."""
    if not at:
        return ""
    s = max(0, int((now or time.time()) - at))
    for size, unit in ((86400, "day"), (3600, "h"), (60, "min")):
        if s >= size:
            n = s // size
            return f"{n} {unit}{'s' if unit == 'day' and n > 1 else ''} ago"
    return "just now"


def time_text(at: float | None, now: float | None = None) -> str:
    """A short local time: ``Today 14:03:12``, ``Yesterday 09:10``, ``12 May 14:03``, ``12 May 2024``."""
    if not at:
        return ""
    when = datetime.fromtimestamp(at)
    today = datetime.fromtimestamp(now or time.time()).date()
    days = (today - when.date()).days
    if days == 0:
        return f"Today {when:%H:%M:%S}"
    if days == 1:
        return f"Yesterday {when:%H:%M}"
    if when.year == today.year:
        return f"{when.day} {when:%b %H:%M}"
    return f"{when.day} {when:%b %Y}"


def full_time(at: float | None) -> str:
    """``2025-05-12 14:03:12`` (local time) for tooltips; ``""`` for no time."""
    return "" if not at else datetime.fromtimestamp(at).strftime("%Y-%m-%d %H:%M:%S")


def human_size(size: int | None) -> str:
    """``1536`` -> ``"1.5 KB"``, ``1`` -> ``"1 byte"``; None -> ``""``."""
    if size is None:
        return ""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024:
            if unit == "bytes":
                return f"{int(value)} byte" + ("" if int(value) == 1 else "s")
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TB"


def value_text(value: Any) -> str:
    """A parameter value as text: ``true``/``false``, ``""`` for none, JSON for lists and maps."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return str(value)


def number_text(value: float) -> str:
    """A metric value for people: 4 significant digits, no exponent for everyday sizes."""
    if math.isnan(value) or math.isinf(value):
        return str(value)
    if value == int(value) and abs(value) < 1e12:
        return str(int(value))
    if 1e-3 <= abs(value) < 1e6:
        return f"{value:.4g}" if abs(value) >= 1 else f"{value:.4f}".rstrip("0")
    return f"{value:.3e}"


def metric_text(value: float) -> str:
    """A metric on a card, rounded for reading at a glance: ``0.9666666666`` -> ``0.967``.

    Whole numbers stay whole (``150``), thousands get separators (``2,847.1`` -> ``2,847``), values
    from 1 to 1,000 keep 4 significant digits (``12.35``), values below 1 three decimals
    (``0.967``, ``0.05``; more when three would round to 1: ``0.9996``), tiny ones 3 significant
    digits (``1.23e-05``).
    :func:`number_text` keeps 4 digits where runs are told apart side by side.
    """
    if math.isnan(value) or math.isinf(value):
        return str(value)
    size = abs(value)
    if value == int(value) and size < 1e15:
        return f"{int(value):,}" if size >= 10_000 else str(int(value))
    if size >= 1000:
        return f"{value:,.0f}"
    if size >= 1:
        return f"{value:.4g}"
    if size >= 0.001:
        for decimals in range(3, 7):  # 0.9996 is not "1": a model is not perfect by rounding
            text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
            if text.lstrip("-") != "1":
                return text
        return text
    return f"{value:.3g}"


def count_text(n: int, one: str, many: str | None = None) -> str:
    """``1 step``, ``3 steps``, ``100,000 files``."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def source_text(source: str) -> str:
    """Where a run was started from, for people: ``cli`` -> ``CLI``, ``ui`` -> ``Canvas``."""
    return SOURCES.get(source, (source.upper(), "help_outline"))[0]


def source_icon(source: str) -> str:
    """The Material icon of a run's source."""
    return SOURCES.get(source, (source.upper(), "help_outline"))[1]


def sentence(text: str) -> str:
    """``text`` stripped, with a capital first letter (messages from lower layers start lower-case)."""
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text


def progress_text(progress: Any) -> str:
    """A sweep's or parallel step's progress in one line: ``7/10 trials · 2 running · 1 failed · best
    accuracy 0.9533``; ``""`` for no progress. ``progress`` is ``StepProgress.to_progress()``."""
    if not isinstance(progress, dict) or not progress.get("total"):
        return ""
    unit = "trials" if progress.get("unit") == "trials" else "mini-batches"
    parts = [f"{int(progress.get('done') or 0):,}/{int(progress['total']):,} {unit}"]
    for key in ("running", "failed", "stopped"):
        n = int(progress.get(key) or 0)
        if n:
            parts.append(f"{n:,} {'stopped early' if key == 'stopped' else key}")
    best = progress.get("best")
    if isinstance(best, int | float) and not isinstance(best, bool):
        parts.append(f"best {progress.get('metric') or 'value'} {number_text(float(best))}")
    return " · ".join(parts)
