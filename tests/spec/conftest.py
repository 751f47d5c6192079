"""Fixtures for the spec tests: a copy of the toy workspace (shared with the UI tests) and its registry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from designer.registry import Registry

TOY_WORKSPACE = Path(__file__).resolve().parents[1] / "ui" / "toy_workspace"


@pytest.fixture
def workspace_dir(tmp_path: Path) -> Path:
    """A fresh copy of ``tests/ui/toy_workspace`` (components, two pipelines, a data folder)."""
    root = tmp_path / "ws"
    shutil.copytree(TOY_WORKSPACE, root)
    return root


@pytest.fixture
def registry(workspace_dir: Path) -> Registry:
    """The workspace's registry without the built-ins (fast, and the toys are what the tests use)."""
    empty = workspace_dir.parent / "no-builtins"
    empty.mkdir(exist_ok=True)
    return Registry(empty, workspace_dir, workspace_dir / ".designer" / "components")
