"""Fixtures shared by every test folder. Keep them generic; folder-specific ones live next to the tests."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# ci_skips: in CI (CI=true) a skipped test fails the run; pytester: for the test of that rule.
pytest_plugins = ["ci_skips", "pytester"]


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty workspace folder; ``DESIGNER_*`` variables of the outer environment are cleared."""
    for key in list(os.environ):
        if key.startswith("DESIGNER_"):
            monkeypatch.delenv(key, raising=False)
    root = tmp_path / "ws"
    root.mkdir()
    return root


@pytest.fixture
def designer_exe() -> list[str]:
    """The command that runs the ``designer`` CLI of this interpreter."""
    exe = Path(sys.executable).with_name("designer")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "designer"]
