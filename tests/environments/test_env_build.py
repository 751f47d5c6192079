"""Real environments built with uv on this machine: small pure-Python packages, two Python versions."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from env_helpers import write_conda

from designer.engine.environments import (
    EnvBuilder,
    EnvBuildError,
    EnvDefinition,
    EnvSettings,
    PythonNotFound,
    current_env,
    resolve,
)

PROBE = "import six, sys; print(sys.version_info[0], sys.version_info[1], six.__version__)"


def _probe(python: Path) -> str:
    return subprocess.run([str(python), "-c", PROBE], capture_output=True, text=True, check=True).stdout.strip()


def test_two_pythons_and_two_versions_of_one_package(workspace: Path, settings: EnvSettings, tmp_path: Path) -> None:
    old = resolve({"conda_file": str(write_conda(workspace, "old.yml", "3.10", "six==1.15.0"))}, workspace, settings)
    new = resolve({"conda_file": str(write_conda(workspace, "new.yml", "3.12", "six==1.16.0"))}, workspace, settings)
    builder = EnvBuilder(settings.cache_dir)
    log = tmp_path / "build.log"

    async def both() -> list:
        return await asyncio.gather(builder.ensure(old, log), builder.ensure(new, log))

    a, b = asyncio.run(both())
    assert _probe(a.python) == "3 10 1.15.0"
    assert _probe(b.python) == "3 12 1.16.0"
    assert (a.lock["six"], b.lock["six"]) == ("1.15.0", "1.16.0")
    assert a.lock_hash != b.lock_hash and not a.reused and not b.reused
    assert a.bin_dir == a.python.parent and a.root is not None and a.root.parent == settings.cache_dir
    text = log.read_text(encoding="utf-8")
    assert "building environment" in text and "+ six==1.15.0" in text  # uv's own output is in the log


def test_reuse_is_a_lookup_and_a_changed_pin_is_a_new_environment(workspace: Path, settings: EnvSettings,
                                                                  tmp_path: Path) -> None:
    conda = write_conda(workspace, "env.yml", "3.12", "six==1.15.0")
    first = asyncio.run(EnvBuilder(settings.cache_dir).ensure(resolve({"conda_file": str(conda)}, workspace, settings),
                                                             tmp_path / "1.log"))
    again_builder = EnvBuilder(settings.cache_dir)  # a new process would start from nothing but the cache
    started = time.perf_counter()
    again = asyncio.run(again_builder.ensure(resolve({"conda_file": str(conda)}, workspace, settings), tmp_path / "2.log"))
    assert again.reused and again.root == first.root and again.lock_hash == first.lock_hash
    assert time.perf_counter() - started < 1.0
    assert not (tmp_path / "2.log").exists()  # nothing was built, nothing to say
    write_conda(workspace, "env.yml", "3.12", "six==1.16.0")
    changed = asyncio.run(again_builder.ensure(resolve({"conda_file": str(conda)}, workspace, settings), tmp_path / "3.log"))
    assert changed.root != first.root and changed.lock_hash != first.lock_hash


def test_a_damaged_environment_is_rebuilt_not_used(workspace: Path, settings: EnvSettings, tmp_path: Path) -> None:
    d = resolve({"conda_file": str(write_conda(workspace, "env.yml", "3.12", "six==1.16.0"))}, workspace, settings)
    builder = EnvBuilder(settings.cache_dir)
    built = asyncio.run(builder.ensure(d, tmp_path / "a.log"))
    assert built.root is not None
    (built.root / "designer-env.json").write_text("{half", encoding="utf-8")
    assert builder.find(d) is None
    rebuilt = asyncio.run(builder.ensure(d, tmp_path / "b.log"))
    assert not rebuilt.reused and _probe(rebuilt.python).endswith("1.16.0")
    assert "damaged; building it again" in (tmp_path / "b.log").read_text(encoding="utf-8")


def test_a_half_built_folder_is_never_used(workspace: Path, settings: EnvSettings, tmp_path: Path) -> None:
    d = resolve({"conda_file": str(write_conda(workspace, "env.yml", "3.12", "six==1.16.0"))}, workspace, settings)
    builder = EnvBuilder(settings.cache_dir)
    key = builder.key(d)
    (settings.cache_dir / key / "bin").mkdir(parents=True)  # as if a build died before writing its record
    assert builder.find(d) is None
    assert not asyncio.run(builder.ensure(d, tmp_path / "a.log")).reused


WORKER = textwrap.dedent("""
    import asyncio, sys
    from pathlib import Path
    from designer.engine.environments import EnvBuilder, EnvDefinition
    d = EnvDefinition(python="3.12", requirements=("six==1.16.0", "packaging==23.2"), source="test")
    built = asyncio.run(EnvBuilder(Path(sys.argv[1])).ensure(d, Path(sys.argv[2])))
    print(built.root, built.reused)
