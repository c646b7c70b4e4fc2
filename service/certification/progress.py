"""How far a training's issuance has got: certificates earned, rendered, e-mailed, failed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from service.certification.models import Certificate, CertificateEmail
from service.core.db import db
from service.pipeline.models import Delivery, DeliveryStatus, OutboxEvent
from service.trainings.models import Training, TrainingEvent, TrainingStatus


@dataclass(frozen=True)
class IssuanceStatus:
    eligible: int
    rendered: int
    emailed: int
    failed: int
    done: bool


def issuance_status(training: Training) -> IssuanceStatus:
    # Read whether the close event is processed *first*: each later count then sees at least
    # the certificates that processing created (PostgreSQL's READ COMMITTED gives every
    # statement its own snapshot, so the other order could see "processed" and no certificates).
    closing = db.session.scalar(
        select(func.count())
        .select_from(OutboxEvent)
        .where(
            OutboxEvent.training_id == training.id,
            OutboxEvent.kind == TrainingEvent.CLOSED,
            OutboxEvent.processed_at.is_(None),
        )
    )

    def count(*conditions: Any) -> int:
        standing = (Certificate.training_id == training.id, Certificate.revoked_at.is_(None))
        query = select(func.count()).select_from(Certificate).where(*standing, *conditions)
        return db.session.scalar(query) or 0

    eligible = count()
    render_failed = count(Certificate.error.is_not(None))
    rendered = count(Certificate.rendered_at.is_not(None))
    standing_ids = (
        select(Certificate.id)
        .where(Certificate.training_id == training.id, Certificate.revoked_at.is_(None))
        .scalar_subquery()
    )
    emails = dict(
        db.session.execute(
            select(Delivery.status, func.count())
            .where(
                Delivery.kind == CertificateEmail.ISSUED,
                Delivery.certificate_id.in_(standing_ids),
            )
            .group_by(Delivery.status)
        ).all()
    )
    emailed = emails.get(DeliveryStatus.SENT, 0)
    email_failed = emails.get(DeliveryStatus.FAILED, 0)
    done = (
        training.status == TrainingStatus.CLOSED
        and not closing
        and rendered + render_failed == eligible
        and emailed + email_failed == rendered
    )
    return IssuanceStatus(eligible, rendered, emailed, render_failed + email_failed, done)
