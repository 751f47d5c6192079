"""The canvas cards format durations with static/src/format.js; it must read exactly as format.py.

Runs the real ES module in node over the same values as :func:`designer.ui.format.duration_text`
(issue #14: before, a card showed 0.4 s as "0s" and 185 s as "3m 05s").
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from designer.ui.format import duration_text

FORMAT_JS = Path(__file__).resolve().parents[2] / "static" / "src" / "format.js"

# Edges of every rule: tenths below 10 s (and float noise at them), whole seconds, minutes, hours.
VALUES: list[float | None] = [
    None, 0, -0.0, -3, 0.04, 0.05, 0.1, 0.29, 0.3, 0.4, 0.7, 0.99, 1, 1.1, 2.675, 3.2, 9.9, 9.96, 9.99,
    9.999999, 10, 10.5, 12, 12.5, 59, 59.9, 59.999, 60, 60.4, 61, 119.99, 120, 185, 599.5, 3540, 3599,
    3599.99, 3600, 3601, 3659, 3660, 3720.5, 7384, 86399, 86400, 90061, 360000.7, 1e9,
    float("nan"), float("inf"), float("-inf"),
]


def _as_js(value: float | None) -> str:
    if value is None:
        return "null"
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return repr(float(value))


def _js_durations(values: list[float | None]) -> list[str]:
    """``durationText`` of each value, computed by node from static/src/format.js itself."""
    node = shutil.which("node")
    assert node, "node is needed to run static/src/format.js (it builds the canvas too)"
    script = (
        f"import {{ durationText }} from {json.dumps(FORMAT_JS.as_uri())};\n"
        f"const values = [{', '.join(_as_js(v) for v in values)}];\n"
        "console.log(JSON.stringify(values.map(durationText)));\n"
    )
    done = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    result: list[str] = json.loads(done.stdout)
    return result


def test_format_js_matches_format_py_value_by_value() -> None:
    from_js = _js_durations(VALUES)
    from_py = [duration_text(v) for v in VALUES]
    mismatches = [(v, py, js) for v, py, js in zip(VALUES, from_py, from_js, strict=True) if py != js]
    assert not mismatches, mismatches


# The rules themselves (issue #14's examples), so that both cannot drift together into another format.
RULES: list[tuple[float, str]] = [
    (0, "0.0 s"), (0.04, "0.0 s"), (0.4, "0.4 s"), (1, "1.0 s"), (9.96, "9.9 s"), (12, "12 s"),
    (59.9, "59 s"), (60, "1 min"), (185, "3 min 5 s"), (3599, "59 min 59 s"), (3600, "1 h"),
    (3660, "1 h 1 min"), (86400, "24 h"),
]


def test_both_follow_the_one_format() -> None:
    values = [seconds for seconds, _ in RULES]
    expected = [text for _, text in RULES]
    assert [duration_text(v) for v in values] == expected
    assert _js_durations(list(values)) == expected
