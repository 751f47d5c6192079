"""A Dask step runs in its declared environment, built (once) by its worker in the worker's own cache.

The worker ``envw`` (resource ``ENVW=1``) has a cache folder of its own (``DESIGNER_ENV_CACHE`` in its
environment); the runner has another, which must stay empty: the runner resolves the definition, the
worker builds it. The environment pins toolz 0.12.0, while the designer (and the worker's own
interpreter) has another toolz. A worker without uv is reported before any step starts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from dask_helpers import Cluster, dask_target, start_worker, stop, wait_for_worker

from designer.errors import RunError

pytestmark = pytest.mark.dask

PROBE = """
    import json, os, sys
    info = {"python": "%d.%d" % sys.version_info[:2], "executable": sys.executable, "prefix": sys.prefix}
    try:
        import toolz
        info["toolz"] = toolz.__version__
    except ImportError:
        info["toolz"] = None
    with open(os.path.join(sys.argv[1], "probe.json"), "w") as fh:
        json.dump(info, fh)
    print("probe", json.dumps(info))
"""

PIPELINE = """
    type: pipeline
    settings: {default_compute: local}
    jobs:
      probe:
        type: command
        compute: envw
        code: ./src
        outputs: {out: }
        environment: {conda_file: ./env.yml}
        command: python probe.py ${{outputs.out}}
"""

CONDA = """
    name: pinned
    channels: [conda-forge]
    dependencies:
      - python=3.12
      - pip:
        - toolz==0.12.0
"""


@pytest.fixture(scope="module")
def env_worker(dask_address: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A worker ``envw`` (ENVW=1) with its own environment cache; yields that cache folder."""
    logs = tmp_path_factory.mktemp("envw")
    cache = logs / "worker-env-cache"
    proc = start_worker(dask_address, "envw", logs, resources="ENVW=1", env={"DESIGNER_ENV_CACHE": str(cache)})
    try:
        yield cache
    finally:
        stop(proc)
        wait_for_worker(dask_address, "envw", present=False)


def _cluster(cluster: Cluster) -> Cluster:
    c = Cluster(cluster.root, cluster.address,
                extra={"envw": dask_target("envw", cluster.address, resources={"ENVW": 1.0})})
    c.write("src/probe.py", PROBE)
    c.write("env.yml", CONDA)
    return c


def _probe(result: object) -> dict[str, object]:
    run_dir = result.run_dir  # type: ignore[attr-defined]
    return json.loads((run_dir / "probe" / "outputs" / "out" / "probe.json").read_text(encoding="utf-8"))


def _built(cache: Path) -> list[Path]:
    return sorted(p for p in cache.iterdir() if p.is_dir() and not p.name.startswith(".")) if cache.is_dir() else []


