"""A Python version installed nowhere: a run asks uv to download a managed one, bounded, then fails clearly.

This machine reaches no download host, and the tests point uv at a mirror on 127.0.0.1 that refuses
(or never answers) either way, so what is proven is that the download is attempted by a run and
skipped when downloads are off, never hangs, and that the error names the version, the places
looked in, what became of the download and how to install it; ``designer validate`` never downloads.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from env_helpers import pipeline, probe_component, write_conda

from designer.engine.environments import Interpreters, PythonNotFound, uv_binary
from designer.engine.environments.managed import forget_failures

pytestmark = pytest.mark.environments

MISSING = "3.15"  # a version uv has downloads for; the environ below hides every installed Python


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    forget_failures()
    yield
    forget_failures()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def isolated(tmp_path: Path, mirror: str, **extra: str) -> dict[str, str]:
    """An environ with no Python to find (empty PATH, pyenv, uv and conda folders) and uv's mirror at ``mirror``."""
    return {"PATH": "", "HOME": str(tmp_path / "home"), "PYENV_ROOT": str(tmp_path / "pyenv"),
            "UV_PYTHON_INSTALL_DIR": str(tmp_path / "uv-python"), "UV_CACHE_DIR": str(tmp_path / "uv-cache"),
            "UV_PYTHON_INSTALL_MIRROR": mirror, "UV_HTTP_RETRIES": "0", **extra}


def test_a_missing_python_is_asked_of_uv_then_named_with_what_to_do(tmp_path: Path) -> None:
    environ = isolated(tmp_path, f"http://127.0.0.1:{closed_port()}")
    started = time.monotonic()
    with pytest.raises(PythonNotFound) as caught:
        Interpreters(None, environ).find(MISSING, fetch_with=uv_binary())
    text = str(caught.value)
    assert time.monotonic() - started < 60
    assert f"Python {MISSING} is not installed on this machine" in text
    assert "looked on PATH, in pyenv's versions folder, uv's managed Pythons and conda environments" in text
    assert f"uv could not download a managed Python {MISSING}" in text and "127.0.0.1" in text, text
    assert f"`uv python install {MISSING}`" in text and f"python={MISSING}" in text
    # the next run in this process does not try again (a UI session would wait at every run)
    with pytest.raises(PythonNotFound, match=f"uv could not download a managed Python {MISSING}"):
        Interpreters(None, environ).find(MISSING, fetch_with=str(tmp_path / "no-such-uv"))


def test_a_download_that_never_answers_is_stopped_at_the_time_limit(tmp_path: Path) -> None:
    with socket.socket() as silent:  # accepts connections (the kernel does) and never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        environ = isolated(tmp_path, f"http://127.0.0.1:{silent.getsockname()[1]}",
                           DESIGNER_PYTHON_DOWNLOAD_TIMEOUT="2")
        started = time.monotonic()
        with pytest.raises(PythonNotFound, match=f"could not download a managed Python {MISSING} within 2 s"):
            Interpreters(None, environ).find(MISSING, fetch_with=uv_binary())
        assert time.monotonic() - started < 20


@pytest.mark.parametrize("setting", [{"UV_PYTHON_DOWNLOADS": "never"}, {"UV_OFFLINE": "1"},
                                     {"DESIGNER_PYTHON_DOWNLOADS": "never"}])
def test_downloads_off_skips_the_download(tmp_path: Path, setting: dict[str, str]) -> None:
    environ = isolated(tmp_path, f"http://127.0.0.1:{closed_port()}", **setting)
    # uv is not even started: a missing uv would say "could not be started"
    with pytest.raises(PythonNotFound) as caught:
        Interpreters(None, environ).find(MISSING, fetch_with=str(tmp_path / "no-such-uv"))
    name = next(iter(setting))
    assert "downloading a managed Python was skipped" in str(caught.value)
    assert name in str(caught.value)


def test_designer_run_tries_the_download_and_validate_does_not(workspace: Path, env_cache: Path,
                                                               tmp_path: Path) -> None:
    write_conda(workspace, "new.yml", MISSING, "six")
    probe_component(workspace, "future", "{conda_file: ./new.yml}")
    file = pipeline(workspace, {"future": "future.yml"})
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DESIGNER_", "UV_"))}
    env |= isolated(tmp_path, f"http://127.0.0.1:{closed_port()}", DESIGNER_ENV_CACHE=str(env_cache))
    env["PATH"] = "/usr/bin:/bin"  # the designer runs from sys.executable; no pyenv shims, no uv Pythons

    def designer(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "designer", *args, "--workspace", str(workspace)], cwd=workspace,
                              env=env, capture_output=True, text=True, timeout=300)

    started = time.monotonic()
    checked = designer("validate", str(file))
    assert checked.returncode == 2 and f"Python {MISSING} is not installed" in checked.stderr, checked.stderr
    assert "download" not in checked.stderr and time.monotonic() - started < 60

    ran = designer("run", str(file))
    assert ran.returncode == 2, ran.stdout + ran.stderr
    assert "Traceback" not in ran.stderr
    said = " ".join(ran.stderr.split())
    assert f"Python {MISSING} is not installed here; asking uv to download a managed one" in said  # before the wait
    assert "step 'future'" in said and f"Python {MISSING} is not installed" in said
    assert f"uv could not download a managed Python {MISSING}" in said and f"uv python install {MISSING}" in said
