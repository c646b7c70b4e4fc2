"""Attendance marks and check-in results in the page language (keyed by their enums)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from service.attendance.models import AttendanceStatus, CheckinResult

MARKS: dict[AttendanceStatus, LazyString] = {
    AttendanceStatus.PRESENT: _l("Present"),
    AttendanceStatus.ABSENT: _l("Absent"),
    AttendanceStatus.EXCUSED: _l("Excused"),
}

# What the door shows for each answer of ``checkin.check_in``; "good" ones are green.
CHECKIN_RESULTS: dict[CheckinResult, LazyString] = {
    CheckinResult.OK: _l("Welcome: checked in"),
    CheckinResult.ALREADY_CHECKED_IN: _l("Already checked in"),
    CheckinResult.UNKNOWN_CODE: _l("Unknown code"),
    CheckinResult.WRONG_TRAINING: _l("Registered for another training"),
    CheckinResult.NOT_CONFIRMED: _l("Registration not confirmed"),
    CheckinResult.NO_SESSION_NOW: _l("No session now"),
    CheckinResult.SESSION_NOT_STARTED: _l("This session has not started yet"),
    CheckinResult.TRAINING_CLOSED: _l("The training is closed"),
}
GOOD_RESULTS = frozenset({CheckinResult.OK, CheckinResult.ALREADY_CHECKED_IN})

# What the sheet says when recording is refused (``recording.check_recordable``'s codes).
REFUSALS: dict[str, LazyString] = {
    CheckinResult.SESSION_NOT_STARTED: _l(
        "Nothing was saved: this session has not started yet. Only “Excused” can be marked ahead."
    ),
    CheckinResult.TRAINING_CLOSED: _l(
        "Nothing was saved: the training is closed, so attendance can no longer change."
    ),
}
