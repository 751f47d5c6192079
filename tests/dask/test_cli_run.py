"""``designer run`` sends steps to the Dask targets of designer.toml with no extra wiring."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from dask_helpers import free_port

pytestmark = pytest.mark.dask

PIPELINE = """\
type: pipeline
jobs:
  make:
    type: command
    compute: local
    outputs: {data: }
    environment: azureml:x@latest
    command: echo hello > ${{outputs.data}}/v.txt
  shout:
    type: command
    compute: azureml:gpu
    inputs: {x: "${{parent.jobs.make.outputs.data}}"}
    outputs: {data: }
    environment: azureml:x@latest
    command: tr a-z A-Z < ${{inputs.x}}/v.txt > ${{outputs.data}}/v.txt
"""


def _run(exe: list[str], ws: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*exe, "run", "p.yml", "--json", "--workspace", str(ws)], cwd=ws, capture_output=True,
                          text=True, env=env, timeout=180)


def test_designer_run_uses_dask_targets_and_reuses_them(tmp_path: Path, dask_address: str,
                                                       designer_exe: list[str]) -> None:
    (tmp_path / "designer.toml").write_text(
        f'[compute.gpu]\nkind = "dask"\naddress = "{dask_address}"\nresources = {{ GPU = 1 }}\n')
    (tmp_path / "p.yml").write_text(PIPELINE)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_") or k == "DESIGNER_ENVIRONMENTS"}
    first = _run(designer_exe, tmp_path, env)
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    shown = subprocess.run([*designer_exe, "runs", "show", data["run_id"], "--json", "--workspace", str(tmp_path)],
                           capture_output=True, text=True, env=env, timeout=60)
    steps = json.loads(shown.stdout)["steps"]
    assert steps["make"]["worker"].startswith("local")
    assert steps["shout"]["worker"].startswith("gpu")
    assert Path(data["steps"]["shout"]["outputs"]["data"], "v.txt").read_text() == "HELLO\n"
    again = json.loads(_run(designer_exe, tmp_path, env).stdout)
    assert {s["status"] for s in again["steps"].values()} == {"cached"}


def test_designer_run_refuses_an_unreachable_scheduler_before_starting(tmp_path: Path, designer_exe: list[str]) -> None:
    far = f"tcp://127.0.0.1:{free_port()}"
    (tmp_path / "designer.toml").write_text(f'[compute.gpu]\nkind = "dask"\naddress = "{far}"\n')
    (tmp_path / "p.yml").write_text(PIPELINE)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_") or k == "DESIGNER_ENVIRONMENTS"}
    done = _run(designer_exe, tmp_path, env)
    assert done.returncode == 2
    assert far in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / ".designer" / "runs").exists() or not any((tmp_path / ".designer" / "runs").iterdir())
