"""What the answers say, per training or rolled up over many (a programme, a year): responses,
response rate, and per question the mean and distribution (scales, yes/no, choices) or the free
texts. Five aggregate queries whatever the number of trainings. Nothing here can name the person
behind an answer: answers carry no identity, and free texts come in alphabetical order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from service.core.db import db
from service.evaluation.models import Answer, Invitation, Questionnaire, Response
from service.evaluation.questionnaire import DEFAULT_QUESTIONS
from service.evaluation.questions import Question, QuestionKind
from service.trainings.models import Training


@dataclass
class QuestionResult:
    question: Question
    answers: int = 0
    mean: float | None = None
    distribution: dict[str, int] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)


@dataclass
class Results:
    invited: int
    responses: int
    questions: list[QuestionResult]

    @property
    def response_rate(self) -> float | None:
        return round(self.responses / self.invited, 4) if self.invited else None


def training_results(training: Training) -> Results:
    return results_for(select(Training.id).where(Training.id == training.id))


def results_for(training_ids: Any) -> Results:
    """Results over the trainings selected by ``training_ids`` (a subquery of ids). Questions are
    matched by key: the default questionnaire's first (unless every training replaced them),
    then the trainings' own, in the order their questionnaires give them."""
    invited = db.session.scalar(
        select(func.count()).select_from(Invitation).where(Invitation.training_id.in_(training_ids))
    )
    responses = db.session.scalar(
        select(func.count()).select_from(Response).where(Response.training_id.in_(training_ids))
    )
    own = db.session.execute(
        select(Questionnaire.training_id, Questionnaire.questions)
        .where(Questionnaire.training_id.in_(training_ids))
        .order_by(Questionnaire.training_id)
    ).all()
    trainings = db.session.scalar(
        select(func.count()).select_from(Training).where(Training.id.in_(training_ids))
    )
    questions: dict[str, Question] = {}
    if len(own) < (trainings or 0):
        questions.update((q.key, q) for q in DEFAULT_QUESTIONS)
    for _, listed in own:
        for item in listed:
            question = Question.model_validate(item)
            questions.setdefault(question.key, question)
    results = {key: QuestionResult(question) for key, question in questions.items()}
    numbers = db.session.execute(
        select(Answer.question, Answer.number, func.count())
        .where(Answer.training_id.in_(training_ids), Answer.number.is_not(None))
        .group_by(Answer.question, Answer.number)
    ).all()
    texts = db.session.execute(
        select(Answer.question, Answer.text, func.count())
        .where(Answer.training_id.in_(training_ids), Answer.number.is_(None))
        .group_by(Answer.question, Answer.text)
        .order_by(Answer.question, Answer.text)
    ).all()
    totals: dict[str, int] = {}
    for key, number, count in numbers:
        result = results.get(key)
        if result is None or number is None:
            continue
        result.distribution[str(number)] = count
        result.answers += count
        totals[key] = totals.get(key, 0) + number * count
    for key, text, count in texts:
        result = results.get(key)
        if result is None or text is None:
            continue
        result.answers += count
        if result.question.kind == QuestionKind.SINGLE_CHOICE:
            result.distribution[text] = count
        else:
            result.texts.extend([text] * count)
    for key, result in results.items():
        kind = result.question.kind
        if kind in (QuestionKind.SCALE, QuestionKind.YES_NO) and result.answers:
            result.mean = round(totals.get(key, 0) / result.answers, 2)
        if kind == QuestionKind.SCALE:
            result.distribution = {str(n): result.distribution.get(str(n), 0) for n in range(1, 6)}
        elif kind == QuestionKind.YES_NO:
            result.distribution = {v: result.distribution.get(v, 0) for v in ("1", "0")}
        elif kind == QuestionKind.SINGLE_CHOICE:
            result.distribution = {
                c.key: result.distribution.get(c.key, 0) for c in result.question.choices
            }
    return Results(invited or 0, responses or 0, list(results.values()))
