"""Personal join links and the public certificate verification page."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from service.attendance import record
from service.certificates_registry import find_certificate, public_view
from service.clock import utcnow
from service.dates import local_datetime
from service.extensions import db
from service.registrations import find_by_token
from service.sessions import current_session, next_session
from service.web import web


@web.get("/j/<token>")
def join(token: str) -> Response | str:
    """Record attendance for the session under way, then send the person to the meeting."""
    registration = find_by_token(token)
    if registration is None or registration.training.modality == "onsite":
        abort(404)
    training = registration.training
    if registration.status != "confirmed" or not training.meeting_url:
        return render_template(
            "web/join.html", registration=registration, reason="not_confirmed"
        ), 403
    now = utcnow()
    session = current_session(
        training, now, timedelta(minutes=current_app.config["SESSION_MARGIN_MINUTES"])
    )
    if session is None:
        upcoming = next_session(training, now)
        when = (
            {
                lang: local_datetime(upcoming.starts_at, training.timezone, lang)
                for lang in ("ar", "en")
            }
            if upcoming
            else None
        )
        return render_template(
            "web/join.html", registration=registration, reason="no_session", upcoming=when
        ), 409
    record(registration, session, "present", source="join_link")
    db.session.commit()
    return redirect(training.meeting_url, code=303)


@web.get("/verify")
def verify_form() -> Response | str:
    serial = request.args.get("serial", "").strip().upper()
    if serial:
        return redirect(url_for("web.verify", serial=serial))
    return render_template("web/verify.html", certificate=None, serial="")


@web.get("/verify/<serial>")
def verify(serial: str) -> tuple[str, int]:
    certificate = find_certificate(serial)
    if certificate is None:
        return render_template("web/verify.html", certificate=None, serial=serial), 404
    return render_template(
        "web/verify.html", certificate=public_view(certificate), serial=serial
    ), 200
