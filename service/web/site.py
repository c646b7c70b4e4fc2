"""What every page shares: the layout, the language, the Arabic font, error pages, CSRF, headers.

Each feature owns a blueprint of pages in its ``pages.py``, made with ``page_blueprint`` so that
its templates and error pages behave like every other's. This module's own blueprint, ``web``,
serves the shared assets and layout templates.
"""

from __future__ import annotations

from typing import Any

import fontpkg_amiri
from babel import Locale
from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    g,
    render_template,
    request,
    send_from_directory,
)
from flask_babel import Babel, get_locale, gettext
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import NotFound

from service.core.db import db
from service.core.errors import ServiceError
from service.core.identity import organisation_name
from service.web.jsonapi import PREFIX
from service.web.locale import LANGUAGES, page_language, remember_choice, switch_url, text_direction

web = Blueprint(
    "web",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/assets",
)
csrf = CSRFProtect()

# Nothing a page loads comes from another host: no CDN, no external fonts or scripts.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; font-src 'self'; "
    "script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
FONT_DIR = fontpkg_amiri.ROOT / "files"
FONT_WEIGHTS = {"Amiri-Regular.ttf": 400, "Amiri-Bold.ttf": 700}
ONE_YEAR = 365 * 24 * 3600
ONE_DAY = 24 * 3600
ORGANISER_PREFIX = "/organiser"


def page_blueprint(name: str, import_name: str, *, static: bool = False) -> Blueprint:
    """A feature's blueprint of pages: its templates in ``templates/<name>/`` (and its scripts
    in ``static/``, served under ``/assets/<name>/``), with the shared error pages (translated,
    in the layout, revealing nothing of what exists)."""
    blueprint = Blueprint(
        name,
        import_name,
        template_folder="templates",
        static_folder="static" if static else None,
        static_url_path=f"/assets/{name}" if static else None,
    )
    blueprint.register_error_handler(NotFound, not_found_page)
    blueprint.register_error_handler(ServiceError, _service_error_page)
    blueprint.register_error_handler(CSRFError, form_expired_page)
    return blueprint


def init_pages(app: Flask, blueprints: list[Blueprint]) -> None:
    """Translations, CSRF protection (the JSON API is exempt), headers, and the pages."""
    Babel(app, locale_selector=page_language)
    csrf.init_app(app)
    app.register_blueprint(web)
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    app.context_processor(_page_context)
    app.after_request(_headers)


def not_found_page(error: NotFound | None = None) -> tuple[str, int]:
    g.not_found = True
    return render_template("web/not_found.html"), 404


def _service_error_page(error: ServiceError) -> tuple[str, int]:
    db.session.rollback()
    if error.code == "not_found":
        return not_found_page()
    message = gettext("This request could not be completed.")
    return render_template("web/error.html", message=message), error.status


def form_expired_page(error: CSRFError) -> tuple[str, int]:
    """A form posted without a valid CSRF token (expired session, or another site posting it)."""
    message = gettext("This form has expired. Please check it and send it again.")
    return render_template("web/error.html", message=message), 400


def _is_page() -> bool:
    return bool(request) and not request.path.startswith(f"{PREFIX}/")


def _page_context() -> dict[str, Any]:
    if not _is_page():
        return {}
    language = str(get_locale())
    return {
        "language": language,
        "direction": text_direction(language),
        "organisation": organisation_name(language),
        "language_choices": [(code, _own_name(code)) for code in LANGUAGES],
        "language_links": [
            {
                "code": code,
                "name": _own_name(code),
                "url": switch_url(code),
                "current": code == language,
            }
            for code in LANGUAGES
        ],
    }


def _headers(response: Response) -> Response:
    if request.path.startswith(ORGANISER_PREFIX):
        response.headers["Cache-Control"] = "no-store"
    if not _is_page() or request.endpoint is None:
        return response
    # Manage links carry a personal token: never leak it to another site, never cache the page.
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if "token" in request.args or "token" in request.form:
        response.headers["Cache-Control"] = "no-store"
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return remember_choice(response)


def _own_name(code: str) -> str:
    """A language's name in itself, capitalised as a menu item: ``Français``, ``العربية``."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


@web.get("/assets/fonts/<name>")
def font(name: str) -> Response:
    if name not in FONT_WEIGHTS:
        abort(404)
    return send_from_directory(FONT_DIR, name, mimetype="font/ttf", max_age=ONE_YEAR)


@web.get("/assets/fonts.css")
def font_faces() -> Response:
    """One @font-face per weight, for Arabic letters only (Latin text keeps the system font)."""
    css = render_template("web/fonts.css", weights=FONT_WEIGHTS)
    response = Response(css, mimetype="text/css")
    response.cache_control.max_age = ONE_DAY
    return response
