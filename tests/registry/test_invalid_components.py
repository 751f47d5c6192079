"""A user's component with a mistake is reported with its first problem, never silently dropped."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from designer.registry import Registry
from designer.ui.session import INVALID_CATEGORY, palette

GOOD = """\
type: command
name: greet
inputs:
  who: {type: string}
command: echo hello ${{inputs.who}}
environment: azureml:x@latest
"""

TYPO = """\
type: command
name: my_step
inputs:
  count: {type: integr}
command: echo ${{inputs.count}}
environment: azureml:x@latest
"""

PIPELINE = """\
type: pipeline
jobs:
  inline:
    type: command
    command: echo inline
    environment: azureml:x@latest
"""


def _workspace(root: Path) -> Path:
    (root / "components").mkdir(parents=True)
    (root / "components" / "greet.yml").write_text(GOOD)
    (root / "components" / "my_step.yml").write_text(TYPO)
    (root / "pipeline.yml").write_text(PIPELINE)  # inline command jobs: not a component, not reported
    return root


def _registry(root: Path) -> Registry:
    empty = root.parent / "no-builtins"
    empty.mkdir(exist_ok=True)
    return Registry(empty, root, None)


def test_invalid_component_is_reported_with_its_first_problem(workspace: Path) -> None:
    reg = _registry(_workspace(workspace))
    assert [e.name for e in reg.entries()] == ["greet"]
    [bad] = reg.invalid()
    assert (bad.name, bad.source, bad.path.name) == ("my_step", "workspace", "my_step.yml")
    assert bad.problem.code == "input.unknown_type" and bad.problem.line == 4
    assert "unknown input type 'integr'; did you mean 'integer'?" in bad.reason
    assert reg.find("my_step") is None  # reported, but never resolved as a usable component


def test_a_file_that_is_not_yaml_and_one_without_a_name_are_reported(workspace: Path) -> None:
    (workspace / "broken.yml").write_text("type: command\nname: [unclosed\n")
    (workspace / "nameless.yml").write_text("type: command\ncommand: echo hi\nenvironment: azureml:x@latest\n")
    found = {i.path.name: i.problem.code for i in _registry(workspace).invalid()}
    assert set(found) == {"broken.yml", "nameless.yml"}
    assert found["nameless.yml"] == "component.no_name"


def test_palette_shows_invalid_components_with_their_problem(workspace: Path) -> None:
    entries = palette(_registry(_workspace(workspace)))
    by_name = {e["name"]: e for e in entries}
    assert "problem" not in by_name["greet"]
    bad = by_name["my_step"]
    assert bad["category"] == INVALID_CATEGORY and "integr" in bad["problem"] and bad["version"] == ""


def test_components_list_marks_invalid_ones(workspace: Path, designer_exe: list[str]) -> None:
    _workspace(workspace)
    env = {k: v for k, v in os.environ.items() if (not k.startswith("DESIGNER_") or k == "DESIGNER_ENVIRONMENTS")}
    env["COLUMNS"] = "400"  # one row per component, however long the problem

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*designer_exe, "components", "list", "--workspace", str(workspace), *args], env=env,
                              capture_output=True, text=True, timeout=120)

    data = json.loads(cli("--json").stdout)
    assert "my_step" not in {c["name"] for c in data["components"]}
    [bad] = data["invalid"]
    assert bad["name"] == "my_step" and "integr" in bad["problem"] and bad["details"]["line"] == 4
    text = cli()
    assert text.returncode == 0
    line = next(x for x in text.stdout.splitlines() if x.strip().startswith("my_step"))
    assert "invalid" in line and "unknown input type 'integr'" in line
