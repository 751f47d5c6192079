"""The one set of formatters: one duration format, times, sizes, values."""

from __future__ import annotations

import time

from designer.ui import format as fmt


def test_duration_and_time_texts() -> None:
    # the one duration format of the UI (there were four: 0.4 s read "0s", "0.4s", "0.4 s", "00s")
    assert fmt.duration_text(None) == ""
    assert fmt.duration_text(0.42) == "0.4 s"
    assert fmt.duration_text(0.04) == "0.0 s"
    assert fmt.duration_text(9.96) == "9.9 s"
    assert fmt.duration_text(12.7) == "12 s"
    assert fmt.duration_text(60) == "1 min"
    assert fmt.duration_text(185) == "3 min 5 s"
    assert fmt.duration_text(3700) == "1 h 1 min"
    assert fmt.duration_text(7200) == "2 h"
    now = time.mktime((2025, 5, 12, 15, 0, 0, 0, 0, -1))
    assert fmt.time_text(now - 60, now).startswith("Today ")
    assert fmt.time_text(now - 86400, now).startswith("Yesterday ")
    assert "Apr" in fmt.time_text(now - 40 * 86400, now)


def test_values_sizes_and_numbers() -> None:
    assert fmt.value_text(False) == "false" and fmt.value_text(None) == "" and fmt.value_text([1, 2]) == "[1, 2]"
    assert fmt.human_size(0) == "0 bytes" and fmt.human_size(5 * 1024 * 1024) == "5.0 MB"
    assert fmt.count_text(1, "file") == "1 file" and fmt.count_text(100_000, "file") == "100,000 files"
    assert fmt.ago(1000.0, now=1000.0 + 185) == "3 min ago" and fmt.ago(None) == ""
    assert fmt.source_text("ui") == "Canvas" and fmt.sentence(" the run failed ") == "The run failed"
