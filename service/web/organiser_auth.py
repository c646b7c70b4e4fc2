"""Organiser sign-in for the pages: e-mail and password, then a signed session cookie."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, Response, g, redirect, render_template, request, session, url_for

from service.extensions import db
from service.models import Organiser
from service.organisers import authenticate
from service.web import web

SESSION_KEY = "organiser_id"
ORGANISER_PREFIX = "/organiser"


def configure_session_cookie(app: Flask) -> None:
    """HttpOnly and SameSite always; Secure when the service is public over https, so that a
    local http run can still sign in."""
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_SECURE"] = app.config["PUBLIC_BASE_URL"].startswith("https://")


def signed_in() -> Organiser | None:
    organiser_id = session.get(SESSION_KEY)
    return db.session.get(Organiser, organiser_id) if isinstance(organiser_id, int) else None


def organiser_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send visitors who are not signed in to the sign-in page, then back here."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        organiser = signed_in()
        if organiser is None:
            return redirect(url_for("web.sign_in", next=request.full_path.rstrip("?")))
        g.organiser = organiser
        return view(*args, **kwargs)

    return wrapped


def _safe_next(target: str | None) -> str:
    """Only a path of this site's organiser pages: never another host."""
    if target and target.startswith(f"{ORGANISER_PREFIX}/") and "\\" not in target:
        return target
    return url_for("web.organiser_trainings")


@web.route("/organiser/sign-in", methods=["GET", "POST"])
def sign_in() -> Response | tuple[str, int] | str:
    target = request.values.get("next")
    if request.method == "GET":
        return render_template("web/organiser/sign_in.html", next=target, email="", failed=False)
    email = request.form.get("email", "")
    organiser = authenticate(email, request.form.get("password", ""))
    if organiser is None:
        db.session.commit()
        page = render_template("web/organiser/sign_in.html", next=target, email=email, failed=True)
        return page, 401
    db.session.commit()  # a rehashed password
    session.clear()
    session[SESSION_KEY] = organiser.id
    return redirect(_safe_next(target))


@web.post("/organiser/sign-out")
def sign_out() -> Response:
    session.clear()
    return redirect(url_for("web.sign_in"))


@web.after_request
def _private(response: Response) -> Response:
    if request.path.startswith(ORGANISER_PREFIX):
        response.headers["Cache-Control"] = "no-store"
    return response
