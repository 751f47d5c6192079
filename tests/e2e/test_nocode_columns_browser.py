"""Columns are picked, not typed, in a real Chromium (issue #15, finding 2).

A person wires Sample Dataset -> Split Data -> Train Model and opens Train Model: its label column is
a searchable list of the iris table's columns with their types (known before anything ran), its
feature columns a list taking several; the choice is saved as the component reads it. Before the
table is connected the field is free text saying why; a name the table lacks (typed into the YAML
by hand) is shown, marked, and is a problem on the card before running.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.e2e.nocode import shots
from tests.e2e.test_designer_canvas import connect, drop, edges, node, open_designer, wait_for, wait_nodes

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(designer_server: Any) -> Any:
    return designer_server()


def picker(page: Any, name: str) -> Any:
    """The select of column parameter ``name`` (Quasar puts the test id on its search box)."""
    return page.locator(".q-select", has=page.locator(f'[data-testid="param-{name}"]')).first


def count(page: Any, name: str) -> str | None:
    return page.locator(f'[data-testid="param-{name}"]').first.get_attribute("data-columns")


def options(page: Any) -> list[str]:
    menu = page.locator(".q-menu .q-item")
    menu.first.wait_for()
    return [t.strip() for t in menu.all_inner_texts()]


def wait_options(page: Any, expected: list[str]) -> None:
    """Wait until the open list shows ``expected`` (it is filtered as the person types)."""
    wait_for(lambda: options(page) == expected, timeout=15, message=f"the options {expected}")


def saved_inputs(server: Any, file: str, job: str) -> dict[str, Any]:
    return yaml.safe_load((server.workspace / file).read_text())["jobs"][job].get("inputs", {})


def test_label_and_feature_columns_are_picked_from_the_table(page: Any, server: Any) -> None:
    open_designer(page, f"{server.url}/designer", 0)
    drop(page, "sample_dataset", 0.22, 0.2)
    wait_nodes(page, 1)
    drop(page, "split_data", 0.6, 0.2)
    wait_nodes(page, 2)
    drop(page, "train_model", 0.6, 0.65)
    wait_nodes(page, 3)

    # not connected yet: free text, and the hint says what brings the list
    node(page, "train_model").click()
    label = page.locator('[data-testid="param-label_column"]').first
    label.wait_for()
    panel = page.locator(".designer-panel")
    assert "Connect a table to 'training_data' to pick from its columns" in panel.inner_text()

    connect(page, "sample_dataset", "output_data", "split_data", "input_data")
    wait_for(lambda: edges(page) == 1, message="the first wire")
    connect(page, "split_data", "output_data_1", "train_model", "training_data")
    wait_for(lambda: edges(page) == 2, message="the second wire")
    # the check after an edit rebuilds the panel when the step's problems change: wait for it
    tab = page.get_by_test_id("tab-problems")
    wait_for(lambda: tab.inner_text().strip() == "Problems (1)", timeout=15, message="the re-check")
    # the panel (still on Train Model) now lists the iris table's columns: four measurements, the species
    wait_for(lambda: page.locator('[data-testid="param-label_column"][data-columns="5"]').count() == 1,
             timeout=15, message="the label column's picker")
    label = picker(page, "label_column")
    label.click()
    page.keyboard.type("spec")
    wait_options(page, ["species · text · label"])
    page.keyboard.press("ArrowDown")  # the keyboard way: highlight the match, Enter takes it
    page.keyboard.press("Enter")
    box = page.locator('[data-testid="param-label_column"]').first
    wait_for(lambda: box.input_value() == "species · text · label", message="the picked label column")

    features = picker(page, "feature_columns")
    features.click()
    page.keyboard.type("petal")
    wait_options(page, ["petal_length · number", "petal_width · number"])
    page.locator(".q-menu .q-item", has_text="petal_length").click()
    page.locator(".q-menu .q-item", has_text="petal_width").click()
    page.keyboard.press("Escape")
    wait_for(lambda: features.locator(".q-chip").count() == 2, message="two chips")
    shots(page, "nocode-columns-picked")

    page.get_by_test_id("save-button").click()
    page.locator('[data-testid="save-name"] input, input[data-testid="save-name"]').first.fill("walk")
    page.get_by_test_id("save-confirm").click()
    wait_for(lambda: (server.workspace / "walk.yml").exists(), timeout=10, message="the saved file")
    inputs = saved_inputs(server, "walk.yml", "train_model")
    assert inputs["label_column"] == "species"
    assert inputs["feature_columns"] == "petal_length,petal_width"
    assert page.js_errors == []


def test_a_column_the_table_lacks_is_shown_and_is_a_problem_before_running(page: Any, server: Any) -> None:
    text = (server.workspace / "walk.yml").read_text() if (server.workspace / "walk.yml").exists() else None
    assert text is not None, "runs after the test that saves walk.yml"
    (server.workspace / "typo.yml").write_text(text.replace("label_column: species", "label_column: Species"))
    open_designer(page, f"{server.url}/designer?file=typo.yml", 3)
    card = node(page, "train_model")
    wait_for(lambda: "has-problems" in (card.get_attribute("class") or ""), timeout=15, message="the problem")
    card.locator(".pc-node__warn").hover()
    tip = card.locator(".pc-node__problems")
    tip.wait_for()
    assert "column 'Species' is not in the table on 'training_data'; did you mean 'species'?" in tip.inner_text()
    card.click()
    label = picker(page, "label_column")
    label.wait_for()
    assert page.locator('[data-testid="param-label_column"]').first.input_value() == "Species · not in the table"
    label.click()
    assert options(page)[-1] == "Species · not in the table"
    page.locator(".q-menu .q-item", has_text="species · text").click()
    # the card keeps its other problem (no model connected yet), not this one
    wait_for(lambda: "'Species'" not in (card.locator(".pc-node__problems").text_content() or ""), timeout=15,
             message="the column problem to go")
    assert "untrained_model" in (card.locator(".pc-node__problems").text_content() or "")
    shots(page, "nocode-columns-fixed")
