"""``designer environments ...`` and ``designer validate`` on environments, as a user runs them."""

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
    return subprocess.run([sys.executable, "-m", "designer", *args, "--workspace", str(ws)], cwd=ws, env=env,
                          capture_output=True, text=True, timeout=300)


def test_register_list_show_build_prune(workspace: Path, env_cache: Path) -> None:
    write_conda(workspace, "conda.yml", "3.12", "six==1.16.0")
    (workspace / "env.yml").write_text("$schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json\n"
                                       "name: team\nversion: '1'\ndescription: the team's env\nconda_file: conda.yml\n",
                                       encoding="utf-8")
    done = designer(workspace, env_cache, "environments", "register", "env.yml", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ref"] == "azureml:team:1"
    listed = json.loads(designer(workspace, env_cache, "environments", "list", "--json").stdout)
    assert [e["ref"] for e in listed["registered"]] == ["azureml:team:1"] and listed["built"] == []

    probe_component(workspace, "probe", "azureml:team@latest")
    file = pipeline(workspace, {"probe": "probe.yml"})
    assert designer(workspace, env_cache, "validate", str(file)).returncode == 0
    built = designer(workspace, env_cache, "environments", "build", str(file), "--json")
    assert built.returncode == 0, built.stderr
    shown = json.loads(designer(workspace, env_cache, "environments", "show", "azureml:team:1", "--json").stdout)
    assert shown["built"] and shown["lock"] == {"six": "1.16.0"} and shown["python"] == "3.12"
    run = designer(workspace, env_cache, "run", str(file), "--json")
    assert run.returncode == 0, run.stderr
    assert designer(workspace, env_cache, "environments", "prune", "--json").stdout.count("removed") == 1
    assert json.loads(designer(workspace, env_cache, "environments", "prune", "--days", "0", "--json").stdout)[
        "removed"] == [shown["key"]]
    curated = json.loads(designer(workspace, env_cache, "environments", "show", "sklearn-1.5", "--json").stdout)
    assert curated["python"] == "3.10" and not curated["built"]


def test_register_refuses_a_bad_environment_and_keeps_nothing(workspace: Path, env_cache: Path) -> None:
    (workspace / "env.yml").write_text("name: broken\nversion: 1\nconda_file: missing.yml\n", encoding="utf-8")
    done = designer(workspace, env_cache, "environments", "register", "env.yml")
    assert done.returncode == 2 and "missing.yml" in done.stderr and "Traceback" not in done.stderr
    assert not (workspace / ".designer" / "environments" / "broken").exists()


@pytest.mark.parametrize(("environment", "words"), [
    ("azureml:never-registered@latest", "is not registered"),
    ("azureml:AzureML-sklearn-0.1@latest", "unknown curated environment"),
    ("{conda_file: ./nope.yml}", "does not exist"),
    ("{build: {path: ./no-context}}", "does not exist"),
    ("{conda_file: ./old.yml}", "Python 3.4 is not installed"),
    ("{conda_file: ./bad.yml}", "YAML syntax error"),
])
def test_validate_reports_each_unresolvable_environment(environment: str, words: str, workspace: Path,
                                                        env_cache: Path) -> None:
    write_conda(workspace, "old.yml", "3.4", "six")
    (workspace / "bad.yml").write_text("dependencies:\n  - python=3.10\n  - pip: [six\n", encoding="utf-8")
    probe_component(workspace, "probe", environment)
    file = pipeline(workspace, {"probe": "probe.yml"})
    done = designer(workspace, env_cache, "validate", str(file), "--json")
    assert done.returncode == 2, done.stdout + done.stderr
    problems = json.loads(done.stdout)["problems"]
    assert any(words in p["message"] for p in problems), problems
    assert all(p["file"] and p["line"] for p in problems), problems


def test_validate_in_current_mode_warns_of_an_environment_but_the_file_is_valid(workspace: Path,
                                                                              env_cache: Path) -> None:
    write_conda(workspace, "old.yml", "3.4", "six")
    probe_component(workspace, "probe", "{conda_file: ./old.yml}")
    file = pipeline(workspace, {"probe": "probe.yml"})
    (workspace / "designer.toml").write_text('[environments]\nmode = "current"\n', encoding="utf-8")
    done = designer(workspace, env_cache, "validate", str(file))
    assert done.returncode == 0, done.stdout + done.stderr
    said = done.stdout + done.stderr
    assert "valid" in said and "warning" in said and "Python 3.4 is not installed" in said, said
    assert "environments mode is 'current', from designer.toml" in " ".join(said.split()), said
    problems = json.loads(designer(workspace, env_cache, "validate", str(file), "--json").stdout)["problems"]
    assert [p["severity"] for p in problems] == ["warning"], problems
    run = designer(workspace, env_cache, "run", str(file), "--json")  # and the run here does not need it
    assert run.returncode == 0, run.stdout + run.stderr


def test_init_builds_nothing_in_current_mode(tmp_path: Path, env_cache: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_")} | {
        "DESIGNER_ENV_CACHE": str(env_cache), "DESIGNER_ENVIRONMENTS": "current"}
    done = subprocess.run([sys.executable, "-m", "designer", "init", str(tmp_path / "ws"), "--json"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["environments"] == [] and not env_cache.exists()
