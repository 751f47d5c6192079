"""Readable results on the run page and in the designer, in a real Chromium: a comparison names its
winner, metric cards are rounded, charts.json is drawn as a chart (themed for dark mode), and a
picture an output holds opens in a viewer that zooms, instead of a caption with a file path.

The step is a small component writing what Compare Models writes (summary.json, charts.json, a
metrics line per value; tests/components/test_charts.py checks Compare Models itself writes them),
plus a picture the charts do not stand for.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_designer_run import open_designer

pytestmark = pytest.mark.e2e

SHOTS = Path(os.environ.get("DESIGNER_SHOTS", "/tmp"))
COMPONENT = """\
$schema: https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json
type: command
name: judge
version: "1"
display_name: Judge Models
description: Writes a comparison of two models as Compare Models does, and a picture.
outputs:
  comparison:
    type: uri_folder
code: .
environment:
  image: python:3.11-slim
command: python judge.py ${{outputs.comparison}}
"""
SCRIPT = r'''
import json, os, struct, sys, zlib

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
verdict = "Decision Forest is better on auc: 0.9912 against 0.9850 for Logistic Regression."
json.dump({"winner": "Decision Forest", "verdict": verdict, "values": [0.985, 0.9912]},
          open(os.path.join(out, "summary.json"), "w"))
bars = {"tooltip": {"trigger": "axis"}, "legend": {"type": "scroll"},
        "xAxis": {"type": "category", "name": "", "data": ["auc", "accuracy"]},
        "yAxis": {"type": "value", "name": ""},
        "series": [{"name": "Logistic Regression", "type": "bar", "data": [0.985, 0.9666666666]},
                   {"name": "Decision Forest", "type": "bar", "data": [0.9912, 0.9733333333]}]}
json.dump({"version": 1, "charts": [{"id": "comparison", "title": verdict, "kind": "bar", "image": None,
                                     "option": bars}]}, open(os.path.join(out, "charts.json"), "w"))
with open(os.environ["DESIGNER_METRICS"], "a") as m:
    for name, value in (("auc of Logistic Regression", 0.985), ("auc of Decision Forest", 0.9912),
                        ("accuracy of Decision Forest", 0.9733333333)):
        m.write(json.dumps({"name": name, "value": value}) + "\n")
# a 320x200 gradient: a picture no chart stands for
w, h = 320, 200
raw = b"".join(b"\x00" + bytes(v for x in range(w) for v in (x * 255 // w, y * 255 // h, 160)) for y in range(h))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(os.path.join(out, "gradient.png"), "wb").write(png)
'''
PIPELINE = """\
$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json
type: pipeline
display_name: Which model wins
settings:
  default_compute: azureml:serverless
jobs:
  compare:
    type: command
    component: ./components/judge/component.yml
"""


@pytest.fixture(scope="module")
def server(designer_server: Any) -> Any:
    return designer_server()


def test_a_comparison_reads_as_its_winner_with_charts_and_pictures(page: Any, server: Any) -> None:
    folder = server.workspace / "components" / "judge"
    folder.mkdir(parents=True)
    (folder / "component.yml").write_text(COMPONENT)
    (folder / "judge.py").write_text(SCRIPT)
    (server.workspace / "judge.yml").write_text(PIPELINE)
    open_designer(page, f"{server.url}/designer?file=judge.yml", 1)
    page.get_by_test_id("run-button").click()
    page.locator('[data-testid=run-status][data-status="completed"]').wait_for(timeout=120_000)

    # in the designer's side panel: the winner by name, rounded cards, the chart
    page.locator('[data-testid=node][data-job="compare"]').click()
    results = page.get_by_test_id("step-results")
    results.get_by_test_id("verdict").wait_for(timeout=30_000)
    assert results.get_by_test_id("winner").inner_text() == "Winner: Decision Forest"
    assert "0.9912 against 0.9850" in results.get_by_test_id("verdict").inner_text()
    card = results.locator('[data-metric="accuracy of Decision Forest"] .value')
    assert card.inner_text() == "0.973"
    results.locator("[data-testid=result-chart][data-chart=comparison] canvas").first.wait_for()
    results.locator('[data-testid=step-image][data-name="compare/outputs/comparison/gradient.png"], '
                    '[data-testid=step-image]').first.wait_for()

    # the run page opened from the panel shows the step, not the run without it
    page.get_by_test_id("run-details").click()
    page.get_by_test_id("step-title").wait_for()
    assert page.get_by_test_id("step-title").get_attribute("data-step") == "compare"
    panel = page.locator("[data-testid=verdict]").first
    panel.wait_for(timeout=30_000)
    assert page.get_by_test_id("winner").first.inner_text() == "Winner: Decision Forest"
    chart = page.locator("[data-testid=result-chart][data-chart=comparison]").first
    chart.locator("canvas").first.wait_for()
    assert chart.locator(".title").inner_text().startswith("Decision Forest is better on auc")
    assert page.locator('[data-metric="auc of Logistic Regression"] .value').first.inner_text() == "0.985"
    page.screenshot(path=str(SHOTS / "results-winner-light.png"))

    # the picture is a thumbnail that opens in a viewer, which zooms
    thumb = page.get_by_test_id("step-image").first
    assert thumb.get_attribute("data-name").endswith("gradient.png")
    thumb.click()
    viewer = page.get_by_test_id("image-viewer")
    viewer.wait_for()
    image = viewer.get_by_test_id("viewer-image")
    page.wait_for_function("() => document.querySelector('[data-testid=viewer-image]')?.naturalWidth === 320")
    assert image.get_attribute("data-zoom") == "fit"
    viewer.get_by_test_id("zoom-actual").click()
    page.wait_for_function("() => document.querySelector('[data-testid=viewer-image]')?.dataset.zoom === '1.0'")
    page.wait_for_function("() => Math.round(document.querySelector('[data-testid=viewer-image]')"
                           ".getBoundingClientRect().width) === 320")
    viewer.get_by_test_id("zoom-in").click()
    page.wait_for_function("() => Math.round(document.querySelector('[data-testid=viewer-image]')"
                           ".getBoundingClientRect().width) === 480")
    assert viewer.get_by_test_id("zoom-level").inner_text() == "150 %"
    viewer.get_by_test_id("viewer-close").click()
    viewer.wait_for(state="detached")

    # dark mode: the charts are drawn again in dark colours (no white block)
    page.get_by_test_id("dark-toggle").click()
    page.wait_for_function("() => [...document.querySelectorAll('[data-chart=comparison] [data-theme]')]"
                           ".every(c => c.dataset.theme === 'dark')")
    background = page.evaluate("""() => {
        const c = document.querySelector('[data-chart=comparison] canvas');
        const px = c.getContext('2d').getImageData(4, 4, 1, 1).data;
        return [px[0], px[1], px[2], px[3]];
    }""")
    assert background[3] == 0 or max(background[:3]) < 80, background  # transparent or dark, never white
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / "results-winner-dark.png"))

    # the outputs tab: the folder's picture opens in the viewer from its listing too
    page.get_by_test_id("step-tab-outputs").click()
    page.get_by_test_id("folder-listing").first.click()
    page.get_by_test_id("open-image").first.click()
    page.get_by_test_id("image-viewer").wait_for()
    assert page.js_errors == []
