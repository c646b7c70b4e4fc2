"""Registering, looking up and cancelling registrations."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from service.core.clock import utcnow
from service.core.countries import is_eligible
from service.core.db import db
from service.core.errors import ServiceError, not_found, validation_error
from service.core.security import derive_access_token, hash_token, new_salt, random_code
from service.pipeline.outbox import record_event
from service.registrations.models import (
    ACTIVE_STATUSES,
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    Role,
)
from service.registrations.schemas import RegistrationIn
from service.registrations.seats import fill_seats, seats_left
from service.trainings.models import Training, TrainingStatus
from service.trainings.operations import lock_training, registration_is_open


@dataclass(frozen=True)
class Registered:
    registration: Registration
    access_token: str


def register(training_id: int, data: RegistrationIn, *, by_organiser: bool) -> Registered:
    training = lock_training(training_id)
    if not by_organiser:
        _check_public_rules(training, data)
    if _active_registration(training, data.email) is not None:
        raise ServiceError(
            "already_registered",
            "this e-mail address is already registered for this training",
            409,
            {"email": "already registered"},
        )
    seats = seats_left(training)
    waitlisted = data.role == Role.PARTICIPANT and seats == 0 and not (by_organiser and data.force)
    salt = new_salt()
    token = derive_access_token(current_app.config["SECRET_KEY"], salt)
    registration = Registration(
        training=training,
        reference=_new_reference(training.reference_prefix),
        given_name=data.given_name,
        family_name=data.family_name,
        name_ar=data.name_ar,
        title=data.title,
        gender=data.gender,
        email=data.email,
        country=data.country,
        institution=data.institution,
        job_title=data.job_title,
        preferred_language=data.preferred_language,
        role=data.role,
        status=RegistrationStatus.WAITLISTED if waitlisted else RegistrationStatus.CONFIRMED,
        consent_at=utcnow() if data.consent else None,
        access_salt=salt,
        access_token_hash=hash_token(token),
    )
    db.session.add(registration)
    db.session.flush()
    record_event(
        RegistrationEvent.WAITLISTED if waitlisted else RegistrationEvent.CONFIRMED,
        training_id=training.id,
        registration_id=registration.id,
    )
    return Registered(registration, token)


def _check_public_rules(training: Training, data: RegistrationIn) -> None:
    if training.status == TrainingStatus.DRAFT:
        raise not_found("training")
    if data.role != Role.PARTICIPANT:
        raise ServiceError(
            "forbidden", "only organisers can register experts, speakers and organisers", 403
        )
    if data.force:
        raise ServiceError("forbidden", "only organisers can register past capacity", 403)
    if not data.consent:
        raise validation_error({"consent": "consent is required to register"})
    if not registration_is_open(training):
        raise ServiceError("registration_closed", "registration for this training is closed", 409)
    if not is_eligible(data.country, training.eligible_countries):
        raise ServiceError(
            "country_not_eligible",
            "this training is not open to participants from this country",
            422,
            {"country": "not eligible for this training"},
        )


def _active_registration(training: Training, email: str) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(
            Registration.training_id == training.id,
            Registration.email == email,
            Registration.status.in_(ACTIVE_STATUSES),
        )
    )


def _new_reference(prefix: str) -> str:
    while True:
        reference = f"{prefix}-{random_code(4)}"
        taken = db.session.scalar(
            select(Registration.id).where(Registration.reference == reference)
        )
        if taken is None:
            return reference


def cancel(registration: Registration) -> Registration:
    """Cancel a registration; a freed seat goes to the first person on the waiting list."""
    training = lock_training(registration.training_id)
    db.session.refresh(registration)
    if registration.status not in ACTIVE_STATUSES:
        return registration
    held_seat = registration.status == RegistrationStatus.CONFIRMED and registration.takes_seat
    registration.status = RegistrationStatus.CANCELLED
    db.session.flush()
    record_event(
        RegistrationEvent.CANCELLED, training_id=training.id, registration_id=registration.id
    )
    if held_seat:
        fill_seats(training)
    return registration


def find_by_reference(reference: str) -> Registration:
    registration = db.session.scalar(
        select(Registration).where(Registration.reference == reference.strip().upper())
    )
    if registration is None:
        raise not_found("registration")
    return registration


def list_registrations(
    training: Training, status: str | None = None, country: str | None = None
) -> list[Registration]:
    query = select(Registration).where(Registration.training_id == training.id)
    if status:
        query = query.where(Registration.status == status)
    if country:
        query = query.where(Registration.country == country.upper())
    return list(db.session.scalars(query.order_by(Registration.created_at, Registration.id)))
