"""The names Dask workers import by module and name are a contract: they must stay where they are."""

from __future__ import annotations

import importlib
import pickle

import designer.engine.executors.dask.worker as worker


def test_every_name_in_worker_all_exists_and_is_importable_by_name() -> None:
    assert set(worker.__all__) == {"RemoteStep", "env_probe_on_worker", "prepare_env_on_worker", "probe_on_worker",
                                  "run_on_worker", "signal_on_worker"}
    module = importlib.import_module("designer.engine.executors.dask.worker")
    for name in worker.__all__:
        obj = getattr(module, name)
        assert obj.__module__ == "designer.engine.executors.dask.worker", name
        assert obj.__qualname__ == name  # pickled by reference: module + qualified name
        assert pickle.loads(pickle.dumps(obj)) is obj


def test_the_worker_module_does_not_pull_in_the_runner_side() -> None:
    import subprocess
    import sys

    code = ("import sys, designer.engine.executors.dask.worker; "
            "bad = [m for m in ('designer.engine.executors.dask.executor', 'designer.engine.runner', "
            "'designer.engine.executors.dask.step') if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
