"""Issuing certificates when a training closes: who earned which, one row per certificate.

Closing writes a ``training.closed`` event. Its handler decides who earned which certificate and
creates one row per certificate; each row's message renders the PDF (``rendering``) and then
queues the e-mail with the PDF attached (``emails``). Every step is keyed: a standing
certificate per registration is unique, a rendered one is not rendered again, and the e-mail's
idempotency key is the serial, so closing twice issues and sends nothing twice.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from service.attendance.models import AttendanceEvent, AttendanceSummary
from service.certification.eligibility import earned
from service.certification.models import Certificate, EligibilityDecision
from service.certification.rendering import enqueue_renders
from service.core.db import db
from service.core.security import random_code
from service.pipeline.models import OutboxEvent
from service.pipeline.outbox import NotReady, add_with_messages
from service.registrations.models import Registration, RegistrationStatus
from service.trainings.models import Training, TrainingEvent

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
    """Create the certificates earned and not yet issued; returns how many were created."""
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
    standing = set(
        db.session.scalars(
            select(Certificate.registration_id).where(
                Certificate.training_id == training.id, Certificate.revoked_at.is_(None)
            )
        )
    )
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
        if registration.id in standing:
            continue
        template = earned(
            registration.role,
            rule_met.get(registration.id, False),
            decisions.get(registration.id),
            training.certificate_template,
        )
        if template is not None:
            issued.append(_certificate(registration, template))
    add_with_messages(issued, enqueue_renders)
    return len(issued)


def _certificate(
    registration: Registration, template: str, replaces: Certificate | None = None
) -> Certificate:
    today = date.today()
    names = {"en": registration.full_name}
    if registration.name_ar:
        names["ar"] = registration.name_ar
    return Certificate(
        serial=new_serial(today.year),
        registration=registration,
        training_id=registration.training_id,
        template=template,
        holder_name=names,
        issued_on=today,
        replaces_id=replaces.id if replaces else None,
    )


def new_certificate(
    registration: Registration, template: str, replaces: Certificate | None = None
) -> Certificate:
    return add_with_messages([_certificate(registration, template, replaces)], enqueue_renders)[0]


def issue_on_close(event: OutboxEvent) -> None:
    """Handler of ``training.closed``."""
    issue_certificates(db.session.get_one(Training, event.training_id))
