"""What the API takes and gives for a training's questions and a person's answers."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from service.core.schemas import Out, Strict
from service.questions.definitions import AnswerKind, Stage
from service.questions.models import TrainingQuestion
from service.registrations.models import Role
from service.registrations.schemas import Answers


class ChoiceOut(Out):
    key: str
    label: dict[str, str]


class QuestionOut(Out):
    key: str
    kind: AnswerKind
    label: dict[str, str]
    required: bool
    choices: list[ChoiceOut]
    stage: Stage
    roles: list[Role]
    withdrawn: bool = Field(description="no longer asked; its answers are kept")

    @classmethod
    def of(cls, row: TrainingQuestion) -> QuestionOut:
        return cls(
            key=row.key,
            kind=AnswerKind(row.kind),
            label=row.label,
            required=row.required,
            choices=[ChoiceOut(key=c["key"], label=c["label"]) for c in row.choices],
            stage=Stage(row.stage),
            roles=[Role(role) for role in row.roles],
            withdrawn=row.withdrawn_at is not None,
        )


class QuestionsOut(Out):
    """A training's questions in order: to organisers all of them, withdrawn ones included; to
    the public those asked at registration."""

    questions: list[QuestionOut]


class StageAnswersIn(Strict):
    """The person's answers to the questions of one stage (``follow_up`` once their place is
    confirmed); questions of that stage left out lose their answer."""

    stage: Stage
    answers: Answers


class AnswerOut(QuestionOut):
    answer: Any = Field(description="null: not answered")


class AnswersOut(Out):
    """The questions asked of this person (both stages) with their answers, and their answers
    to questions since withdrawn."""

    reference: str
    answers: list[AnswerOut]
