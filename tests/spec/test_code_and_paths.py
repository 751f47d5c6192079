"""Validation catches what used to pass and then fail every step at run time (red-team finding 11).

A broken symbolic link in a code folder, ``code: /``, and a component path that is a folder.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from designer.spec.validate import errors_of, validate

COMPONENT = """
name: sub
type: command
command: echo hi
environment: azureml:x@latest
code: {code}
"""


def _codes(path: Path) -> dict[str, str]:
    return {p.code: p.format() for p in errors_of(validate(path))}


def test_broken_link_in_code_folder(tmp_path: Path) -> None:
    (tmp_path / "src" / "data").mkdir(parents=True)
    (tmp_path / "src" / "main.py").write_text("print('hi')\n")
    (tmp_path / "src" / "data" / "train.csv").symlink_to(tmp_path / "gone.csv")
    (tmp_path / "src" / ".venv").mkdir()  # what a snapshot leaves out is not looked at
    (tmp_path / "src" / ".venv" / "python").symlink_to("/nonexistent/python")
    comp = tmp_path / "component.yml"
    comp.write_text(COMPONENT.format(code="./src"))
    found = _codes(comp)
    assert set(found) == {"code.broken_link"}, found
    message = found["code.broken_link"]
    assert "component.yml:6:" in message and "'data/train.csv' ->" in message and ".venv" not in message
    (tmp_path / "gone.csv").write_text("a,b\n")
    assert _codes(comp) == {}


def test_code_that_is_the_file_system_root(tmp_path: Path) -> None:
    pipeline = tmp_path / "p.yml"
    pipeline.write_text("type: pipeline\njobs:\n  c:\n    command: echo hi\n    code: /\n"
                        "    environment: azureml:x@latest\n")
    found = _codes(pipeline)
    assert "code.root" in found and "p.yml:5:" in found["code.root"] and "whole file system" in found["code.root"]


def test_missing_code_folder_is_an_error(tmp_path: Path) -> None:
    comp = tmp_path / "component.yml"
    comp.write_text(COMPONENT.format(code="./nowhere"))
    assert "code.not_found" in _codes(comp)


def test_component_path_that_is_a_folder_names_the_file_inside(tmp_path: Path, designer_exe: list[str]) -> None:
    (tmp_path / "comp" / "sub").mkdir(parents=True)
    (tmp_path / "comp" / "sub" / "component.yml").write_text(COMPONENT.format(code="."))
    pipeline = tmp_path / "p.yml"
    pipeline.write_text("type: pipeline\njobs:\n  a:\n    component: ./comp/sub\n")
    found = _codes(pipeline)
    assert set(found) == {"component.is_folder"}, found
    assert "is a folder" in found["component.is_folder"] and "'component: ./comp/sub/component.yml'" in \
        found["component.is_folder"] and "does not exist" not in found["component.is_folder"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_") or k == "DESIGNER_ENVIRONMENTS"}
    proc = subprocess.run([*designer_exe, "validate", str(pipeline), "--workspace", str(tmp_path)],
                          capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "[component.is_folder]" in proc.stderr
