"""Registering, looking up and cancelling registrations."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from service.checkin_codes import make_code
from service.clock import utcnow
from service.countries import is_eligible
from service.errors import ServiceError, not_found, validation_error
from service.extensions import db
from service.models import Registration, Training
from service.models.registration import ACTIVE_STATUSES
from service.outbox import record_event
from service.schemas import RegistrationIn
from service.seats import fill_seats, seats_left
from service.security import derive_access_token, hash_token, new_salt, random_code
from service.trainings import registration_is_open


@dataclass(frozen=True)
class Registered:
    registration: Registration
    access_token: str


def lock_training(training_id: int) -> Training:
    """Load a training and lock its row until commit, so seat counts cannot race.

    PostgreSQL takes a row lock (SELECT ... FOR UPDATE); SQLite transactions already start with
    BEGIN IMMEDIATE (service.database), which serialises writers.
    """
    training = db.session.scalar(
        select(Training)
        .where(Training.id == training_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if training is None:
        raise not_found("training")
    return training


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
    waitlisted = data.role == "participant" and seats == 0 and not (by_organiser and data.force)
    salt = new_salt()
    token = derive_access_token(current_app.config["SECRET_KEY"], salt)
    registration = Registration(
        training=training,
        reference=_new_reference(training.reference_prefix),
        given_name=data.given_name,
        family_name=data.family_name,
        name_ar=data.name_ar,
        email=data.email,
        country=data.country,
        institution=data.institution,
        job_title=data.job_title,
        preferred_language=data.preferred_language,
        role=data.role,
        status="waitlisted" if waitlisted else "confirmed",
        consent_at=utcnow() if data.consent else None,
        access_salt=salt,
        access_token_hash=hash_token(token),
    )
    db.session.add(registration)
    db.session.flush()
    record_event(
        f"registration.{registration.status}",
        training_id=training.id,
        registration_id=registration.id,
    )
    return Registered(registration, token)


def _check_public_rules(training: Training, data: RegistrationIn) -> None:
    if training.status == "draft":
        raise not_found("training")
    if data.role != "participant":
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
    held_seat = registration.status == "confirmed" and registration.takes_seat
    registration.status = "cancelled"
    db.session.flush()
    record_event("registration.cancelled", training_id=training.id, registration_id=registration.id)
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


def find_by_token(token: str) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(Registration.access_token_hash == hash_token(token))
    )


def access_token(registration: Registration) -> str:
    return derive_access_token(current_app.config["SECRET_KEY"], registration.access_salt)


def manage_url(registration: Registration) -> str:
    base = current_app.config["PUBLIC_BASE_URL"]
    return f"{base}/r/{registration.reference}?token={access_token(registration)}"


def join_url(registration: Registration) -> str | None:
    """The personal link that records attendance and leads to the meeting, for confirmed
    people of virtual and hybrid trainings."""
    if registration.status != "confirmed" or registration.training.modality == "onsite":
        return None
    return f"{current_app.config['PUBLIC_BASE_URL']}/j/{access_token(registration)}"


def checkin_code(registration: Registration) -> str | None:
    """The signed code confirmed people of on-site and hybrid trainings show at the door."""
    if registration.status != "confirmed" or registration.training.modality == "virtual":
        return None
    return make_code(current_app.config["SECRET_KEY"], registration.reference)


def list_registrations(
    training: Training, status: str | None = None, country: str | None = None
) -> list[Registration]:
    query = select(Registration).where(Registration.training_id == training.id)
    if status:
        query = query.where(Registration.status == status)
    if country:
        query = query.where(Registration.country == country.upper())
    return list(db.session.scalars(query.order_by(Registration.created_at, Registration.id)))


def serialise_registration(registration: Registration) -> dict:
    return {
        "reference": registration.reference,
        "training_id": registration.training_id,
        "status": registration.status,
        "role": registration.role,
        "given_name": registration.given_name,
        "family_name": registration.family_name,
        "name_ar": registration.name_ar,
        "email": registration.email,
        "country": registration.country,
        "institution": registration.institution,
        "job_title": registration.job_title,
        "preferred_language": registration.preferred_language,
        "consent_at": registration.consent_at.isoformat() if registration.consent_at else None,
        "created_at": registration.created_at.isoformat(),
    }
