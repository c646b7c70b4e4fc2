"""Seats: who holds one, how many are left, and promotion from the waiting list."""

from __future__ import annotations

from sqlalchemy import func, select

from service.core.db import db
from service.pipeline.outbox import record_event
from service.registrations.models import Registration, RegistrationEvent, RegistrationStatus, Role
from service.trainings.models import AdmissionMode, Training


def confirmed_participants(training: Training) -> int:
    return db.session.execute(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.training_id == training.id,
            Registration.role == Role.PARTICIPANT,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    ).scalar_one()


def seats_left(training: Training) -> int | None:
    if training.capacity is None:
        return None
    return max(training.capacity - confirmed_participants(training), 0)


def fill_seats(training: Training) -> list[Registration]:
    """Promote waitlisted participants, first come first served, while seats are free (open
    admission only: under selection and nomination the waiting list is the organisers' reserve,
    accepted by their decision).

    The caller must hold the training's lock (see ``trainings.operations.lock_training``).
    """
    if training.admission != AdmissionMode.OPEN:
        return []
    free = seats_left(training)
    query = (
        select(Registration)
        .where(
            Registration.training_id == training.id,
            Registration.status == RegistrationStatus.WAITLISTED,
            Registration.role == Role.PARTICIPANT,
        )
        .order_by(Registration.created_at, Registration.id)
    )
    if free is not None:
        if free == 0:
            return []
        query = query.limit(free)
    promoted = list(db.session.scalars(query))
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        record_event(
            RegistrationEvent.PROMOTED, training_id=training.id, registration_id=registration.id
        )
    db.session.flush()
    return promoted
