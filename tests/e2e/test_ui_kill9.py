"""``designer ui`` killed with ``kill -9`` while it runs a pipeline: its steps die with it within a second.

A real server, a real Chromium pressing Run, a step that leaves grandchildren (one in a session of
its own), then SIGKILL of the server and ``/proc`` read with nothing else run in between.
"""

from __future__ import annotations

import os
import time
from typing import Any

import pytest
from proc_helpers import FORKER_COMMAND, left_after_kill, step_tree_up, wait_for

from designer.engine.recovery import reap_steps

pytestmark = pytest.mark.e2e

FORKER = """\
$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json
type: pipeline
display_name: Forker
settings:
  default_compute: azureml:serverless
jobs:
  forker:
    type: command
    command: "COMMAND"
    outputs:
      out:
        type: uri_folder
    environment:
      image: python:3.11-slim
""".replace("COMMAND", FORKER_COMMAND)


def test_kill_9_of_the_ui_ends_the_steps_it_runs(page: Any, designer_server: Any) -> None:
    server = designer_server()
    (server.workspace / "forker.yml").write_text(FORKER)
    page.goto(f"{server.url}/designer?file=forker.yml")
    page.locator('[data-testid=node][data-job="forker"]').wait_for(timeout=30_000)
    page.get_by_test_id("run-button").click()
    run_id = ""
    try:
        started = wait_for(lambda: next((server.workspace / ".designer" / "runs").glob("*/forker/started.txt"), None),
                           60, "the step to start")
        run_id = started.parents[1].name
        groups = {os.getpgid(pid) for pid in wait_for(lambda: step_tree_up(run_id), 10, "the grandchildren")}
        server.process.kill()  # SIGKILL of the whole UI server, which runs the pipeline in its loop
        killed_at = time.monotonic()
        server.process.wait(timeout=10)
        left = left_after_kill(run_id, groups, killed_at)
        assert not left, f"still running {time.monotonic() - killed_at:.2f}s after kill -9 of the UI: {left}"
    finally:
        if run_id:
            reap_steps(run_id)
