"""Attendance pages: the organisers' check-in field and attendance sheet, and the participants'
personal join link."""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import get_locale, gettext

from service.attendance.checkin import check_in
from service.attendance.labels import CHECKIN_RESULTS, GOOD_RESULTS, MARKS, REFUSALS
from service.attendance.models import AttendanceSource, AttendanceStatus
from service.attendance.recording import record, session_of
from service.attendance.schemas import AttendanceRecordIn, SheetRow
from service.attendance.sheet import mark_sheet, serialise_sheet
from service.core.clock import utcnow
from service.core.dates import local_datetime
from service.core.db import db
from service.core.errors import ServiceError
from service.organisers.auth import organiser_required
from service.registrations.links import find_by_join_token, under_way
from service.registrations.models import RegistrationStatus
from service.trainings.display import session_labels, training_page
from service.trainings.models import Modality
from service.trainings.operations import get_training, lock_training
from service.trainings.sessions import current_session, next_session
from service.web.site import page_blueprint

pages = page_blueprint("attendance", __name__, static=True)


def _matches(row: SheetRow, query: str) -> bool:
    names = (row.given_name, row.family_name, row.name_ar or "", row.reference)
    return query.casefold() in " ".join(names).casefold()


@pages.get("/organiser/trainings/<int:training_id>/sessions/<int:session_id>")
@organiser_required
def organiser_sheet(training_id: int, session_id: int) -> ResponseReturnValue:
    language = str(get_locale())
    training = get_training(training_id, include_drafts=True)
    session = session_of(training, session_id)
    query = request.args.get("q", "").strip()
    rows = serialise_sheet(training, session).records
    label = next(label for each, label in session_labels(training, language) if each == session)
    return training_page(
        "attendance/sheet.html",
        training,
        session=session,
        session_label=label,
        query=query,
        rows=[row for row in rows if _matches(row, query)] if query else rows,
        marks=MARKS,
        statuses=list(AttendanceStatus),
    )


@pages.post("/organiser/trainings/<int:training_id>/sessions/<int:session_id>")
@organiser_required
def organiser_mark_sheet(training_id: int, session_id: int) -> ResponseReturnValue:
    """Record the lines whose mark changed; radio buttons left unset are left as they are."""
    training = lock_training(training_id)
    session = session_of(training, session_id)
    before = {row.reference: row.status for row in serialise_sheet(training, session).records}
    marks = {reference: request.form.get(f"mark-{reference}") for reference in before}
    records = [
        AttendanceRecordIn(reference=reference, status=AttendanceStatus(mark))
        for reference, mark in marks.items()
        if mark in list(AttendanceStatus) and mark != before[reference]
    ]
    try:
        mark_sheet(training, session, records, recorded_by=g.organiser.id)
    except ServiceError as refusal:
        if refusal.code not in REFUSALS:
            raise
        db.session.rollback()
        flash(str(REFUSALS[refusal.code]))
    else:
        db.session.commit()
        flash(gettext("Attendance saved."))
    query = request.form.get("q") or None
    return redirect(
        url_for(
            "attendance.organiser_sheet", training_id=training_id, session_id=session_id, q=query
        )
    )


def _session_choice() -> int | None:
    chosen = request.values.get("session", "")
    return int(chosen) if chosen.isdigit() else None


@pages.route("/organiser/trainings/<int:training_id>/check-in", methods=["GET", "POST"])
@organiser_required
def organiser_checkin(training_id: int) -> ResponseReturnValue:
    """A text field a QR scanner types into (then Enter); the answer shown large."""
    language = str(get_locale())
    training = get_training(training_id, include_drafts=True)
    session_id = _session_choice()
    answer = None
    if request.method == "POST":
        code = request.form.get("code", "").strip()
        nonce = request.form.get("nonce") or None
        answer = check_in(training, code, g.organiser, session_id, nonce)
        db.session.commit()
    return training_page(
        "attendance/checkin.html",
        training,
        sessions=session_labels(training, language),
        session_id=session_id,
        answer=answer,
        results=CHECKIN_RESULTS,
        good=answer is not None and answer["result"] in GOOD_RESULTS,
        nonce=secrets.token_urlsafe(16),
    )


@pages.get("/j/<token>")
def join(token: str) -> ResponseReturnValue:
    """Record attendance for the session under way, then send the person to the meeting. The
    join token does this and nothing else: it opens neither the participant's page nor the API."""
    registration = find_by_join_token(token)
    if registration is None or registration.training.modality == Modality.ONSITE:
        abort(404)
    training = registration.training
    if not under_way(training):
        return render_template(
            "attendance/join.html", registration=registration, reason=training.status
        ), 409
    if registration.status != RegistrationStatus.CONFIRMED or not training.meeting_url:
        return render_template(
            "attendance/join.html", registration=registration, reason="not_confirmed"
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
            "attendance/join.html", registration=registration, reason="no_session", upcoming=when
        ), 409
    record(registration, session, AttendanceStatus.PRESENT, source=AttendanceSource.JOIN_LINK)
    db.session.commit()
    return redirect(training.meeting_url, code=303)
