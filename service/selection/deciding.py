"""Deciding on applications and nominations, in bulk.

The state machine (``registrations.models.RegistrationStatus``): accept takes ``applied``,
``nominated`` or ``waitlisted`` to ``confirmed`` — a participant only while a seat is left and
the country's quota is not reached; waitlist takes ``applied`` or ``nominated`` to
``waitlisted``; reject takes ``applied``, ``nominated`` or ``waitlisted`` to ``rejected``
(final: the person may apply again). Confirmed, rejected and cancelled registrations are not
decided on (a confirmed one is cancelled). Nominees may be decided on before or after they
confirm their registration.

Every decision applied is a ``Decision`` row (who, when, reason) and an outbox event that
e-mails the person and, for a nomination, their focal point. The training's row is locked for
the whole request (``lock_training``), so concurrent requests never exceed capacity or quotas.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from service.core.db import db
from service.pipeline.outbox import record_event
from service.registrations.admission import within_quota
from service.registrations.models import Registration, RegistrationStatus
from service.registrations.operations import refuse_if_over
from service.registrations.seats import seats_left
from service.selection.models import OUTCOMES, Decision, Verdict
from service.selection.schemas import Refusal, SelectionDecisionIn
from service.trainings.operations import lock_training

DECIDABLE = {
    Verdict.ACCEPT: (
        RegistrationStatus.APPLIED,
        RegistrationStatus.NOMINATED,
        RegistrationStatus.WAITLISTED,
    ),
    Verdict.WAITLIST: (RegistrationStatus.APPLIED, RegistrationStatus.NOMINATED),
    Verdict.REJECT: (
        RegistrationStatus.APPLIED,
        RegistrationStatus.NOMINATED,
        RegistrationStatus.WAITLISTED,
    ),
}


@dataclass(frozen=True)
class Outcome:
    reference: str
    decided: bool
    status: RegistrationStatus | None
    error: Refusal | None = None


def decide(
    training_id: int, decisions: list[SelectionDecisionIn], organiser_id: int | None
) -> list[Outcome]:
    """Apply each decision in order; one refused does not stop the others."""
    training = lock_training(training_id)
    refuse_if_over(training)
    references = [item.reference.strip().upper() for item in decisions]
    found = {
        registration.reference: registration
        for registration in db.session.scalars(
            select(Registration).where(
                Registration.training_id == training.id,
                Registration.reference.in_(references),
            )
        )
    }
    outcomes = []
    for reference, item in zip(references, decisions, strict=True):
        registration = found.get(reference)
        if registration is None:
            outcomes.append(Outcome(reference, False, None, Refusal.NOT_FOUND))
            continue
        outcomes.append(_decide_one(registration, item, organiser_id))
    return outcomes


def _decide_one(
    registration: Registration, item: SelectionDecisionIn, organiser_id: int | None
) -> Outcome:
    status = RegistrationStatus(registration.status)
    target, event = OUTCOMES[item.decision]
    if status == target:
        return Outcome(registration.reference, False, status)
    refusal = _refusal(registration, item.decision)
    if refusal is not None:
        return Outcome(registration.reference, False, status, refusal)
    registration.status = target
    decision = Decision(
        training_id=registration.training_id,
        registration_id=registration.id,
        decision=item.decision,
        from_status=status,
        reason=item.reason,
        organiser_id=organiser_id,
    )
    db.session.add(decision)
    db.session.flush()
    record_event(
        event,
        training_id=registration.training_id,
        registration_id=registration.id,
        payload={"decision_id": decision.id},
    )
    return Outcome(registration.reference, True, target)


def _refusal(registration: Registration, verdict: Verdict) -> Refusal | None:
    if registration.status not in DECIDABLE[verdict]:
        return Refusal.NOT_DECIDABLE
    if verdict != Verdict.ACCEPT or not registration.takes_seat:
        return None
    training = registration.training
    if seats_left(training) == 0:
        return Refusal.NO_SEATS
    if not within_quota(training, registration.country):
        return Refusal.QUOTA_EXCEEDED
    return None
