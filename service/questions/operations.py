"""Setting a training's questions, checking the answers a person gives and storing them.

Until an organiser sets a training's questions, it has its defaults (``defaults``: the
follow-up form of an on-site activity), which are stored the first time someone answers or an
organiser changes them. Callers hold the training's lock when they change questions or store
answers (``trainings.operations.lock_training``), so that defaults are stored once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import func, select

from service.core.clock import utcnow
from service.core.db import db
from service.core.errors import ServiceError, validation_error
from service.questions.defaults import default_questions
from service.questions.definitions import (
    AnswersInvalid,
    FormQuestion,
    Stage,
    Value,
    check_answers,
)
from service.questions.models import RegistrationAnswer, TrainingQuestion
from service.registrations.models import Registration
from service.trainings.models import Training

ANSWERS_FIELD = "answers"


def questions_of(training: Training, *, include_withdrawn: bool = False) -> list[TrainingQuestion]:
    """The training's questions in order: those stored, else its defaults (not stored yet)."""
    rows = stored_questions(training)
    if not rows:
        rows = [
            _row(training, question, position)
            for position, question in enumerate(default_questions(training))
        ]
    return [row for row in rows if include_withdrawn or row.withdrawn_at is None]


def asked(training: Training, role: str, stage: Stage) -> list[TrainingQuestion]:
    """The questions asked of someone in ``role`` at ``stage``, in order."""
    return [q for q in questions_of(training) if q.stage == stage and q.asks(role)]


def check_for(
    training: Training,
    role: str,
    stage: Stage,
    values: Mapping[str, Any],
    *,
    require: bool,
) -> dict[str, Value]:
    """The answers to store, or a ``validation_error`` naming each wrong answer as
    ``answers.<key>``. ``require=False`` (organisers entering data) lets required questions go
    unanswered."""
    try:
        return check_answers(asked(training, role, stage), values, require=require)
    except AnswersInvalid as invalid:
        raise validation_error(
            {f"{ANSWERS_FIELD}.{key}": message for key, message in invalid.fields.items()}
        ) from None


def store_answers(registration: Registration, stage: Stage, answers: Mapping[str, Value]) -> None:
    """Record ``answers`` (from ``check_for``) as the person's answers at ``stage``: questions of
    that stage asked of them and left unanswered lose their previous answer; answers to
    withdrawn questions, and to other stages, stay."""
    training = registration.training
    rows = _materialised(training)
    current = {
        row.key: row
        for row in rows
        if row.withdrawn_at is None and row.stage == stage and row.asks(registration.role)
    }
    existing = {
        answer.question_id: answer
        for answer in db.session.scalars(
            select(RegistrationAnswer).where(RegistrationAnswer.registration_id == registration.id)
        )
    }
    for key, row in current.items():
        answer = existing.get(row.id)
        if key not in answers:
            if answer is not None:
                db.session.delete(answer)
        elif answer is None:
            db.session.add(
                RegistrationAnswer(
                    registration_id=registration.id, question_id=row.id, value=answers[key]
                )
            )
        elif answer.value != answers[key]:
            answer.value = answers[key]
    db.session.flush()


def answered_keys(registration: Registration) -> set[str]:
    return set(
        db.session.scalars(
            select(TrainingQuestion.key)
            .join(RegistrationAnswer, RegistrationAnswer.question_id == TrainingQuestion.id)
            .where(RegistrationAnswer.registration_id == registration.id)
        )
    )


def answers_of(registration: Registration) -> list[tuple[TrainingQuestion, Value]]:
    """The person's answers, in the order of the questions (withdrawn ones included)."""
    rows = db.session.execute(
        select(TrainingQuestion, RegistrationAnswer.value)
        .join(RegistrationAnswer, RegistrationAnswer.question_id == TrainingQuestion.id)
        .where(RegistrationAnswer.registration_id == registration.id)
        .order_by(TrainingQuestion.position, TrainingQuestion.id)
    )
    return [(question, value) for question, value in rows]


