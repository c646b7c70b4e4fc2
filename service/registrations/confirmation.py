"""A nominee confirming their own registration: consent, preferred language and the answers
asked at registration. Organisers may decide before or after; confirming again updates the
language and answers and keeps the first time of confirmation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.core.clock import utcnow
from service.core.db import db
from service.core.errors import ServiceError, validation_error
from service.pipeline.outbox import record_event
from service.questions.definitions import Stage
from service.questions.operations import check_for, store_answers
from service.registrations.models import ACTIVE_STATUSES, PersonEvent, Registration
from service.registrations.operations import refuse_if_over
from service.trainings.operations import lock_training


def refuse_if_not_active(registration: Registration) -> None:
    """``409 not_active`` for a cancelled or rejected registration: nothing more to confirm or
    answer."""
    if registration.status not in ACTIVE_STATUSES:
        raise ServiceError("not_active", "this registration is cancelled or was not selected", 409)


def confirm_by_person(
    registration: Registration,
    *,
    consent: bool,
    preferred_language: str | None,
    answers: Mapping[str, Any],
) -> Registration:
    """Record the person's confirmation (``registration.confirmed_by_person`` event)."""
    training = lock_training(registration.training_id)
    db.session.refresh(registration)
    refuse_if_over(training)
    if registration.status not in ACTIVE_STATUSES:
        raise ServiceError("not_active", "this registration is cancelled or was not selected", 409)
    problems = {} if consent else {"consent": "consent is required to register"}
    try:
        checked = check_for(training, registration.role, Stage.REGISTRATION, answers, require=True)
    except ServiceError as invalid:
        raise validation_error({**problems, **invalid.fields}) from None
    if problems:
        raise validation_error(problems)
    now = utcnow()
    registration.consent_at = registration.consent_at or now
    registration.confirmed_by_person_at = registration.confirmed_by_person_at or now
    if preferred_language:
        registration.preferred_language = preferred_language
    store_answers(registration, Stage.REGISTRATION, checked)
    record_event(PersonEvent.CONFIRMED, training_id=training.id, registration_id=registration.id)
    return registration
