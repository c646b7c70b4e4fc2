"""A training's certificates, and the name corrections participants ask for: an outbox event
each, pending until the registration carries the names asked for."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from service.extensions import db
from service.models import OutboxEvent, Registration, Training
from service.models.certificate import Certificate
from service.outbox import record_event
from service.schemas import PersonNames

REQUESTED = "certificate.correction_requested"


@dataclass(frozen=True)
class CorrectionRequest:
    certificate: Certificate
    given_name: str
    family_name: str
    name_ar: str | None


def request_correction(registration: Registration, names: PersonNames) -> None:
    record_event(
        REQUESTED,
        training_id=registration.training_id,
        registration_id=registration.id,
        payload=names.model_dump(),
    )


def standing_certificate(registration: Registration) -> Certificate | None:
    return db.session.scalar(
        select(Certificate).where(
            Certificate.registration_id == registration.id, Certificate.revoked_at.is_(None)
        )
    )


def issued_certificates(training: Training) -> list[Certificate]:
    """The training's certificates, standing ones first, then by holder."""
    return list(
        db.session.scalars(
            select(Certificate)
            .join(Registration)
            .where(Certificate.training_id == training.id)
            .order_by(
                Certificate.revoked_at.is_not(None),
                Registration.family_name,
                Registration.given_name,
                Certificate.id,
            )
        )
    )


def pending_corrections(training: Training) -> list[CorrectionRequest]:
    """The latest request per registration whose standing certificate has other names."""
    events = db.session.scalars(
        select(OutboxEvent)
        .where(OutboxEvent.training_id == training.id, OutboxEvent.kind == REQUESTED)
        .order_by(OutboxEvent.created_at.desc(), OutboxEvent.id.desc())
    )
    latest: dict[int, OutboxEvent] = {}
    for event in events:
        if event.registration_id is not None:
            latest.setdefault(event.registration_id, event)
    pending = []
    for registration_id, event in latest.items():
        certificate = standing_certificate(db.session.get_one(Registration, registration_id))
        if certificate is None:
            continue
        asked = CorrectionRequest(
            certificate,
            event.payload["given_name"],
            event.payload["family_name"],
            event.payload.get("name_ar"),
        )
        registration = certificate.registration
        current = (registration.given_name, registration.family_name, registration.name_ar)
        if current != (asked.given_name, asked.family_name, asked.name_ar):
            pending.append(asked)
    return pending
