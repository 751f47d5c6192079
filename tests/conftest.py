"""Fixtures shared by every test folder (and the toy workspace the spec, UI and browser tests share)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# ci_skips: in CI (CI=true) a skipped test fails the run; pytester: for the test of that rule.
pytest_plugins = ["ci_skips", "pytester"]

# A small workspace (toy components, two pipelines, a data folder) for the spec, UI and browser tests.
TOY_WORKSPACE = Path(__file__).resolve().parent / "ui" / "toy_workspace"


@pytest.fixture(scope="session", autouse=True)
def _steps_run_with_the_designers_interpreter() -> Iterator[None]:
    """Most tests are about something else than environments: their steps run in ``current`` mode.

    The environment tests (tests/environments) clear this and build real environments; CI can set
    ``DESIGNER_ENVIRONMENTS=build`` to run everything in built environments.
    """
    before = os.environ.get("DESIGNER_ENVIRONMENTS")
    os.environ.setdefault("DESIGNER_ENVIRONMENTS", "current")
    yield None
    if before is None:
        os.environ.pop("DESIGNER_ENVIRONMENTS", None)


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty workspace folder; ``DESIGNER_*`` variables of the outer environment are cleared."""
    for key in list(os.environ):
        if key.startswith("DESIGNER_") and key != "DESIGNER_ENVIRONMENTS":
            monkeypatch.delenv(key, raising=False)
    root = tmp_path / "ws"
    root.mkdir()
    return root


@pytest.fixture
def designer_exe() -> list[str]:
    """The command that runs the ``designer`` CLI of this interpreter."""
    exe = Path(sys.executable).with_name("designer")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "designer"]


@pytest.fixture
def workspace_dir(tmp_path: Path) -> Path:
    """A fresh copy of ``tests/ui/toy_workspace`` (components, two pipelines, a data folder)."""
    root = tmp_path / "ws"
    shutil.copytree(TOY_WORKSPACE, root)
    return root


@pytest.fixture
def registry(workspace_dir: Path):  # -> designer.registry.Registry, imported late: collection stays fast
    """The toy workspace's registry without the built-ins (fast, and the toys are what the tests use)."""
    from designer.registry import Registry

    empty = workspace_dir.parent / "no-builtins"
    empty.mkdir(exist_ok=True)
    return Registry(empty, workspace_dir, workspace_dir / ".designer" / "components")
