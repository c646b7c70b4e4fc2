"""The application factory: settings, database, the features' routes, pages and commands."""

from __future__ import annotations

import logging

from flask import Flask

from service.attendance import api as attendance_api
from service.attendance import pages as attendance_pages
from service.attendance.cli import attendance_cli
from service.certification import api as certification_api
from service.certification import pages as certification_pages
from service.certification.cli import training_cli
from service.core.config import PROJECT_ROOT, Settings
from service.core.db import db, migrate, tune_sqlite
from service.dashboard import pages as dashboard_pages
from service.evaluation import api as evaluation_api
from service.evaluation import pages as evaluation_pages
from service.focalpoints import api as focalpoints_api
from service.focalpoints import pages as focalpoints_pages
from service.focalpoints.cli import cli as focal_point_cli
from service.organisation.cli import cli as identity_cli
from service.organisers import pages as organiser_pages
from service.organisers.auth import configure_session_cookie
from service.organisers.cli import cli as organiser_cli
from service.questions import api as questions_api
from service.questions import pages as questions_pages
from service.registrations import api as registrations_api
from service.registrations import pages as registrations_pages
from service.reports import api as reports_api
from service.reports import pages as reports_pages
from service.reports.cli import report_cli
from service.selection import api as selection_api
from service.selection import pages as selection_pages
from service.trainings import api as trainings_api
from service.trainings import pages as trainings_pages
from service.trainings.cli import demo_cli
from service.web.health import health, healthz
from service.web.jsonapi import create_api, init_api
from service.web.openapi import openapi
from service.web.site import csrf, init_pages


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    settings.check_production()
    settings.var_dir.mkdir(parents=True, exist_ok=True)

    app = Flask("service")
    app.config.update(settings.flask_config())
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    logging.basicConfig(level=logging.INFO)
    configure_session_cookie(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    with app.app_context():
        tune_sqlite(db.engine)

    json_routes = [
        trainings_api.api,
        registrations_api.api,
        attendance_api.api,
        certification_api.api,
        evaluation_api.api,
        questions_api.api,
        focalpoints_api.api,
        selection_api.api,
        reports_api.api,
        health,
        openapi,
    ]
    init_api(app)
    app.register_blueprint(create_api(json_routes))
    app.add_url_rule("/healthz", "healthz", healthz)
    init_pages(
        app,
        [
            trainings_pages.pages,
            registrations_pages.pages,
            attendance_pages.pages,
            certification_pages.pages,
            organiser_pages.pages,
            dashboard_pages.pages,
            evaluation_pages.pages,
            questions_pages.pages,
            focalpoints_pages.pages,
            selection_pages.pages,
            reports_pages.pages,
        ],
    )
    for blueprint in json_routes:  # the JSON API authenticates with tokens, never cookies
        csrf.exempt(blueprint)
    commands = (
        organiser_cli,
        focal_point_cli,
        demo_cli,
        training_cli,
        attendance_cli,
        identity_cli,
        report_cli,
    )
    for group in commands:
        app.cli.add_command(group)
    return app
