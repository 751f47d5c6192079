"""The home page in a real Chromium: the workspace's pipelines, duplicate and delete, new pipeline,
a new pipeline from a template, and the recent runs."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(designer_server: Any) -> Any:
    return designer_server()


def card(page: Any, rel: str) -> Any:
    return page.locator(f'[data-testid=pipeline-card][data-file="{rel}"]')


def test_lists_opens_duplicates_and_deletes(page: Any, server: Any) -> None:
    page.goto(server.url + "/")
    card(page, "demo.yml").wait_for()
    assert card(page, "nested.yml").count() == 1
    assert "Demo pipeline" in card(page, "demo.yml").inner_text()

    card(page, "demo.yml").get_by_test_id("pipeline-menu").click()
    page.get_by_test_id("duplicate-pipeline").click()
    card(page, "demo_copy.yml").wait_for()
    assert (server.workspace / "demo_copy.yml").read_text() == (server.workspace / "demo.yml").read_text()

    card(page, "demo_copy.yml").get_by_test_id("pipeline-menu").click()
    page.get_by_test_id("delete-pipeline").click()
    page.get_by_test_id("confirm-delete").click()
    card(page, "demo_copy.yml").wait_for(state="detached")
    assert not (server.workspace / "demo_copy.yml").exists()

    card(page, "demo.yml").click()
    page.wait_for_url(re.compile(r"/designer\?file=demo\.yml"))
    page.get_by_test_id("node").first.wait_for()
    assert page.js_errors == []


def test_new_pipeline_button_opens_an_empty_canvas(page: Any, server: Any) -> None:
    page.goto(server.url + "/")
    page.get_by_test_id("new-pipeline").click()
    page.wait_for_url(re.compile(r"/designer"))
    page.get_by_test_id("canvas").wait_for()
    assert page.get_by_test_id("node").count() == 0
    assert page.get_by_test_id("palette-item").count() > 5


def test_new_from_template_copies_and_opens_it(page: Any, server: Any) -> None:
    page.goto(server.url + "/")
    template = page.get_by_test_id("template-card").first
    template.wait_for()
    slug = template.get_attribute("data-template")
    template.get_by_test_id("use-template").click()
    page.locator('input[data-testid="template-name"], [data-testid="template-name"] input').first.fill("my_first")
    page.get_by_test_id("create-from-template").click()
    page.wait_for_url(re.compile(r"/designer\?file=my_first/pipeline\.yml"))
    page.get_by_test_id("node").first.wait_for(timeout=20_000)
    assert (server.workspace / "my_first" / "pipeline.yml").is_file(), slug
    page.get_by_test_id("validate-button").click()
    page.locator(".q-notification", has_text="valid").wait_for()


def test_recent_runs_after_a_run(page: Any, server: Any) -> None:
    page.goto(server.url + "/designer?file=demo.yml")
    page.get_by_test_id("node").first.wait_for()
    page.get_by_test_id("run-button").click()
    page.locator('[data-testid=run-status][data-status="completed"]').wait_for(timeout=60_000)
    page.goto(server.url + "/")
    runs = page.get_by_test_id("recent-runs")
    runs.wait_for()
    assert "Demo pipeline" in runs.inner_text()
    assert page.locator('[data-testid=run-state][data-status="completed"]').count() >= 1
