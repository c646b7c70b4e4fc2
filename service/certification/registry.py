"""Certificates after issue: public verification, revocation, name corrections (and the
holders' requests for them), eligibility decisions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from service.certification.issuing import new_certificate
from service.certification.models import Certificate, CorrectionRequest, EligibilityDecision
from service.certification.payload import certificate_languages
from service.certification.schemas import NameCorrectionIn, VerificationOut
from service.core.clock import utcnow
from service.core.db import db
from service.core.errors import ServiceError, not_found
from service.organisers.models import Organiser
from service.registrations.models import Registration
from service.registrations.schemas import PersonNames
from service.trainings.models import Training


def find_certificate(serial: str) -> Certificate | None:
    return db.session.scalar(
        select(Certificate).where(Certificate.serial == serial.strip().upper())
    )


def get_certificate(serial: str) -> Certificate:
    certificate = find_certificate(serial)
    if certificate is None:
        raise not_found("certificate")
    return certificate


def public_view(certificate: Certificate) -> VerificationOut:
    """What anyone may learn from a serial: validity, the holder's name, the training. No more."""
    registration = certificate.registration
    languages = certificate_languages(registration.preferred_language, registration.training)
    return VerificationOut.of(certificate, languages)


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


@dataclass(frozen=True)
class PendingCorrection:
    certificate: Certificate
    given_name: str
    family_name: str
    name_ar: str | None


def request_correction(registration: Registration, names: PersonNames) -> None:
    db.session.add(
        CorrectionRequest(
            registration_id=registration.id,
            given_name=names.given_name,
            family_name=names.family_name,
            name_ar=names.name_ar,
        )
    )
    db.session.flush()


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


def pending_corrections(training: Training) -> list[PendingCorrection]:
    """The latest request per registration whose standing certificate has other names."""
    requests = db.session.scalars(
        select(CorrectionRequest)
        .join(Registration, Registration.id == CorrectionRequest.registration_id)
        .where(Registration.training_id == training.id)
        .order_by(CorrectionRequest.created_at.desc(), CorrectionRequest.id.desc())
    )
    latest: dict[int, CorrectionRequest] = {}
    for request in requests:
        latest.setdefault(request.registration_id, request)
    pending = []
    for registration_id, asked in latest.items():
        certificate = standing_certificate(db.session.get_one(Registration, registration_id))
        if certificate is None:
            continue
        registration = certificate.registration
        current = (registration.given_name, registration.family_name, registration.name_ar)
        if current != (asked.given_name, asked.family_name, asked.name_ar):
            pending.append(
                PendingCorrection(certificate, asked.given_name, asked.family_name, asked.name_ar)
            )
    return pending
