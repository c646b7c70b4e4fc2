"""On-site check-in at the door: a signed code in, a result code and the person's name out.

Results: ``ok``, ``already_checked_in`` (with the first time), ``unknown_code``,
``wrong_training``, ``not_confirmed`` (waitlisted or cancelled), ``no_session_now``,
``session_not_started`` (a session chosen that is not due yet), ``training_closed``. A request
that repeats a nonce gets the first answer again, so a scanner that retries changes nothing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from service.attendance.models import (
    Attendance,
    AttendanceSource,
    AttendanceStatus,
    CheckinNonce,
    CheckinResult,
)
from service.attendance.recording import check_recordable, record, session_of
from service.core.clock import utcnow
from service.core.db import db
from service.core.errors import ServiceError
from service.organisers.models import Organiser
from service.registrations.links import read_code
from service.registrations.models import Registration, RegistrationStatus
from service.trainings.models import Training, TrainingSession, TrainingStatus
from service.trainings.sessions import current_session


def check_in(
    training: Training,
    code: str,
    organiser: Organiser,
    session_id: int | None = None,
    nonce: str | None = None,
) -> dict[str, Any]:
    if nonce:
        replay = _replayed(training, nonce)
        if replay is not None:
            return replay
    answer = _check_in(training, code, organiser, session_id)
    if nonce:
        try:
            with db.session.begin_nested():
                db.session.add(CheckinNonce(training_id=training.id, nonce=nonce, response=answer))
        except IntegrityError:  # the same nonce, at the same moment, from another request
            db.session.rollback()
            return _replayed(training, nonce) or answer
    return answer


def _replayed(training: Training, nonce: str) -> dict[str, Any] | None:
    return db.session.scalar(
        select(CheckinNonce.response).where(
            CheckinNonce.training_id == training.id, CheckinNonce.nonce == nonce
        )
    )


def _person(registration: Registration) -> dict[str, Any]:
    return {
        "reference": registration.reference,
        "name": registration.full_name,
        "name_ar": registration.name_ar,
        "country": registration.country,
        "role": registration.role,
    }


def _check_in(
    training: Training, code: str, organiser: Organiser, session_id: int | None
) -> dict[str, Any]:
    reference = read_code(current_app.config["SECRET_KEY"], code)
    registration = (
        db.session.scalar(select(Registration).where(Registration.reference == reference))
        if reference
        else None
    )
    if registration is None:
        return {"result": CheckinResult.UNKNOWN_CODE}
    if registration.training_id != training.id:
        return {"result": CheckinResult.WRONG_TRAINING, **_person(registration)}
    if registration.status != RegistrationStatus.CONFIRMED:
        return {
            "result": CheckinResult.NOT_CONFIRMED,
            "status": registration.status,
            **_person(registration),
        }
    if training.status == TrainingStatus.CLOSED:
        return {"result": CheckinResult.TRAINING_CLOSED, **_person(registration)}
    session = _session(training, session_id)
    if session is None:
        return {"result": CheckinResult.NO_SESSION_NOW, **_person(registration)}
    try:
        check_recordable(session, AttendanceStatus.PRESENT)
    except ServiceError as refusal:
        return {
            "result": CheckinResult(refusal.code),
            "session_id": session.id,
            **_person(registration),
        }
    existing = _attendance(registration, session)
    if existing is not None and existing.status == AttendanceStatus.PRESENT:
        result = CheckinResult.ALREADY_CHECKED_IN
    else:
        record(
            registration,
            session,
            AttendanceStatus.PRESENT,
            source=AttendanceSource.CHECKIN,
            recorded_by=organiser.id,
        )
        result = CheckinResult.OK
    attendance = _attendance(registration, session)
    assert attendance is not None
    return {
        "result": result,
        "session_id": session.id,
        "checked_in_at": attendance.recorded_at.isoformat(),
        **_person(registration),
    }


def _attendance(registration: Registration, session: TrainingSession) -> Attendance | None:
    return db.session.scalar(
        select(Attendance).where(
            Attendance.registration_id == registration.id, Attendance.session_id == session.id
        )
    )


def _session(training: Training, session_id: int | None) -> TrainingSession | None:
    if session_id is None:
        margin = timedelta(minutes=current_app.config["SESSION_MARGIN_MINUTES"])
        return current_session(training, utcnow(), margin)
    return session_of(training, session_id)
