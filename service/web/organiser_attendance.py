"""Organiser pages at the door and in the room: the check-in field and the attendance sheet."""

from __future__ import annotations

import secrets
from typing import Any

from flask import Response, flash, g, redirect, request, url_for
from flask_babel import get_locale, gettext

from service.attendance import session_of
from service.attendance_schemas import AttendanceRecordIn
from service.attendance_sheet import mark_sheet, serialise_sheet
from service.checkin import check_in
from service.extensions import db
from service.registrations import lock_training
from service.trainings import get_training
from service.web import web
from service.web.organiser_auth import organiser_required
from service.web.organiser_dashboard import ATTENDANCE_STATUSES, session_labels
from service.web.organiser_labels import CHECKIN_RESULTS, GOOD_RESULTS, MARKS
from service.web.organiser_pages import training_page


def _matches(row: dict[str, Any], query: str) -> bool:
    names = (row["given_name"], row["family_name"], row["name_ar"] or "", row["reference"])
    return query.casefold() in " ".join(names).casefold()


@web.get("/organiser/trainings/<int:training_id>/sessions/<int:session_id>")
@organiser_required
def organiser_sheet(training_id: int, session_id: int) -> str:
    language = str(get_locale())
    training = get_training(training_id, include_drafts=True)
    session = session_of(training, session_id)
    query = request.args.get("q", "").strip()
    rows = serialise_sheet(training, session)["records"]
    label = next(label for each, label in session_labels(training, language) if each == session)
    return training_page(
        "sheet.html",
        training,
        session=session,
        session_label=label,
        query=query,
        rows=[row for row in rows if _matches(row, query)] if query else rows,
        marks=MARKS,
        statuses=ATTENDANCE_STATUSES,
    )


@web.post("/organiser/trainings/<int:training_id>/sessions/<int:session_id>")
@organiser_required
def organiser_mark_sheet(training_id: int, session_id: int) -> Response:
    """Record the lines whose mark changed; radio buttons left unset are left as they are."""
    training = lock_training(training_id)
    session = session_of(training, session_id)
    before = {
        row["reference"]: row["status"] for row in serialise_sheet(training, session)["records"]
    }
    records = [
        AttendanceRecordIn(reference=reference, status=request.form[f"mark-{reference}"])
        for reference, status in before.items()
        if request.form.get(f"mark-{reference}") in ATTENDANCE_STATUSES
        and request.form[f"mark-{reference}"] != status
    ]
    mark_sheet(training, session, records, recorded_by=g.organiser.id)
    db.session.commit()
    flash(gettext("Attendance saved."))
    query = request.form.get("q") or None
    return redirect(
        url_for("web.organiser_sheet", training_id=training_id, session_id=session_id, q=query)
    )


def _session_choice() -> int | None:
    chosen = request.values.get("session", "")
    return int(chosen) if chosen.isdigit() else None


@web.route("/organiser/trainings/<int:training_id>/check-in", methods=["GET", "POST"])
@organiser_required
def organiser_checkin(training_id: int) -> str:
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
        "checkin.html",
        training,
        sessions=session_labels(training, language),
        session_id=session_id,
        answer=answer,
        results=CHECKIN_RESULTS,
        good=answer is not None and answer["result"] in GOOD_RESULTS,
        nonce=secrets.token_urlsafe(16),
    )
