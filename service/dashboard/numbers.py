"""The numbers on a training's dashboard: registrations by status and country, attendance per
session, and issuance progress."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from service.attendance.models import Attendance, AttendanceStatus
from service.certification.progress import IssuanceStatus, issuance_status
from service.core.collation import sort_key
from service.core.db import db
from service.core.i18n import country_name
from service.registrations.models import ACTIVE_STATUSES, Registration
from service.trainings.display import session_labels
from service.trainings.models import Training, TrainingSession


@dataclass(frozen=True)
class SessionLine:
    session: TrainingSession
    label: str
    counts: dict[AttendanceStatus, int]


@dataclass(frozen=True)
class Dashboard:
    by_status: dict[str, int]
    by_country: list[tuple[str, str, int]]
    sessions: list[SessionLine]
    issuance: IssuanceStatus


def session_lines(training: Training, language: str) -> list[SessionLine]:
    """Each session with its label and its marks."""
    rows = db.session.execute(
        select(Attendance.session_id, Attendance.status, func.count())
        .join(TrainingSession, TrainingSession.id == Attendance.session_id)
        .where(TrainingSession.training_id == training.id)
        .group_by(Attendance.session_id, Attendance.status)
    ).all()
    lines = []
    for session, label in session_labels(training, language):
        counts = {status: 0 for status in AttendanceStatus}
        counts.update({AttendanceStatus(status): n for sid, status, n in rows if sid == session.id})
        lines.append(SessionLine(session, label, counts))
    return lines


def dashboard(training: Training, language: str) -> Dashboard:
    by_status = dict(
        db.session.execute(
            select(Registration.status, func.count())
            .where(Registration.training_id == training.id)
            .group_by(Registration.status)
        ).all()
    )
    countries = db.session.execute(
        select(Registration.country, func.count())
        .where(
            Registration.training_id == training.id,
            Registration.status.in_(ACTIVE_STATUSES),
        )
        .group_by(Registration.country)
    ).all()
    by_country = sorted(
        ((code, country_name(code, language), n) for code, n in countries),
        key=lambda row: (-row[2], sort_key(row[1], language)),
    )
    return Dashboard(
        by_status, by_country, session_lines(training, language), issuance_status(training)
    )
