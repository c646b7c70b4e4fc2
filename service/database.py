"""Engine tuning that differs between SQLite (the default) and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Engine, event


def tune_sqlite(engine: Engine) -> None:
    """Make SQLite safe for several processes writing at once.

    Every transaction starts with BEGIN IMMEDIATE so that read-then-write operations (counting
    seats, then inserting) are serialised, as SELECT ... FOR UPDATE does on PostgreSQL. WAL lets
    readers in other processes go on while one writes. This is the recipe from SQLAlchemy's pysqlite
    notes on transaction control.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # type: ignore[no-untyped-def]
        connection.exec_driver_sql("BEGIN IMMEDIATE")
