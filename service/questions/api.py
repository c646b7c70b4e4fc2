"""JSON routes: a training's questions, and a person's answers."""

from __future__ import annotations

from flask import Blueprint, request
from flask.typing import ResponseReturnValue

from service.core.db import db
from service.core.schemas import parse
from service.questions.answering import answer, answer_sheet
from service.questions.definitions import QuestionList, Stage
from service.questions.operations import questions_of, set_questions
from service.questions.schemas import (
    AnswerOut,
    AnswersOut,
    QuestionOut,
    QuestionsOut,
    StageAnswersIn,
)
from service.registrations.access import (
    optional_organiser,
    presented_token,
    require_access,
    require_organiser,
    unauthorized,
)
from service.registrations.models import Registration
from service.registrations.operations import find_by_reference
from service.trainings.operations import get_training, lock_training
from service.web.jsonapi import INVALID, NOT_FOUND, UNAUTHORISED, Access, operation, reply

api = Blueprint("questions", __name__)


@api.get("/trainings/<int:training_id>/questions")
@operation(
    "A training's own questions: those asked at registration (public), or all of them with "
    "the follow-up form's and the withdrawn ones (organisers)",
    access=Access.PUBLIC_OR_ORGANISER,
    responses={200: QuestionsOut, **UNAUTHORISED, **NOT_FOUND},
)
def get_questions(training_id: int) -> ResponseReturnValue:
    organiser = optional_organiser()
    training = get_training(training_id, include_drafts=organiser is not None)
    rows = questions_of(training, include_withdrawn=organiser is not None)
    if organiser is None:
        rows = [row for row in rows if row.stage == Stage.REGISTRATION]
    return reply(QuestionsOut(questions=[QuestionOut.of(row) for row in rows]))


@api.put("/trainings/<int:training_id>/questions")
@operation(
    "Set a training's questions, in order (text, long_text, single_choice, multiple_choice, "
    "yes_no, date, number; labels and choices in ar/en/fr; required or not; asked at "
    "registration or in the follow-up form; of some roles only). A question left out is "
    "withdrawn, its answers kept; once answered, its kind and the choices chosen stay",
    body=QuestionList,
    access=Access.ORGANISER,
    responses={
        200: QuestionsOut,
        **UNAUTHORISED,
        **NOT_FOUND,
        409: "question_answered",
        **INVALID,
    },
)
def put_questions(training_id: int) -> ResponseReturnValue:
    require_organiser()
    data: QuestionList = parse(QuestionList, request.get_json(silent=True))
    training = lock_training(training_id)
    rows = set_questions(training, data.questions)
    db.session.commit()
    return reply(QuestionsOut(questions=[QuestionOut.of(row) for row in rows]))


def _authorised(reference: str) -> tuple[Registration, bool]:
    """The registration and whether the caller is an organiser (else its participant)."""
    if presented_token() is None:
        raise unauthorized()
    registration = find_by_reference(reference)
    return registration, not isinstance(require_access(registration), Registration)


def _sheet(registration: Registration) -> AnswersOut:
    return AnswersOut(
        reference=registration.reference,
        answers=[
            AnswerOut(**QuestionOut.of(question).model_dump(), answer=value)
            for question, value in answer_sheet(registration)
        ],
    )


@api.get("/registrations/<reference>/answers")
@operation(
    "The questions asked of a person and their answers (their token or an organiser's)",
    access=Access.PARTICIPANT,
    responses={200: AnswersOut, **UNAUTHORISED, **NOT_FOUND},
)
def get_answers(reference: str) -> ResponseReturnValue:
    registration, _ = _authorised(reference)
    return reply(_sheet(registration))


@api.put("/registrations/<reference>/answers")
@operation(
    "Answer the questions of one stage: registration while the registration is in the running, "
    "follow_up once the place is confirmed. The person must answer the required ones "
    "(422 naming each as answers.<key>); an organiser may leave them",
    body=StageAnswersIn,
    access=Access.PARTICIPANT,
    responses={
        200: AnswersOut,
        **UNAUTHORISED,
        **NOT_FOUND,
        409: "not_active, not_confirmed, training_closed or training_cancelled",
        **INVALID,
    },
)
def put_answers(reference: str) -> ResponseReturnValue:
    registration, by_organiser = _authorised(reference)
    data: StageAnswersIn = parse(StageAnswersIn, request.get_json(silent=True))
    answer(registration, data.stage, data.answers, require=not by_organiser)
    db.session.commit()
    return reply(_sheet(registration))
