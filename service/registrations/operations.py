"""Registering, looking up and cancelling registrations."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from service.core.clock import utcnow
from service.core.countries import is_eligible
from service.core.db import db
from service.core.errors import ServiceError, not_found, validation_error
from service.core.security import (
    derive_access_token,
    derive_join_token,
    hash_token,
    new_salt,
    random_code,
)
from service.pipeline.deliveries import requeue
from service.pipeline.models import Delivery, DeliveryStatus
from service.pipeline.outbox import record_event
from service.questions.definitions import Stage
from service.questions.operations import check_for, store_answers
from service.registrations.admission import nomination_only, on_arrival
from service.registrations.models import (
    ACTIVE_STATUSES,
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    Role,
)
from service.registrations.schemas import PersonIn, RegistrationIn
from service.registrations.seats import fill_seats
from service.trainings.models import AdmissionMode, Training, TrainingStatus
from service.trainings.operations import lock_training, registration_is_open


@dataclass(frozen=True)
class Registered:
    registration: Registration
    access_token: str


ARRIVALS = {
    RegistrationStatus.CONFIRMED: RegistrationEvent.CONFIRMED,
    RegistrationStatus.WAITLISTED: RegistrationEvent.WAITLISTED,
    RegistrationStatus.APPLIED: RegistrationEvent.APPLIED,
    RegistrationStatus.NOMINATED: RegistrationEvent.NOMINATED,
}


def register(training_id: int, data: RegistrationIn, *, by_organiser: bool) -> Registered:
    training = lock_training(training_id)
    if training.status == TrainingStatus.DRAFT and not by_organiser:
        raise not_found("training")
    refuse_if_over(training)
    if not by_organiser:
        _check_public_rules(training, data)
    refuse_if_registered(training, data.email)
    status = on_arrival(
        training, data.role, data.country, by_organiser=by_organiser, force=data.force
    )
    answers = check_for(
        training, data.role, Stage.REGISTRATION, data.answers, require=not by_organiser
    )
    registered = add_registration(
        training,
        data,
        status,
        country=data.country,
        role=data.role,
        consent=data.consent,
        by_person=not by_organiser,
    )
    if answers:
        store_answers(registered.registration, Stage.REGISTRATION, answers)
    return registered


def refuse_if_registered(training: Training, email: str) -> None:
    if _active_registration(training, email) is not None:
        raise ServiceError(
            "already_registered",
            "this e-mail address is already registered for this training",
            409,
            {"email": "already registered"},
        )


def add_registration(
    training: Training,
    data: PersonIn,
    status: RegistrationStatus,
    *,
    country: str,
    role: str,
    consent: bool,
    by_person: bool,
    focal_point_id: int | None = None,
) -> Registered:
    """The new registration with its outbox event (which e-mails the person). The caller has
    checked the rules and holds the training's lock."""
    salt = new_salt()
    secret = current_app.config["SECRET_KEY"]
    token = derive_access_token(secret, salt)
    now = utcnow()
    registration = Registration(
        training=training,
        reference=_new_reference(training.reference_prefix),
        given_name=data.given_name,
        family_name=data.family_name,
        name_ar=data.name_ar,
        title=data.title,
        gender=data.gender,
        email=data.email,
        country=country,
        institution=data.institution,
        job_title=data.job_title,
        preferred_language=data.preferred_language,
        role=role,
        status=status,
        consent_at=now if consent else None,
        confirmed_by_person_at=now if by_person else None,
        focal_point_id=focal_point_id,
        access_salt=salt,
        access_token_hash=hash_token(token),
        join_token_hash=hash_token(derive_join_token(secret, salt)),
    )
    db.session.add(registration)
    db.session.flush()
    record_event(ARRIVALS[status], training_id=training.id, registration_id=registration.id)
    return Registered(registration, token)


def refuse_if_over(training: Training) -> None:
    """Registrations change no more once a training is closed (its certificates are issued) or
    cancelled (everyone was told)."""
    if training.status == TrainingStatus.CLOSED:
        raise ServiceError(
            "training_closed", "this training is closed: registrations can no longer change", 409
        )
    if training.status == TrainingStatus.CANCELLED:
        raise ServiceError("training_cancelled", "this training is cancelled", 409)


def _check_public_rules(training: Training, data: RegistrationIn) -> None:
    if training.admission == AdmissionMode.NOMINATION:
        raise nomination_only()
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
    refuse_if_over(training)
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


def resend_failed(registration: Registration, email: str | None = None) -> int:
    """Send the registration's refused e-mails again, to ``email`` when the address was wrong
    (the registration takes it); returns how many were queued."""
    if email is not None and email != registration.email:
        other = _active_registration(registration.training, email)
        if other is not None and other.id != registration.id:
            raise ServiceError(
                "already_registered",
                "this e-mail address is already registered for this training",
                409,
                {"email": "already registered"},
            )
        registration.email = email
    failed = list(
        db.session.scalars(
            select(Delivery).where(
                Delivery.registration_id == registration.id,
                Delivery.status == DeliveryStatus.FAILED,
            )
        )
    )
    return requeue(failed, registration.email)


def undelivered(training: Training, status: str | None = None) -> list[tuple[Delivery, str]]:
    """The training's e-mails that failed (or wait to be tried again), oldest first, each with
    its registration's reference."""
    statuses = [status] if status else [DeliveryStatus.FAILED, DeliveryStatus.DEFERRED]
    rows = db.session.execute(
        select(Delivery, Registration.reference)
        .join(Registration, Registration.id == Delivery.registration_id)
        .where(Registration.training_id == training.id, Delivery.status.in_(statuses))
        .order_by(Delivery.updated_at, Delivery.id)
    )
    return [(delivery, reference) for delivery, reference in rows]
