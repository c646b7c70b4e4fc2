"""Recording attendance: one record per registration and session, and an event per change.

Every change to an attendance record writes an ``attendance.recorded`` outbox event in the same
transaction; its handler recomputes the registration's summary (``summaries``). Whatever records
it (check-in, join link, sheet, report import), the same rules apply (``check_recordable``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from service.attendance.models import (
    Attendance,
    AttendanceEvent,
    AttendanceSource,
    AttendanceStatus,
)
from service.core.clock import utcnow
from service.core.db import db
from service.core.errors import ServiceError, validation_error
from service.pipeline.outbox import record_event
from service.registrations.models import Registration
from service.trainings.lifecycle import training_closed
from service.trainings.models import Training, TrainingSession, TrainingStatus


def record(
    registration: Registration,
    session: TrainingSession,
    status: AttendanceStatus,
    *,
    minutes: float | None = None,
    source: AttendanceSource,
    recorded_by: int | None = None,
    reason: str | None = None,
) -> bool:
    """Set the registration's attendance at the session; True if anything changed.

    Recording the same status, minutes, source and reason again changes nothing and writes no
    event, whoever records it. Raises ``training_closed`` or ``session_not_started`` (409).
    """
    status, source = AttendanceStatus(status), AttendanceSource(source)
    if registration.training_id != session.training_id:
        raise ValueError("the session is not one of the registration's training")
    check_recordable(session, status)
    attendance = db.session.scalar(
        select(Attendance).where(
            Attendance.registration_id == registration.id, Attendance.session_id == session.id
        )
    )
    values = (status, minutes, source, reason)
    if attendance is not None and (
        (attendance.status, attendance.minutes, attendance.source, attendance.reason) == values
    ):
        return False
    if attendance is None:
        attendance = Attendance(registration_id=registration.id, session_id=session.id)
        db.session.add(attendance)
    attendance.status, attendance.minutes, attendance.source, attendance.reason = values
    attendance.recorded_by = recorded_by
    attendance.recorded_at = utcnow()
    db.session.flush()
    record_event(
        AttendanceEvent.RECORDED,
        training_id=session.training_id,
        registration_id=registration.id,
        payload={"session_id": session.id, "status": status, "source": source},
    )
    return True


def check_recordable(
    session: TrainingSession, status: AttendanceStatus, now: datetime | None = None
) -> None:
    """Attendance changes while the training is not closed; present or absent only for a
    session that has started or starts within SESSION_MARGIN_MINUTES; excused also ahead."""
    if session.training.status == TrainingStatus.CLOSED:
        raise training_closed("attendance can no longer change")
    margin = timedelta(minutes=current_app.config["SESSION_MARGIN_MINUTES"])
    if status != AttendanceStatus.EXCUSED and session.starts_at - margin > (now or utcnow()):
        raise ServiceError(
            "session_not_started",
            f"the session starts at {session.starts_at.isoformat()}; only excused can be "
            "recorded ahead",
            409,
        )


def session_of(training: Training, session_id: int) -> TrainingSession:
    session = next((s for s in training.sessions if s.id == session_id), None)
    if session is None:
        raise validation_error({"session_id": "not a session of this training"})
    return session


def attendance_at(session: TrainingSession) -> dict[int, Attendance]:
    """The session's records by registration id."""
    records = db.session.scalars(select(Attendance).where(Attendance.session_id == session.id))
    return {record.registration_id: record for record in records}
