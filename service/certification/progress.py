"""How far a training's issuance has got: certificates earned, rendered, e-mailed, and each
failure with whose it is, why and when, so that an organiser can fix the cause and retry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select

from service.certification.models import WITH_PDF, Certificate, CertificateEmail, CertificateStatus
from service.core.db import db
from service.pipeline.models import Delivery, DeliveryStatus, OutboxEvent
from service.registrations.models import Registration
from service.trainings.models import Training, TrainingEvent, TrainingStatus


class FailedStage(StrEnum):
    """Where issuance stopped for a certificate (or for the whole closing)."""

    CLOSING = "closing"  # deciding who earned what gave up (see ``workers.actors``)
    RENDERING = "rendering"
    EMAIL = "email"


@dataclass(frozen=True)
class IssuanceFailure:
    stage: FailedStage
    reason: str
    at: datetime
    serial: str | None = None
    reference: str | None = None
    holder: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class IssuanceStatus:
    eligible: int
    rendered: int
    emailed: int
    failed: int
    done: bool
    failures: list[IssuanceFailure]


def issuance_status(training: Training) -> IssuanceStatus:
    # Read the close event *first*: each later count then sees at least the certificates that
    # processing created (PostgreSQL's READ COMMITTED gives every statement its own snapshot, so
    # the other order could see "processed" and no certificates).
    last_close = db.session.execute(
        select(OutboxEvent.processed_at, OutboxEvent.failed_at, OutboxEvent.error)
        .where(OutboxEvent.training_id == training.id, OutboxEvent.kind == TrainingEvent.CLOSED)
        .order_by(OutboxEvent.id.desc())
        .limit(1)
    ).first()
    closing = last_close is not None and last_close.processed_at is None
    failures = []
    if closing and last_close is not None and last_close.failed_at is not None:
        closing = False
        failures.append(
            IssuanceFailure(FailedStage.CLOSING, last_close.error or "", last_close.failed_at)
        )

    standing = (
        Certificate.training_id == training.id,
        Certificate.status != CertificateStatus.REVOKED,
    )
    by_status: dict[str, int] = dict(
        db.session.execute(
            select(Certificate.status, func.count()).where(*standing).group_by(Certificate.status)
        ).all()
    )
    failures += [
        IssuanceFailure(
            FailedStage.RENDERING,
            certificate.failure_reason or "",
            certificate.failed_at or certificate.created_at,
            certificate.serial,
            registration.reference,
            registration.full_name,
            registration.email,
        )
        for certificate, registration in db.session.execute(
            select(Certificate, Registration)
            .join(Registration, Registration.id == Certificate.registration_id)
            .where(*standing, Certificate.status == CertificateStatus.FAILED)
            .order_by(Certificate.failed_at, Certificate.id)
        ).all()
    ]
    failures += [
        IssuanceFailure(
            FailedStage.EMAIL,
            f"{delivery.failure}: {delivery.error}" if delivery.error else str(delivery.failure),
            delivery.updated_at,
            certificate.serial,
            registration.reference,
            registration.full_name,
            delivery.recipient,
        )
        for delivery, certificate, registration in db.session.execute(
            select(Delivery, Certificate, Registration)
            .join(Certificate, Certificate.id == Delivery.certificate_id)
            .join(Registration, Registration.id == Certificate.registration_id)
            .where(
                *standing,
                Certificate.status == CertificateStatus.RENDERED,
                Delivery.kind == CertificateEmail.ISSUED,
                Delivery.status == DeliveryStatus.FAILED,
            )
            .order_by(Delivery.updated_at, Delivery.id)
        ).all()
    ]
    eligible = sum(by_status.values())
    rendered = sum(by_status.get(status, 0) for status in WITH_PDF)
    emailed = by_status.get(CertificateStatus.SENT, 0)
    email_failed = sum(failure.stage == FailedStage.EMAIL for failure in failures)
    done = (
        training.status == TrainingStatus.CLOSED
        and not closing
        and by_status.get(CertificateStatus.PENDING, 0) == 0
        and emailed + email_failed == rendered
    )
    return IssuanceStatus(eligible, rendered, emailed, len(failures), done, failures)
