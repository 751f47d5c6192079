"""Opening the store: migrating a new database, re-opening and upgrading old ones, clear failures."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from storekit import run_steps, started

from designer.errors import StoreError
from designer.store import Store, database
from designer.store.tables import metadata


def url_of(path: Path) -> str:
    return f"sqlite:///{path}"


def test_a_new_database_gets_the_whole_schema_and_the_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "designer.db"
    with Store.open(url_of(path)) as store, store.engine.connect() as conn:
        assert database.current_revision(store.engine) == database.HEAD
        # what the migrations built is exactly what tables.py describes
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
        pragmas = {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                   for name in ("journal_mode", "busy_timeout", "synchronous", "foreign_keys")}
        assert pragmas == {"journal_mode": "wal", "busy_timeout": 10_000, "synchronous": 1, "foreign_keys": 1}


def test_head_names_the_newest_migration() -> None:
    script = ScriptDirectory.from_config(database._alembic_config(None))
    assert script.get_current_head() == database.HEAD


def test_reopening_keeps_the_data_and_skips_alembic(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(db_url) as store:
        store.emit(started("r1"))

    def no_upgrade(engine: object) -> None:
        raise AssertionError("a database at HEAD must not be migrated again")

    monkeypatch.setattr(database, "_upgrade", no_upgrade)
    with Store.open(db_url) as store:
        assert store.get_run("r1") is not None


def test_an_older_database_is_upgraded(db_url: str) -> None:
    engine = database.connect(db_url)
    with database.writer(engine).begin() as conn:
        command.downgrade(database._alembic_config(conn), "base")
    assert database.current_revision(engine) is None
    engine.dispose()
    with Store.open(db_url) as store:
        assert database.current_revision(store.engine) == database.HEAD
        store.emit(started("r1"))
        assert store.count_runs() == 1


def test_runs_recorded_before_0005_are_recounted_without_their_sweeps_trials(db_url: str) -> None:
    """Before 0005 a sweep's 12 trials counted as steps: a 3-step run read 15/15; after it, 3/3."""
    with Store.open(db_url) as store:
        store.emit(started("old", ("prep", "tune", "report")))
        store.emit(started("plain", ("prep", "train")))
        trials = {f"tune/trial_{i:04d}": "cached" if i < 4 else "completed" for i in range(12)}
        run_steps(store, "old", {"prep": "completed", **trials, "tune": "completed", "report": "cached"})
        run_steps(store, "plain", {"prep": "completed", "train": "completed"})
        with database.writer(store.engine).begin() as conn:  # as the old counting left them
            conn.execute(text("UPDATE runs SET steps_total = 15, steps_done = 15, steps_reused = 5 WHERE id = 'old'"))
            command.downgrade(database._alembic_config(conn), "0004")
    with Store.open(db_url) as store:
        assert database.current_revision(store.engine) == database.HEAD
        old, plain = store.get_run("old"), store.get_run("plain")
        assert old is not None and (old.steps_total, old.steps_done, old.steps_reused) == (3, 3, 1)
        assert plain is not None and (plain.steps_total, plain.steps_done, plain.steps_reused) == (2, 2, 0)


def test_a_database_from_a_newer_designer_is_refused(db_url: str) -> None:
    with Store.open(db_url) as store, store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0042'"))
    with pytest.raises(StoreError, match=r"at schema revision '0042', newer than this version.*upgrade pipeline-designer"):
        Store.open(db_url)


def test_a_file_that_is_not_a_database_is_named(tmp_path: Path) -> None:
    path = tmp_path / "designer.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=rf"cannot open the run store '{url_of(path)}'.*not a usable SQLite database"):
        Store.open(url_of(path))


def test_a_database_that_cannot_be_created_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match=r"cannot create the folder of the run store"):
        Store.open(url_of(blocker / "sub" / "designer.db"))


def test_the_password_is_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql+psycopg://designer:s3cret@127.0.0.1:1/designer"
    with pytest.raises(StoreError) as info:
        Store.open(url)
    message = str(info.value)
    assert "s3cret" not in message
    assert "postgresql+psycopg://designer:***@127.0.0.1:1/designer" in message


def test_bad_urls_are_explained() -> None:
    with pytest.raises(StoreError, match="is not a database URL"):
        Store.open("not a url")
    with pytest.raises(StoreError, match="cannot live in memory"):
        Store.open("sqlite://")
    assert database.mask_url("postgresql://u:p@h/db") == "postgresql://u:***@h/db"
