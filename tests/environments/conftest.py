"""Fixtures for the environment tests: a private env cache per test, settings, small conda files."""

from __future__ import annotations

from pathlib import Path

import pytest

from designer.engine.environments import EnvSettings


@pytest.fixture
def env_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty environment cache folder (``DESIGNER_ENV_CACHE`` points at it for subprocesses)."""
    cache = tmp_path / "env-cache"
    monkeypatch.setenv("DESIGNER_ENV_CACHE", str(cache))
    monkeypatch.delenv("DESIGNER_ENVIRONMENTS", raising=False)
    return cache


@pytest.fixture
def settings(workspace: Path, env_cache: Path) -> EnvSettings:
    """Build-mode settings of an empty workspace with a private cache."""
    return EnvSettings.load(workspace)
