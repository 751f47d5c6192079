"""Fixtures of the SDK tests: a project folder with the toy components in ``src/``."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

TOYS = Path(__file__).resolve().parent / "toys"


def _forget(folder: Path) -> None:
    """Unload the modules imported from ``folder`` (each test writes its own files under one name)."""
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if file and Path(file).resolve().is_relative_to(folder):
            del sys.modules[name]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """``<tmp>/proj`` (the current folder and the workspace) with ``src/toy_steps.py`` importable."""
    for key in list(os.environ):
        if key.startswith("DESIGNER_") and key != "DESIGNER_ENVIRONMENTS":
            monkeypatch.delenv(key, raising=False)
    root = tmp_path / "proj"
    (root / "src").mkdir(parents=True)
    shutil.copy(TOYS / "toy_steps.py", root / "src" / "toy_steps.py")
    monkeypatch.syspath_prepend(str(root / "src"))
    monkeypatch.chdir(root)
    sys.modules.pop("toy_steps", None)
    yield root
    _forget(tmp_path.resolve())


@pytest.fixture
def toys(project: Path) -> ModuleType:
    """The toy components module, imported from the project's ``src/``."""
    import toy_steps

    return toy_steps