""")


def test_two_processes_build_one_environment_once(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(cache), str(tmp_path / f"{i}.log")],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    roots = {o[0].split()[0] for o in outs}
    assert len(roots) == 1
    logs = [(tmp_path / f"{i}.log").read_text(encoding="utf-8") if (tmp_path / f"{i}.log").exists() else ""
            for i in range(2)]
    assert sum(log.count("building environment") for log in logs) == 1, logs
    assert len([p for p in cache.iterdir() if p.is_dir() and not p.name.startswith(".")]) == 1


def test_a_requirement_not_on_the_index_fails_with_uvs_message_and_keeps_nothing(settings: EnvSettings,
                                                                                 tmp_path: Path) -> None:
    d = EnvDefinition(python="3.12", requirements=("designer-no-such-package-4f2a==1.0",), source="test")
    builder = EnvBuilder(settings.cache_dir)
    with pytest.raises(EnvBuildError, match="designer-no-such-package-4f2a") as err:
        asyncio.run(builder.ensure(d, tmp_path / "a.log"))
    assert "uv pip install failed" in str(err.value)
    assert builder.find(d) is None
    assert not [p for p in settings.cache_dir.iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert not list((settings.cache_dir / ".tmp").iterdir())


def test_a_python_that_is_not_installed_is_named(settings: EnvSettings, tmp_path: Path) -> None:
    with pytest.raises(PythonNotFound, match=r"Python 3\.4"):
        asyncio.run(EnvBuilder(settings.cache_dir).ensure(EnvDefinition(python="3.4"), tmp_path / "a.log"))


def test_current_mode_is_the_designers_interpreter(workspace: Path, env_cache: Path, tmp_path: Path) -> None:
    s = EnvSettings.load(workspace, {"DESIGNER_ENVIRONMENTS": "current", "DESIGNER_ENV_CACHE": str(env_cache)})
    built = asyncio.run(EnvBuilder(s.cache_dir).ensure(resolve({"conda_file": "nope.yml"}, workspace, s), tmp_path / "l"))
    assert built.python == Path(sys.executable) and built.mode == "current"
    assert built.lock["pyyaml"] and built.lock_hash == current_env().lock_hash
    assert not env_cache.exists()


def test_prune_removes_what_was_not_used_recently(settings: EnvSettings, tmp_path: Path) -> None:
    builder = EnvBuilder(settings.cache_dir)
    d = EnvDefinition(python="3.12", requirements=("six==1.16.0",), source="test")
    built = asyncio.run(builder.ensure(d, tmp_path / "a.log"))
    assert builder.prune(3600) == []
    record = json.loads((built.root / "designer-env.json").read_text(encoding="utf-8"))  # type: ignore[operator]
    assert record["lock"] == {"six": "1.16.0"}
    old = time.time() - 7200
    import os

    os.utime(built.root / ".last-used", (old, old))  # type: ignore[operator]
    assert builder.prune(3600) == [built.key]
    assert builder.find(d) is None
