"""What changed between runs, in a real Chromium, as a person finds it.

The person opens the iris template (Sample Dataset -> Split Data -> ... -> Evaluate Model), runs it,
changes Split Data's fraction from 0.7 to 0.8 in the side panel's form, runs again, ticks both runs
in the runs list and presses Compare: the page says "Split Data · fraction 0.7 → 0.8" before any
number, and the metrics carry better/worse arrows that agree with their values. The run's Parameters
tab shows every step's parameters with the changed one marked; the person names the run and finds
it by its name in the list; adds a metric column, filters by it, and finds the column again on the
next visit. Screenshots of each page in light and dark mode go to $DESIGNER_SHOTS (default /tmp).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_designer_canvas import field
from tests.e2e.test_designer_run import open_designer

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("DESIGNER_SHOTS", "/tmp"))
RUN_TIMEOUT = 240_000  # six steps that import pandas and scikit-learn, on a loaded machine


@pytest.fixture(scope="module")
def server(designer_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    ws = tmp_path_factory.mktemp("history") / "ws"
    shutil.copytree(REPO / "tests" / "ui" / "toy_workspace", ws)
    shutil.copytree(REPO / "components_registry" / "templates" / "classify_iris", ws / "iris")
    return designer_server(workspace=ws)


def statuses(page: Any) -> dict[str, str]:
    found: dict[str, str] = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        '[data-testid=node]')].map(n => [n.dataset.job, n.dataset.status]))""")
    return found


def wait_run_done(page: Any, first: bool) -> None:
    """Wait until this run's steps finished (the status still shows the last run's state at first)."""
    page.wait_for_function("""first => {
        const s = Object.fromEntries([...document.querySelectorAll('[data-testid=node]')]
            .map(n => [n.dataset.job, n.dataset.status]));
        const done = first ? s.iris_data === 'completed' : s.iris_data === 'cached';
        return done && s.evaluate === 'completed'
            && document.querySelector('[data-testid=run-status]')?.dataset.status === 'completed';
    }""", arg=first, timeout=RUN_TIMEOUT)


def shoot(page: Any, name: str, ready: str, click: str | None = None) -> None:
    """Screenshot the page as it is, then in dark mode (the dark cookie, reloaded; ``ready`` is the
    test id to wait for, ``click`` one to press first), and go back to light."""
    page.screenshot(path=str(SHOTS / f"history-{name}-light.png"), full_page=True)
    page.context.add_cookies([{"name": "designer_dark", "value": "1", "url": page.url}])
    page.reload()
    if click:
        page.get_by_test_id(click).click()
    page.get_by_test_id(ready).first.wait_for(timeout=30_000)
    page.wait_for_timeout(800)  # charts draw after the first frame
    page.screenshot(path=str(SHOTS / f"history-{name}-dark.png"), full_page=True)
    page.context.add_cookies([{"name": "designer_dark", "value": "0", "url": page.url}])


def number(text: str) -> float:
    return float(re.sub(r"[^0-9.eE+-]", "", text.split()[0]))


def test_change_a_parameter_run_twice_and_compare(page: Any, server: Any) -> None:
    open_designer(page, f"{server.url}/designer?file=iris/pipeline.yml", 6)
    page.get_by_test_id("run-button").click()
    wait_run_done(page, first=True)

    page.locator('[data-testid=node][data-job="split"]').click()
    fraction = field(page, "param-fraction")
    fraction.click()
    fraction.press("Control+a")
    fraction.press_sequentially("0.8")
    fraction.press("Enter")
    page.locator(".vue-flow__pane").click(position={"x": 30, "y": 30})
    page.get_by_test_id("run-button").click()
    wait_run_done(page, first=False)
    assert statuses(page)["split"] == "completed"  # it re-ran with the new fraction

    # the runs list: tick the older run first (the baseline), then the newer one, and compare
    page.get_by_test_id("nav-runs").click()
    rows = page.locator("[data-testid=run-row]")
    rows.nth(1).wait_for()
    newer, older = rows.nth(0).get_attribute("data-run"), rows.nth(1).get_attribute("data-run")
    rows.nth(1).locator(".q-checkbox").click()
    rows.nth(0).locator(".q-checkbox").click()
    page.get_by_test_id("compare-button").click()
    changes = page.get_by_test_id("compare-changes")
    changes.wait_for(timeout=30_000)

    lines = changes.get_by_test_id("change-param").all_inner_texts()
    assert lines == ["Split Data · fraction 0.7 → 0.8"], lines
    # what changed comes before the numbers
    box_changes = changes.bounding_box()
    box_metrics = page.get_by_test_id("compare-metrics").bounding_box()
    assert box_changes["y"] < box_metrics["y"]
    assert changes.get_by_test_id("change-code").count() == 0  # same code and environment in both runs

    arrows = page.locator("[data-testid=compare-metrics] [data-testid=metric-arrow]")
    assert arrows.count() >= 1
    judged = 0
    for i in range(arrows.count()):
        arrow = arrows.nth(i)
        verdict = arrow.get_attribute("data-verdict")
        cell = arrow.locator("xpath=ancestor::div[@data-run][1]")
        key = cell.get_attribute("data-name")
        base = number(page.locator(f"[data-testid=compare-metrics] div[data-run='{older}'][data-name='{key}']")
                      .inner_text())
        value = number(cell.inner_text())
        name_cell = page.locator(f"[data-testid=compare-metrics] div.name[data-name='{key}']")
        direction = name_cell.get_by_test_id("metric-direction")
        if verdict in ("better", "worse"):
            judged += 1
            up = direction.get_attribute("data-direction") == "up"
            # the arrow agrees with the numbers and with which way is better for this metric
            assert (value > base) == (up == (verdict == "better")), (key, base, value, verdict)
            assert arrow.inner_text().startswith("▲" if value > base else "▼")
        elif verdict == "same":
            assert value == base
    assert judged >= 1, "no metric was judged better or worse"
    names = page.locator("[data-testid=compare-metrics] div.name").all_inner_texts()
    assert any(n.startswith("Evaluate Model · accuracy") and "higher is better" in n for n in names), names
    shoot(page, "compare", "compare-changes")

    # the newer run's Parameters tab: pipeline inputs first, then every step, the changed value marked
    page.goto(f"{server.url}/runs/{newer}")
    page.get_by_test_id("tab-parameters").click()
    split = page.locator("[data-testid=param-step][data-step=split]")
    split.wait_for(timeout=20_000)
    row = split.locator("[data-testid=param-row][data-name=fraction]")
    assert row.get_attribute("data-changed") == "true"
    assert "default 0.7" in row.locator("xpath=following-sibling::div[2]").inner_text()
    assert split.locator("[data-testid=param-row][data-name=mode]").get_attribute("data-changed") == "true"  # stratified
    seed = split.locator("[data-testid=param-row][data-name=random_seed]")
    assert seed.get_attribute("data-default") == "true"  # 42 as written is the default: greyed
    assert page.locator("[data-testid=param-step]").count() >= 4
    assert "Split Data" in split.inner_text() and "0.8" in split.inner_text()
    shoot(page, "parameters", "param-step", click="tab-parameters")
    assert page.js_errors == []


