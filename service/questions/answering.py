"""A person answering (or an organiser entering answers): the registration stage while the
registration is in the running, the follow-up form once the place is confirmed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.core.db import db
from service.core.errors import ServiceError
from service.questions.definitions import Stage, Value
from service.questions.models import TrainingQuestion
from service.questions.operations import answers_of, asked, check_for, store_answers
from service.registrations.confirmation import refuse_if_not_active
from service.registrations.models import Registration, RegistrationStatus
from service.registrations.operations import refuse_if_over
from service.trainings.operations import lock_training


def answer(
    registration: Registration, stage: Stage, values: Mapping[str, Any], *, require: bool
) -> None:
    """Check and store the answers of ``stage`` (``require=False``: an organiser, who may
    leave required questions unanswered). ``409 not_confirmed`` for the follow-up form before
    the place is confirmed."""
    refuse_if_over(lock_training(registration.training_id))
    db.session.refresh(registration)  # its status as the lock now holds it
    refuse_if_not_active(registration)
    if stage == Stage.FOLLOW_UP and registration.status != RegistrationStatus.CONFIRMED:
        raise ServiceError(
            "not_confirmed", "the follow-up form opens once the place is confirmed", 409
        )
    checked = check_for(registration.training, registration.role, stage, values, require=require)
    store_answers(registration, stage, checked)


def answer_sheet(registration: Registration) -> list[tuple[TrainingQuestion, Value | None]]:
    """The questions asked of the person (registration, then follow-up) with their answers,
    then their answers to questions no longer asked of them."""
    given = {question.key: value for question, value in answers_of(registration)}
    questions = [
        *asked(registration.training, registration.role, Stage.REGISTRATION),
        *asked(registration.training, registration.role, Stage.FOLLOW_UP),
    ]
    keys = {question.key for question in questions}
    others = [(q, v) for q, v in answers_of(registration) if q.key not in keys]
    return [(question, given.get(question.key)) for question in questions] + others
