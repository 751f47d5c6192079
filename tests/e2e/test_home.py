"""The home page in a real Chromium: the workspace's pipelines, duplicate and delete, new pipeline,
a new pipeline from a template, and the recent runs."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.nocode import shots

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


def template_name(page: Any) -> Any:
    return page.locator('input[data-testid="template-name"], [data-testid="template-name"] input').first


def test_new_from_template_copies_and_opens_it(page: Any, server: Any) -> None:
    """"Use template" proposes a folder name that is free (iris_flowers, then iris_flowers_2, ...)
    and refuses, in words at the field, a name that is taken; the copy opens on the canvas."""
    page.goto(server.url + "/")
    template = page.get_by_test_id("template-card").first
    template.wait_for()
    slug = template.get_attribute("data-template")
    assert not (server.workspace / slug).exists()
    template.get_by_test_id("use-template").click()
    name = template_name(page)
    name.wait_for()
    assert name.input_value() == slug  # nothing called so yet: the template's own name
    page.get_by_test_id("create-from-template").click()
    page.wait_for_url(re.compile(rf"/designer\?file={slug}/pipeline\.yml"))
    page.get_by_test_id("node").first.wait_for(timeout=20_000)
    assert (server.workspace / slug / "pipeline.yml").is_file()

    # the same template again: the proposed name is a free one, not the folder just made
    page.goto(server.url + "/")
    template = page.locator(f'[data-testid=template-card][data-template="{slug}"]')
    template.get_by_test_id("use-template").click()
    name = template_name(page)
    name.wait_for()
    assert name.input_value() == f"{slug}_2"
    # the person types the taken name anyway: refused at the field, in words, and nothing is copied
    name.click()
    name.press("Control+a")
    name.press_sequentially(slug)
    dialog = page.locator(".q-dialog")
    said = f"'{slug}' already exists in the workspace: choose another name ('{slug}_2' is free)"
    dialog.get_by_text(said).wait_for(timeout=5_000)
    shots(page, "home-template-name-taken")
    page.get_by_test_id("create-from-template").click()
    page.wait_for_timeout(500)
    assert "/designer" not in page.url
    assert dialog.get_by_text(said).is_visible()
    assert sorted(p.name for p in server.workspace.iterdir() if p.name.startswith(slug)) == [slug]
    # a new name is accepted
    name.press("Control+a")
    name.press_sequentially("my_first")
    page.wait_for_function("() => !document.querySelector('.q-dialog .q-field--error')")
    page.get_by_test_id("create-from-template").click()
    page.wait_for_url(re.compile(r"/designer\?file=my_first/pipeline\.yml"))
    page.get_by_test_id("node").first.wait_for(timeout=20_000)
    assert (server.workspace / "my_first" / "pipeline.yml").is_file(), slug
    page.get_by_test_id("validate-button").click()
    page.locator(".q-notification", has_text="valid").wait_for()
    assert page.js_errors == []


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
