"""The organisers' review of a training's candidates: everyone registered, with their answers,
who nominated them and the last decision, filtered by status, country, institution and an
answer; and per country, the participants by status against the quota."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from service.core.db import db
from service.focalpoints.models import FocalPoint
from service.organisers.models import Organiser
from service.questions.definitions import Value
from service.questions.operations import answers_by_registration
from service.registrations.admission import COUNTED_NOMINATIONS, quota_for
from service.registrations.models import Registration, RegistrationStatus, Role
from service.selection.models import Decision
from service.trainings.models import Training

COUNTED = (
    RegistrationStatus.APPLIED,
    RegistrationStatus.NOMINATED,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.REJECTED,
)


@dataclass(frozen=True)
class Filters:
    status: str | None = None
    country: str | None = None
    institution: str | None = None
    answer: str | None = None  # "key:value"


@dataclass(frozen=True)
class LastDecision:
    decision: str
    reason: str | None
    by: str | None
    at: datetime


@dataclass(frozen=True)
class Candidate:
    registration: Registration
    nominated_by: str | None
    answers: dict[str, Value]
    last_decision: LastDecision | None


@dataclass(frozen=True)
class CountryCount:
    country: str
    quota: int | None
    by_status: dict[str, int]
    nominations: int

    @property
    def acceptances_left(self) -> int | None:
        if self.quota is None:
            return None
        return max(self.quota - self.by_status.get(RegistrationStatus.CONFIRMED, 0), 0)


def candidates(training: Training, filters: Filters) -> list[Candidate]:
    """The training's registrations matching ``filters``, oldest first."""
    query = (
        select(Registration, FocalPoint.name)
        .outerjoin(FocalPoint, FocalPoint.id == Registration.focal_point_id)
        .where(Registration.training_id == training.id)
        .order_by(Registration.created_at, Registration.id)
    )
    if filters.status:
        query = query.where(Registration.status == filters.status)
    if filters.country:
        query = query.where(Registration.country == filters.country.strip().upper())
    if filters.institution and filters.institution.strip():
        pattern = f"%{filters.institution.strip().lower()}%"
        query = query.where(func.lower(Registration.institution).like(pattern))
    rows = list(db.session.execute(query))
    answers = answers_by_registration(training, [r.id for r, _ in rows])
    decisions = _last_decisions(training)
    found = [
        Candidate(
            registration, name, answers.get(registration.id, {}), decisions.get(registration.id)
        )
        for registration, name in rows
    ]
    if filters.answer:
        key, _, wanted = filters.answer.partition(":")
        found = [c for c in found if matches(c.answers.get(key), wanted)]
    return found


def matches(value: Any, wanted: str) -> bool:
    """Whether an answer matches a filter's value: a choice's key among those chosen, yes/no,
    a number or date as written, or words within a text (any case)."""
    wanted = wanted.strip().lower()
    if value is None:
        return wanted == ""
    if isinstance(value, bool):
        return wanted in (("yes", "true", "1") if value else ("no", "false", "0"))
    if isinstance(value, list):
        return wanted in [str(item).lower() for item in value]
    return wanted in str(value).lower()


def _last_decisions(training: Training) -> dict[int, LastDecision]:
    rows = db.session.execute(
        select(Decision, Organiser.name)
        .outerjoin(Organiser, Organiser.id == Decision.organiser_id)
        .where(Decision.training_id == training.id)
        .order_by(Decision.id)
    )
    return {
        decision.registration_id: LastDecision(
            decision.decision, decision.reason, name, decision.created_at
        )
        for decision, name in rows
    }


def decisions(training: Training) -> list[tuple[Decision, str, str | None]]:
    """Every decision on the training, oldest first, with the reference and the organiser."""
    rows = db.session.execute(
        select(Decision, Registration.reference, Organiser.name)
        .join(Registration, Registration.id == Decision.registration_id)
        .outerjoin(Organiser, Organiser.id == Decision.organiser_id)
        .where(Decision.training_id == training.id)
        .order_by(Decision.id)
    )
    return [(decision, reference, name) for decision, reference, name in rows]


def country_counts(training: Training) -> list[CountryCount]:
    """Per country (those with participants, and those with a quota), the participants by
    status and the nominations counted against the quota; by country code."""
    by_status: dict[str, Counter[str]] = {}
    nominations: Counter[str] = Counter()
    rows = db.session.execute(
        select(
            Registration.country,
            Registration.status,
            Registration.focal_point_id.is_not(None),
            func.count(),
        )
        .where(
            Registration.training_id == training.id,
            Registration.role == Role.PARTICIPANT,
            Registration.status.in_(COUNTED),
        )
        .group_by(
            Registration.country, Registration.status, Registration.focal_point_id.is_not(None)
        )
    )
    for country, status, nominated, count in rows:
        by_status.setdefault(country, Counter())[status] += count
        if nominated and status in COUNTED_NOMINATIONS:
            nominations[country] += count
    countries = set(by_status) | {code for code in (training.quotas or {}) if len(code) == 2}
    return [
        CountryCount(
            country,
            quota_for(training, country),
            dict(by_status.get(country, Counter())),
            nominations[country],
        )
        for country in sorted(countries)
    ]
