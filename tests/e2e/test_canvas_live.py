"""Live states under load in a real Chromium: a run of 100 fast steps while the designer's canvas is
open never shows a step in a state older than the store's, and ends with the store's final states.

Every ``data-status`` change of every card is recorded in the page (a MutationObserver); the store's
event log gives each step's states in the order the runner emitted them. A card may skip states (the
canvas coalesces what arrives in one tick) but never show them out of order, nor leave a final one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from designer.engine.events import STEP_FINAL

pytestmark = pytest.mark.e2e

FAST = """\
$schema: https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json
type: command
name: fast
version: "1"
display_name: Fast
description: Makes an empty folder at once.
tags: {category: Test, icon: bolt}
is_deterministic: false
inputs:
  data: {type: uri_folder, optional: true, description: Anything.}
outputs:
  out: {type: uri_folder, description: Empty.}
environment: {image: python:3.11-slim}
command: mkdir -p ${{outputs.out}}
"""

CHAINS, LENGTH = 10, 10  # 100 steps, ten at a time


def hundred_steps() -> str:
    lines = ["$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json", "type: pipeline",
             "display_name: Hundred fast steps", "settings:", "  default_compute: azureml:serverless", "jobs:"]
    for c in range(CHAINS):
        for i in range(LENGTH):
            lines += [f"  c{c}_{i}:", "    type: command", "    component: ./fast.yml"]
            if i:
                lines += ["    inputs:", f"      data: ${{{{parent.jobs.c{c}_{i - 1}.outputs.out}}}}"]
    return "\n".join(lines) + "\n"


RECORD = """() => {
    window.__seen = [];
    for (const el of document.querySelectorAll('[data-testid=node]')) window.__seen.push([el.dataset.job, el.dataset.status]);
    new MutationObserver(records => {
        for (const r of records) {
            const el = r.target;
            if (el.dataset && el.dataset.testid === 'node') window.__seen.push([el.dataset.job, el.dataset.status]);
        }
    }).observe(document.body, {subtree: true, attributes: true, attributeFilter: ['data-status']});
}"""


def is_in_order(shown: list[str], emitted: list[str]) -> bool:
    """True when ``shown`` is ``emitted`` with some states left out (a subsequence)."""
    it = iter(emitted)
    return all(any(state == e for e in it) for state in shown)


def test_hundred_fast_steps_never_show_an_older_state(page: Any, designer_server: Any, tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "fast.yml").write_text(FAST)
    (workspace / "hundred.yml").write_text(hundred_steps())
    server = designer_server(workspace=workspace)
    count = CHAINS * LENGTH
    page.goto(f"{server.url}/designer?file=hundred.yml")
    page.wait_for_function("n => document.querySelectorAll('[data-testid=node]').length === n", arg=count,
                           timeout=60_000)
    page.evaluate(RECORD)
    page.get_by_test_id("run-button").click()
    page.locator('[data-testid=run-status][data-status="completed"]').wait_for(timeout=180_000)

    from designer.store import Store
    from designer.workspace import Workspace

    store = Store.open(Workspace(workspace).settings.db_url)
    try:
        run = store.list_runs(limit=1)[0]
        emitted: dict[str, list[str]] = {}
        for _seq, kind, payload in store.events_since(run.id, 0):
            if kind == "StepStateChanged":
                emitted.setdefault(payload["step"], []).append(payload["state"])
        final = {s.step: s.state for s in store.steps(run.id)}
    finally:
        store.close()
    assert len(final) == count and set(final.values()) == {"completed"}

    # The final states, once the page has caught up, are the store's.
    page.wait_for_function(
        "n => document.querySelectorAll('[data-testid=node][data-status=completed]').length === n",
        arg=count, timeout=10_000)
    shown_now = {el.get_attribute("data-job"): el.get_attribute("data-status")
                 for el in page.locator("[data-testid=node]").all()}
    assert shown_now == final

    shown: dict[str, list[str]] = {}
    for job, status in page.evaluate("window.__seen"):
        states = shown.setdefault(job, [])
        if not states or states[-1] != status:
            states.append(status)
    assert set(shown) == set(final)
    for job, states in shown.items():
        # Before the run a card is idle; the run starts every step pending (RunStarted), then the events.
        allowed = ["idle", "pending", *emitted.get(job, [])]
        assert is_in_order(states, allowed), f"{job} showed {states}; the runner emitted {allowed}"
        finals = [i for i, state in enumerate(states) if state in STEP_FINAL]
        assert not finals or finals[0] == len(states) - 1, f"{job} left a final state: {states}"
    assert page.js_errors == []
