"""Migrations: upgrade from empty, match the models, downgrade to empty."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
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


@contextmanager
def scratch_database(tmp_path: Path) -> Iterator[str]:
    """An empty database of the suite's kind (PostgreSQL with DATABASE_URL, else SQLite)."""
    server_url = os.environ.get("DATABASE_URL")
    if not (server_url and server_url.startswith("postgresql")):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    name = f"tadrib_mig_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def test_upgrade_check_and_downgrade(tmp_path):
    env = dict(os.environ)
    with scratch_database(tmp_path) as url:
        env["DATABASE_URL"] = url
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


def test_0008_gives_existing_rows_their_states_and_join_tokens(tmp_path):
    """Rows written before 0008 (the lifecycle migration): certificates get the state their
    columns implied, deliveries
    stuck in 'sending' a lease, trainings their certificate languages, registrations the join
    token the service derives (with the application's SECRET_KEY). Downgrading keeps them."""
    with scratch_database(tmp_path) as url:
        _check_0008_backfill(url)


def _check_0008_backfill(url: str) -> None:
    from service.core.security import derive_join_token, hash_token

    env = {**os.environ, "DATABASE_URL": url}
    assert flask("db", "upgrade", "0005", env=env).returncode == 0
    engine = sa.create_engine(url)
    metadata = sa.MetaData()
    metadata.reflect(engine)
    table = metadata.tables
    now, day = datetime(2026, 3, 1, 9), date(2026, 3, 1)
    with engine.begin() as connection:
        connection.execute(
            table["programme"].insert(),
            [{"id": 1, "code": "P", "name": {"en": "P"}, "created_at": now}],
        )
        training = {
            "programme_id": 1,
            "kind": "workshop",
            "modality": "virtual",
            "title": {"en": "T"},
            "description": {},
            "venue_city": {},
            "timezone": "UTC",
            "starts_on": day,
            "ends_on": day,
            "registration_opens_at": now,
            "registration_closes_at": now,
            "eligible_countries": "all",
            "partners": [],
            "attendance_threshold": 0.75,
            "session_min_share": 0.5,
            "status": "closed",
            "reference_prefix": "WEB26",
            "created_at": now,
            "updated_at": now,
            "certificate_template": "participation",
            "signatories": [],
        }
        connection.execute(
            table["training"].insert(),
            [
                {**training, "id": 1, "languages": ["ar", "en", "fr"]},
                {**training, "id": 2, "languages": ["ar", "fr"]},
            ],
        )
        people = [
            {
                "id": n,
                "training_id": 1,
                "reference": f"WEB26-{n}AAA",
                "given_name": "A",
                "family_name": "B",
                "email": f"p{n}@example.org",
                "country": "SN",
                "preferred_language": "en",
                "role": "participant",
                "status": "confirmed",
                "access_salt": f"salt{n}",
                "access_token_hash": f"{n}" * 64,
                "created_at": now,
                "updated_at": now,
            }
            for n in range(1, 6)
        ]
        connection.execute(table["registration"].insert(), people)
        certificate = {
            "rendered_at": None,
            "revoked_at": None,
            "revoke_reason": None,
            "error": None,
            "replaces_id": None,
            "training_id": 1,
            "template": "participation",
            "holder_name": {"en": "A B"},
            "issued_on": day,
            "created_at": now,
        }
        connection.execute(
            table["certificate"].insert(),
            [
                {**certificate, "id": 1, "serial": "S1", "registration_id": 1},
                {**certificate, "id": 2, "serial": "S2", "registration_id": 2, "rendered_at": now},
                {**certificate, "id": 3, "serial": "S3", "registration_id": 3, "rendered_at": now},
                {
                    **certificate,
                    "id": 4,
                    "serial": "S4",
                    "registration_id": 4,
                    "error": "LayoutError: x",
                },
                {
                    **certificate,
                    "id": 5,
                    "serial": "S5",
                    "registration_id": 5,
                    "rendered_at": now,
                    "revoked_at": now,
                    "revoke_reason": "name corrected: typo",
                },
                {
                    **certificate,
                    "id": 6,
                    "serial": "S6",
                    "registration_id": 5,
                    "rendered_at": now,
                    "replaces_id": 5,
                },
            ],
        )
        delivery = {
            "kind": "certificate.issued",
            "recipient": "p@example.org",
            "context": {},
            "attempts": 1,
            "created_at": now,
            "updated_at": now,
        }
        connection.execute(
            table["delivery"].insert(),
            [
                {
                    **delivery,
                    "id": 1,
                    "idempotency_key": "k1",
                    "certificate_id": 3,
                    "status": "sent",
                },
                {
                    **delivery,
                    "id": 2,
                    "idempotency_key": "k2",
                    "certificate_id": 2,
                    "status": "sending",
                },
            ],
        )
    engine.dispose()
    upgraded = flask("db", "upgrade", env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        statuses = dict(connection.execute(sa.text("SELECT serial, status FROM certificate")).all())
        assert statuses == {
            "S1": "pending",
            "S2": "rendered",
            "S3": "sent",
            "S4": "failed",
            "S5": "revoked",
            "S6": "rendered",
        }
        revoked = connection.execute(
            sa.text(
                "SELECT revocation_reason, revocation_note FROM certificate WHERE serial = 'S5'"
            )
        ).one()
        assert tuple(revoked) == ("name_corrected", "name corrected: typo")
        failed = connection.execute(
            sa.text("SELECT failure_reason, failed_at FROM certificate WHERE serial = 'S4'")
        ).one()
        assert failed[0] == "LayoutError: x" and failed[1] is not None
        claimed = dict(connection.execute(sa.text("SELECT id, claimed_at FROM delivery")).all())
        assert claimed[1] is None and claimed[2] is not None  # the stuck one has a lease now
        languages = dict(
            connection.execute(sa.text("SELECT id, certificate_languages FROM training")).all()
        )
        assert {k: v if isinstance(v, list) else json.loads(v) for k, v in languages.items()} == {
            1: ["ar", "en"],
            2: ["ar", "fr"],
        }
        hashes = dict(
            connection.execute(
                sa.text("SELECT access_salt, join_token_hash FROM registration")
            ).all()
        )
        secret = env["SECRET_KEY"]
        assert hashes == {
            f"salt{n}": hash_token(derive_join_token(secret, f"salt{n}")) for n in range(1, 6)
        }
    engine.dispose()
    downgraded = flask("db", "downgrade", "0005", env=env)
    assert downgraded.returncode == 0, downgraded.stderr
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        kept = connection.execute(
            sa.text(
                "SELECT serial, error, revoke_reason FROM certificate"
                " WHERE serial IN ('S4', 'S5') ORDER BY serial"
            )
        ).all()
        assert [tuple(row) for row in kept] == [
            ("S4", "LayoutError: x", None),
            ("S5", None, "name corrected: typo"),
        ]
    engine.dispose()
