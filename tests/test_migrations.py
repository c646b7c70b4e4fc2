"""Migrations: upgrade from empty, match the models, downgrade to empty."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

pytestmark = pytest.mark.slow  # runs `flask db` in processes

ROOT = Path(__file__).resolve().parent.parent


def flask(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_upgrade_check_and_downgrade(tmp_path):
    env = dict(os.environ)
    server_url = os.environ.get("DATABASE_URL")
    admin = None
    if server_url and server_url.startswith("postgresql"):
        name = f"tadrib_mig_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    else:
        url = f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    env["DATABASE_URL"] = url
    try:
        upgraded = flask("db", "upgrade", env=env)
        assert upgraded.returncode == 0, upgraded.stderr
        engine = sa.create_engine(url)
        tables = set(sa.inspect(engine).get_table_names())
        assert {
            "training",
            "registration",
            "outbox_event",
            "delivery",
            "organiser",
            "attendance",
            "attendance_summary",
        } <= tables
        check = flask("db", "check", env=env)
        assert check.returncode == 0, check.stdout + check.stderr  # models == migrations
        downgraded = flask("db", "downgrade", "base", env=env)
        assert downgraded.returncode == 0, downgraded.stderr
        assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
        engine.dispose()
    finally:
        if admin is not None:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()
