"""JSON routes: attendance sheets, platform report imports, summaries and check-in (organisers)."""

from __future__ import annotations

from flask import Blueprint, request
from flask.typing import ResponseReturnValue

from service.attendance.checkin import check_in
from service.attendance.imports import import_report
from service.attendance.models import CheckinResult
from service.attendance.recording import session_of
from service.attendance.reports import FORMATS, ReportFormatError
from service.attendance.schemas import (
    AttendanceSheetIn,
    CheckinIn,
    CheckinOut,
    ImportOut,
    SheetOut,
    SummariesOut,
)
from service.attendance.sheet import mark_sheet, serialise_sheet, serialise_summaries
from service.core.db import db
from service.core.errors import validation_error
from service.core.schemas import ErrorBody, parse
from service.registrations.access import require_organiser
from service.trainings.operations import get_training, lock_training
from service.web.jsonapi import INVALID, NOT_FOUND, UNAUTHORISED, Access, operation, reply

api = Blueprint("attendance", __name__)

SHEET = "/trainings/<int:training_id>/sessions/<int:session_id>/attendance"
MAX_REPORT_BYTES = 10 * 1024 * 1024
CHECKIN_STATUS = {
    CheckinResult.OK: 200,
    CheckinResult.ALREADY_CHECKED_IN: 200,
    CheckinResult.UNKNOWN_CODE: 404,
}
ORGANISER_ERRORS = {**UNAUTHORISED, **NOT_FOUND, **INVALID}
# What recording attendance refuses (``recording.check_recordable``).
NOT_NOW = {409: "training_closed or session_not_started (only excused is recorded ahead)"}


@api.get(SHEET)
@operation(
    "Attendance sheet of a session (every confirmed registration)",
    access=Access.ORGANISER,
    responses={200: SheetOut, **ORGANISER_ERRORS},
)
def get_attendance_sheet(training_id: int, session_id: int) -> ResponseReturnValue:
    require_organiser()
    training = get_training(training_id, include_drafts=True)
    return reply(serialise_sheet(training, session_of(training, session_id)))


@api.put(SHEET)
@operation(
    "Mark attendance (source manual); every line is checked before any is recorded, and a "
    "line left out is left as it is",
    body=AttendanceSheetIn,
    access=Access.ORGANISER,
    responses={200: SheetOut, **ORGANISER_ERRORS, **NOT_NOW},
)
def put_attendance_sheet(training_id: int, session_id: int) -> ResponseReturnValue:
    organiser = require_organiser()
    data: AttendanceSheetIn = parse(AttendanceSheetIn, request.get_json(silent=True))
    training = lock_training(training_id)
    session = session_of(training, session_id)
    mark_sheet(training, session, data.records, recorded_by=organiser.id)
    db.session.commit()
    return reply(serialise_sheet(training, session))


@api.post(f"{SHEET}/import")
@operation(
    "Import a Zoom or Teams attendance report (CSV) for the session",
    form={"file": "the report", "format": f"one of {', '.join(FORMATS)} (default: detected)"},
    access=Access.ORGANISER,
    responses={200: ImportOut, **ORGANISER_ERRORS, **NOT_NOW},
)
def import_attendance(training_id: int, session_id: int) -> ResponseReturnValue:
    organiser = require_organiser()
    training = lock_training(training_id)
    session = session_of(training, session_id)
    report_format = request.form.get("format") or request.args.get("format") or None
    if report_format is not None and report_format not in FORMATS:
        raise validation_error({"format": f"must be one of {', '.join(FORMATS)}"})
    upload = request.files.get("file")
    if upload is None:
        raise validation_error({"file": "attach the report as a multipart file named 'file'"})
    data = upload.read(MAX_REPORT_BYTES + 1)
    if len(data) > MAX_REPORT_BYTES:
        raise validation_error({"file": "larger than 10 MB"})
    try:
        result = import_report(training, session, data, report_format, recorded_by=organiser.id)
    except ReportFormatError as exc:
        raise validation_error({"file": str(exc)}) from None
    db.session.commit()
    return reply(result.out())


@api.get("/trainings/<int:training_id>/attendance")
@operation(
    "Attendance summaries: sessions attended, minutes, and whether each person earns a certificate",
    access=Access.ORGANISER,
    responses={200: SummariesOut, **UNAUTHORISED, **NOT_FOUND},
)
def get_attendance_summaries(training_id: int) -> ResponseReturnValue:
    require_organiser()
    return reply(serialise_summaries(get_training(training_id, include_drafts=True)))


@api.post("/trainings/<int:training_id>/checkins")
@operation(
    "Check a QR code in: ok, already_checked_in (200), unknown_code (404), wrong_training, "
    "not_confirmed, no_session_now, session_not_started, training_closed (409); a repeated "
    "nonce gets the first answer again",
    body=CheckinIn,
    access=Access.ORGANISER,
    responses={
        200: CheckinOut,
        **UNAUTHORISED,
        404: CheckinOut,
        409: CheckinOut,
        **INVALID,
    },
)
def post_checkin(training_id: int) -> ResponseReturnValue:
    organiser = require_organiser()
    training = get_training(training_id, include_drafts=True)
    data = parse(CheckinIn, request.get_json(silent=True))
    answer = CheckinOut.model_validate(
        check_in(training, data.code, organiser, data.session, data.nonce)
    )
    db.session.commit()
    status = CHECKIN_STATUS.get(answer.result, 409)
    if status != 200:  # a refusal also carries the common error shape
        message = answer.result.replace("_", " ")
        answer.error = ErrorBody(code=answer.result, message=message, fields={})
    return reply(answer, status)
