"""Attendance from a Zoom or Teams report: minutes per person, matched by e-mail address."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from service.attendance.models import Attendance, AttendanceSource, AttendanceStatus
from service.attendance.recording import attendance_at, record
from service.attendance.reports import UnmatchedRow, attendance_by_person, parse_report
from service.attendance.rules import present_by_minutes
from service.attendance.schemas import ImportOut, UnmatchedRowOut
from service.registrations.models import RegistrationStatus
from service.registrations.operations import list_registrations
from service.trainings.models import Training, TrainingSession

# A present mark from these sources is what someone saw; a report's minutes do not undo it.
WITNESSED = (AttendanceSource.MANUAL, AttendanceSource.CHECKIN)


@dataclass(frozen=True)
class ImportResult:
    format: str
    matched: int
    updated: int
    unmatched: list[UnmatchedRow]

    def out(self) -> ImportOut:
        return ImportOut(
            format=self.format,
            matched=self.matched,
            updated=self.updated,
            unmatched=[
                UnmatchedRowOut(line=row.line, name=row.name, email=row.email, reason=row.reason)
                for row in self.unmatched
            ],
        )


def local_window(training: Training, session: TrainingSession) -> tuple[datetime, datetime]:
    """The session as naive wall-clock times in the training's time zone, as reports give them."""
    zone = ZoneInfo(training.timezone)
    return (
        session.starts_at.astimezone(zone).replace(tzinfo=None),
        session.ends_at.astimezone(zone).replace(tzinfo=None),
    )


def import_report(
    training: Training,
    session: TrainingSession,
    data: bytes,
    format: str | None = None,
    *,
    recorded_by: int | None = None,
) -> ImportResult:
    """Record the minutes (and the status they imply) of every confirmed registration found in
    the report. Raises ReportFormatError when the file cannot be read."""
    report = parse_report(data, format)
    people, unmatched = attendance_by_person(report, *local_window(training, session))
    registrations = {
        r.email.lower(): r for r in list_registrations(training, RegistrationStatus.CONFIRMED)
    }
    existing = attendance_at(session)
    matched = updated = 0
    for email, person in people.items():
        registration = registrations.get(email.lower())
        if registration is None:
            unmatched += [
                UnmatchedRow(line, person.name, email, "not_registered") for line in person.lines
            ]
            continue
        matched += 1
        updated += record(
            registration,
            session,
            minutes=person.minutes,
            **_marking(
                training, session, person.minutes, existing.get(registration.id), recorded_by
            ),
        )
    return ImportResult(report.format, matched, updated, sorted(unmatched, key=lambda r: r.line))


def _marking(
    training: Training,
    session: TrainingSession,
    minutes: float,
    kept: Attendance | None,
    recorded_by: int | None,
) -> dict[str, Any]:
    """Status and provenance for imported minutes. A witnessed present mark keeps its status,
    source, author and reason, so importing the same report again changes nothing."""
    if kept is not None and kept.status == AttendanceStatus.PRESENT and kept.source in WITNESSED:
        return {
            "status": AttendanceStatus.PRESENT,
            "source": kept.source,
            "recorded_by": kept.recorded_by,
            "reason": kept.reason,
        }
    present = present_by_minutes(training, session, minutes)
    return {
        "status": AttendanceStatus.PRESENT if present else AttendanceStatus.ABSENT,
        "source": AttendanceSource.IMPORT,
        "recorded_by": recorded_by,
    }