def test_name_a_run_and_find_it_then_add_a_metric_column_and_filter(page: Any, server: Any) -> None:
    page.goto(f"{server.url}/runs")
    rows = page.locator("[data-testid=run-row]")
    rows.nth(1).wait_for(timeout=30_000)  # the two runs of the test above
    run_id = rows.nth(0).get_attribute("data-run")

    page.goto(f"{server.url}/runs/{run_id}")
    page.get_by_test_id("edit-run-label").click()
    field(page, "run-name-input").fill("bigger training split")
    page.locator('[data-testid="run-note-input"] textarea, textarea[data-testid="run-note-input"]').first.fill(
        "fraction 0.8: more rows to learn from")
    page.get_by_test_id("save-run-label").click()
    page.locator("[data-testid=run-title]", has_text="bigger training split").wait_for()
    assert "more rows to learn from" in page.get_by_test_id("run-note").inner_text()

    page.get_by_test_id("back-to-runs").click()
    search = field(page, "run-search")
    search.fill("bigger training")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=run-row]').length === 1", timeout=20_000)
    assert page.locator("[data-testid=run-row]").get_attribute("data-run") == run_id
    assert "bigger training split" in page.get_by_test_id("run-name").inner_text()
    search.fill("")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=run-row]').length === 2", timeout=20_000)

    # add the accuracy column from the picker
    page.get_by_test_id("metric-columns").click()
    page.locator(".q-menu .q-item", has_text=re.compile(r"^accuracy$")).click()
    page.keyboard.press("Escape")
    cells = page.locator("[data-testid=metric-cell][data-metric=accuracy]")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=metric-cell][data-metric=accuracy]').length === 2",
        timeout=20_000)
    values = [number(t) for t in cells.all_inner_texts()]
    assert all(0 <= v <= 1 for v in values), values
    assert "ACCURACY ↑" in page.locator(".runs-table thead").inner_text().upper()

    # filter by it: above the best value nothing, at or above the worst value both (the cells are rounded)
    where = field(page, "metric-filter")
    where.fill(f"accuracy > {max(values) + 0.001}")
    page.get_by_test_id("runs-empty").wait_for(timeout=20_000)
    where.fill(f"accuracy >= {min(values) - 0.001:.4f}")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=run-row]').length === 2", timeout=20_000)
    where.fill("accuracy is high")
    page.locator(".q-field--error", has_text="is not a metric filter").wait_for(timeout=20_000)
    where.fill("")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=run-row]').length === 2", timeout=20_000)
    page.wait_for_function("() => !document.querySelector('.q-field--error')", timeout=20_000)  # the message goes

    # sort by it: click the column header, the better (higher) value first
    page.locator(".runs-table thead th", has_text="accuracy").click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('sort') !== null", timeout=20_000)
    page.wait_for_timeout(500)
    ordered = [number(t) for t in cells.all_inner_texts()]
    assert ordered == sorted(ordered, reverse=True), ordered
    shoot(page, "runs-list", "metric-cell")

    # the next visit to the plain list shows the column again (the browser remembers it)
    page.goto(f"{server.url}/runs")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=metric-cell][data-metric=accuracy]').length === 2",
        timeout=20_000)
    assert page.js_errors == []
