"""Wiring for people who do not code, in a real Chromium (issue #15, finding 1).

While a wire is dragged out of a port, the ports it may end on light up and the others dim (by the
ports' kinds, and by Azure's type rule for ports without kinds); dropping it on a port of the wrong
kind is refused with a sentence shown at that port, and no wire appears.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.nocode import shots
from tests.e2e.test_designer_canvas import drop, edges, handle, node, open_designer, wait_for, wait_nodes

pytestmark = pytest.mark.e2e

FITS = """() => Object.fromEntries([...document.querySelectorAll('.pc-handle[data-fit]')]
    .map(h => [`${h.closest('[data-job]').dataset.job}.${h.dataset.port}`, h.dataset.fit]))"""


@pytest.fixture(scope="module")
def server(designer_server: Any) -> Any:
    return designer_server()


def centre(locator: Any) -> tuple[float, float]:
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def start_wire(page: Any, job: str, port: str) -> None:
    x, y = centre(handle(page, job, port, "out"))
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 30, y + 20, steps=4)


def finish_wire(page: Any, job: str, port: str) -> None:
    x, y = centre(handle(page, job, port, "in"))
    page.mouse.move(x, y, steps=10)
    page.mouse.up()


def opacity(page: Any, job: str, port: str, direction: str) -> float:
    return float(handle(page, job, port, direction).locator("xpath=..").evaluate(
        "el => getComputedStyle(el).opacity"))


def build(page: Any, url: str) -> None:
    open_designer(page, f"{url}/designer", 0)
    for i, (component, x, y) in enumerate((("sample_dataset", 0.22, 0.15), ("split_data", 0.6, 0.15),
                                           ("logistic_regression", 0.22, 0.6), ("train_model", 0.65, 0.5))):
        drop(page, component, x, y)
        wait_nodes(page, i + 1)


def test_dragged_wire_lights_up_what_fits_and_a_wrong_drop_is_refused_in_words(page: Any, server: Any) -> None:
    build(page, server.url)

    start_wire(page, "split_data", "output_data_1")
    page.wait_for_function("() => document.querySelector('[data-testid=canvas]').dataset.wiring === 'out'")
    fits = page.evaluate(FITS)
    # a table fits Train Model's table input, not its model input, and not Split Data's own (a loop)
    assert fits["train_model.training_data"] == "yes", fits
    assert fits["train_model.untrained_model"] == "no", fits  # a table is not a model definition
    assert fits["split_data.input_data"] == "no", fits  # its own input: a loop
    assert opacity(page, "train_model", "untrained_model", "in") < 0.5
    assert opacity(page, "train_model", "training_data", "in") == 1.0
    shots(page, "nocode-wiring-drag")

    # the wrong port: refused, in words, at the port; no wire
    finish_wire(page, "train_model", "untrained_model")
    refusal = page.get_by_test_id("wire-refusal")
    refusal.wait_for(timeout=10_000)
    text = refusal.inner_text()
    assert "Train Model needs an untrained model" in text, text
    assert "Logistic Regression" in text, text  # what to connect instead
    assert refusal.get_attribute("data-job") == "train_model"
    assert page.evaluate("() => document.querySelector('[data-testid=canvas]').dataset.wiring") is None
    assert page.evaluate(FITS) == {}  # nothing stays dimmed
    assert edges(page) == 0
    refusal_box, port_box = refusal.bounding_box(), handle(page, "train_model", "untrained_model", "in").bounding_box()
    assert abs(refusal_box["y"] - (port_box["y"] + port_box["height"])) < 40  # right under the port
    shots(page, "nocode-wiring-refused")

    # the right ports: accepted
    start_wire(page, "split_data", "output_data_1")
    assert not refusal.is_visible()  # a new wire clears the old sentence
    finish_wire(page, "train_model", "training_data")
    wait_for(lambda: edges(page) == 1, message="the table wire")
    start_wire(page, "logistic_regression", "untrained_model")
    fits = page.evaluate(FITS)
    assert fits["train_model.untrained_model"] == "yes", fits
    assert fits["split_data.input_data"] == "no", fits  # a model is not a table
    finish_wire(page, "train_model", "untrained_model")
    wait_for(lambda: edges(page) == 2, message="the model wire")
    assert node(page, "train_model").locator("[data-fit]").count() == 0
    assert page.js_errors == []


def test_ports_without_kinds_follow_the_type_rule(page: Any, server: Any) -> None:
    # the toy workspace's components declare no kinds: a folder fits a folder, not a single file
    open_designer(page, f"{server.url}/designer", 0)
    drop(page, "make_data", 0.2, 0.3)
    wait_nodes(page, 1)
    drop(page, "toy_train", 0.6, 0.25)
    wait_nodes(page, 2)
    drop(page, "read_report", 0.6, 0.7)
    wait_nodes(page, 3)
    start_wire(page, "make_data", "data")
    fits = page.evaluate(FITS)
    assert fits["toy_train.data"] == "yes", fits
    assert fits["read_report.report"] == "no", fits  # a single-file input
    finish_wire(page, "read_report", "report")
    refusal = page.get_by_test_id("wire-refusal")
    refusal.wait_for(timeout=10_000)
    assert "takes a single file" in refusal.inner_text()
    assert edges(page) == 0
