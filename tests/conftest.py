"""Test fixtures: a migrated database, a real broker and worker, a real SMTP server.

By default the suite runs on a throwaway SQLite file and an embedded Valkey server, both under a
temporary VAR_DIR. With DATABASE_URL pointing at PostgreSQL it creates a database of its own on
that server and drops it at the end; with REDIS_URL it uses a namespace of its own and deletes its
keys at the end.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import uuid
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from contract import check_declared_response
from sqlalchemy.engine import make_url

_state: dict[str, Any] = {}


def pytest_configure(config: pytest.Config) -> None:
    """The environment every test process sees; the servers start with the first test that needs
    the application, so that unit tests start none."""
    run_dir = Path(tempfile.mkdtemp(prefix="tadrib-tests-"))
    _state["run_dir"] = run_dir
    os.environ.update(
        VAR_DIR=str(run_dir / "var"),
        SECRET_KEY="test-secret",
        PUBLIC_BASE_URL="http://tadrib.test",
        BROKER_NAMESPACE=f"tadrib-test-{uuid.uuid4().hex[:8]}",
        OUTBOX_SWEEP_DELAY="1",
        TADRIB_ENV="test",
    )
    os.environ.pop("SMTP_URL", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    from service.core.db import db

    app = _state.get("app")
    if app is not None:
        with app.app_context():
            db.engine.dispose()
    if "pg_admin_url" in _state:
        engine = sa.create_engine(_state["pg_admin_url"], isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{_state["pg_db"]}" WITH (FORCE)')
        engine.dispose()
    if "broker_server" in _state:
        _state["broker_server"].stop()
    elif "broker" in _state:
        client = _state["broker"].client
        for key in client.scan_iter(f"{os.environ['BROKER_NAMESPACE']}*"):
            client.delete(key)
    shutil.rmtree(_state["run_dir"], ignore_errors=True)


def _create_pg_database(url: str) -> str:
    name = f"tadrib_test_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    _state["pg_admin_url"], _state["pg_db"] = url, name
    return make_url(url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def _app() -> Any:
    from flask_migrate import upgrade

    database_url = os.environ.get("DATABASE_URL")
    if database_url and database_url.startswith("postgresql"):
        os.environ["DATABASE_URL"] = _create_pg_database(database_url)
    if not os.environ.get("REDIS_URL"):
        from service.pipeline import embedded

        _state["broker_server"] = embedded.start(Path(os.environ["VAR_DIR"]))

    from service import create_app
    from service.pipeline.broker import broker
    from workers.app_context import set_app

    app = create_app()
    app.after_request(check_declared_response)
    with app.app_context():
        upgrade()
    set_app(app)
    _state["app"], _state["broker"] = app, broker
    return app


@pytest.fixture
def app(_app: Any) -> Iterator[Any]:
    """The application, on empty tables, an empty broker and an empty outbox folder."""
    from service.core.db import db

    _state["broker"].flush_all()
    yield _app
    with _app.app_context():
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                quoted = ", ".join(f'"{t}"' for t in tables)
                connection.exec_driver_sql(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
            else:
                for table in tables:
                    connection.exec_driver_sql(f'DELETE FROM "{table}"')
        db.session.remove()
    shutil.rmtree(_app.config["OUTBOX_DIR"], ignore_errors=True)


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


@pytest.fixture
def organiser_token(app: Any) -> str:
    result = app.test_cli_runner().invoke(
        args=["organiser", "add", "desk@example.org", "--name", "Training Desk"]
    )
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


@pytest.fixture
def auth(organiser_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {organiser_token}"}


@pytest.fixture
def worker(app: Any) -> Iterator[Any]:
    """A real Dramatiq worker on the real broker, in this process."""
    from dramatiq import Worker

    from workers import actors  # noqa: F401  (declares the actors)

    running = Worker(_state["broker"], worker_timeout=100, worker_threads=4)
    running.start()
    yield running
    running.stop(timeout=10_000)


@pytest.fixture
def sweeper(app: Any) -> Iterator[None]:
    """The scheduler's sweep (``workers.scheduler.sweep_once``, as its process runs it), every
    0.2 s in a thread of this process: lost messages, deferred e-mails and expired leases."""
    import logging
    import threading

    from workers.scheduler import sweep_once

    stop = threading.Event()

    def run() -> None:
        while not stop.wait(0.2):
            try:
                sweep_once(app)
            except Exception:  # keep sweeping, as the scheduler does
                logging.getLogger(__name__).exception("sweep failed")

    thread = threading.Thread(target=run, name="sweeper", daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(timeout=30)


class _Inbox:
    def __init__(self) -> None:
        self.raw: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.raw.append(envelope.original_content or envelope.content)
        return "250 Message accepted"

    @property
    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(raw, policy=policy.default) for raw in self.raw]

    def message_ids(self) -> dict[str, int]:
        """How many times each Message-ID arrived."""
        counts: dict[str, int] = {}
        for message in self.messages:
            counts[str(message["Message-ID"])] = counts.get(str(message["Message-ID"]), 0) + 1
        return counts


@pytest.fixture(scope="session")
def _smtp_server() -> Iterator[tuple[_Inbox, int]]:
    inbox = _Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def mailbox(app: Any, _smtp_server: tuple[_Inbox, int]) -> Iterator[_Inbox]:
    """A real SMTP server (aiosmtpd) that the application sends to during this test."""
    inbox, port = _smtp_server
    inbox.raw.clear()
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{port}"
    yield inbox
    app.config["SMTP_URL"] = None
