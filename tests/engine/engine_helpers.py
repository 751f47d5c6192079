"""Engine test helpers (tests import them as ``engine_helpers``; the fixtures are in conftest.py): a harness and pipeline writers.

The in-memory sink and cache are the engine's own :mod:`designer.engine.memory`.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from designer.engine.events import FanOut
from designer.engine.memory import MemoryCache, MemoryHistory, MemorySink
from designer.engine.runner import Runner, RunResult
from designer.workspace import ComputeTarget, Settings

PIPELINES = Path(__file__).parent / "pipelines"


def make_settings(root: Path, max_parallel: int = 4, **targets: int) -> Settings:
    compute = {"local": ComputeTarget("local", "local", max_parallel)}
    for name, n in targets.items():
        compute[name] = ComputeTarget(name, "local", n)
    return Settings(db_url=f"sqlite:///{root / 'db'}", artifact_root=str(root / ".designer" / "runs"),
                    compute=compute, heartbeat_s=0.2)


class Harness:
    """A workspace folder, a runner over it, and its in-memory sink and cache."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.sink = MemorySink()
        self.cache = MemoryCache()
        self.history = MemoryHistory()  # across runs, as the store is
        self.settings = make_settings(root)

    def runner(self, **kwargs: Any) -> Runner:
        self.sink = MemorySink()
        return Runner(self.settings, self.settings.artifact_root, FanOut(self.sink, self.history), self.cache,
                      history=self.history, **kwargs)

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return path

    def run(self, pipeline: str | Path, *, during: Callable[[Any], Any] | None = None, **kwargs: Any) -> RunResult:
        """Run ``pipeline`` (a path, or a name under the workspace) to its end."""
        path = Path(pipeline)
        if not path.is_absolute():
            path = self.root / path
        runner_kwargs = {k: kwargs.pop(k) for k in ("cancel_requested", "grace_s", "resolver") if k in kwargs}
        runner = self.runner(**runner_kwargs)

        async def go() -> RunResult:
            handle = await runner.start(path, **kwargs)
            if during is not None:
                await during(handle)
            return await handle.wait()

        return asyncio.run(go())


def states(result: RunResult) -> dict[str, str]:
    return {name: r.state for name, r in result.steps.items()}


def toy_pipeline(h: Harness, name: str, jobs: dict[str, dict[str, Any]], *, inputs: dict[str, Any] | None = None,
                 settings: dict[str, Any] | None = None) -> Path:
    """Write ``<name>.yml`` in the workspace with the toy components copied next to it.

    Each job is ``{"c": "step"|"need", "in": {...}, **other job keys}``; ``in`` values starting with
    ``@job`` bind to that job's ``out`` output.
    """
    import shutil

    import yaml

    toy = h.root / "toy"
    if not toy.exists():
        shutil.copytree(PIPELINES / "toy", toy)
    doc: dict[str, Any] = {
        "$schema": "https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json",
        "type": "pipeline",
        "settings": {"default_compute": "azureml:serverless", **(settings or {})},
    }
    if inputs:
        doc["inputs"] = inputs
    doc["jobs"] = {}
    for job, spec in jobs.items():
        spec = dict(spec)
        kind = spec.pop("c", "step")
        ins = {}
        for k, v in spec.pop("in", {}).items():
            if isinstance(v, str) and v.startswith("@"):
                v = f"${{{{parent.jobs.{v[1:]}.outputs.out}}}}"
            ins[k] = v
        doc["jobs"][job] = {"type": "command", "component": f"./toy/{kind}.yml", "inputs": ins, **spec}
    path = h.root / f"{name}.yml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def designer_run_json(designer_exe: list[str], workspace: Path, file: str = "pipeline.yml") -> dict[str, Any]:
    """``designer run FILE --json`` in ``workspace`` as a person runs it (a process of its own, the
    workspace's settings, only DESIGNER_ENVIRONMENTS of this process's DESIGNER_ variables): its JSON
    answer, once it exited 0."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_") or k == "DESIGNER_ENVIRONMENTS"}
    proc = subprocess.run([*designer_exe, "run", file, "--json", "--workspace", str(workspace)],
                          capture_output=True, text=True, cwd=workspace, env=env, timeout=600)
    data: dict[str, Any] = json.loads(proc.stdout)
    assert proc.returncode == 0, data.get("error")
    return data
