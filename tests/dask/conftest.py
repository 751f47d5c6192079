"""Fixtures of the scale-out tests: a real Dask cluster on loopback.

``DESIGNER_TEST_DASK`` (set by ``.ci/test``) names a running scheduler with two workers: ``plain``
and ``gpu`` (``GPU=1``). Without it the session starts the same cluster as subprocesses on free
loopback ports and stops it at the end. Tests that kill a worker start their own extra worker.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from dask_helpers import Cluster, dask_cli, free_port, start_worker, stop

_ADDRESS_AT_IMPORT = os.environ.get("DESIGNER_TEST_DASK")  # read before any fixture clears DESIGNER_*


@pytest.fixture(scope="session")
def dask_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("dask")


@pytest.fixture(scope="session")
def dask_address(dask_logs: Path) -> Iterator[str]:
    """The address of a scheduler with workers ``plain`` and ``gpu`` (GPU=1)."""
    if _ADDRESS_AT_IMPORT:
        yield _ADDRESS_AT_IMPORT
        return
    address = f"tcp://127.0.0.1:{free_port()}"
    log = open(dask_logs / "scheduler.log", "wb")  # noqa: SIM115 - the child keeps it
    scheduler = subprocess.Popen([*dask_cli(), "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                                  "--no-dashboard"], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    log.close()
    procs = [scheduler]
    try:
        procs.append(start_worker(address, "plain", dask_logs))
        procs.append(start_worker(address, "gpu", dask_logs, resources="GPU=1"))
        yield address
    finally:
        for proc in reversed(procs):
            stop(proc)


@pytest.fixture
def cluster(tmp_path: Path, dask_address: str) -> Cluster:
    root = tmp_path / "ws"
    root.mkdir()
    return Cluster(root, dask_address)
