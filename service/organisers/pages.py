"""Organiser sign-in for the pages: e-mail and password, then a signed session cookie."""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from service.core.db import db
from service.organisers.accounts import authenticate
from service.organisers.auth import start_session
from service.web.site import ORGANISER_PREFIX, page_blueprint

pages = page_blueprint("organisers", __name__)


def _safe_next(target: str | None) -> str:
    """Only a path of this site's organiser pages: never another host."""
    if target and target.startswith(f"{ORGANISER_PREFIX}/") and "\\" not in target:
        return target
    return url_for("dashboard.trainings")


@pages.route("/organiser/sign-in", methods=["GET", "POST"])
def sign_in() -> ResponseReturnValue:
    target = request.values.get("next")
    if request.method == "GET":
        return render_template("organisers/sign_in.html", next=target, email="", failed=False)
    email = request.form.get("email", "")
    organiser = authenticate(email, request.form.get("password", ""))
    if organiser is None:
        db.session.commit()
        page = render_template("organisers/sign_in.html", next=target, email=email, failed=True)
        return page, 401
    db.session.commit()  # a rehashed password
    start_session(organiser)
    return redirect(_safe_next(target))


@pages.post("/organiser/sign-out")
def sign_out() -> ResponseReturnValue:
    session.clear()
    return redirect(url_for("organisers.sign_in"))
