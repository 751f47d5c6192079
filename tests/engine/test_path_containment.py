"""A name that becomes a path never reaches outside the run folder (red-team finding 2).

Through the CLI (``designer validate`` and ``designer run`` of an inline command job whose output
name climbs out of the workspace) and at the last line, where the runner replaces folders
(``prepare_outputs`` / ``commit_outputs`` refuse before touching anything).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from designer.engine.artifacts import StepDirs, commit_outputs, prepare_outputs
from designer.errors import RunError

ESCAPE = "../../../../../../victim"

INLINE = """
type: pipeline
jobs:
  writer:
    type: command
    environment: azureml:x@latest
    command: echo hi
    inputs:
      {input}: hello
    outputs:
      {output}:
        type: uri_folder
"""


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    folder = tmp_path / "victim"  # the workspace is tmp_path/ws: six levels up from a step's outputs
    folder.mkdir()
    (folder / "precious.txt").write_text("keep me")
    return folder


def _cli(exe: list[str], ws: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_") or k == "DESIGNER_ENVIRONMENTS"}
    return subprocess.run([*exe, *args, "--workspace", str(ws)], capture_output=True, text=True, cwd=ws, env=env,
                          timeout=120)


@pytest.mark.parametrize("field", ["output", "input"])
def test_inline_job_port_names_are_checked_by_validate_and_run(designer_exe: list[str], workspace: Path,
                                                               victim: Path, field: str) -> None:
    names = {"input": "x", "output": "out", field: ESCAPE}
    (workspace / "p.yml").write_text(INLINE.format(input=f'"{names["input"]}"', output=f'"{names["output"]}"'))
    checked = _cli(designer_exe, workspace, "validate", "p.yml")
    assert checked.returncode == 2, checked.stdout + checked.stderr
    said = checked.stdout + checked.stderr
    assert f"{field} name '{ESCAPE}' is not valid" in said and "p.yml:" in said and f"{field}.bad_name" in said
    assert "Traceback" not in said
    ran = _cli(designer_exe, workspace, "run", "p.yml")
    assert ran.returncode == 2 and "Traceback" not in ran.stderr, ran.stderr
    assert (victim / "precious.txt").read_text() == "keep me"


def test_commit_refuses_a_name_outside_the_outputs_folder(tmp_path: Path, victim: Path) -> None:
    dirs = StepDirs(tmp_path / "runs" / "r1" / "step")
    (dirs.staging("ok")).mkdir(parents=True)
    escape = "../../../../victim"  # from runs/r1/step/outputs up to tmp_path
    assert (dirs.outputs / escape).resolve() == victim.resolve()
    with pytest.raises(RunError, match="outside the step's folder"):
        commit_outputs(dirs, {"ok": "uri_folder", escape: "uri_folder"})
    assert (victim / "precious.txt").read_text() == "keep me"
    assert dirs.staging("ok").is_dir() and not dirs.final("ok").exists()  # refused before anything moved


def test_prepare_refuses_before_creating_anything(tmp_path: Path, victim: Path) -> None:
    dirs = StepDirs(tmp_path / "runs" / "r1" / "step")
    for bad in ("../../../../victim", "..", "a/b", ""):
        with pytest.raises(RunError):
            prepare_outputs(dirs, {bad: "uri_folder"})
    assert not dirs.outputs.exists()
    assert sorted(p.name for p in victim.iterdir()) == ["precious.txt"]


def test_a_staging_folder_that_is_a_symlink_out_is_refused(tmp_path: Path, victim: Path) -> None:
    dirs = StepDirs(tmp_path / "runs" / "r1" / "step")
    dirs.outputs.mkdir(parents=True)
    dirs.staging("out").symlink_to(victim, target_is_directory=True)
    with pytest.raises(RunError):
        prepare_outputs(dirs, {"out": "uri_folder"})
    assert (victim / "precious.txt").read_text() == "keep me"
