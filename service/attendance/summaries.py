"""Each registration's attendance summary: sessions attended, minutes, and whether the training's
attendance rule is met. Kept up to date by the workers after every change."""

from __future__ import annotations

from sqlalchemy import select

from service.attendance import rules
from service.attendance.models import Attendance, AttendanceSummary
from service.attendance.rules import attendance_is_enough, sessions_attended
from service.core.clock import utcnow
from service.core.db import db
from service.pipeline.models import OutboxEvent
from service.registrations.models import Registration


def refresh_summary(registration: Registration) -> AttendanceSummary:
    """Recompute the registration's summary row from its attendance records."""
    training = registration.training
    sessions = {session.id: session for session in training.sessions}
    records = db.session.scalars(
        select(Attendance).where(Attendance.registration_id == registration.id)
    ).all()
    attended = sessions_attended(
        training,
        (
            (sessions[record.session_id], record)
            for record in records
            if record.session_id in sessions
        ),
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
    summary.rule_met = attendance_is_enough(training, attended, len(sessions))
    summary.updated_at = utcnow()
    db.session.flush()
    return summary


def refresh_attendance_summary(event: OutboxEvent) -> None:
    """Handler of ``attendance.recorded``; the registration row is locked so that two workers
    refreshing the same summary do not both insert it."""
    registration = db.session.execute(
        select(Registration)
        .where(Registration.id == event.registration_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()
    refresh_summary(registration)


def refresh_training_summaries(event: OutboxEvent) -> None:
    """Handler of ``training.rule_changed``: the threshold, the minimum share or the sessions
    changed, so every summary of the training is recomputed."""
    registrations = db.session.scalars(
        select(Registration).where(Registration.training_id == event.training_id)
    )
    for registration in registrations:
        refresh_summary(registration)


def attended_hours(registration: Registration) -> float:
    """Hours of the sessions that count for this registration (``rules.attended_hours``)."""
    training = registration.training
    sessions = {session.id: session for session in training.sessions}
    records = db.session.scalars(
        select(Attendance).where(Attendance.registration_id == registration.id)
    )
    marks = [(sessions[r.session_id], r) for r in records if r.session_id in sessions]
    return rules.attended_hours(training, marks)
