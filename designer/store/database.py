"""Connecting to the run store's database: engine setup, retries, migrations.

SQLite is the default and gets the settings that let a CLI run and the UI (or two CLI runs) share
one file: WAL (readers never wait for the writer), a 10 s busy timeout, ``BEGIN IMMEDIATE`` for write
transactions (a writer takes the lock before it reads, so two writers queue on the busy timeout
instead of failing with "database is locked" when one upgrades a read lock), and a few retries on
top. A PostgreSQL URL works the same; nothing here but the pragmas is SQLite-specific.
"""

from __future__ import annotations

import json
import logging
import random
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError, SQLAlchemyError

from designer.errors import StoreError

log = logging.getLogger(__name__)

T = TypeVar("T")

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest revision in migrations/versions (a test checks they agree). A database already at HEAD
# opens without importing Alembic at all, which keeps `designer run` start-up short.
HEAD = "0005"

BUSY_TIMEOUT_MS = 10_000
RETRIES = 6
WRITE = "designer_write"  # execution option that makes SQLite begin with BEGIN IMMEDIATE
# Arbitrary constants: the PostgreSQL advisory locks that serialise migrations, and appends to the
# events log (see serialize_events).
PG_MIGRATION_LOCK = 0x6465_7369_676E
PG_EVENTS_LOCK = 0x6465_7369_6576


def mask_url(url: str) -> str:
    """``url`` with its password replaced by ``***`` (for messages)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def is_busy(exc: BaseException) -> bool:
    """True for SQLite's transient "database is locked" / "database is busy" errors."""
    if not isinstance(exc, OperationalError):
        return False
    message = str(exc.orig if exc.orig is not None else exc).lower()
    return "locked" in message or "busy" in message


def retry(fn: Callable[[], T], attempts: int = RETRIES) -> T:
    """Call ``fn``, again after a short randomised back-off while the database reports it is busy."""
    delay = 0.02
    for attempt in range(attempts):
        try:
            return fn()
        except OperationalError as exc:
            if not is_busy(exc) or attempt == attempts - 1:
                raise
            log.debug("run store busy (%s); retry %d", exc.orig, attempt + 1)
            time.sleep(delay * (1 + random.random()))
            delay *= 2
    raise AssertionError("unreachable")  # pragma: no cover


def is_sqlite(engine: Engine) -> bool:
    """True when ``engine`` talks to SQLite."""
    return engine.dialect.name == "sqlite"


def _json_dumps(value: Any) -> str:
    # Parameters may hold values JSON does not know (paths, dates); store their text, never fail a run.
    return json.dumps(value, default=str, sort_keys=True)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control away from the sqlite3 module; _sqlite_begin emits BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")  # first, so the next ones wait too
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")


EMPTY_GRACE_S = 10.0  # SQLite creates the file empty and writes it moments later; a younger one may be new


def _refuse_emptied(path: Path, shown: str) -> None:
    """Raise StoreError for an SQLite file that exists but is empty (and has no write-ahead log).

    SQLite would treat it as a new database, create empty tables in it and every earlier run would
    silently vanish from the lists; the file is left exactly as it is for the person to look at.
    """
    try:
        st = path.stat()
    except OSError:  # not there (a new store) or not ours to look at: connecting says more
        return
    if st.st_size != 0 or time.time() - st.st_mtime < EMPTY_GRACE_S:
        return
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return
    raise StoreError(f"the run store '{shown}' is an empty file (0 bytes): the record of earlier runs is not in it. "
                     "It was left as it is. Restore it from a backup, or move it away to start a new, empty store")


