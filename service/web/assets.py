"""The Arabic web font, served from the font package the certificates use (Amiri, OFL)."""

from __future__ import annotations

import fontpkg_amiri
from flask import Response, abort, render_template, send_from_directory

from service.web import web

FONT_DIR = fontpkg_amiri.ROOT / "files"
FONT_WEIGHTS = {"Amiri-Regular.ttf": 400, "Amiri-Bold.ttf": 700}
ONE_YEAR = 365 * 24 * 3600
ONE_DAY = 24 * 3600


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
