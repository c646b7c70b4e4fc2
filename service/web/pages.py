"""What every page shares: language and direction, the language switcher, response headers."""

from __future__ import annotations

from typing import Any

from babel import Locale
from flask import Response, current_app, request
from flask_babel import get_locale

from service.web import web
from service.web.locale import LANGUAGES, remember_choice, switch_url, text_direction

# Nothing a page loads comes from another host: no CDN, no external fonts or scripts.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; font-src 'self'; "
    "script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


@web.app_context_processor
def _page_context() -> dict[str, Any]:
    if not request or request.blueprint != "web":
        return {}
    language = str(get_locale())
    return {
        "language": language,
        "direction": text_direction(language),
        "organisation": current_app.config["ORGANISATION_NAME"],
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


@web.after_request
def _headers(response: Response) -> Response:
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
