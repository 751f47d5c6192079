"""The run pages in a real Chromium against ``designer ui``, with runs started by ``designer run`` in
other processes: following a CLI run live, a failed step's log, a CSV preview, comparing two runs,
re-running, deleting, and files refused outside the workspace."""

from __future__ import annotations

import http.client
import os
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from designer.ui.charts import DARK, LIGHT
from tests.e2e.nocode import shots
from tests.e2e.test_runs_support import designer_run, make_workspace

pytestmark = pytest.mark.e2e
LIGHT_TEXT, DARK_TEXT = LIGHT.text, DARK.text


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("runs") / "ws")


@pytest.fixture(scope="module")
def runs(ws: Path) -> dict[str, str]:
    """Three finished runs: churn twice (the second reuses 'make') and a failing one."""
    first = designer_run(ws, "churn.yml", "epochs=3")
    second = designer_run(ws, "churn.yml", "epochs=3", "learning_rate=0.3")
    failing = designer_run(ws, "failing.yml")
    assert (first["status"], second["status"], failing["status"]) == ("completed", "completed", "failed")
    assert second["steps"]["make"]["status"] == "cached"
    return {"first": first["run_id"], "second": second["run_id"], "failing": failing["run_id"]}


@pytest.fixture(scope="module")
def server(designer_server: Any, ws: Path, runs: dict[str, str]) -> Any:
    return designer_server(workspace=ws)


def wait_ready(page: Any) -> None:
    page.locator("[data-testid=run-status]").wait_for(timeout=20_000)


def test_follow_a_cli_run_live(page: Any, server: Any, ws: Path) -> None:
    page.goto(f"{server.url}/runs")
    page.locator("[data-testid=runs-table]").wait_for()
    process = designer_run(ws, "churn.yml", "delay=1.5", "epochs=10", f"rows={int(time.time()) % 997 + 50}",
                           wait=False)
    try:
        row = page.locator("[data-testid=run-row][data-status=running]")
        row.wait_for(timeout=30_000)  # appears on its own: no reload
        run_id = row.get_attribute("data-run")
        row.locator("a").click()
        page.wait_for_url(f"**/runs/{run_id}")
        page.locator("[data-testid=run-status][data-status=running]").wait_for()
        page.locator("[data-testid=node][data-job=train][data-status=running]").wait_for(timeout=30_000)
        page.locator("[data-testid=step-item][data-step=train]").click()
        page.get_by_test_id("step-tab-log").click()
        log = page.get_by_test_id("step-log")
        log.get_by_text("epoch 2/10").wait_for(timeout=20_000)
        assert "epoch 10/10" not in log.inner_text()  # still going: the tail is live
        log.get_by_text("saved the model").wait_for(timeout=30_000)
        page.locator("[data-testid=run-status][data-status=completed]").wait_for(timeout=60_000)
        page.locator("[data-testid=node][data-job=evaluate][data-status=completed]").wait_for()
        assert page.get_by_test_id("step-status").get_attribute("data-status") == "completed"
        assert log.inner_text().count("training on") == 1
    finally:
        process.communicate(timeout=60)
    assert page.js_errors == []


def test_failed_step_log_is_one_click_away(page: Any, server: Any, runs: dict[str, str]) -> None:
    page.goto(f"{server.url}/runs/{runs['failing']}")
    wait_ready(page)
    assert page.get_by_test_id("run-status").get_attribute("data-status") == "failed"
    banner = page.get_by_test_id("run-error")
    assert "ValueError: column 'age' has negative values" in banner.inner_text()
    assert page.locator("[data-testid=node][data-job=check]").get_attribute("data-status") == "failed"

    page.get_by_test_id("show-failed-log").click()
    log = page.get_by_test_id("step-log")
    log.get_by_text("Traceback (most recent call last)").wait_for()
    assert "ValueError: column 'age' has negative values" in log.inner_text()

    page.get_by_test_id("log-search").fill("valueerror")
    page.get_by_test_id("log-info").get_by_text("lines match").wait_for()
    assert [line.strip() for line in log.inner_text().strip().splitlines()] == [
        'raise ValueError(f"column {column!r} has negative values; clean it first")',
        "ValueError: column 'age' has negative values; clean it first"]
    page.get_by_test_id("log-search").fill("")
    page.get_by_test_id("log-stream").get_by_text("stdout").click()
    log.get_by_text("checking the columns of the table").wait_for()
    assert page.js_errors == []


