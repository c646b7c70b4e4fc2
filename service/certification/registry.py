"""Certificates after issue: public verification, revocation, retrying failures, name
corrections (and the holders' requests for them), eligibility decisions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from service.certification.issuing import holder_names, new_certificate
from service.certification.models import (
    Certificate,
    CertificateEmail,
    CertificateStatus,
    CertificationEvent,
    CorrectionRequest,
    EligibilityDecision,
    RevocationReason,
)
from service.certification.rendering import enqueue_renders
from service.certification.schemas import NameCorrectionIn, VerificationOut
from service.core.clock import utcnow
from service.core.db import db
from service.core.errors import ServiceError, not_found
from service.organisers.models import Organiser
from service.pipeline.deliveries import requeue
from service.pipeline.models import Delivery
from service.pipeline.outbox import after_commit, record_event
from service.registrations.models import Registration
from service.registrations.schemas import PersonNames
from service.trainings.models import Training, TrainingStatus


def find_certificate(serial: str) -> Certificate | None:
    return db.session.scalar(
        select(Certificate).where(Certificate.serial == serial.strip().upper())
    )


def get_certificate(serial: str) -> Certificate:
    """Any certificate, whatever its state (for organisers and the holder)."""
    certificate = find_certificate(serial)
    if certificate is None:
        raise not_found("certificate")
    return certificate


def public_certificate(serial: str) -> Certificate | None:
    """A certificate anyone may verify: one whose PDF exists or existed. A pending or failed
    one was never handed to anyone, so publicly it does not exist."""
    certificate = find_certificate(serial)
    return certificate if certificate and certificate.verification else None


def public_view(certificate: Certificate) -> VerificationOut:
    """What anyone may learn from a serial: validity, the holder's name, the training, and for
    a revoked one when, why (the category) and what replaces it. No more."""
    return VerificationOut.of(certificate, replacement_of(certificate))


def replacement_of(certificate: Certificate) -> Certificate | None:
    """The certificate issued in its place (after a name correction), if any."""
    return db.session.scalar(select(Certificate).where(Certificate.replaces_id == certificate.id))


def revoke(certificate: Certificate, reason: RevocationReason, note: str) -> Certificate:
    certificate.revoke(reason, note)
    db.session.flush()
    return certificate


def correct_name(certificate: Certificate, correction: NameCorrectionIn) -> Certificate:
    """Fix the holder's name and return the certificate that carries it.

    A certificate whose PDF exists is revoked and a new one issued and e-mailed in its place. One
    that failed was never handed to anyone: it is rendered again, same serial, with the new name.
    """
    if certificate.status == CertificateStatus.REVOKED:
        raise ServiceError("revoked", "this certificate is revoked; correct the standing one", 409)
    if certificate.status == CertificateStatus.PENDING:
        raise ServiceError("not_ready", "this certificate is being rendered; try shortly", 409)
    registration = certificate.registration
    registration.given_name = correction.given_name
    registration.family_name = correction.family_name
    registration.name_ar = correction.name_ar
    if certificate.status == CertificateStatus.FAILED:
        certificate.holder_name = holder_names(registration)
        return retry(certificate)
    revoke(certificate, RevocationReason.NAME_CORRECTED, correction.reason)
    return new_certificate(registration, certificate.template, replaces=certificate)


def retry(certificate: Certificate) -> Certificate:
    """Try a failed certificate again: render it once more (same serial) or, if its e-mail was
    refused, send that again. Whatever succeeds is e-mailed once (the e-mail is keyed)."""
    if certificate.status == CertificateStatus.FAILED:
        certificate.status = CertificateStatus.PENDING
        certificate.failure_reason = certificate.failed_at = None
        db.session.flush()
        certificate_id = certificate.id
        after_commit(lambda: enqueue_renders([certificate_id]))
        return certificate
    if certificate.status == CertificateStatus.RENDERED and requeue(
        list(
            db.session.scalars(
                select(Delivery).where(
                    Delivery.certificate_id == certificate.id,
                    Delivery.kind == CertificateEmail.ISSUED,
                )
            )
        )
    ):
        return certificate
    raise ServiceError(
        "nothing_to_retry", f"this certificate is {certificate.status}: nothing failed", 409
    )


def decide(
    registration: Registration, decision: str | None, reason: str, organiser: Organiser
) -> EligibilityDecision | None:
    """Grant or withhold a certificate whatever the attendance rule says (None: follow the rule).

    On a closed training the certificates follow at once (``eligibility.decided``): granting
    issues the missing certificate, withholding revokes the standing one.
    """
    existing = db.session.scalar(
        select(EligibilityDecision).where(EligibilityDecision.registration_id == registration.id)
    )
    if registration.training.status == TrainingStatus.CLOSED:
        record_event(
            CertificationEvent.DECIDED,
            training_id=registration.training_id,
            registration_id=registration.id,
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
            Certificate.registration_id == registration.id,
            Certificate.status != CertificateStatus.REVOKED,
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
                Certificate.status == CertificateStatus.REVOKED,
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
