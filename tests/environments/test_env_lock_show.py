"""The lock each step ran with, as a person reads it: ``designer runs show`` (table and ``--json``) and
``designer runs why`` on real runs in environments built with uv; a changed pin names the package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from env_helpers import pipeline, probe_component, write_conda

pytestmark = pytest.mark.environments


def designer(ws: Path, cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_")} | {"DESIGNER_ENV_CACHE": str(cache)}
    env["COLUMNS"] = "200"  # rich wraps at the terminal's width; keep each line whole for the asserts
    return subprocess.run([sys.executable, "-m", "designer", *args, "--workspace", str(ws)], cwd=ws, env=env,
                          capture_output=True, text=True, timeout=300)


def run_id(ws: Path, cache: Path, file: Path) -> str:
    done = designer(ws, cache, "run", str(file), "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    return str(json.loads(done.stdout)["run_id"])


def test_runs_show_gives_each_steps_lock_and_what_changed_since_its_last_run(workspace: Path, env_cache: Path) -> None:
    write_conda(workspace, "env.yml", "3.10", "six==1.15.0")
    probe_component(workspace, "probe", "{conda_file: ./env.yml}")
    file = pipeline(workspace, {"probe": "probe.yml"})
    first = run_id(workspace, env_cache, file)

    shown = json.loads(designer(workspace, env_cache, "runs", "show", first, "--json").stdout)
    assert not shown["steps"]["probe"]["message"]  # "building its environment ..." ended with preparing
    env = shown["steps"]["probe"]["environment"]
    assert env["mode"] == "build" and env["packages"] == {"six": "1.15.0"} and env["package_count"] == 1
    assert env["python_version"].startswith("3.10."), env
    assert env["built_now"] is True and env["previous_run"] is None
    assert env["summary"] == f"Python {env['python_version']} · 1 package · built for this run"
    folder = Path(env["cache_folder"])
    assert folder.parent == env_cache and (folder / "bin" / "python").exists()
    assert env["source"] == "conda file ./env.yml"
    table = designer(workspace, env_cache, "runs", "show", first)
    assert table.returncode == 0, table.stderr
    assert f"probe: Python {env['python_version']} · 1 package · built for this run" in table.stdout
    assert "packages: six 1.15.0" in table.stdout and str(folder) in table.stdout

    write_conda(workspace, "env.yml", "3.10", "six==1.16.0")
    second = run_id(workspace, env_cache, file)
    shown = json.loads(designer(workspace, env_cache, "runs", "show", second, "--json").stdout)
    env = shown["steps"]["probe"]["environment"]
    assert env["packages"] == {"six": "1.16.0"} and env["previous_run"] == first
    assert env["changes_since_previous"] == [
        {"kind": "environment", "name": "six", "old": "1.15.0", "new": "1.16.0", "detail": None}]
    table = designer(workspace, env_cache, "runs", "show", second).stdout
    assert f"probe: changed since run {first}: Package `six` changed from 1.15.0 to 1.16.0" in table
    why = designer(workspace, env_cache, "runs", "why", second, "probe").stdout.strip()
    assert why == "Re-ran because package `six` changed from 1.15.0 to 1.16.0."

    # the first run, shown again later, still compares with the run before it (none), not the newer one
    again = json.loads(designer(workspace, env_cache, "runs", "show", first, "--json").stdout)
    assert again["steps"]["probe"]["environment"]["previous_run"] is None


def test_a_record_without_packages_reads_as_far_as_it_goes(tmp_path: Path) -> None:
    from designer.engine.environments.locks import lock_changes, read_run_locks
    from designer.ui.reads.environment import StepEnvironment

    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    # as runs recorded it before the locks were kept: a hash and a count, no packages
    (old / "environments.json").write_text(json.dumps({"mode": "build", "steps": {"s": {
        "lock_hash": "a" * 64, "packages": 3, "python": "/x/bin/python", "mode": "build"}}}), encoding="utf-8")
    (new / "environments.json").write_text(json.dumps({"mode": "build", "steps": {"s": {
        "lock_hash": "b" * 64, "packages": 1, "python_version": "3.12.1", "mode": "build"}},
        "locks": {"b" * 64: {"python": "3.12.1", "packages": {"six": "1.16.0"}}}}), encoding="utf-8")
    before, after = read_run_locks(old), read_run_locks(new)
    assert before is not None and after is not None
    b, a = before.of("s"), after.of("s/trial_2")  # a sweep's trial runs in its sweep step's environment
    assert b is not None and a is not None
    assert (b.packages, b.count, a.packages) == (None, 3, {"six": "1.16.0"})
    assert lock_changes(b, a) is None
    assert StepEnvironment(a, "r1", None).change_lines() == [
        "The environment changed (the earlier run did not record its packages)."]
    assert read_run_locks(tmp_path) is None  # no record at all
    (old / "environments.json").write_text("{not json", encoding="utf-8")
    assert read_run_locks(old) is None


def test_a_python_change_alone_is_named() -> None:
    from designer.engine.environments.locks import StepLock, lock_changes
    from designer.engine.why import phrase

    def lock(version: str, digest: str) -> StepLock:
        return StepLock("s", "build", "conda file ./env.yml", "/p", version, digest, "k", 1, {"six": "1.16.0"})

    found = lock_changes(lock("3.10.13", "a"), lock("3.12.1", "b"))
    assert found is not None and [phrase(c) for c in found] == ["Python changed from 3.10.13 to 3.12.1"]
    assert lock_changes(lock("3.10.13", "a"), lock("3.10.13", "a")) == []


def test_the_build_log_is_told_apart_from_the_steps_own_errors() -> None:
    from designer.ui.reads.environment import split_build_log

    stderr = ("[environment] building environment e43279a528e5 for conda file ./env.yml: Python 3.10, 2 packages\n"
              "[environment] Python 3.10.13 at /root/.pyenv/versions/3.10.13/bin/python3.10 (found via pyenv)\n"
              "Using CPython 3.10.13 interpreter at: /root/.pyenv/versions/3.10.13/bin/python3.10\n"
              "Creating virtual environment at: /tmp/cache/.tmp/e43279a528e5-1-2\n"
              "Resolved 2 packages in 4ms\n"
              " + six==1.16.0\n"
              "[environment] environment e43279a528e5 built in 1.2s: iniconfig==2.0.0, six==1.16.0\n"
              "Traceback (most recent call last):\n"
              "ValueError: the step's own error\n")
    build, rest = split_build_log(stderr)
    assert build.startswith("[environment] building") and " + six==1.16.0\n" in build and build.endswith("six==1.16.0\n")
    assert rest == "Traceback (most recent call last):\nValueError: the step's own error\n"
    ready = "[environment] waiting for environment abc, which is being built for step 'a'\nboom\n"
    assert split_build_log(ready) == ("[environment] waiting for environment abc, which is being built for step 'a'\n",
                                      "boom\n")
    assert split_build_log("only the step's\n") == ("", "only the step's\n")
