"""Participant pages: server-rendered, translated (ar/en/fr), CSRF-protected forms."""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect

web = Blueprint(
    "web",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/assets",
)
csrf = CSRFProtect()

from service.web import (  # noqa: E402,F401  (modules register their routes on the blueprint)
    assets,
    errors,
    manage,
    organiser_attendance,
    organiser_auth,
    organiser_certificates,
    organiser_pages,
    pages,
    public,
    trainings,
)
from service.web.locale import page_language  # noqa: E402
from service.web.organiser_auth import configure_session_cookie  # noqa: E402


def init_web(app: Flask) -> None:
    """Translations, CSRF protection (the JSON API is exempt), the session cookie, the pages."""
    configure_session_cookie(app)
    Babel(app, locale_selector=page_language)
    csrf.init_app(app)
    csrf.exempt(app.blueprints["api"])
    app.register_blueprint(web)
