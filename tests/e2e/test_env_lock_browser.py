"""In a real Chromium, on real environments built with uv: the step panels say what a step ran with.

The run page's step panel shows the summary ("Python 3.10.x · 2 packages · built ..."), what changed
since the step's previous run ("Package `six` changed from 1.15.0 to 1.16.0") and, folded away, a
searchable package list a person opens to read a version; the designer's side panel shows the same
block for a finished step of the run it follows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_designer_run import open_designer, run_and_wait

pytestmark = [pytest.mark.e2e, pytest.mark.environments]

SHOTS = Path(os.environ.get("DESIGNER_SHOTS", "/tmp"))
PROBE = "import os, sys, six\nos.makedirs(sys.argv[1], exist_ok=True)\nprint('six', six.__version__)\n"


def conda(ws: Path, six: str) -> None:
    (ws / "env.yml").write_text(f"name: t\ndependencies:\n  - python=3.10\n  - pip:\n    - six=={six}\n"
                                "    - iniconfig==2.0.0\n", encoding="utf-8")


@pytest.fixture
def env_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    ws = tmp_path / "ws"
    (ws / "src").mkdir(parents=True)
    (ws / "src" / "probe.py").write_text(PROBE, encoding="utf-8")
    (ws / "probe.yml").write_text(
        "$schema: https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json\n"
        "type: command\nname: probe\nversion: '1'\noutputs:\n  out: {type: uri_folder}\ncode: ./src\n"
        "environment: {conda_file: ./env.yml}\ncommand: python probe.py ${{outputs.out}}\n", encoding="utf-8")
    (ws / "pipeline.yml").write_text(
        "$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json\ntype: pipeline\n"
        "display_name: envs\njobs:\n  probe:\n    type: command\n    component: ./probe.yml\n", encoding="utf-8")
    # the server and the CLI runs build in build mode, in a cache of this test's own
    monkeypatch.setenv("DESIGNER_ENVIRONMENTS", "build")
    monkeypatch.setenv("DESIGNER_ENV_CACHE", str(tmp_path / "env-cache"))
    return ws


def cli_run(ws: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    done = subprocess.run([sys.executable, "-m", "designer", "run", "pipeline.yml", "--json", "--workspace", str(ws)],
                          cwd=ws, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return str(json.loads(done.stdout)["run_id"])


def read_package(page: Any, name: str) -> str | None:
    """Open the package list, search for ``name`` and read its version as shown."""
    page.get_by_test_id("env-packages").get_by_text("Packages (").click()
    search = page.get_by_test_id("env-search")  # NiceGUI puts the attribute on the <input> itself
    search.fill(name)
    row = page.locator(f'[data-testid=env-package][data-package="{name}"]')
    row.wait_for()
    page.wait_for_function("() => document.querySelectorAll('[data-testid=env-package]').length === 1")
    return str(row.locator("td").nth(1).inner_text()).strip()


def test_the_step_panels_show_the_lock_and_what_changed(page: Any, designer_server: Any,
                                                        env_workspace: Path) -> None:
    ws = env_workspace
    conda(ws, "1.15.0")
    first = cli_run(ws)
    conda(ws, "1.16.0")
    second = cli_run(ws)
    server = designer_server(workspace=ws)

    page.goto(f"{server.url}/runs/{second}?step=probe")
    summary = page.get_by_test_id("env-summary")
    summary.wait_for(timeout=60_000)
    text = summary.inner_text()
    assert text.startswith("Python 3.10.") and "· 2 packages · built " in text, text
    changes = page.get_by_test_id("env-changes")
    assert f"Changed since run {first}" in changes.inner_text()
    assert page.get_by_test_id("env-change").inner_text() == "Package `six` changed from 1.15.0 to 1.16.0"
    assert str(ws.parent / "env-cache") in page.get_by_test_id("env-folder").inner_text()
    assert read_package(page, "six") == "1.16.0"
    page.get_by_test_id("step-env").screenshot(path=str(SHOTS / "env-lock-run-panel.png"))

    # the first run's panel: nothing before it to compare with
    page.goto(f"{server.url}/runs/{first}?step=probe")
    page.get_by_test_id("env-summary").wait_for(timeout=60_000)
    assert page.get_by_test_id("env-changes").count() == 0
    assert read_package(page, "six") == "1.15.0"

    # the designer's side panel, for a finished step of the run it follows (reused: same environment)
    open_designer(page, f"{server.url}/designer?file=pipeline.yml", 1)
    run_and_wait(page, "completed", timeout=120_000)
    page.locator('[data-testid=node][data-job="probe"]').click()
    side = page.get_by_test_id("step-run").get_by_test_id("env-summary")
    side.wait_for(timeout=60_000)
    assert side.inner_text().startswith("Python 3.10.")
    # the source run's stderr holds only the environment's build: shown as that, not as errors
    build_log = page.get_by_test_id("step-run").get_by_test_id("env-build-log")
    build_log.wait_for()
    assert "[environment] building environment" in build_log.inner_text()
    assert not page.get_by_test_id("step-run").get_by_text("Errors", exact=True).is_visible()
    assert read_package(page, "six") == "1.16.0"
    page.screenshot(path=str(SHOTS / "env-lock-designer-light.png"))
    page.context.add_cookies([{"name": "designer_dark", "value": "1", "url": server.url}])
    page.goto(f"{server.url}/runs/{second}?step=probe")
    page.get_by_test_id("env-summary").wait_for(timeout=60_000)
    read_package(page, "six")
    page.screenshot(path=str(SHOTS / "env-lock-run-dark.png"))
    assert page.js_errors == []
