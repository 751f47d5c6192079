"""Run store fixtures: a real SQLite file in a temp folder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from designer.store import Store


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file migrated once per session; copying it is cheaper than migrating again."""
    path = tmp_path_factory.mktemp("template") / "designer.db"
    Store.open(f"sqlite:///{path}").close()
    return path


@pytest.fixture
def db_url(tmp_path: Path, migrated_db: Path) -> str:
    """A SQLite URL of a fresh, already migrated database of this test's own."""
    path = tmp_path / "state" / "designer.db"
    path.parent.mkdir()
    shutil.copyfile(migrated_db, path)
    return f"sqlite:///{path}"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An open store over a fresh database; closed after the test."""
    s = Store.open(db_url)
    yield s
    s.close()
