"""Tadrib: registration, attendance and certificates for training programmes."""

from __future__ import annotations

import logging

from flask import Flask

from service.config import PROJECT_ROOT, Settings
from service.database import tune_sqlite
from service.extensions import db, migrate


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    settings.check_production()
    settings.var_dir.mkdir(parents=True, exist_ok=True)

    app = Flask(__name__)
    app.config.update(
        SETTINGS=settings,
        SECRET_KEY=settings.secret_key,
        SQLALCHEMY_DATABASE_URI=settings.database_url,
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        SMTP_URL=settings.smtp_url,
        OUTBOX_DIR=settings.outbox_dir,
        CERTIFICATES_DIR=settings.certificates_dir,
        SESSION_MARGIN_MINUTES=settings.session_margin_minutes,
        PUBLIC_BASE_URL=settings.public_base_url,
        MAIL_FROM=settings.mail_from,
        ORGANISATION_NAME=settings.organisation,
        OUTBOX_SWEEP_DELAY=settings.sweep_delay_seconds,
        JSON_AS_ASCII=False,
    )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    logging.basicConfig(level=logging.INFO)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    with app.app_context():
        tune_sqlite(db.engine)

    from service import notifications  # noqa: F401  (registers the e-mail composers)
    from service.api import api
    from service.api.health import health
    from service.cli import register_cli
    from service.web import init_web

    app.register_blueprint(api)
    init_web(app)
    app.add_url_rule("/healthz", "healthz", health)
    register_cli(app)
    return app
