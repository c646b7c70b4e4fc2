"""Attendance sheets, platform report imports and attendance summaries (organisers only)."""

from __future__ import annotations

from flask import Response, jsonify, request

from service.api import api
from service.api.auth import require_organiser
from service.attendance import session_of
from service.attendance_import import import_report
from service.attendance_reports import FORMATS, ReportFormatError
from service.attendance_schemas import AttendanceSheetIn
from service.attendance_sheet import mark_sheet, serialise_sheet, serialise_summaries
from service.errors import validation_error
from service.extensions import db
from service.registrations import lock_training
from service.schemas import parse
from service.trainings import get_training

SHEET = "/trainings/<int:training_id>/sessions/<int:session_id>/attendance"
MAX_REPORT_BYTES = 10 * 1024 * 1024


@api.get(SHEET)
def get_attendance_sheet(training_id: int, session_id: int) -> Response:
    require_organiser()
    training = get_training(training_id, include_drafts=True)
    return jsonify(serialise_sheet(training, session_of(training, session_id)))


@api.put(SHEET)
def put_attendance_sheet(training_id: int, session_id: int) -> Response:
    """Mark the listed registrations (source ``manual``); a line left out is left as it is."""
    organiser = require_organiser()
    data: AttendanceSheetIn = parse(AttendanceSheetIn, request.get_json(silent=True))
    training = lock_training(training_id)
    session = session_of(training, session_id)
    mark_sheet(training, session, data.records, recorded_by=organiser.id)
    db.session.commit()
    return jsonify(serialise_sheet(training, session))


@api.post(f"{SHEET}/import")
def import_attendance(training_id: int, session_id: int) -> Response:
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
    return jsonify(result.as_dict())


@api.get("/trainings/<int:training_id>/attendance")
def get_attendance_summaries(training_id: int) -> Response:
    require_organiser()
    return jsonify(serialise_summaries(get_training(training_id, include_drafts=True)))
