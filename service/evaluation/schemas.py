"""What the API takes and gives for the evaluation survey."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from service.core.schemas import Out, Query, Strict
from service.evaluation.questions import Question, Questions
from service.evaluation.results import QuestionResult, Results
from service.trainings.models import EvaluationMode

__all__ = ["Questions"]


class SurveyOut(Out):
    """The questionnaire behind a personal link (labels in every language given)."""

    training: dict[str, str]
    questions: list[Question]
    answered: bool


class AnswersIn(Strict):
    """``{"answers": {"<question key>": value}}``: 1–5 for scales, true/false for yes/no, a
    choice's key, or text; questions left out are unanswered (refused if required)."""

    answers: dict[str, Any] = Field(max_length=40)


class AnsweredOut(Out):
    status: str = "answered"


class QuestionnaireOut(Out):
    """A training's evaluation: its mode (set on the training), its questions, how many were
    invited and answered."""

    training_id: int
    mode: EvaluationMode
    questions: list[Question]
    invited: int
    responses: int


class QuestionResultOut(Out):
    key: str
    kind: str
    label: dict[str, str]
    answers: int
    mean: float | None
    distribution: dict[str, int]
    texts: list[str]

    @classmethod
    def of(cls, result: QuestionResult) -> QuestionResultOut:
        question = result.question
        return cls(
            key=question.key,
            kind=question.kind,
            label=question.label.as_dict(),
            answers=result.answers,
            mean=result.mean,
            distribution=result.distribution,
            texts=result.texts,
        )


class ResultsOut(Out):
    """Responses, response rate (responses / invited) and, per question, the mean (scales 1–5;
    for yes/no the share of yes), the distribution and the free texts — never who answered."""

    invited: int
    responses: int
    response_rate: float | None
    questions: list[QuestionResultOut]

    @classmethod
    def of(cls, results: Results) -> ResultsOut:
        return cls(
            invited=results.invited,
            responses=results.responses,
            response_rate=results.response_rate,
            questions=[QuestionResultOut.of(result) for result in results.questions],
        )


class RollUpQuery(Query):
    """Trainings that start in ``year`` (not drafts, not cancelled), of one programme if given."""

    year: Annotated[int, Field(ge=2000, le=2100)]
    programme: Annotated[str, Field(max_length=40)] | None = None


class RollUpOut(ResultsOut):
    year: int
    programme: str | None
    trainings: int
