"""Preview on the canvas, in a real Chromium: after a run, clicking an output's name on a card opens
the table view (no step added): a page of rows, paging, sorting by a header, each column's type and
statistics with a histogram. The run page's enlarged table is the same view. Light and dark."""

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
name: make_table
version: "1"
display_name: Make Table
description: Writes a table of 250 people with some ages missing.
outputs:
  table:
    type: uri_folder
    description: A folder holding data.csv.
code: .
environment:
  image: python:3.11-slim
command: python make.py ${{outputs.table}}
"""
SCRIPT = """\
import csv
import os
import sys

os.makedirs(sys.argv[1], exist_ok=True)
with open(os.path.join(sys.argv[1], "data.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "age", "city", "score"])
    for i in range(250):
        w.writerow([i, "" if i % 10 == 0 else 20 + (i * 7) % 50, ["Oslo", "Rome", "Lima"][i % 3], round(i / 249, 4)])
"""
PIPELINE = """\
$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json
type: pipeline
display_name: A table to look at
settings:
  default_compute: azureml:serverless
jobs:
  people:
    type: command
    component: ./components/make_table/component.yml
"""
AGES = [20 + (i * 7) % 50 for i in range(250) if i % 10]


@pytest.fixture(scope="module")
def server(designer_server: Any) -> Any:
    return designer_server()


def column(page: Any, name: str) -> list[str]:
    values: list[str] = page.evaluate("""name => {
        const table = document.querySelector('[data-testid=table-view-rows]');
        const heads = [...table.querySelectorAll('thead th')].map(th => th.innerText.split('\\n')[0]);
        const i = heads.indexOf(name);
        return [...table.querySelectorAll('tbody tr')].map(tr => tr.children[i].innerText);
    }""", name)
    return values


def stat(view: Any, name: str, key: str) -> str:
    return str(view.locator(f'[data-testid=column-stats][data-column="{name}"] [data-stat="{key}"]').inner_text())


def test_an_output_opens_a_paged_sorted_table_with_statistics(page: Any, server: Any) -> None:
    folder = server.workspace / "components" / "make_table"
    folder.mkdir(parents=True)
    (folder / "component.yml").write_text(COMPONENT)
    (folder / "make.py").write_text(SCRIPT)
    (server.workspace / "people.yml").write_text(PIPELINE)
    open_designer(page, f"{server.url}/designer?file=people.yml", 1)
    output = page.locator('[data-job="people"] .pc-port--out .pc-port__label')
    assert output.get_attribute("data-preview") is None  # nothing to preview before a run
    page.get_by_test_id("run-button").click()
    page.locator('[data-testid=run-status][data-status="completed"]').wait_for(timeout=120_000)

    # the output's name on the card opens the table view
    page.locator('[data-job="people"] [data-preview="table"]').click()
    view = page.get_by_test_id("table-view")
    view.wait_for()
    summary = page.get_by_test_id("table-summary")
    page.wait_for_function("() => document.querySelector('[data-testid=table-summary]')?.innerText.includes('rows')")
    assert summary.inner_text() == "CSV · 250 rows · 4 columns"
    rows = page.get_by_test_id("table-view-rows")
    heads = rows.locator("thead th").all_inner_texts()
    assert [h.split("\n")[0] for h in heads] == ["id", "age", "city", "score"]
    # each header: the name, then its type (the sort arrow's icon name aside)
    assert [[t for t in h.split("\n") if t != "arrow_upward"][-1] for h in heads] == [
        "integer", "integer", "text", "number"]
    assert column(page, "id") == [str(i) for i in range(50)]
    assert "1-50 of 250" in rows.locator(".q-table__bottom").inner_text()

    # statistics of every column, over all rows (the table is small)
    view.locator('[data-testid=column-stats][data-column="age"]').wait_for()
    assert page.get_by_test_id("stats-note").inner_text() == "Statistics of all 250 rows."
    assert stat(view, "age", "count") == "225"
    assert stat(view, "age", "missing") == "25"
    assert stat(view, "age", "min") == str(min(AGES)) and stat(view, "age", "max") == str(max(AGES))
    assert stat(view, "age", "distinct") == str(len(set(AGES)))
    assert stat(view, "id", "mean") == "124.5"
    assert view.locator('[data-column="age"] [data-testid=histogram] > div').count() >= 5
    top = view.locator('[data-column="city"] [data-testid=top-values]').inner_text()
    assert top.split("\n")[:2] == ["Oslo", "84"], top
    page.screenshot(path=str(SHOTS / "results-preview-light.png"))

    # paging: the next page holds the next rows
    rows.get_by_role("button", name="Next page").click()
    page.wait_for_function("() => document.querySelector('[data-testid=table-view-rows] tbody tr td')?.innerText === '50'")
    assert column(page, "id") == [str(i) for i in range(50, 100)]
    assert "51-100 of 250" in rows.locator(".q-table__bottom").inner_text()

    # sorting by a header: over the whole table, not the page; missing ages last
    rows.locator("thead th").filter(has_text="age").click()
    page.wait_for_function("() => document.querySelector('[data-testid=table-view-rows] .q-table__bottom')"
                           "?.innerText.includes('1-50 of 250')")
    assert column(page, "age") == [str(a) for a in sorted(AGES)[:50]]
    rows.locator("thead th").filter(has_text="age").click()
    page.wait_for_function(f"() => document.querySelector('[data-testid=table-view-rows] tbody tr').children[1]"
                           f".innerText === '{max(AGES)}'")
    assert column(page, "age") == [str(a) for a in sorted(AGES, reverse=True)[:50]]
    page.get_by_test_id("table-view-close").click()
    view.wait_for(state="detached")

    # the side panel's button on the output opens the same view
    page.get_by_test_id("dark-toggle").click()  # and in dark mode
    page.locator('[data-testid=node][data-job="people"]').click()
    page.get_by_test_id("preview-output-table").click()
    view.wait_for()
    # a second view of the same page knows the number of rows too (the browser's stale 0 does not win)
    page.wait_for_function("() => document.querySelector('[data-testid=table-view-rows] .q-table__bottom')"
                           "?.innerText.includes('1-50 of 250')")
    view.locator('[data-testid=column-stats][data-column="age"]').wait_for()
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / "results-preview-dark.png"))
    page.get_by_test_id("table-view-close").click()

    # the run page's enlarged table is the same view, with paging
    run_id = page.get_by_test_id("run-details").get_attribute("href").split("/runs/")[1].split("?")[0]
    page.goto(f"{server.url}/runs/{run_id}?step=people&tab=outputs")
    page.get_by_test_id("preview-wide").click()
    view.wait_for()
    page.wait_for_function("() => document.querySelector('[data-testid=table-view-rows] .q-table__bottom')"
                           "?.innerText.includes('1-50 of 250')")
    rows.get_by_role("button", name="Last page").click()
    page.wait_for_function("() => document.querySelector('[data-testid=table-view-rows] .q-table__bottom')"
                           "?.innerText.includes('201-250 of 250')")
    assert column(page, "id")[-1] == "249"
    page.get_by_test_id("table-view-close").click()
    view.wait_for(state="detached")
    # and the run page's graph: the output's name on the card opens it too
    page.locator('[data-job="people"] [data-preview="table"]').click()
    view.wait_for()
    page.wait_for_function("() => document.querySelector('[data-testid=table-summary]')?.innerText"
                           " === 'CSV · 250 rows · 4 columns'")
    assert page.js_errors == []
