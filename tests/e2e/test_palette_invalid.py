"""A component with a mistake stays in the designer's palette: greyed, not draggable, its problem as tooltip."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

TYPO = """\
type: command
name: my_step
display_name: My step
inputs:
  count: {type: integr}
command: echo ${{inputs.count}}
environment: azureml:x@latest
"""


def test_invalid_component_is_greyed_with_its_problem(designer_server: Any, page: Any, workspace_dir: Path,
                                                      tmp_path: Path) -> None:
    (workspace_dir / "components" / "my_step.yml").write_text(TYPO)
    server = designer_server(workspace=workspace_dir)
    page.goto(server.url + "/designer")
    item = page.locator('[data-testid=palette-item][data-component="my_step"]')
    item.wait_for(timeout=20_000)
    problem = item.get_attribute("data-problem") or ""
    assert "unknown input type 'integr'; did you mean 'integer'?" in problem
    assert item.get_attribute("title") == problem
    assert item.get_attribute("draggable") == "false"
    assert float(item.evaluate("el => getComputedStyle(el).opacity")) < 0.7
    good = page.locator("[data-testid=palette-item]:not([data-problem])").first
    assert good.get_attribute("draggable") == "true"
    assert float(good.evaluate("el => getComputedStyle(el).opacity")) == 1.0
    item.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "palette.png"))  # kept with the test's files, to look at when it fails