def connect(url: str) -> Engine:
    """An engine for ``url``; for SQLite, with the pragmas and transaction handling described above.

    Raises :class:`StoreError` when the URL is malformed, its driver is missing, it is an
    in-memory SQLite database (each connection would see a different, empty one) or an SQLite file
    that was emptied (0 bytes).
    """
    shown = mask_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"'{shown}' is not a database URL; expected e.g. sqlite:///path/to/designer.db "
                         "or postgresql+psycopg://user@host/designer") from None
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite:
        database = parsed.database or ""
        if database in ("", ":memory:") or database.startswith("file::memory:"):
            raise StoreError(f"the run store cannot live in memory ('{shown}'); use a file, "
                             "e.g. sqlite:////tmp/designer.db")
        if not database.startswith("file:"):
            _refuse_emptied(Path(database).expanduser(), shown)
            try:
                Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder of the run store '{shown}': {exc.strerror}; "
                                 "check the path and its permissions, or set DESIGNER_DB_URL") from None
    try:
        engine = create_engine(parsed, pool_pre_ping=not sqlite, json_serializer=_json_dumps)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise StoreError(f"cannot open the run store '{shown}': {exc}; install the database driver "
                         "(e.g. pip install 'psycopg[binary]') or use a sqlite:/// URL") from None
    except (ArgumentError, SQLAlchemyError) as exc:
        raise StoreError(f"cannot open the run store '{shown}': {exc}") from None
    if sqlite:
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def writer(engine: Engine) -> Engine:
    """``engine`` set up for write transactions (``BEGIN IMMEDIATE`` on SQLite)."""
    return engine.execution_options(**{WRITE: True})


def serialize_events(conn: Connection) -> None:
    """Call first in a write transaction that appends to the events log.

    A follower reads "every event after seq N"; that is only safe if events become visible in seq
    order. SQLite's BEGIN IMMEDIATE already serialises writers; PostgreSQL hands out sequence values
    to concurrent transactions that may commit in another order, so there a transaction-scoped
    advisory lock makes appends take turns.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_EVENTS_LOCK})


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at, or None for a database without our tables."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine, shown: str) -> None:
    """Bring the database to :data:`HEAD`; a no-op (and no Alembic import) when it is there already.

    Two processes opening a new database at once are serialised: on SQLite the migration runs in one
    ``BEGIN IMMEDIATE`` transaction (SQLite DDL is transactional), on PostgreSQL under an advisory
    lock, and Alembic reads the current revision only once it holds that lock. Should the database
    report a conflict anyway, the revision is read again and a database at HEAD is accepted.

    Raises :class:`StoreError` when the database cannot be read or upgraded, or was written by a
    newer version of the designer.
    """
    try:
        found = retry(lambda: current_revision(engine))
        if found == HEAD:
            return
        _check_known(found, shown)
        retry(lambda: _upgrade(engine))
    except DBAPIError as exc:
        if _at_head(engine):
            return  # another process finished the same migration first
        raise StoreError(explain(exc, shown, "open")) from None


def _at_head(engine: Engine) -> bool:
    try:
        return retry(lambda: current_revision(engine)) == HEAD
    except DBAPIError:  # still unreadable: the caller reports the first error
        return False


def _check_known(revision: str | None, shown: str) -> None:
    if revision is None:
        return
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(None))
    if revision not in {s.revision for s in script.walk_revisions()}:
        raise StoreError(f"the run store '{shown}' is at schema revision '{revision}', newer than this "
                         "version of pipeline-designer knows; upgrade pipeline-designer, or point "
                         "DESIGNER_DB_URL at another database")


def _upgrade(engine: Engine) -> None:
    from alembic import command

    with writer(engine).begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK})
        command.upgrade(_alembic_config(conn), "head")


def explain(exc: DBAPIError, shown: str, doing: str) -> str:
    """A message for a failed database operation (``doing``: "open", "write", "read") on the store
    at ``shown``: the reason and what to do about it."""
    reason = str(exc.orig if exc.orig is not None else exc).strip()
    low = reason.lower()
    if "not a database" in low or "malformed" in low:
        hint = "the file is not a usable SQLite database; move it aside and the designer creates a new one"
    elif "unable to open" in low or "readonly" in low or "read-only" in low or "permission" in low:
        hint = "check that the file and its folder exist and are writable, or set DESIGNER_DB_URL"
    elif is_busy(exc):
        hint = "another process kept the database locked for too long; try again when it is done"
    else:
        hint = "check the URL and that the database server is reachable, or set DESIGNER_DB_URL"
    return f"cannot {doing} the run store '{shown}': {reason}; {hint}"
