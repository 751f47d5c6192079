"""A component whose ``code`` is the workspace root must not snapshot the workspace's own state."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def test_code_at_workspace_root_runs_and_is_reused(tmp_path: Path) -> None:
    (tmp_path / "comp.yml").write_text(
        "type: command\nname: hello\ncode: .\nenvironment: azureml:x:1\ninputs:\n  t: {type: string}\n"
        "outputs:\n  o: {type: uri_folder}\ncommand: echo ${{inputs.t}} > ${{outputs.o}}/x.txt && ls -a\n"
    )
    (tmp_path / "p.yml").write_text("type: pipeline\njobs:\n  a:\n    component: ./comp.yml\n    inputs:\n      t: hi\n")
    (tmp_path / ".git").mkdir()
    cmd = [sys.executable, "-m", "designer", "run", "p.yml", "-w", str(tmp_path), "--json"]
    first = json.loads(subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=True).stdout)
    assert first["steps"]["a"]["status"] == "completed"
    listing = (tmp_path / ".designer" / "runs" / first["run_id"] / "a" / "logs" / "stdout.txt").read_text().split()
    assert ".designer" not in listing and ".git" not in listing and "comp.yml" in listing
    second = json.loads(subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=True).stdout)
    assert second["steps"]["a"]["status"] == "cached"  # the run store's own writes do not change the code hash
