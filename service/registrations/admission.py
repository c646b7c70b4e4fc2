"""Admission: the status a new registration takes under its training's admission mode, and the
quotas per country.

- ``open``: confirmed while seats are left, else waitlisted (promoted, first come first served,
  when a seat frees: ``seats.fill_seats``).
- ``selection``: a public application is ``applied``; ``nomination``: only national focal
  points submit (``nominated``, see ``service.focalpoints``), the public is refused
  (``409 nomination_only``). Organisers decide on both (``service.selection``); nobody is
  promoted automatically, since a waitlisted candidate is a reserve the organisers chose.
- Whatever the mode, an organiser's own registration is a decision made at once: a seat if one
  is left (and, for a participant, within the country's quota unless forced), else the waiting
  list; experts, speakers and organisers take no seat.

A training's ``quotas`` (``{"SN": 3, "*": 2}``) bound, per country, the nominations its focal
points have in the running (nominated, confirmed or waitlisted: a rejected or cancelled one
frees its place) and the participants confirmed. The caller holds the training's lock
(``trainings.operations.lock_training``), so counts cannot race.
"""

from __future__ import annotations

from sqlalchemy import func, select

from service.core.db import db
from service.core.errors import ServiceError
from service.registrations.models import Registration, RegistrationStatus, Role
from service.registrations.seats import seats_left
from service.trainings.models import AdmissionMode, Training
from service.trainings.schemas import EVERY_OTHER_COUNTRY

# A nomination counts against its country's quota while it is in the running.
COUNTED_NOMINATIONS = (
    RegistrationStatus.NOMINATED,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
)


def on_arrival(
    training: Training, role: str, country: str, *, by_organiser: bool, force: bool
) -> RegistrationStatus:
    """The status of a new registration (not a nomination: ``NOMINATED`` is the focal points')."""
    if not by_organiser and training.admission == AdmissionMode.SELECTION:
        return RegistrationStatus.APPLIED
    if not by_organiser and training.admission == AdmissionMode.NOMINATION:
        raise nomination_only()
    if role != Role.PARTICIPANT or (by_organiser and force):
        return RegistrationStatus.CONFIRMED
    if by_organiser and not within_quota(training, country):
        raise quota_exceeded(country)
    return (
        RegistrationStatus.WAITLISTED if seats_left(training) == 0 else RegistrationStatus.CONFIRMED
    )


def nomination_only() -> ServiceError:
    return ServiceError(
        "nomination_only",
        "this training takes nominations from national focal points only",
        409,
    )


def quota_exceeded(country: str) -> ServiceError:
    return ServiceError(
        "quota_exceeded", f"the quota of {country} for this training is reached", 409
    )


def quota_for(training: Training, country: str) -> int | None:
    """The country's quota; None: no quota."""
    quotas = training.quotas or {}
    return quotas.get(country, quotas.get(EVERY_OTHER_COUNTRY))


def nominations(training: Training, country: str) -> int:
    """The country's nominations in the running."""
    return db.session.execute(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.training_id == training.id,
            Registration.country == country,
            Registration.focal_point_id.is_not(None),
            Registration.status.in_(COUNTED_NOMINATIONS),
        )
    ).scalar_one()


def accepted(training: Training, country: str) -> int:
    """The country's confirmed participants."""
    return db.session.execute(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.training_id == training.id,
            Registration.country == country,
            Registration.role == Role.PARTICIPANT,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    ).scalar_one()


def nominations_left(training: Training, country: str) -> int | None:
    """How many more the country's focal points may nominate; None: no quota."""
    quota = quota_for(training, country)
    return None if quota is None else max(quota - nominations(training, country), 0)


def within_quota(training: Training, country: str) -> bool:
    """Whether one more participant of ``country`` may be confirmed."""
    quota = quota_for(training, country)
    return quota is None or accepted(training, country) < quota
