"""An organiser's attendance sheet for one session, and the attendance summary of a training."""

from __future__ import annotations

from sqlalchemy import select

from service.attendance.models import AttendanceSource, AttendanceStatus, AttendanceSummary
from service.attendance.recording import attendance_at, record
from service.attendance.schemas import (
    AttendanceRecordIn,
    SheetOut,
    SheetRow,
    SummariesOut,
    SummaryRow,
)
from service.certification.eligibility import earned
from service.certification.issuing import decisions_of
from service.core.db import db
from service.core.errors import validation_error
from service.registrations.models import Registration, RegistrationStatus, Role
from service.registrations.operations import list_registrations
from service.trainings.models import Training, TrainingSession
from service.trainings.schemas import SessionOut


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
        elif (
            registration.training_id != training.id
            or registration.status != RegistrationStatus.CONFIRMED
        ):
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
            source=AttendanceSource.MANUAL,
            recorded_by=recorded_by,
            reason=line.reason,
        )


def serialise_sheet(training: Training, session: TrainingSession) -> SheetOut:
    """Every confirmed registration, marked or not, with its record at the session."""
    marked = attendance_at(session)
    rows = []
    for registration in list_registrations(training, RegistrationStatus.CONFIRMED):
        attendance = marked.get(registration.id)
        rows.append(
            SheetRow(
                reference=registration.reference,
                given_name=registration.given_name,
                family_name=registration.family_name,
                name_ar=registration.name_ar,
                country=registration.country,
                role=Role(registration.role),
                status=AttendanceStatus(attendance.status) if attendance else None,
                minutes=attendance.minutes if attendance else None,
                source=AttendanceSource(attendance.source) if attendance else None,
                reason=attendance.reason if attendance else None,
                recorded_at=attendance.recorded_at if attendance else None,
            )
        )
    return SheetOut(
        training_id=training.id,
        session=SessionOut(
            id=session.id, starts_at=session.starts_at, ends_at=session.ends_at, title=session.title
        ),
        records=rows,
    )


def serialise_summaries(training: Training) -> SummariesOut:
    """Each confirmed registration's summary (zeros until its first attendance record) and
    whether it earns a certificate, by the rule issuance applies."""
    registrations = list_registrations(training, RegistrationStatus.CONFIRMED)
    ids = [r.id for r in registrations]
    summaries = {
        summary.registration_id: summary
        for summary in db.session.scalars(
            select(AttendanceSummary).where(AttendanceSummary.registration_id.in_(ids))
        )
    }
    decisions = decisions_of(ids)
    rows = []
    for registration in registrations:
        summary = summaries.get(registration.id)
        rule_met = summary.rule_met if summary else False
        template = earned(
            registration.role,
            rule_met,
            decisions.get(registration.id),
            training.certificate_template,
        )
        rows.append(
            SummaryRow(
                reference=registration.reference,
                name=registration.full_name,
                role=Role(registration.role),
                sessions_attended=summary.sessions_attended if summary else 0,
                sessions_total=summary.sessions_total if summary else 0,
                minutes=summary.minutes if summary else 0.0,
                eligible=template is not None,
            )
        )
    return SummariesOut(training_id=training.id, attendance=rows)