def answers_by_registration(
    training: Training, registration_ids: Iterable[int] | None = None
) -> dict[int, dict[str, Value]]:
    """Every answer of the training's registrations (or of those given), by registration id and
    question key, in one query."""
    query = (
        select(RegistrationAnswer.registration_id, TrainingQuestion.key, RegistrationAnswer.value)
        .join(TrainingQuestion, TrainingQuestion.id == RegistrationAnswer.question_id)
        .where(TrainingQuestion.training_id == training.id)
    )
    if registration_ids is not None:
        query = query.where(RegistrationAnswer.registration_id.in_(list(registration_ids)))
    found: dict[int, dict[str, Value]] = {}
    for registration_id, key, value in db.session.execute(query):
        found.setdefault(registration_id, {})[key] = value
    return found


def set_questions(training: Training, questions: list[FormQuestion]) -> list[TrainingQuestion]:
    """Make ``questions`` the training's questions, in that order. A stored question left out is
    withdrawn (its answers stay); one listed again comes back. Once a question has answers its
    kind stays, and so do the choices someone chose (``409 question_answered``)."""
    rows = {row.key: row for row in _materialised(training)}
    answered = _answer_counts(training)
    now = utcnow()
    for position, question in enumerate(questions):
        row = rows.get(question.key)
        if row is None:
            row = _row(training, question, position)
            db.session.add(row)
            rows[question.key] = row
        else:
            if answered.get(row.id):
                _refuse_if_answers_lost(row, question)
            _apply(row, question, position)
            row.withdrawn_at = None
    listed = {question.key for question in questions}
    for key, row in rows.items():
        if key not in listed and row.withdrawn_at is None:
            row.withdrawn_at = now
    db.session.flush()
    return questions_of(training, include_withdrawn=True)


def _refuse_if_answers_lost(row: TrainingQuestion, question: FormQuestion) -> None:
    if question.kind != row.kind:
        raise ServiceError(
            "question_answered",
            f"question {row.key} has answers: its kind cannot change",
            409,
            {f"questions.{row.key}.kind": "answered: cannot change"},
        )
    dropped = set(row.choice_keys) - set(question.choice_keys)
    if not dropped:
        return
    chosen: set[str] = set()
    for value in db.session.scalars(
        select(RegistrationAnswer.value).where(RegistrationAnswer.question_id == row.id)
    ):
        chosen |= set(value) if isinstance(value, list) else {value}
    if dropped & chosen:
        raise ServiceError(
            "question_answered",
            f"question {row.key} has answers: a choice someone chose cannot be removed",
            409,
            {
                f"questions.{row.key}.choices": "answered: keep "
                + ", ".join(sorted(dropped & chosen))
            },
        )


def _answer_counts(training: Training) -> dict[int, int]:
    rows = db.session.execute(
        select(RegistrationAnswer.question_id, func.count())
        .join(TrainingQuestion, TrainingQuestion.id == RegistrationAnswer.question_id)
        .where(TrainingQuestion.training_id == training.id)
        .group_by(RegistrationAnswer.question_id)
    )
    return {question_id: count for question_id, count in rows}


def stored_questions(training: Training) -> list[TrainingQuestion]:
    """The questions stored for the training (withdrawn ones included; defaults never
    answered are not stored), in order: the columns of its answers."""
    return list(
        db.session.scalars(
            select(TrainingQuestion)
            .where(TrainingQuestion.training_id == training.id)
            .order_by(TrainingQuestion.position, TrainingQuestion.id)
        )
    )


def _materialised(training: Training) -> list[TrainingQuestion]:
    """The stored questions, storing the defaults first if there are none yet."""
    rows = stored_questions(training)
    if rows:
        return rows
    rows = questions_of(training)
    db.session.add_all(rows)
    db.session.flush()
    return rows


def _row(training: Training, question: FormQuestion, position: int) -> TrainingQuestion:
    row = TrainingQuestion(training_id=training.id, key=question.key)
    _apply(row, question, position)
    return row


def _apply(row: TrainingQuestion, question: FormQuestion, position: int) -> None:
    dumped = question.model_dump(mode="json")
    row.position = position
    row.kind = question.kind
    row.stage = question.stage
    row.required = question.required
    row.label = question.label.as_dict()
    row.choices = [
        {"key": choice["key"], "label": {k: v for k, v in choice["label"].items() if v}}
        for choice in dumped["choices"]
    ]
    row.roles = [str(role) for role in question.roles]
