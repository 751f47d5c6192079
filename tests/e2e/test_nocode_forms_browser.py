"""The side panel's forms in a real Chromium: no help text lies over the next field's label (issue #15).

A person clicks each step of the walk (Sample Dataset, Split Data, Logistic Regression, Train
Model, Score Model, Evaluate Model) and reads its form, in light and in dark mode (the header's
switch). Every help text under a field (Quasar's hint, the hint under a switch, an input's
description) and every field's label are measured in Chromium: no help text may overlap a label,
nor another help text. A hint that wraps to a second line once ran into the label below it (Quasar
reserves one line for a hint and draws the rest over what follows).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.nocode import shots
from tests.e2e.test_designer_run import open_designer
from tests.e2e.test_results_failure_browser import PIPELINE

pytestmark = pytest.mark.e2e

STEPS = {"iris_data": "Sample Dataset", "split": "Split Data", "logistic_regression": "Logistic Regression",
         "train": "Train Model", "score": "Score Model", "evaluate": "Evaluate Model"}

# Every help text and every label of the panel's form, with its box; pairs that overlap by more
# than half a pixel (texts of one field are measured against the other fields' only).
OVERLAPS = """() => {
    const panel = document.querySelector('.designer-panel');
    const field = el => el.closest('.q-field, .q-toggle, [data-testid^=data-], [data-testid^=output-]');
    const box = el => el.getBoundingClientRect();
    const texts = (selector, kind) => [...panel.querySelectorAll(selector)]
        .filter(el => el.offsetParent !== null && el.innerText.trim() && box(el).height > 0)
        .map(el => ({kind, el, text: el.innerText.trim().slice(0, 60), r: box(el), owner: field(el)}));
    const helps = [...texts('.q-field__bottom', 'hint'), ...texts('[data-help]', 'help'),
                   ...texts('[data-testid=field-problem]', 'problem')];
    const labels = [...texts('.q-field__label', 'label'), ...texts('.q-toggle__label', 'label'),
                    ...texts('[data-field-label]', 'label')];
    const cross = (a, b) => Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top) > 0.5
        && Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left) > 0.5;
    const found = [];
    for (const [i, h] of helps.entries()) {
        for (const other of [...labels, ...helps.slice(i + 1)]) {
            if (other.el === h.el || (other.owner && other.owner === h.owner)) continue;
            if (cross(h, other)) found.push(`${h.kind} "${h.text}" over ${other.kind} "${other.text}"`);
        }
    }
    return {found, helps: helps.length, labels: labels.length};
}"""


@pytest.fixture(scope="module")
def server(designer_server: Any) -> Any:
    return designer_server()


def test_help_texts_never_overlap_the_next_fields_label(page: Any, server: Any) -> None:
    (server.workspace / "iris_forms.yml").write_text(PIPELINE)
    open_designer(page, f"{server.url}/designer?file=iris_forms.yml", 6)
    page.get_by_test_id("fit-button").click()  # all six cards in view, none behind the side panel
    page.wait_for_timeout(400)
    seen: dict[str, int] = {}
    for mode in ("light", "dark"):
        if mode == "dark":
            page.get_by_test_id("dark-toggle").click()
            page.wait_for_function("() => document.body.classList.contains('body--dark')")
        for job, title in STEPS.items():
            page.locator(f'[data-testid=node][data-job="{job}"]').click()
            page.wait_for_function(f"() => document.querySelector('[data-testid=panel-title]')?.innerText === {title!r}")
            page.wait_for_timeout(300)  # the column pickers fill in once the table's columns are read
            measured = page.evaluate(OVERLAPS)
            assert measured["found"] == [], f"{title} ({mode}): {measured['found']}"
            assert measured["labels"] >= 1, f"{title} ({mode}): no label measured"
            seen[f"{job}-{mode}"] = measured["helps"]
        if mode == "light":
            page.locator('[data-testid=node][data-job="train"]').click()
            page.wait_for_function("() => document.querySelector('[data-testid=panel-title]')?.innerText === 'Train Model'")
            shots(page, "nocode-forms-train")
    # the measure reads help texts at all: the forms of the walk have them
    assert seen["split-light"] >= 3 and seen["logistic_regression-dark"] >= 3 and seen["train-dark"] >= 2, seen
    assert page.js_errors == []
