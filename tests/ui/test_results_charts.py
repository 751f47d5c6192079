"""The themed chart factory, metric rounding and the charts.json reader (pure parts, no browser)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from designer.ui import charts
from designer.ui.format import metric_text
from designer.ui.reads.charts import read_charts, read_results, read_verdict

ROC = {"tooltip": {"trigger": "axis"}, "legend": {"type": "scroll"},
       "xAxis": {"type": "value", "name": "False positive rate", "min": 0, "max": 1},
       "yAxis": {"type": "value", "name": "True positive rate", "min": 0, "max": 1},
       "series": [{"name": "setosa", "type": "line", "data": [[0, 0], [1, 1]]},
                  {"name": "chance", "type": "line", "lineStyle": {"type": "dashed"}, "data": [[0, 0], [1, 1]]}]}
HEAT = {"xAxis": {"type": "category", "data": ["a", "b"]}, "yAxis": {"type": "category", "data": ["a", "b"]},
        "visualMap": {"min": 0, "max": 3}, "series": [{"type": "heatmap", "data": [[0, 0, 3], [1, 1, 2]]}]}


def test_themed_colours_each_mode_and_leaves_the_option_alone() -> None:
    before = copy.deepcopy(ROC)
    light, dark = charts.themed(ROC, dark=False), charts.themed(ROC, dark=True)
    assert before == ROC
    for option, look in ((light, charts.LIGHT), (dark, charts.DARK)):
        assert option["backgroundColor"] == "transparent"  # never a white block on a dark page
        assert option["textStyle"]["color"] == look.text
        assert option["xAxis"]["axisLabel"]["color"] == look.muted
        assert option["legend"]["textStyle"]["color"] == look.muted
        assert option["tooltip"]["backgroundColor"] == look.tooltip_bg
        assert option["color"][0] == look.palette[0]
        # the dashed chance line is a guide: muted, not the next palette colour
        assert option["series"][1]["lineStyle"] == {"type": "dashed", "color": look.muted}
        assert option["series"][0]["data"] == [[0, 0], [1, 1]]
    assert charts.LIGHT.text != charts.DARK.text


def test_themed_heatmap_scale_and_cells() -> None:
    dark = charts.themed(HEAT, dark=True)
    assert dark["visualMap"]["inRange"]["color"] == list(charts.DARK.scale)
    assert dark["series"][0]["label"]["color"] == charts.DARK.cell_text
    assert dark["xAxis"]["splitLine"]["show"] is False
    assert dark["grid"]["bottom"] >= 56  # room for the colour scale under the matrix


def test_line_and_bar_options() -> None:
    line = charts.line_option([("loss", [(1, 0.9), (2, 0.5)]), ("val", [(1, 1.0), (2, 0.7)])], x_name="epoch")
    assert line["legend"]["show"] is True
    assert line["series"][1]["data"] == [[1, 1.0], [2, 0.7]]
    bars = charts.bar_option(["auc", "accuracy"], [("A", [0.9, 0.8])], horizontal=True)
    assert bars["yAxis"]["data"] == ["auc", "accuracy"] and bars["xAxis"]["type"] == "value"


def test_metric_text_rounds_for_reading() -> None:
    assert metric_text(0.9666666666) == "0.967"
    assert metric_text(0.05) == "0.05"
    assert metric_text(0.9996) == "0.9996"  # not "1": rounding must not make a model perfect
    assert metric_text(1.0) == "1"
    assert metric_text(12.3456) == "12.35"
    assert metric_text(2847.123) == "2,847"
    assert metric_text(-0.333333) == "-0.333"
    assert metric_text(1.2345e-5) == "1.23e-05"
    assert metric_text(float("nan")) == "nan"


def test_read_charts_keeps_what_can_be_drawn(tmp_path: Path) -> None:
    (tmp_path / "roc.png").write_bytes(b"\x89PNG")
    (tmp_path / "charts.json").write_text(json.dumps({"version": 1, "charts": [
        {"id": "roc_curve", "title": "ROC", "kind": "line", "image": "roc.png", "option": ROC},
        {"id": "broken", "title": "no axes", "kind": "line", "image": None, "option": {"series": []}},
        {"id": "escape", "title": "", "kind": "weird", "image": "../../etc/passwd", "option": HEAT},
        "not a chart",
    ]}))
    found = read_charts(tmp_path, "evaluation_results")
    assert [c.id for c in found] == ["roc_curve", "escape"]
    assert found[0].image == tmp_path / "roc.png" and found[0].output == "evaluation_results"
    assert found[1].image is None and found[1].kind == "line"
    (tmp_path / "charts.json").write_text("{not json")
    assert read_charts(tmp_path) == []
    assert read_charts(tmp_path / "missing") == []


def test_read_verdict_names_the_winner(tmp_path: Path) -> None:
    (tmp_path / "summary.json").write_text(json.dumps(
        {"winner": "Decision Forest", "verdict": "Decision Forest is better on auc: 0.99 against 0.98."}))
    verdict = read_verdict(tmp_path)
    assert verdict is not None and verdict.winner == "Decision Forest"
    results = read_results({"comparison": tmp_path, "a_file": tmp_path / "summary.json"})
    assert results.verdict == verdict and results.charts == []
