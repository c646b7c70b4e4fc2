"""Attendance from a Zoom or Teams report: minutes per person, matched by e-mail address.

A registered person whose every connection falls outside the session (they joined another day's
meeting, or left before it began) is matched all the same: absent, 0 minutes, with the note
``outside_session``, rather than reported as someone the report could not place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from service.attendance.models import Attendance, AttendanceSource, AttendanceStatus
from service.attendance.recording import attendance_at, record
from service.attendance.reports import UnmatchedRow, attendance_by_person, parse_report
from service.attendance.rules import present_by_minutes
from service.attendance.schemas import ImportOut, MatchedRowOut, UnmatchedRowOut
from service.registrations.models import RegistrationStatus
from service.registrations.operations import list_registrations
from service.trainings.models import Training, TrainingSession

# A present mark from these sources is what someone saw; a report's minutes do not undo it.
WITNESSED = (AttendanceSource.MANUAL, AttendanceSource.CHECKIN)


OUTSIDE_SESSION = "outside_session"


@dataclass(frozen=True)
class Match:
    """A registered person found in the report, and what was recorded for them."""

    reference: str
    name: str
    email: str
    lines: tuple[int, ...]
    minutes: float
    status: AttendanceStatus
    note: str | None = None


@dataclass(frozen=True)
class ImportResult:
    format: str
    updated: int
    matches: list[Match]
    unmatched: list[UnmatchedRow]

    @property
    def matched(self) -> int:
        return len(self.matches)

    def out(self) -> ImportOut:
        return ImportOut(
            format=self.format,
            matched=self.matched,
            updated=self.updated,
            matches=[
                MatchedRowOut(
                    reference=match.reference,
                    name=match.name,
                    email=match.email,
                    lines=list(match.lines),
                    minutes=match.minutes,
                    status=match.status,
                    note=match.note,
                )
                for match in self.matches
            ],
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
    found: list[tuple[str, str, tuple[int, ...], float, str | None]] = [
        (email, person.name, person.lines, person.minutes, None) for email, person in people.items()
    ]
    # registered people seen only outside the session: matched, 0 minutes, with a note
    outside: dict[str, list[UnmatchedRow]] = {}
    for row in unmatched:
        if (
            row.reason == OUTSIDE_SESSION
            and row.email
            and row.email.lower() in registrations
            and row.email not in people
        ):
            outside.setdefault(row.email, []).append(row)
    unmatched = [row for row in unmatched if row.email not in outside]
    found += [
        (email, rows[0].name, tuple(r.line for r in rows), 0.0, OUTSIDE_SESSION)
        for email, rows in outside.items()
    ]
    existing = attendance_at(session)
    updated = 0
    matches = []
    for email, name, lines, minutes, note in found:
        registration = registrations.get(email.lower())
        if registration is None:
            unmatched += [UnmatchedRow(line, name, email, "not_registered") for line in lines]
            continue
        marking = _marking(training, session, minutes, existing.get(registration.id), recorded_by)
        updated += record(registration, session, minutes=minutes, **marking)
        matches.append(
            Match(registration.reference, name, email, lines, minutes, marking["status"], note)
        )
    return ImportResult(
        report.format,
        updated,
        sorted(matches, key=lambda m: m.lines),
        sorted(unmatched, key=lambda r: r.line),
    )


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
