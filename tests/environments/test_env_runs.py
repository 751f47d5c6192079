"""Runs whose steps run in the environments they declare: built with uv, reused, fingerprinted by lock."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from env_helpers import pipeline, probe_component, write_conda

from designer.engine.memory import MemoryCache, MemorySink
from designer.engine.results import RunResult
from designer.engine.runner import Runner
from designer.errors import RunError
from designer.workspace import Workspace

pytestmark = pytest.mark.environments


def _run(ws: Path, file: Path, sink: MemorySink, cache: MemoryCache) -> RunResult:
    workspace = Workspace(ws)
    runner = Runner(workspace.settings, workspace.runs_dir, sink, cache, state_dir=workspace.state_dir)
    return asyncio.run(runner.run(file))


def _probe(result: RunResult, step: str) -> dict[str, str]:
    return json.loads((Path(result.steps[step].outputs["out"]) / "probe.json").read_text(encoding="utf-8"))


@pytest.fixture
def two_envs(workspace: Path, env_cache: Path) -> Path:
    write_conda(workspace, "old_env.yml", "3.10", "six==1.15.0")
    write_conda(workspace, "new_env.yml", "3.12", "six==1.16.0")
    probe_component(workspace, "probe_old", "{conda_file: ./old_env.yml, image: python:3.10-slim}")
    probe_component(workspace, "probe_new", "{conda_file: ./new_env.yml}")
    return pipeline(workspace, {"old": "probe_old.yml", "new": "probe_new.yml"})


def test_two_steps_two_pythons_two_versions_then_reuse_then_only_the_changed_one(two_envs: Path,
                                                                                  workspace: Path) -> None:
    sink, cache = MemorySink(), MemoryCache()
    first = _run(workspace, two_envs, sink, cache)
    assert first.ok, first.error
    old, new = _probe(first, "old"), _probe(first, "new")
    assert (old["python"], old["six"]) == ("3.10", "1.15.0")
    assert (new["python"], new["six"]) == ("3.12", "1.16.0")
    assert old["prefix"] != new["prefix"] and old["executable"] != sys.executable
    for step in ("old", "new"):
        states = sink.states(step)
        assert states[:2] == ["preparing", "running"] or "preparing" in states, states
        log = (first.run_dir / step / "logs" / "stderr.txt").read_text(encoding="utf-8")
        assert "[environment] building environment" in log
    record = json.loads((first.run_dir / "environments.json").read_text(encoding="utf-8"))
    assert record["mode"] == "build" and record["steps"]["old"]["lock_hash"] != record["steps"]["new"]["lock_hash"]

    sink2 = MemorySink()
    second = _run(workspace, two_envs, sink2, cache)
    assert [second.steps[s].state for s in ("old", "new")] == ["cached", "cached"]
    assert "preparing" not in sink2.states("old") + sink2.states("new")

    write_conda(workspace, "new_env.yml", "3.12", "six==1.15.0")  # only 'new' uses this file
    third = _run(workspace, two_envs, MemorySink(), cache)
    assert third.steps["old"].state == "cached" and third.steps["new"].state == "completed"
    assert _probe(third, "new")["six"] == "1.15.0"


def test_current_mode_runs_with_the_designers_interpreter(two_envs: Path, workspace: Path) -> None:
    (workspace / "designer.toml").write_text('[environments]\nmode = "current"\n', encoding="utf-8")
    result = _run(workspace, two_envs, MemorySink(), MemoryCache())
    assert result.ok, result.error
    assert Path(_probe(result, "old")["prefix"]) == Path(sys.prefix)
    assert json.loads((result.run_dir / "environments.json").read_text(encoding="utf-8"))["mode"] == "current"


def test_an_unresolvable_environment_fails_the_run_before_any_step(workspace: Path, env_cache: Path) -> None:
    write_conda(workspace, "ok.yml", "3.12", "six==1.16.0")
    probe_component(workspace, "fine", "{conda_file: ./ok.yml}")
    probe_component(workspace, "bad", "azureml:team-env:3")
    file = pipeline(workspace, {"fine": "fine.yml", "bad": "bad.yml"})
    sink = MemorySink()
    with pytest.raises(RunError) as err:
        _run(workspace, file, sink, MemoryCache())
    text = str(err.value)
    assert "step 'bad'" in text and "azureml:team-env:3" in text and "designer environments register" in text
    assert sink.events == []  # nothing started, nothing recorded


def test_a_python_that_is_not_installed_fails_the_run_naming_it(workspace: Path, env_cache: Path) -> None:
    write_conda(workspace, "old.yml", "3.4", "six")
    probe_component(workspace, "ancient", "{conda_file: ./old.yml}")
    with pytest.raises(RunError, match=r"step 'ancient'.*Python 3\.4 is not installed"):
        _run(workspace, pipeline(workspace, {"ancient": "ancient.yml"}), MemorySink(), MemoryCache())


def test_a_requirement_not_on_the_index_fails_the_step_with_the_installers_message(workspace: Path,
                                                                                   env_cache: Path) -> None:
    write_conda(workspace, "env.yml", "3.12", "designer-no-such-package-4f2a==1.0")
    probe_component(workspace, "missing", "{conda_file: ./env.yml}")
    result = _run(workspace, pipeline(workspace, {"missing": "missing.yml"}), MemorySink(), MemoryCache())
    assert result.steps["missing"].state == "failed"
    assert "designer-no-such-package-4f2a" in (result.steps["missing"].message or "")


def test_image_only_runs_on_this_machines_python_and_hints_at_a_conda_file(workspace: Path, env_cache: Path) -> None:
    src = workspace / "src"
    src.mkdir()
    (src / "needs.py").write_text("import yaml\n", encoding="utf-8")
    (workspace / "needs.yml").write_text(
        "type: command\nname: needs\nversion: '1'\ncode: ./src\n"
        "environment: {image: 'mcr.microsoft.com/azureml/openmpi5.0-ubuntu24.04:latest'}\ncommand: python needs.py\n",
        encoding="utf-8")
    result = _run(workspace, pipeline(workspace, {"needs": "needs.yml"}), MemorySink(), MemoryCache())
    assert result.steps["needs"].state == "failed"  # the designer has pyyaml; a plain environment does not
    log = (result.run_dir / "needs" / "logs" / "stderr.txt").read_text(encoding="utf-8")
    assert "was not used" in log and "ModuleNotFoundError" in log and "designer: hint:" in log
    assert "conda_file" in (result.steps["needs"].message or "")


WORKSPACE_RUN = [sys.executable, "-m", "designer", "run"]


def test_two_concurrent_runs_build_one_environment_once(tmp_path: Path, env_cache: Path) -> None:
    procs = []
    for i in range(2):
        ws = tmp_path / f"ws{i}"
        ws.mkdir()
        write_conda(ws, "env.yml", "3.12", "six==1.16.0", "tomli==2.0.1")
        probe_component(ws, "probe", "{conda_file: ./env.yml}")
        file = pipeline(ws, {"probe": "probe.yml"})
        env = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_")} | {"DESIGNER_ENV_CACHE": str(env_cache)}
        procs.append((ws, subprocess.Popen([*WORKSPACE_RUN, str(file), "--workspace", str(ws), "--json"], cwd=ws, env=env,
                                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)))
    builds = 0
    for ws, proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        run_id = json.loads(out)["run_id"]
        builds += (ws / ".designer" / "runs" / run_id / "probe" / "logs" / "stderr.txt").read_text(
            encoding="utf-8").count("[environment] building environment")
    assert builds == 1
    assert len([p for p in env_cache.iterdir() if p.is_dir() and not p.name.startswith(".")]) == 1


def test_designer_run_exits_2_naming_step_and_environment(workspace: Path, env_cache: Path) -> None:
    probe_component(workspace, "curated", "azureml:AzureML-sklearn-9.9@latest")
    file = pipeline(workspace, {"fit": "curated.yml"})
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_")} | {"DESIGNER_ENV_CACHE": str(env_cache)}
    proc = subprocess.run([*WORKSPACE_RUN, str(file), "--workspace", str(workspace)], cwd=workspace, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "step 'fit'" in proc.stderr and "unknown curated environment" in proc.stderr
    assert "Traceback" not in proc.stderr