def test_a_dask_step_runs_in_its_environment_built_by_the_worker_then_reuses_it(
        cluster: Cluster, env_worker: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner_cache = tmp_path / "runner-env-cache"
    monkeypatch.setenv("DESIGNER_ENV_CACHE", str(runner_cache))
    monkeypatch.setenv("DESIGNER_ENVIRONMENTS", "build")
    import toolz

    assert toolz.__version__ != "0.12.0"  # the designer's own toolz differs from the one the step pins
    c = _cluster(cluster)
    pipeline = c.write("p.yml", PIPELINE)

    first = c.run(pipeline)
    assert first.state == "completed", first.steps["probe"].message
    seen = _probe(first)
    assert (seen["python"], seen["toolz"]) == ("3.12", "0.12.0")
    assert Path(str(seen["executable"])).is_relative_to(env_worker)  # the worker's cache, not the runner's
    assert "envw" in (first.steps["probe"].worker or "")
    states = [ev.state for ev in c.sink.changes("probe")]
    assert "preparing" in states and states.index("preparing") < states.index("running"), states
    log = (first.run_dir / "probe" / "logs" / "stderr.txt").read_text(encoding="utf-8")
    assert "[environment] building environment" in log and "toolz==0.12.0" in log
    assert _built(runner_cache) == []  # the runner resolved it; only the worker built it
    (env_dir,) = _built(env_worker)
    on_worker = json.loads((env_dir / "designer-env.json").read_text(encoding="utf-8"))
    record = json.loads((first.run_dir / "environments.json").read_text(encoding="utf-8"))
    assert record["mode"] == "build"
    assert record["steps"]["probe"]["lock_hash"] == on_worker["lock_hash"]  # the lock is the worker's
    assert record["steps"]["probe"]["python_version"].startswith("3.12.") and record["steps"]["probe"]["built_now"]
    assert on_worker["lock"]["toolz"] == "0.12.0"

    second = c.run(pipeline)
    assert second.steps["probe"].state == "cached"

    inode = env_dir.stat().st_ino
    third = c.run(pipeline, force_rerun=True)
    assert third.steps["probe"].state == "completed", third.steps["probe"].message
    assert _probe(third)["executable"] == seen["executable"]
    assert _built(env_worker) == [env_dir] and env_dir.stat().st_ino == inode  # found, not built again
    states = [ev.state for ev in c.sink.changes("probe")]
    assert "preparing" not in states, states
    assert "building environment" not in (third.run_dir / "probe" / "logs" / "stderr.txt").read_text(encoding="utf-8")


def test_current_mode_runs_a_dask_step_with_the_workers_interpreter(cluster: Cluster, env_worker: Path) -> None:
    assert os.environ.get("DESIGNER_ENVIRONMENTS") == "current"  # tests/conftest.py sets it for the suite
    c = _cluster(cluster)
    result = c.run(c.write("p.yml", PIPELINE))
    assert result.state == "completed", result.steps["probe"].message
    seen = _probe(result)
    assert Path(str(seen["prefix"])) == Path(sys.prefix)  # the worker runs this venv's interpreter
    assert seen["toolz"] != "0.12.0"
    assert json.loads((result.run_dir / "environments.json").read_text(encoding="utf-8"))["mode"] == "current"


@pytest.fixture
def no_uv_worker(dask_address: str, tmp_path: Path) -> Iterator[str]:
    """A worker ``nouv`` (NOUV=1) where uv is not installed: not on PATH, and its Python package absent."""
    shadow = tmp_path / "no-uv" / "uv"
    shadow.mkdir(parents=True)
    # stands for the PyPI package not being installed in the worker's environment
    (shadow / "__init__.py").write_text("raise ImportError('No module named uv')\n", encoding="utf-8")
    path = os.pathsep.join(p for p in ("/usr/local/bin", "/usr/bin", "/bin")
                           if not (Path(p) / "uv").exists())
    proc = start_worker(dask_address, "nouv", tmp_path, resources="NOUV=1",
                        env={"PATH": path, "PYTHONPATH": str(shadow.parent), "DESIGNER_ENV_CACHE": str(tmp_path / "c")})
    try:
        yield "nouv"
    finally:
        stop(proc)
        wait_for_worker(dask_address, "nouv", present=False)


def test_a_worker_without_uv_is_reported_by_the_probe_and_fails_the_run_before_any_step(
        cluster: Cluster, no_uv_worker: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        designer_exe: list[str]) -> None:
    monkeypatch.setenv("DESIGNER_ENVIRONMENTS", "build")
    monkeypatch.setenv("DESIGNER_ENV_CACHE", str(tmp_path / "runner-env-cache"))
    c = Cluster(cluster.root, cluster.address,
                extra={"nouv": dask_target("nouv", cluster.address, resources={"NOUV": 1.0})})
    c.write("env.yml", CONDA)
    c.write("src/probe.py", PROBE)
    pipeline = c.write("p.yml", PIPELINE.replace("compute: envw", "compute: nouv"))
    with pytest.raises(RunError) as caught:
        c.run(pipeline)
    text = str(caught.value)
    assert "compute target 'nouv'" in text and "worker nouv" in text and "has no uv" in text, text
    assert "pip install uv" in text and 'mode = "current"' in text
    assert c.sink.events == []  # nothing started

    (cluster.root / "designer.toml").write_text(
        f'[compute.nouv]\nkind = "dask"\naddress = "{cluster.address}"\nresources = {{ NOUV = 1 }}\n\n'
        f'[compute.plain]\nkind = "dask"\naddress = "{cluster.address}"\nworkers = ["plain"]\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_")} | {"COLUMNS": "200"}
    done = subprocess.run([*designer_exe, "compute", "list", "--json", "--workspace", str(cluster.root)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = {r["name"]: r for r in json.loads(done.stdout)["targets"]}
    (nouv,) = rows["nouv"]["environments"].values()
    assert nouv["uv"] is None and "uv is not installed" in nouv["uv_error"]
    assert "has no uv" in rows["nouv"]["error"]
    (plain,) = rows["plain"]["environments"].values()
    assert plain["uv"] and plain["uv_version"] and "3.12" in plain["pythons"]
    assert rows["plain"]["error"] is None
    text_out = subprocess.run([*designer_exe, "compute", "list", "--workspace", str(cluster.root)],
                              capture_output=True, text=True, env=env, timeout=120)
    assert "has no uv" in text_out.stderr and "pip install uv" in text_out.stderr
    assert "uv " in text_out.stdout and "3.12" in text_out.stdout  # each worker's uv and Pythons


SWEEP = """
    type: pipeline
    settings: {default_compute: local}
    jobs:
      tune:
        type: sweep
        compute: envw
        trial: ./trial.yml
        outputs: {out: }
        sampling_algorithm: grid
        search_space:
          x: {type: choice, values: [1, 2]}
        objective: {goal: maximize, primary_metric: x}
        limits: {max_total_trials: 2, max_concurrent_trials: 2}
"""

TRIAL = """
    type: command
    name: probe_trial
    inputs:
      x: {type: integer}
    outputs:
      out: {type: uri_folder}
    code: ./src
    environment: {conda_file: ./env.yml}
    command: >-
      python probe.py ${{outputs.out}} &&
      echo '{"name": "x", "value": ${{inputs.x}}}' >> "$DESIGNER_METRICS"
"""


def test_sweep_trials_on_a_dask_target_run_in_the_sweeps_environment_on_the_worker(
        cluster: Cluster, env_worker: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESIGNER_ENV_CACHE", str(tmp_path / "runner-env-cache"))
    monkeypatch.setenv("DESIGNER_ENVIRONMENTS", "build")
    c = _cluster(cluster)
    c.write("trial.yml", TRIAL)
    result = c.run(c.write("sweep.yml", SWEEP))
    assert result.state == "completed", {k: (s.state, s.message) for k, s in result.steps.items()}
    record = json.loads((result.run_dir / "environments.json").read_text(encoding="utf-8"))
    for trial in ("tune/trial_0000", "tune/trial_0001"):
        seen = json.loads((result.run_dir / trial / "outputs" / "out" / "probe.json").read_text(encoding="utf-8"))
        assert (seen["python"], seen["toolz"]) == ("3.12", "0.12.0")
        assert Path(str(seen["executable"])).is_relative_to(env_worker)
        assert record["steps"][trial]["lock_hash"] == record["steps"]["tune"]["lock_hash"]
    assert len(_built(env_worker)) == 1  # one environment for the sweep and all its trials
    assert _built(tmp_path / "runner-env-cache") == []


def test_before_a_run_the_runner_predicts_reuse_of_a_dask_step_from_the_lock_its_worker_answered(
        cluster: Cluster, env_worker: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    from designer.engine.executors.local import LocalExecutor
    from designer.engine.runner import Runner

    monkeypatch.setenv("DESIGNER_ENV_CACHE", str(tmp_path / "runner-env-cache"))
    monkeypatch.setenv("DESIGNER_ENVIRONMENTS", "build")
    c = _cluster(cluster)
    pipeline = c.write("p.yml", PIPELINE)

    async def scenario() -> tuple[dict[str, object], dict[str, object]]:
        dask = c.executor()  # one executor for the runner's life, as in `designer ui`
        runner = Runner(c.settings, c.runs, c.sink, c.cache, executors={"local": LocalExecutor(), "dask": dask})
        try:
            result = await runner.run(pipeline)
            assert result.state == "completed", result.steps["probe"].message
            after = runner.explain(pipeline)
            (c.root / "env.yml").write_text((c.root / "env.yml").read_text().replace("0.12.0", "0.11.2"))
            changed = runner.explain(pipeline)
            return after, changed
        finally:
            await dask.close()

    after, changed = asyncio.run(scenario())
    assert after["probe"]["decision"] == "reused", after
    assert changed["probe"]["decision"] == "ran", changed  # another definition: its lock is not known yet


def test_with_an_object_store_the_workers_build_log_comes_back_into_the_steps_log(
        cluster: Cluster, env_worker: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESIGNER_ENV_CACHE", str(tmp_path / "runner-env-cache"))
    monkeypatch.setenv("DESIGNER_ENVIRONMENTS", "build")
    c = Cluster(cluster.root, cluster.address, artifact_root=f"local://{tmp_path / 'store'}",
                extra={"envw": dask_target("envw", cluster.address, resources={"ENVW": 1.0})})
    c.write("src/probe.py", PROBE)
    c.write("env.yml", CONDA.replace("0.12.0", "0.11.2"))  # a definition this worker has not built yet
    result = c.run(c.write("p.yml", PIPELINE))
    assert result.state == "completed", result.steps["probe"].message
    seen = _probe(result)
    assert seen["toolz"] == "0.11.2" and Path(str(seen["executable"])).is_relative_to(env_worker)
    log = (result.run_dir / "probe" / "logs" / "stderr.txt").read_text(encoding="utf-8")
    assert "[environment] building environment" in log and "toolz==0.11.2" in log
    states = [ev.state for ev in c.sink.changes("probe")]
    assert "preparing" in states, states
    messages = [ev.message or "" for ev in c.sink.changes("probe") if ev.state == "preparing"]
    assert any("on a worker" in m for m in messages), messages


def test_an_environment_for_a_target_no_worker_offers_fails_that_step_clearly(
        cluster: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESIGNER_ENV_CACHE", str(tmp_path / "runner-env-cache"))
    monkeypatch.setenv("DESIGNER_ENVIRONMENTS", "build")
    c = _cluster(cluster)
    result = c.run(c.write("p.yml", PIPELINE.replace("compute: envw", "compute: tpu")))
    assert result.steps["probe"].state == "failed"
    message = result.steps["probe"].message or ""
    assert "needs TPU=1 (compute target 'tpu')" in message and "no worker" in message, message


def test_pre_flight_names_a_python_the_worker_does_not_have_and_accepts_an_unusual_one_it_has(
        cluster: Cluster, env_worker: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    from designer.engine.executors.local import LocalExecutor
    from designer.engine.runner import Runner

    monkeypatch.setenv("DESIGNER_ENV_CACHE", str(tmp_path / "runner-env-cache"))
    monkeypatch.setenv("DESIGNER_ENVIRONMENTS", "build")
    c = _cluster(cluster)
    pipeline = c.write("p.yml", PIPELINE)

    async def preflight(python: str) -> None:
        c.write("env.yml", CONDA.replace("python=3.12", f"python={python}"))
        dask = c.executor()
        runner = Runner(c.settings, c.runs, c.sink, c.cache, executors={"local": LocalExecutor(), "dask": dask})
        try:
            await dask.prepare(runner.plan(pipeline))
        finally:
            await dask.close()

    with pytest.raises(RunError) as caught:
        asyncio.run(preflight("3.4"))
    text = str(caught.value)
    assert "worker envw" in text and "has no Python 3.4 (it has 3." in text and "uv python install 3.4" in text, text
    old = sorted(p.name for p in Path.home().joinpath(".pyenv", "versions").glob("3.[67].*"))
    assert old, "this test needs a Python older than the probe's usual list (pyenv's 3.6 or 3.7)"
    asyncio.run(preflight(".".join(old[-1].split(".")[:2])))  # looked for although the usual probe skips it


def test_validate_leaves_the_python_of_a_dask_job_to_its_workers(tmp_path: Path, designer_exe: list[str]) -> None:
    ws = tmp_path / "ws"
    (ws / "src").mkdir(parents=True)
    (ws / "src" / "probe.py").write_text("print('hi')\n", encoding="utf-8")
    (ws / "old.yml").write_text("dependencies:\n  - python=3.4\n", encoding="utf-8")
    (ws / "designer.toml").write_text('[compute.far]\nkind = "dask"\naddress = "tcp://10.9.9.9:8786"\n',
                                      encoding="utf-8")
    job = ("  {name}:\n    type: command\n    compute: {compute}\n    code: ./src\n"
           "    environment: {{conda_file: ./old.yml}}\n    command: python probe.py\n")
    (ws / "remote.yml").write_text("type: pipeline\njobs:\n" + job.format(name="far_job", compute="azureml:far"),
                                   encoding="utf-8")
    (ws / "mixed.yml").write_text("type: pipeline\njobs:\n" + job.format(name="far_job", compute="azureml:far")
                                  + job.format(name="here_job", compute="local"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_")} | {
        "DESIGNER_ENV_CACHE": str(tmp_path / "cache")}

    def validate(name: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*designer_exe, "validate", name, "--json", "--workspace", str(ws)], cwd=ws,
                              capture_output=True, text=True, env=env, timeout=120)

    remote = validate("remote.yml")
    assert remote.returncode == 0, remote.stdout + remote.stderr  # the workers' Pythons are checked at pre-flight
    mixed = validate("mixed.yml")
    assert mixed.returncode == 2, mixed.stdout + mixed.stderr
    problems = json.loads(mixed.stdout)["problems"]
    assert [p["path"].split(".")[1] for p in problems] == ["here_job"], problems
    assert "Python 3.4 is not installed" in problems[0]["message"]


def test_designer_run_builds_on_the_worker_and_runs_shell_activates_that_environment(
        tmp_path: Path, dask_address: str, env_worker: Path, designer_exe: list[str]) -> None:
    ws = tmp_path / "ws"
    (ws / "src").mkdir(parents=True)
    (ws / "src" / "probe.py").write_text(textwrap.dedent(PROBE), encoding="utf-8")
    (ws / "env.yml").write_text(textwrap.dedent(CONDA), encoding="utf-8")
    (ws / "p.yml").write_text(textwrap.dedent(PIPELINE).lstrip(), encoding="utf-8")
    (ws / "designer.toml").write_text(
        f'[compute.envw]\nkind = "dask"\naddress = "{dask_address}"\nresources = {{ ENVW = 1 }}\n', encoding="utf-8")
    probe = tmp_path / "probe-shell.sh"  # stands for the person's shell: says where it is and what python has
    probe.write_text('#!/bin/bash\necho "venv=$VIRTUAL_ENV"\npython -c "import toolz; print(\'toolz\', toolz.__version__)"\n',
                     encoding="utf-8")
    probe.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_")} | {
        "DESIGNER_ENV_CACHE": str(tmp_path / "runner-env-cache"), "SHELL": str(probe)}
    done = subprocess.run([*designer_exe, "run", "p.yml", "--json", "--workspace", str(ws)], cwd=ws,
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    run_id = json.loads(done.stdout)["run_id"]
    shell = subprocess.run([*designer_exe, "runs", "shell", run_id, "probe", "--workspace", str(ws)], cwd=ws,
                           capture_output=True, text=True, env=env, timeout=120)
    assert shell.returncode == 0, shell.stderr
    assert "toolz 0.12.0" in shell.stdout and f"venv={env_worker}" in shell.stdout, shell.stdout
    assert "built by a worker of compute target 'envw'" in shell.stderr, shell.stderr


def test_a_requirement_the_index_does_not_have_fails_the_step_with_the_installers_words_and_the_target(
        cluster: Cluster, env_worker: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESIGNER_ENV_CACHE", str(tmp_path / "runner-env-cache"))
    monkeypatch.setenv("DESIGNER_ENVIRONMENTS", "build")
    c = _cluster(cluster)
    c.write("env.yml", CONDA.replace("toolz==0.12.0", "designer-no-such-package-4f2a==1.0"))
    result = c.run(c.write("p.yml", PIPELINE))
    assert result.steps["probe"].state == "failed"
    message = result.steps["probe"].message or ""
    assert "could not be prepared on a worker of compute target 'envw'" in message, message
    assert "designer-no-such-package-4f2a" in message and "uv pip install failed" in message, message
    log = (result.run_dir / "probe" / "logs" / "stderr.txt").read_text(encoding="utf-8")
    assert "designer-no-such-package-4f2a" in log  # the installer's own output, in the step's log
