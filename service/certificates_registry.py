"""Certificates after issue: public verification, revocation, name corrections (and the
participants' requests for them, an outbox event each, pending until the registration carries
the names asked for), eligibility decisions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from service.clock import utcnow
from service.errors import ServiceError, not_found
from service.extensions import db
from service.i18n import pick, place
from service.issuance import new_certificate
from service.models import Organiser, OutboxEvent, Registration, Training
from service.models.certificate import Certificate, EligibilityDecision
from service.outbox import record_event
from service.schemas import NameCorrectionIn, PersonNames


def find_certificate(serial: str) -> Certificate | None:
    return db.session.scalar(
        select(Certificate).where(Certificate.serial == serial.strip().upper())
    )


def get_certificate(serial: str) -> Certificate:
    certificate = find_certificate(serial)
    if certificate is None:
        raise not_found("certificate")
    return certificate


def public_view(certificate: Certificate) -> dict[str, Any]:
    """What anyone may learn from a serial: validity, the holder's name, the training. No more."""
    training = certificate.registration.training
    return {
        "serial": certificate.serial,
        "status": "revoked" if certificate.revoked_at else "valid",
        "revoked_on": certificate.revoked_at.date().isoformat() if certificate.revoked_at else None,
        "holder": {
            "en": certificate.holder_name.get("en"),
            "ar": certificate.holder_name.get("ar"),
        },
        "training": {
            "title": {lang: pick(training.title, lang) for lang in ("ar", "en")},
            "starts_on": training.starts_on.isoformat(),
            "ends_on": training.ends_on.isoformat(),
            "modality": training.modality,
            "venue": None
            if training.modality == "virtual"
            else {lang: place(training, lang) for lang in ("ar", "en")},
        },
        "template": certificate.template,
        "issued_on": certificate.issued_on.isoformat(),
    }


def revoke(certificate: Certificate, reason: str) -> Certificate:
    if certificate.revoked_at is None:
        certificate.revoked_at = utcnow()
        certificate.revoke_reason = reason
        db.session.flush()
    return certificate


def correct_name(certificate: Certificate, correction: NameCorrectionIn) -> Certificate:
    """Fix the holder's name: the old certificate is revoked, a new one is issued and e-mailed."""
    if certificate.revoked_at is not None:
        raise ServiceError("revoked", "this certificate is revoked; correct the standing one", 409)
    registration = certificate.registration
    registration.given_name = correction.given_name
    registration.family_name = correction.family_name
    registration.name_ar = correction.name_ar
    revoke(certificate, f"name corrected: {correction.reason}")
    return new_certificate(registration, certificate.template, replaces=certificate)


def decide(
    registration: Registration, decision: str | None, reason: str, organiser: Organiser
) -> EligibilityDecision | None:
    """Grant or withhold a certificate whatever the attendance rule says (None: follow the rule)."""
    existing = db.session.scalar(
        select(EligibilityDecision).where(EligibilityDecision.registration_id == registration.id)
    )
    if decision is None:
        if existing is not None:
            db.session.delete(existing)
        return None
    if existing is None:
        existing = EligibilityDecision(registration_id=registration.id)
        db.session.add(existing)
    existing.decision, existing.reason, existing.organiser_id = decision, reason, organiser.id
    existing.decided_at = utcnow()
    db.session.flush()
    return existing


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
