"""The page language: ?lang= (remembered in a cookie), else the cookie, else Accept-Language."""

from __future__ import annotations

from typing import Any

from flask import Response, g, request, url_for

LANGUAGES = ("ar", "en", "fr")
DEFAULT_LANGUAGE = "en"
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
RTL_LANGUAGES = frozenset({"ar"})
HOME = "trainings.index"  # the endpoint of the home page: the open trainings


def page_language() -> str:
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    remembered = request.cookies.get(COOKIE)
    if remembered in LANGUAGES:
        return remembered
    return _accepted_language()


def _accepted_language() -> str:
    """The first supported language by the visitor's preference, ``ar-SA`` counting as ``ar``.

    Werkzeug's ``best_match`` prefers any exact match over a regional variant, which would pick
    ``fr`` over ``ar-SA`` for ``ar-SA,fr;q=0.8``.
    """
    for tag, quality in request.accept_languages:
        primary = tag.split("-")[0].split("_")[0].lower()
        if quality > 0 and primary in LANGUAGES:
            return primary
    return DEFAULT_LANGUAGE


def text_direction(language: str) -> str:
    return "rtl" if language in RTL_LANGUAGES else "ltr"


def remember_choice(response: Response) -> Response:
    """Keep an explicit ``?lang=`` choice for the next visits."""
    asked = request.args.get("lang")
    if asked in LANGUAGES and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True)
    return response


def switch_url(language: str) -> str:
    """This page in another language (keeping its other query parameters, such as a token).

    A page not found links to the home page instead, so it repeats nothing of the address.
    """
    args: dict[str, Any] = {**request.args.to_dict(), "lang": language}
    if request.endpoint is None or g.get("not_found"):
        return url_for(HOME, lang=language)
    return url_for(request.endpoint, **(request.view_args or {}), **args)
