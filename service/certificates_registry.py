"""Certificates after issue: public verification, revocation, name corrections, decisions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from service.clock import utcnow
from service.errors import ServiceError, not_found
from service.extensions import db
from service.i18n import pick, place
from service.issuance import new_certificate
from service.models import Organiser, Registration
from service.models.certificate import Certificate, EligibilityDecision
from service.schemas import NameCorrectionIn


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
