"""Workspace settings: defaults, designer.toml, DESIGNER_* overrides, and path safety."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from designer.errors import ConfigError
from designer.workspace import LOCAL, Workspace, compute_name


def test_defaults_need_no_file(tmp_path: Path) -> None:
    ws = Workspace(tmp_path, environ={})
    s = ws.settings
    assert s.db_url == f"sqlite:///{tmp_path.resolve() / '.designer' / 'designer.db'}"
    assert list(s.compute) == [LOCAL]
    assert s.compute[LOCAL].max_parallel == len(os.sched_getaffinity(0))
    assert ws.runs_dir == tmp_path.resolve() / ".designer" / "runs"


def test_toml_and_environment_overrides(tmp_path: Path) -> None:
    (tmp_path / "designer.toml").write_text(
        '[compute.local]\nmax_parallel = 3\n[compute.gpu]\nkind = "dask"\naddress = "tcp://127.0.0.1:8786"\n'
        "resources = { GPU = 1 }\n"
    )
    ws = Workspace(tmp_path, environ={"DESIGNER_MAX_PARALLEL": "5", "DESIGNER_COMPUTE_BIG_ADDRESS": "tcp://h:1",
                                      "DESIGNER_COMPUTE_BIG_RESOURCES": "MEM=64e9,CPU=16"})
    c = ws.settings.compute
    assert c["local"].max_parallel == 5
    assert (c["gpu"].kind, c["gpu"].address, c["gpu"].resources) == ("dask", "tcp://127.0.0.1:8786", {"GPU": 1.0})
    assert c["big"].resources == {"MEM": 64e9, "CPU": 16.0}
    target, warning = ws.settings.target("azureml:gpu")
    assert target.name == "gpu" and warning is None
    target, warning = ws.settings.target("azureml:cpu-cluster")
    assert target.name == "local" and warning and "cpu-cluster" in warning


@pytest.mark.parametrize(("value", "name"), [("azureml:gpu", "gpu"), ("gpu", "gpu"), ("azureml:serverless", "local"), (None, None)])
def test_compute_names(value: str | None, name: str | None) -> None:
    assert compute_name(value) == name


def test_bad_settings_name_the_key(tmp_path: Path) -> None:
    (tmp_path / "designer.toml").write_text('[compute.gpu]\nkind = "dask"\n')
    with pytest.raises(ConfigError, match=r"compute\.gpu.*address"):
        Workspace(tmp_path, environ={})
    (tmp_path / "designer.toml").write_text("[compute\n")
    with pytest.raises(ConfigError, match=r"designer\.toml"):
        Workspace(tmp_path, environ={})


def test_inside_refuses_escapes(tmp_path: Path) -> None:
    ws = Workspace(tmp_path, environ={})
    (tmp_path / "a").mkdir()
    assert ws.inside("a") == tmp_path.resolve() / "a"
    with pytest.raises(ConfigError):
        ws.inside("../etc/passwd")
    (tmp_path / "link").symlink_to("/etc")
    with pytest.raises(ConfigError):
        ws.inside("link/passwd")


def test_validate_json_output(tmp_path: Path) -> None:
    pipe = tmp_path / "p.yml"
    pipe.write_text("type: pipeline\njobs:\n  A-b:\n    command: echo hi\n")
    proc = subprocess.run([sys.executable, "-m", "designer", "validate", str(pipe), "--json", "-w", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    data = json.loads(proc.stdout)
    assert data["valid"] is False
    assert data["problems"][0]["code"] == "job.bad_name" and data["problems"][0]["line"] == 3


def test_missing_workspace_is_a_clear_error(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "designer", "components", "list", "-w", str(tmp_path / "nope")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "does not exist" in proc.stderr and "Traceback" not in proc.stderr
