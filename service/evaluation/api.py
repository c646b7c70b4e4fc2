"""JSON routes: the survey behind a personal link (public, the token is the credential), a
training's questionnaire and results (organisers), and results rolled up by year and programme."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, request
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select

from service.core.db import db
from service.core.schemas import parse
from service.evaluation.models import Invitation
from service.evaluation.operations import answer, open_invitation
from service.evaluation.questionnaire import questions_of, responses_count, set_questions
from service.evaluation.questions import Questions
from service.evaluation.results import results_for, training_results
from service.evaluation.schemas import (
    AnsweredOut,
    AnswersIn,
    QuestionnaireOut,
    ResultsOut,
    RollUpOut,
    RollUpQuery,
    SurveyOut,
)
from service.registrations.access import require_organiser
from service.trainings.models import EvaluationMode, Training
from service.trainings.operations import counted_trainings, get_training, lock_training
from service.web.jsonapi import INVALID, NOT_FOUND, UNAUTHORISED, Access, operation, reply

api = Blueprint("evaluation", __name__)

SURVEY = "/evaluations/<token>"
QUESTIONNAIRE = "/trainings/<int:training_id>/evaluation"


@api.get(SURVEY)
@operation(
    "The survey behind a personal link (the token in the e-mail)",
    responses={200: SurveyOut, **NOT_FOUND},
)
def get_survey(token: str) -> ResponseReturnValue:
    invitation = open_invitation(token)
    training = db.session.get_one(Training, invitation.training_id)
    return reply(
        SurveyOut(
            training=training.title,
            questions=questions_of(training),
            answered=invitation.answered,
        )
    )


@api.post(SURVEY)
@operation(
    "Answer the survey, once per link; the answers are stored apart from the person",
    body=AnswersIn,
    responses={201: AnsweredOut, **NOT_FOUND, 409: "already_answered", **INVALID},
)
def post_answers(token: str) -> ResponseReturnValue:
    data: AnswersIn = parse(AnswersIn, request.get_json(silent=True))
    answer(token, data.answers)
    db.session.commit()
    return reply(AnsweredOut(status="answered"), 201)


def _questionnaire(training: Training) -> QuestionnaireOut:
    invited = db.session.scalar(
        select(func.count()).select_from(Invitation).where(Invitation.training_id == training.id)
    )
    return QuestionnaireOut(
        training_id=training.id,
        mode=EvaluationMode(training.evaluation),
        questions=questions_of(training),
        invited=invited or 0,
        responses=responses_count(training.id),
    )


@api.get(QUESTIONNAIRE)
@operation(
    "A training's evaluation: mode, questions (the default ones until changed), counts",
    access=Access.ORGANISER,
    responses={200: QuestionnaireOut, **UNAUTHORISED, **NOT_FOUND},
)
def get_questionnaire(training_id: int) -> ResponseReturnValue:
    require_organiser()
    return reply(_questionnaire(get_training(training_id, include_drafts=True)))


@api.put(f"{QUESTIONNAIRE}/questions")
@operation(
    "Replace a training's questions (scale 1–5, text, single choice, yes/no; labels in ar/en/fr);"
    " once answered, only labels and `required` may change",
    body=Questions,
    access=Access.ORGANISER,
    responses={
        200: QuestionnaireOut,
        **UNAUTHORISED,
        **NOT_FOUND,
        409: "questionnaire_answered",
        **INVALID,
    },
)
def put_questions(training_id: int) -> ResponseReturnValue:
    require_organiser()
    data: Questions = parse(Questions, request.get_json(silent=True))
    training = lock_training(training_id)
    set_questions(training, data)
    db.session.commit()
    return reply(_questionnaire(training))


@api.get(f"{QUESTIONNAIRE}/results")
@operation(
    "A training's evaluation results: responses, response rate, mean and distribution per "
    "question, free texts (never who answered)",
    access=Access.ORGANISER,
    responses={200: ResultsOut, **UNAUTHORISED, **NOT_FOUND},
)
def get_results(training_id: int) -> ResponseReturnValue:
    require_organiser()
    return reply(ResultsOut.of(training_results(get_training(training_id, include_drafts=True))))


@api.get("/evaluation/results")
@operation(
    "Evaluation results rolled up over a year's trainings (by start date; not drafts or "
    "cancelled), of one programme if given",
    query=RollUpQuery,
    access=Access.ORGANISER,
    responses={200: RollUpOut, **UNAUTHORISED, **INVALID},
)
def get_rolled_up_results() -> ResponseReturnValue:
    require_organiser()
    query: RollUpQuery = parse(RollUpQuery, request.args.to_dict())
    ids = counted_trainings(date(query.year, 1, 1), date(query.year, 12, 31), query.programme)
    trainings = db.session.scalar(select(func.count()).select_from(ids.subquery()))
    results = ResultsOut.of(results_for(ids))
    return reply(
        RollUpOut(
            year=query.year,
            programme=query.programme,
            trainings=trainings or 0,
            **results.model_dump(),
        )
    )