def test_csv_output_preview_and_download(page: Any, server: Any, runs: dict[str, str]) -> None:
    page.goto(f"{server.url}/runs/{runs['first']}?step=make&tab=outputs")
    table = page.get_by_test_id("preview-table")
    table.wait_for(timeout=20_000)
    headers = table.locator("thead th").all_inner_texts()
    assert [h.split("\n")[0] for h in headers] == ["id", "age", "income", "city", "churned"]
    assert [h.split("\n")[-1] for h in headers] == ["integer", "integer", "number", "text", "boolean"]
    assert table.locator("tbody tr").count() == 20
    assert "40 rows · 5 columns" in page.get_by_test_id("artifact").first.inner_text()

    with page.expect_download() as download:
        page.get_by_test_id("artifact").get_by_test_id("download").first.click()
    assert download.value.suggested_filename == "data.csv"
    assert Path(download.value.path()).read_text().startswith("id,age,income,city,churned")
    assert page.js_errors == []


def test_inputs_show_lineage(page: Any, server: Any, runs: dict[str, str]) -> None:
    page.goto(f"{server.url}/runs/{runs['second']}?step=evaluate&tab=inputs")
    lineage = page.locator("[data-testid=artifact][data-name=data] [data-testid=lineage]")
    lineage.wait_for(timeout=20_000)
    assert f"from step make of run {runs['first']}" in " ".join(lineage.inner_text().split())


def test_compare_two_runs(page: Any, server: Any, runs: dict[str, str]) -> None:
    page.goto(f"{server.url}/runs?pipeline=Churn+model")
    page.locator("[data-testid=run-row]").first.wait_for()
    for key in ("first", "second"):
        page.locator(f"[data-testid=run-row][data-run='{runs[key]}'] .q-checkbox").click()
    page.get_by_test_id("compare-button").click()
    page.get_by_test_id("compare").wait_for()
    params = page.get_by_test_id("compare-parameters")
    lr = params.locator("[data-name=learning_rate]")
    assert lr.all_inner_texts()[1:] in (["0.3", "0.1"], ["0.1", "0.3"])
    assert params.locator("[data-name=epochs]").count() == 0  # the same in both: hidden
    steps = page.get_by_test_id("compare-steps")
    make_states = {steps.locator(f"[data-step=make][data-run='{runs[k]}']").get_attribute("data-status")
                   for k in ("first", "second")}
    assert make_states == {"completed", "cached"}
    metrics = page.get_by_test_id("compare-metrics")
    assert metrics.locator("[data-name='train.loss']").count() == 3
    assert page.get_by_test_id("compare-chart").count() >= 1

    # the metric logged at every epoch is one chart with a line per run, overlaid, drawn by charts.py
    chart = page.locator("[data-testid=compare-chart][data-metric='train.loss']")
    chart.locator("canvas").first.wait_for()
    drawn = chart_option(page, "train.loss")
    assert sorted(drawn["names"]) == sorted([runs["first"], runs["second"]]), drawn
    assert all(n == 3 for n in drawn["points"]), drawn  # three epochs each
    assert drawn["background"] == "transparent" and drawn["text"] == LIGHT_TEXT, drawn
    assert chart.get_attribute("data-theme") == "light"
    # lower is better for a loss: the arrow says so, and agrees with the two values
    name_cell = metrics.locator("div.name[data-name='train.loss']")
    assert name_cell.get_by_test_id("metric-direction").get_attribute("data-direction") == "down"
    cells = metrics.locator("div[data-run][data-name='train.loss']")
    base, other = (float(t.split()[0]) for t in cells.all_inner_texts())
    loss_arrow = cells.nth(1).get_by_test_id("metric-arrow")
    assert loss_arrow.get_attribute("data-verdict") == ("better" if other < base else "worse"), (base, other)
    assert cells.nth(0).get_by_test_id("metric-arrow").count() == 0  # the first run is the baseline
    chart.scroll_into_view_if_needed()
    shots(page, "compare-series")

    # the header's switch draws every chart again in dark colours (no white block, no light text)
    page.get_by_test_id("dark-toggle").click()
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=compare-chart]')]"
                           ".every(c => c.dataset.theme === 'dark')")
    deadline = time.monotonic() + 10
    while (drawn := chart_option(page, "train.loss"))["text"] != DARK_TEXT and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert drawn["text"] == DARK_TEXT, drawn
    assert sorted(drawn["names"]) == sorted([runs["first"], runs["second"]]), drawn
    assert drawn["background"] == "transparent", drawn
    page.get_by_test_id("dark-toggle").click()
    page.wait_for_function("() => !document.body.classList.contains('body--dark')")
    assert page.js_errors == []


