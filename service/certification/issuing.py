"""Issuing certificates when a training closes: who earned which, one row per certificate.

Closing writes a ``training.closed`` event. Its handler decides who earned which certificate and
creates one row per certificate; each row's message renders the PDF (``rendering``) and then
queues the e-mail with the PDF attached (``emails``). Every step is keyed: a standing
certificate per registration is unique, a rendered one is not rendered again, and the e-mail's
idempotency key is the serial, so closing twice issues and sends nothing twice.

An organiser's decision on a closed training (``eligibility.decided``) settles the same way:
granting issues the missing certificate, withholding revokes the standing one.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from service.attendance.models import AttendanceEvent, AttendanceSummary
from service.certification.eligibility import earned
from service.certification.models import (
    Certificate,
    CertificateStatus,
    Decision,
    EligibilityDecision,
    RevocationReason,
)
from service.certification.rendering import enqueue_renders
from service.core.clock import utcnow
from service.core.db import db
from service.core.security import random_code
from service.pipeline.models import OutboxEvent
from service.pipeline.outbox import NotReady, add_with_messages
from service.registrations.models import Registration, RegistrationStatus
from service.trainings.models import Training, TrainingEvent, TrainingStatus

SUMMARISING = (AttendanceEvent.RECORDED, TrainingEvent.RULE_CHANGED)


class SummariesPending(NotReady):
    """Attendance changes are still being summarised; the close event is retried shortly."""


def decisions_of(registration_ids: Any) -> dict[int, str]:
    """Organisers' grant or withhold decisions by registration id (``registration_ids`` is a
    list or a subquery)."""
    rows = db.session.execute(
        select(EligibilityDecision.registration_id, EligibilityDecision.decision).where(
            EligibilityDecision.registration_id.in_(registration_ids)
        )
    )
    return {registration_id: decision for registration_id, decision in rows}


def new_serial(year: int) -> str:
    return f"TDR-{year}-{random_code(10)}"


def issue_certificates(training: Training) -> int:
    """Create the certificates earned and not yet issued, and revoke those an organiser has
    withheld since; returns how many were created."""
    unsummarised = db.session.scalar(
        select(func.count())
        .select_from(OutboxEvent)
        .where(
            OutboxEvent.training_id == training.id,
            OutboxEvent.kind.in_(SUMMARISING),
            OutboxEvent.processed_at.is_(None),
        )
    )
    if unsummarised:
        raise SummariesPending(f"{unsummarised} attendance changes not summarised yet")
    standing = {
        certificate.registration_id: certificate
        for certificate in db.session.scalars(
            select(Certificate).where(
                Certificate.training_id == training.id,
                Certificate.status != CertificateStatus.REVOKED,
            )
        )
    }
    confirmed = db.session.scalars(
        select(Registration).where(
            Registration.training_id == training.id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    )
    of_training = select(Registration.id).where(Registration.training_id == training.id)
    rule_met = dict(
        db.session.execute(
            select(AttendanceSummary.registration_id, AttendanceSummary.rule_met).where(
                AttendanceSummary.registration_id.in_(of_training)
            )
        ).all()
    )
    decisions = decisions_of(of_training)
    issued = []
    for registration in confirmed:
        decision = decisions.get(registration.id)
        certificate = standing.get(registration.id)
        if certificate is not None:
            if decision == Decision.WITHHOLD:
                certificate.revoke(RevocationReason.ELIGIBILITY_WITHDRAWN, _reason(registration))
            continue
        template = earned(
            registration.role,
            rule_met.get(registration.id, False),
            decision,
            training.certificate_template,
        )
        if template is not None:
            issued.append(_certificate(registration, template))
    add_with_messages(issued, enqueue_renders)
    return len(issued)


def _reason(registration: Registration) -> str:
    decided = db.session.scalar(
        select(EligibilityDecision.reason).where(
            EligibilityDecision.registration_id == registration.id
        )
    )
    return f"withheld: {decided}" if decided else "withheld"


def local_today(training: Training) -> date:
    """Today in the training's time zone: the date a certificate says it was issued."""
    return utcnow().astimezone(ZoneInfo(training.timezone)).date()


def _certificate(
    registration: Registration, template: str, replaces: Certificate | None = None
) -> Certificate:
    today = local_today(registration.training)
    names = holder_names(registration)
    return Certificate(
        serial=new_serial(today.year),
        registration=registration,
        training_id=registration.training_id,
        template=template,
        holder_name=names,
        issued_on=today,
        replaces_id=replaces.id if replaces else None,
    )


def holder_names(registration: Registration) -> dict[str, str]:
    """The names as the certificate prints them (kept on it: the record says what the PDF says)."""
    names = {"en": registration.full_name}
    if registration.name_ar:
        names["ar"] = registration.name_ar
    return names


def new_certificate(
    registration: Registration, template: str, replaces: Certificate | None = None
) -> Certificate:
    return add_with_messages([_certificate(registration, template, replaces)], enqueue_renders)[0]


def issue_on_close(event: OutboxEvent) -> None:
    """Handler of ``training.closed``."""
    issue_certificates(db.session.get_one(Training, event.training_id))


def settle_on_decision(event: OutboxEvent) -> None:
    """Handler of ``eligibility.decided``: a closed training's certificates follow the decision
    (nothing happens if the training was re-opened meanwhile: closing again settles it)."""
    training = db.session.get_one(Training, event.training_id)
    if training.status == TrainingStatus.CLOSED:
        issue_certificates(training)
