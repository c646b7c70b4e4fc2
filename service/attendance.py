"""Recording attendance, the eligibility rule, and the per-registration summary.

Every change to an attendance record writes an ``attendance.recorded`` outbox event in the same
transaction; its handler recomputes the registration's summary.
"""

from __future__ import annotations

import math

from sqlalchemy import select

from service.clock import utcnow
from service.errors import validation_error
from service.extensions import db
from service.models import (
    Attendance,
    AttendanceSummary,
    OutboxEvent,
    Registration,
    Training,
    TrainingSession,
)
from service.models.attendance import SOURCES, STATUSES
from service.outbox import record_event

# Shares are floats (2/3 is 0.666…): compare with a little slack so 2/3 of 3 sessions needs 2.
EPSILON = 1e-9


def record(
    registration: Registration,
    session: TrainingSession,
    status: str,
    *,
    minutes: float | None = None,
    source: str,
    recorded_by: int | None = None,
    reason: str | None = None,
) -> bool:
    """Set the registration's attendance at the session; True if anything changed.

    Recording the same status, minutes, source and reason again changes nothing and writes no
    event, whoever records it.
    """
    if status not in STATUSES or source not in SOURCES:
        raise ValueError(f"unknown attendance status {status!r} or source {source!r}")
    if registration.training_id != session.training_id:
        raise ValueError("the session is not one of the registration's training")
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
        "attendance.recorded",
        training_id=session.training_id,
        registration_id=registration.id,
        payload={"session_id": session.id, "status": status, "source": source},
    )
    return True


def session_minutes(session: TrainingSession) -> float:
    return (session.ends_at - session.starts_at).total_seconds() / 60


def present_by_minutes(training: Training, session: TrainingSession, minutes: float) -> bool:
    return minutes + EPSILON >= training.session_min_share * session_minutes(session)


def session_counts(training: Training, session: TrainingSession, attendance: Attendance) -> bool:
    """A session counts when marked present or attended for the training's minimum share."""
    if attendance.status == "present":
        return True
    return attendance.minutes is not None and present_by_minutes(
        training, session, attendance.minutes
    )


def sessions_needed(threshold: float, sessions_total: int) -> int:
    return math.ceil(threshold * sessions_total - EPSILON)


def refresh_summary(registration: Registration) -> AttendanceSummary:
    """Recompute the registration's summary row from its attendance records."""
    training = registration.training
    sessions = {session.id: session for session in training.sessions}
    records = db.session.scalars(
        select(Attendance).where(Attendance.registration_id == registration.id)
    ).all()
    attended = sum(
        session_counts(training, sessions[record.session_id], record)
        for record in records
        if record.session_id in sessions
    )
    summary = db.session.scalar(
        select(AttendanceSummary).where(AttendanceSummary.registration_id == registration.id)
    )
    if summary is None:
        summary = AttendanceSummary(registration_id=registration.id)
        db.session.add(summary)
    summary.sessions_attended = attended
    summary.sessions_total = len(sessions)
    summary.minutes = sum(record.minutes or 0.0 for record in records)
    # Experts, speakers and organisers get an appreciation certificate whatever they attended.
    summary.eligible = not registration.takes_seat or attended >= sessions_needed(
        training.attendance_threshold, len(sessions)
    )
    summary.updated_at = utcnow()
    db.session.flush()
    return summary


def refresh_attendance_summary(event: OutboxEvent) -> None:
    """Handler of ``attendance.recorded``; the registration row is locked so that two workers
    refreshing the same summary do not both insert it."""
    registration = db.session.scalar(
        select(Registration)
        .where(Registration.id == event.registration_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert registration is not None
    refresh_summary(registration)


def refresh_training_summaries(event: OutboxEvent) -> None:
    """Handler of ``training.rule_changed``: the threshold, the minimum share or the sessions
    changed, so every summary of the training is recomputed."""
    registrations = db.session.scalars(
        select(Registration).where(Registration.training_id == event.training_id)
    )
    for registration in registrations:
        refresh_summary(registration)


def session_of(training: Training, session_id: int) -> TrainingSession:
    session = next((s for s in training.sessions if s.id == session_id), None)
    if session is None:
        raise validation_error({"session_id": "not a session of this training"})
    return session


def attendance_at(session: TrainingSession) -> dict[int, Attendance]:
    """The session's records by registration id."""
    records = db.session.scalars(select(Attendance).where(Attendance.session_id == session.id))
    return {record.registration_id: record for record in records}
