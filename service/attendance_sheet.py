"""An organiser's attendance sheet for one session, and the attendance summary of a training."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from service.attendance import attendance_at, record
from service.attendance_schemas import AttendanceRecordIn
from service.errors import validation_error
from service.extensions import db
from service.models import AttendanceSummary, Registration, Training, TrainingSession
from service.registrations import list_registrations


def mark_sheet(
    training: Training,
    session: TrainingSession,
    records: list[AttendanceRecordIn],
    *,
    recorded_by: int,
) -> None:
    """Record every line, or none: all references are checked before anything is written."""
    references = [line.reference.strip().upper() for line in records]
    found = {
        registration.reference: registration
        for registration in db.session.scalars(
            select(Registration).where(Registration.reference.in_(set(references)))
        )
    }
    errors: dict[str, str] = {}
    for index, reference in enumerate(references):
        registration = found.get(reference)
        if registration is None:
            errors[f"records.{index}.reference"] = "unknown reference"
        elif registration.training_id != training.id or registration.status != "confirmed":
            errors[f"records.{index}.reference"] = "not a confirmed registration of this training"
        elif reference in references[:index]:
            errors[f"records.{index}.reference"] = "given twice"
    if errors:
        raise validation_error(errors)
    for reference, line in zip(references, records, strict=True):
        record(
            found[reference],
            session,
            line.status,
            minutes=line.minutes,
            source="manual",
            recorded_by=recorded_by,
            reason=line.reason,
        )


def serialise_sheet(training: Training, session: TrainingSession) -> dict[str, Any]:
    """Every confirmed registration, marked or not, with its record at the session."""
    marked = attendance_at(session)
    rows = []
    for registration in list_registrations(training, "confirmed"):
        attendance = marked.get(registration.id)
        rows.append(
            {
                "reference": registration.reference,
                "given_name": registration.given_name,
                "family_name": registration.family_name,
                "name_ar": registration.name_ar,
                "country": registration.country,
                "role": registration.role,
                "status": attendance.status if attendance else None,
                "minutes": attendance.minutes if attendance else None,
                "source": attendance.source if attendance else None,
                "reason": attendance.reason if attendance else None,
                "recorded_at": attendance.recorded_at.isoformat() if attendance else None,
            }
        )
    return {
        "training_id": training.id,
        "session": {
            "id": session.id,
            "starts_at": session.starts_at.isoformat(),
            "ends_at": session.ends_at.isoformat(),
            "title": session.title,
        },
        "records": rows,
    }


def serialise_summaries(training: Training) -> dict[str, Any]:
    """Each confirmed registration's summary; zeros until its first attendance record."""
    registrations = list_registrations(training, "confirmed")
    summaries = {
        summary.registration_id: summary
        for summary in db.session.scalars(
            select(AttendanceSummary).where(
                AttendanceSummary.registration_id.in_([r.id for r in registrations])
            )
        )
    }
    rows = []
    for registration in registrations:
        summary = summaries.get(registration.id)
        rows.append(
            {
                "reference": registration.reference,
                "name": registration.full_name,
                "role": registration.role,
                "sessions_attended": summary.sessions_attended if summary else 0,
                "sessions_total": summary.sessions_total if summary else 0,
                "minutes": summary.minutes if summary else 0.0,
                "eligible": summary.eligible if summary else False,
            }
        )
    return {"training_id": training.id, "attendance": rows}