def chart_option(page: Any, metric: str) -> dict[str, Any]:
    """What the compare page's chart of ``metric`` draws: its lines' names and point counts, its
    background and text colour (read from the ECharts instance in the page)."""
    found: dict[str, Any] = page.evaluate("""metric => {
        const el = document.querySelector(`[data-testid=compare-chart][data-metric='${metric}']`);
        const option = getElement(el).chart.getOption();
        const lines = option.series.filter(s => s.type === 'line');
        return {names: lines.map(s => s.name), points: lines.map(s => s.data.length),
                background: option.backgroundColor,
                text: (Array.isArray(option.textStyle) ? option.textStyle[0] : option.textStyle).color};
    }""", metric)
    return found


def test_rerun_with_the_same_parameters(page: Any, server: Any, runs: dict[str, str]) -> None:
    page.goto(f"{server.url}/runs/{runs['second']}")
    wait_ready(page)
    page.get_by_test_id("rerun-button").click()
    page.wait_for_url(lambda url: runs["second"] not in url and "/runs/" in url, timeout=20_000)
    page.locator("[data-testid=run-status][data-status=completed]").wait_for(timeout=60_000)
    assert page.get_by_test_id("rerun-of").inner_text() == runs["second"]
    nodes = page.get_by_test_id("node")
    assert {nodes.nth(i).get_attribute("data-status") for i in range(nodes.count())} == {"cached"}
    page.get_by_test_id("tab-parameters").click()
    assert "0.3" in page.get_by_test_id("run-parameters").inner_text()
    assert page.js_errors == []


def test_delete_a_run(page: Any, server: Any, ws: Path) -> None:
    doomed = designer_run(ws, "failing.yml", "rows=11")["run_id"]
    page.goto(f"{server.url}/runs/{doomed}")
    wait_ready(page)
    page.get_by_test_id("run-menu").click()
    page.get_by_test_id("delete-run").click()
    page.get_by_test_id("confirm-delete").click()
    page.wait_for_url("**/runs", timeout=20_000)
    page.locator("[data-testid=run-row]").first.wait_for()
    assert page.locator(f"[data-testid=run-row][data-run='{doomed}']").count() == 0
    assert not (ws / ".designer" / "runs" / doomed).exists()


def _raw_get(url: str, path: str) -> tuple[int, bytes]:
    parsed = urlparse(url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
    conn.request("GET", path)  # sent as written: no client-side '..' clean-up
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


def test_files_are_served_only_from_the_workspace(server: Any, ws: Path, runs: dict[str, str]) -> None:
    link = ws / "data-link"
    if not link.exists():
        os.symlink("/etc", link)
    status, body = _raw_get(server.url, f"/files/runs/{runs['first']}/make/logs/stdout.txt")
    assert status == 200 and b"wrote 40 rows" in body
    for path in ("/files/ws/../../../../../../etc/passwd", "/files/runs/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                 "/files/ws/data-link/passwd", "/files/ws/.designer/designer.db"):
        status, body = _raw_get(server.url, path)
        assert status in (403, 404), path
        assert b"root:" not in body and b"SQLite" not in body


def test_cancel_a_cli_run(page: Any, server: Any, ws: Path) -> None:
    process = designer_run(ws, "churn.yml", "delay=3", "epochs=20", f"rows={int(time.time()) % 991 + 1100}",
                           wait=False)
    try:
        page.goto(f"{server.url}/runs?state=running")
        row = page.locator("[data-testid=run-row][data-status=running]")
        row.wait_for(timeout=30_000)
        run_id = row.get_attribute("data-run")
        page.goto(f"{server.url}/runs/{run_id}")
        page.locator("[data-testid=node][data-job=train][data-status=running]").wait_for(timeout=30_000)
        page.get_by_test_id("cancel-run").click()
        page.locator("[data-testid=run-status][data-status=canceled]").wait_for(timeout=30_000)
        page.locator("[data-testid=node][data-job=train][data-status=canceled]").wait_for()
        assert page.get_by_test_id("cancel-run").count() == 0
    finally:
        out, _ = process.communicate(timeout=60)
    assert '"status": "canceled"' in out
    assert page.js_errors == []
