"""Run store fixtures: a real SQLite file in a temp folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from designer.store import Store


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A SQLite URL for a database that does not exist yet (its folder neither)."""
    return f"sqlite:///{tmp_path / 'state' / 'designer.db'}"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An open store over a fresh database; closed after the test."""
    s = Store.open(db_url)
    yield s
    s.close()
