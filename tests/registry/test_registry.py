"""The registry: built-ins, workspace components, and registered name:version snapshots."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from designer.errors import RegistryError, SpecError
from designer.registry import Registry, builtin_dir
from designer.spec.validate import validate

COMPONENT = """\
$schema: https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json
type: command
name: shout
version: "{version}"
display_name: Shout
inputs:
  text: {{type: string}}
outputs:
  out: {{type: uri_folder}}
code: ./src
additional_includes: [../shared/util.py]
environment: azureml://registries/azureml/environments/sklearn-1.5/labels/latest
command: python shout.py ${{{{inputs.text}}}} ${{{{outputs.out}}}}
"""


def _make_component(root: Path, version: str, body: str = "print('v1')") -> Path:
    comp = root / "shout"
    (comp / "src").mkdir(parents=True, exist_ok=True)
    (root / "shared").mkdir(exist_ok=True)
    (root / "shared" / "util.py").write_text("X = 1\n")
    (comp / "src" / "shout.py").write_text(body)
    path = comp / "component.yml"
    path.write_text(COMPONENT.format(version=version))
    return path


def _registry(ws: Path) -> Registry:
    return Registry(builtin_dir(), ws / "nothing-here", ws / ".designer" / "components")


def test_register_snapshots_code_and_resolves_versions(tmp_path: Path) -> None:
    src = tmp_path / "src_components"
    path = _make_component(src, "1")
    reg = _registry(tmp_path)
    entry = reg.register(path)
    assert (entry.name, entry.version) == ("shout", "1")
    snap = entry.path.parent
    assert (snap / "code" / "shout.py").read_text() == "print('v1')"
    assert (snap / "code" / "util.py").exists()  # additional_includes merged under its basename
    # editing the source afterwards does not change the registered snapshot
    (src / "shout" / "src" / "shout.py").write_text("print('edited')")
    assert (snap / "code" / "shout.py").read_text() == "print('v1')"
    # a second version; @latest is the most recently registered one
    path2 = _make_component(src, "2", "print('v2')")
    reg.register(path2)
    reg2 = _registry(tmp_path)
    assert reg2.versions("shout") == ["1", "2"]
    latest = reg2.find("shout", label="latest")
    assert latest is not None and latest.version == "2"
    assert reg2.find("shout", "1") is not None


def test_reregistering_same_version_with_other_content_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "c"
    path = _make_component(src, "1")
    reg = _registry(tmp_path)
    reg.register(path)
    reg.register(path)  # identical content: a no-op
    _make_component(src, "1", "print('changed')")
    with pytest.raises(RegistryError, match="already registered"):
        reg.register(path)


def test_invalid_component_is_not_registered(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("type: command\nname: Bad-Name\ncommand: echo ${{inputs.nope}}\n")
    with pytest.raises(SpecError) as info:
        _registry(tmp_path).register(bad)
    codes = {p.code for p in info.value.problems}
    assert {"component.bad_name", "command.unknown_port"} <= codes


def test_pipeline_uses_registered_component_by_latest(tmp_path: Path) -> None:
    path = _make_component(tmp_path / "c", "3")
    reg = _registry(tmp_path)
    reg.register(path)
    pipe = tmp_path / "p.yml"
    pipe.write_text("type: pipeline\njobs:\n  a:\n    component: azureml:shout@latest\n    inputs:\n      text: hi\n")
    assert validate(pipe, _registry(tmp_path)) == []


def test_cli_register_list_show(tmp_path: Path) -> None:
    path = _make_component(tmp_path / "c", "1")
    run = [sys.executable, "-m", "designer"]
    reg = subprocess.run([*run, "components", "register", str(path), "--workspace", str(tmp_path), "--json"],
                         capture_output=True, text=True, timeout=60)
    assert reg.returncode == 0, reg.stderr
    assert json.loads(reg.stdout)["ref"] == "azureml:shout:1"
    listed = subprocess.run([*run, "components", "list", "--workspace", str(tmp_path), "--json"],
                            capture_output=True, text=True, timeout=60)
    names = {(c["name"], c["source"]) for c in json.loads(listed.stdout)["components"]}
    assert ("shout", "registered") in names
    shown = subprocess.run([*run, "components", "show", "azureml:shout@latest", "--workspace", str(tmp_path)],
                           capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0 and "text: string" in shown.stdout
    missing = subprocess.run([*run, "components", "show", "shuot", "--workspace", str(tmp_path)],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "did you mean 'shout'" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_cli_version() -> None:
    proc = subprocess.run([sys.executable, "-m", "designer", "--version"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.startswith("designer ")
