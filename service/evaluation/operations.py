"""Inviting the attendees when a training closes, reminding them once, and taking answers.

``invite_on_close`` is a handler of ``training.closed`` (see ``service.registry``): every
attendee — a confirmed participant whose attendance summary counts at least one session — gets
one invitation, and one e-mail keyed by it, however often the training is closed. The scheduler
calls ``queue_survey_reminders``: an invitation unanswered three days after it was sent gets one
reminder (keyed, so sent once). ``answer`` stores the answers apart from the person and marks the
link used in the same transaction; a second answer through the same link is refused.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func, select, update

from service.attendance.models import AttendanceEvent, AttendanceSummary
from service.core.db import db
from service.core.errors import ServiceError, not_found, validation_error
from service.core.security import hash_token, new_salt
from service.evaluation.links import derive_token, find_invitation
from service.evaluation.models import (
    Answer,
    EvaluationEmail,
    EvaluationEvent,
    Invitation,
    Response,
)
from service.evaluation.questionnaire import questions_of
from service.evaluation.questions import AnswersInvalid, check_answers
from service.pipeline.deliveries import queue_deliveries
from service.pipeline.models import Delivery, OutboxEvent
from service.pipeline.outbox import NotReady, record_event
from service.registrations.models import Registration, RegistrationStatus, Role
from service.trainings.models import EvaluationMode, Training, TrainingEvent, TrainingStatus

REMINDER_AFTER = timedelta(days=3)
SUMMARISING = (AttendanceEvent.RECORDED, TrainingEvent.RULE_CHANGED)


class SummariesPending(NotReady):
    """Attendance changes are still being summarised; who attended is not known yet."""


def attendees(training_id: int) -> Any:
    """The registration ids of the training's attendees, as a query: confirmed participants whose
    attendance summary counts at least one session."""
    return (
        select(Registration.id)
        .join(AttendanceSummary, AttendanceSummary.registration_id == Registration.id)
        .where(
            Registration.training_id == training_id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.role == Role.PARTICIPANT,
            AttendanceSummary.sessions_attended > 0,
        )
    )


def invite_on_close(event: OutboxEvent) -> None:
    """Handler of ``training.closed``."""
    training = db.session.get_one(Training, event.training_id)
    if training.evaluation == EvaluationMode.OFF:
        return
    invite_attendees(training)


def invite_attendees(training: Training) -> int:
    """Create the missing invitations and queue their e-mails; returns how many were created."""
    pending = db.session.scalar(
        select(func.count())
        .select_from(OutboxEvent)
        .where(
            OutboxEvent.training_id == training.id,
            OutboxEvent.kind.in_(SUMMARISING),
            OutboxEvent.processed_at.is_(None),
        )
    )
    if pending:
        raise SummariesPending(f"{pending} attendance changes not summarised yet")
    invited = set(
        db.session.scalars(
            select(Invitation.registration_id).where(Invitation.training_id == training.id)
        )
    )
    secret = current_app.config["SECRET_KEY"]
    rows = db.session.execute(
        select(Registration.id, Registration.email).where(
            Registration.id.in_(attendees(training.id))
        )
    ).all()
    created = []
    for registration_id, email in rows:
        if registration_id in invited:
            continue
        salt = new_salt()
        invitation = Invitation(
            training_id=training.id,
            registration_id=registration_id,
            salt=salt,
            token_hash=hash_token(derive_token(secret, salt)),
        )
        created.append((invitation, email))
    db.session.add_all([invitation for invitation, _ in created])
    db.session.flush()
    queue_deliveries(
        [
            Delivery(
                kind=EvaluationEmail.INVITATION,
                idempotency_key=f"{EvaluationEmail.INVITATION}:{invitation.registration_id}",
                recipient=email,
                registration_id=invitation.registration_id,
                context={"invitation_id": invitation.id},
            )
            for invitation, email in created
        ]
    )
    return len(created)


def queue_survey_reminders(now: datetime) -> int:
    """Queue one reminder per invitation still unanswered ``REMINDER_AFTER`` after it was sent
    (of trainings still closed); returns how many were queued."""
    due = db.session.execute(
        select(Invitation, Registration.email)
        .join(Registration, Registration.id == Invitation.registration_id)
        .join(Training, Training.id == Invitation.training_id)
        .where(
            Invitation.answered.is_(False),
            Invitation.reminded_at.is_(None),
            Invitation.invited_at <= now - REMINDER_AFTER,
            Training.status == TrainingStatus.CLOSED,
            Training.evaluation != EvaluationMode.OFF,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    ).all()
    for invitation, _ in due:
        invitation.reminded_at = now
    added = queue_deliveries(
        [
            Delivery(
                kind=EvaluationEmail.REMINDER,
                idempotency_key=f"{EvaluationEmail.REMINDER}:{invitation.registration_id}",
                recipient=email,
                registration_id=invitation.registration_id,
                context={"invitation_id": invitation.id},
            )
            for invitation, email in due
        ]
    )
    db.session.commit()
    return len(added)


def set_mode(training: Training, mode: EvaluationMode) -> None:
    """Change whether attendees are surveyed on closing (the caller holds the training's lock).
    Nothing else depends on it, so the rest of the training is not validated again (a past
    training's registration dates, for one, would no longer pass)."""
    training.evaluation = mode


def open_invitation(token: str) -> Invitation:
    invitation = find_invitation(token)
    if invitation is None:
        raise not_found("survey")
    return invitation


def already_answered() -> ServiceError:
    return ServiceError("already_answered", "this survey link has already been used", 409)


def answer(token: str, values: dict[str, Any]) -> Response:
    """Store one response through this link, apart from the person; 409 if the link was used.

    The link is marked used with a conditional update in the same transaction as the answers, so
    two answers sent at once through one link store one response.
    """
    invitation = open_invitation(token)
    if invitation.answered:
        raise already_answered()
    training = db.session.get_one(Training, invitation.training_id)
    try:
        stored = check_answers(questions_of(training), values)
    except AnswersInvalid as invalid:
        raise validation_error(invalid.fields) from None
    claimed = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.answered.is_(False))
        .values(answered=True)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise already_answered()
    response = Response(training_id=training.id)
    db.session.add(response)
    db.session.flush()
    db.session.add_all(
        [
            Answer(
                response_id=response.id,
                training_id=training.id,
                question=key,
                number=value.number,
                text=value.text,
            )
            for key, value in stored.items()
        ]
    )
    # What waits for the answer (the certificate, with ``required``) is told which registration
    # used its link; the event names no response.
    record_event(
        EvaluationEvent.ANSWERED,
        training_id=training.id,
        registration_id=invitation.registration_id,
    )
    return response


def has_answered(registration_id: int) -> bool:
    """Whether this registration's survey link was used (the certificate gate asks this)."""
    return bool(
        db.session.scalar(
            select(Invitation.answered).where(Invitation.registration_id == registration_id)
        )
    )


def survey_gate_open(registration: Registration) -> bool:
    """May this registration's certificate be e-mailed and downloaded, as far as the survey is
    concerned? Always, unless the training requires the evaluation, the person was invited (an
    attendee of a closed training) and has not answered yet. Experts, speakers and organisers are
    never invited, so never held."""
    if registration.training.evaluation != EvaluationMode.REQUIRED:
        return True
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.registration_id == registration.id)
    )
    return invitation is None or invitation.answered
