"""Alembic environment of the run store.

At runtime :func:`designer.store.database.migrate` builds the Alembic config in code and hands over
an open connection, already inside the transaction that serialises migrations between processes.
A new revision goes in ``versions/`` (written by hand in the shape of ``0001_initial.py``, or with
``alembic revision --autogenerate -x url=...`` against a database at the previous head); then move
``HEAD`` in ``designer/store/database.py``. ``tests/store`` checks the migrated schema against
``tables.py``.
"""

from __future__ import annotations

from alembic import context

from designer.store.tables import metadata

config = context.config


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=metadata,
        render_as_batch=True,  # SQLite can only ALTER through table copies
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations() -> None:
    """Upgrade over the given connection, or over a new one to ``-x url=...``."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from designer.store.database import connect, writer

    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("pass the database with -x url=sqlite:////path/to/designer.db")
    engine = connect(url)
    try:
        with writer(engine).begin() as conn:
            _run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run against a database")
run_migrations()
