"""The database: the SQLAlchemy and Alembic extensions, and the engine tuning per backend."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Engine, event
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()

# The models' base class. Flask-SQLAlchemy makes ``db.Model`` at run time (from ``Base``), which
# a type checker cannot see as a class; to it, the models derive from ``Base``.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model

READ_ONLY = "tadrib_read_only"


def tune_sqlite(engine: Engine) -> None:
    """Make SQLite safe for several processes writing at once.

    Transactions start with BEGIN IMMEDIATE so that read-then-write operations (counting seats,
    then inserting) are serialised, as SELECT ... FOR UPDATE does on PostgreSQL; WAL lets readers
    go on while one writes. This is the recipe from SQLAlchemy's pysqlite notes on transaction
    control. A transaction begun with ``begin_read_only`` starts with a plain BEGIN instead: in
    WAL mode it neither waits for writers nor holds them up.
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
        read_only = connection.get_execution_options().get(READ_ONLY)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def begin_read_only() -> None:
    """Start the session's next transaction as one that only reads (see ``tune_sqlite``).

    Call it before the transaction's first statement; it changes nothing on PostgreSQL.
    """
    if not db.session().in_transaction():
        db.session.connection(execution_options={READ_ONLY: True})
