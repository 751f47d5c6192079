"""``designer compute list``: every target, and whether its scheduler answers."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from dask_helpers import free_port

pytestmark = pytest.mark.dask


def test_compute_list_shows_targets_and_reachability(tmp_path: Path, dask_address: str,
                                                     designer_exe: list[str]) -> None:
    far = f"tcp://127.0.0.1:{free_port()}"
    (tmp_path / "designer.toml").write_text(
        f'[compute.local]\nmax_parallel = 3\n\n'
        f'[compute.gpu]\nkind = "dask"\naddress = "{dask_address}"\nresources = {{ GPU = 1 }}\n\n'
        f'[compute.tpu]\naddress = "{dask_address}"\nresources = {{ TPU = 1 }}\n\n'
        f'[compute.far]\nkind = "dask"\naddress = "{far}"\nmax_parallel = 2\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_") or k == "DESIGNER_ENVIRONMENTS"} | {"COLUMNS": "200"}
    done = subprocess.run([*designer_exe, "compute", "list", "--json", "--timeout", "1", "--workspace", str(tmp_path)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    rows = {r["name"]: r for r in json.loads(done.stdout)["targets"]}
    assert list(rows) == ["local", "far", "gpu", "tpu"]
    assert (rows["local"]["kind"], rows["local"]["max_parallel"], rows["local"]["reachable"]) == ("local", 3, True)
    assert rows["gpu"]["reachable"] is True and rows["gpu"]["resources"] == {"GPU": 1.0}
    assert [w.split(" ")[0] for w in rows["gpu"]["workers"]] == ["gpu"]
    assert rows["tpu"]["reachable"] is True and rows["tpu"]["workers"] == []
    assert "no worker offers TPU=1" in rows["tpu"]["error"]
    assert rows["far"]["reachable"] is False and rows["far"]["max_parallel"] == 2
    assert f"cannot reach the Dask scheduler at {far}" in rows["far"]["error"]
    assert "import distributed" not in done.stderr

    text = subprocess.run([*designer_exe, "compute", "list", "--timeout", "1", "--workspace", str(tmp_path)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert text.returncode == 0
    assert "gpu" in text.stdout and dask_address in text.stdout and "GPU=1" in text.stdout
    assert "far:" in text.stderr and far in text.stderr
