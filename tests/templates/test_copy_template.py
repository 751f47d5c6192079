"""Making a pipeline from a template: the one function behind ``designer init`` and the home page."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import yaml

from designer.registry import Registry, builtin_dir
from designer.templates import copy_template, scaffold_workspace, template_folders
from designer.workspace import SAMPLE_SETTINGS, Workspace


def test_a_path_into_the_library_becomes_a_registry_reference(tmp_path: Path, workspace: Path) -> None:
    template = tmp_path / "tpl"
    template.mkdir()
    (template / "__pycache__").mkdir()
    library_ref = os.path.relpath(builtin_dir() / "sample_dataset" / "component.yml", template)
    (template / "pipeline.yml").write_text(
        f"type: pipeline\ndisplay_name: t\njobs:\n  data:\n    type: command\n    component: {library_ref}\n",
        encoding="utf-8")
    copied = copy_template(template, workspace / "mine", Registry.for_workspace(Workspace(workspace)))
    assert copied == workspace / "mine" / "pipeline.yml"
    assert yaml.safe_load(copied.read_text())["jobs"]["data"]["component"] == "azureml:sample_dataset:1"
    assert not (workspace / "mine" / "__pycache__").exists()
    assert library_ref in (template / "pipeline.yml").read_text()  # the template itself is untouched


def test_scaffold_copies_every_template_once_and_keeps_edits(workspace: Path) -> None:
    ws, created = scaffold_workspace(workspace)
    names = [t.name for t in template_folders()]
    assert len(names) >= 3
    assert [p.parent.name for p in created] == names
    assert (workspace / "designer.toml").read_text() == SAMPLE_SETTINGS
    (workspace / "designer.toml").write_text("# mine\n")
    _, again = scaffold_workspace(workspace)
    assert again == []
    assert (workspace / "designer.toml").read_text() == "# mine\n"
    assert ws.state_dir.is_dir()


def test_designer_init_makes_valid_pipelines(tmp_path: Path, designer_exe: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_") or k == "DESIGNER_ENVIRONMENTS"}
    folder = tmp_path / "new"
    done = subprocess.run([*designer_exe, "init", str(folder), "--json"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["workspace"] == str(folder.resolve())
    assert sorted(Path(p).parent.name for p in data["pipelines"]) == [t.name for t in template_folders()]
    first = data["pipelines"][0]
    checked = subprocess.run([*designer_exe, "validate", first, "--workspace", str(folder)], env=env,
                             capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stderr
