"""The survey's questions and their answers, as data.

The survey keeps its own small question model (its kinds: a 1–5 scale, free text, single
choice, yes/no, stored as numbers and texts apart from identities); the answers it shares with
a training's own questions (``service.questions.definitions``) are checked by the same
functions: yes/no words, text cleaning and its limit, and the errors.

A question has a ``key`` (stable: answers and results are grouped by it), a ``kind``, its label in
Arabic, English and/or French, whether it must be answered, and for single choice its choices.
``check_answer`` turns what a form or the API sent into the stored value, or says what is wrong.
Pure: no database, no app.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, field_validator, model_validator

from service.core.schemas import Strict, Texts
from service.questions.definitions import (
    MAX_LONG_TEXT,
    AnswerError,
    AnswersInvalid,
    text,
    yes_no,
)

__all__ = ["AnswerError", "AnswersInvalid"]

SCALE = range(1, 6)
Key = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]


class QuestionKind(StrEnum):
    SCALE = "scale"  # 1 (lowest) to 5 (highest)
    TEXT = "text"  # free text
    SINGLE_CHOICE = "single_choice"
    YES_NO = "yes_no"


class Choice(Strict):
    key: Key
    label: Texts


class Question(Strict):
    key: Key
    kind: QuestionKind
    label: Texts
    required: bool = False
    choices: list[Choice] = Field(default_factory=list, max_length=20)

    @field_validator("label")
    @classmethod
    def _labelled(cls, value: Texts) -> Texts:
        if not value.as_dict():
            raise ValueError("give the label in at least one language")
        return value

    @model_validator(mode="after")
    def _choices_fit_the_kind(self) -> Question:
        if self.kind == QuestionKind.SINGLE_CHOICE:
            if len(self.choices) < 2:
                raise ValueError("a single choice question needs at least two choices")
            keys = [choice.key for choice in self.choices]
            if len(set(keys)) != len(keys):
                raise ValueError("choice keys must differ")
        elif self.choices:
            raise ValueError(f"a {self.kind} question has no choices")
        return self


class Questions(Strict):
    questions: list[Question] = Field(min_length=1, max_length=40)

    @field_validator("questions")
    @classmethod
    def _distinct_keys(cls, value: list[Question]) -> list[Question]:
        keys = [question.key for question in value]
        if len(set(keys)) != len(keys):
            raise ValueError("question keys must differ")
        return value


@dataclass(frozen=True)
class Stored:
    """An answer as stored: a number (scale, yes/no) or a text (free text, choice key)."""

    number: int | None = None
    text: str | None = None


def check_answer(question: Question, value: Any) -> Stored | None:
    """The stored form of ``value`` for ``question`` (None when left unanswered), or
    ``AnswerError`` saying why it cannot be taken. Forms send strings; the API sends JSON."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if question.required:
            raise AnswerError("this question must be answered")
        return None
    if question.kind == QuestionKind.SCALE:
        number = _integer(value)
        if number not in SCALE:
            raise AnswerError("choose a number from 1 to 5")
        return Stored(number=number)
    if question.kind == QuestionKind.YES_NO:
        return Stored(number=int(yes_no(value)))
    if not isinstance(value, str):
        raise AnswerError("expected text")
    if question.kind == QuestionKind.SINGLE_CHOICE:
        if value not in {choice.key for choice in question.choices}:
            raise AnswerError("choose one of the choices offered")
        return Stored(text=value)
    cleaned = text(value, MAX_LONG_TEXT)
    if not cleaned:
        return check_answer(question, None)
    return Stored(text=cleaned)


def _integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def check_answers(questions: list[Question], values: dict[str, Any]) -> dict[str, Stored]:
    """Every answer checked; raises ``AnswersInvalid`` naming each question that is wrong."""
    unknown = set(values) - {question.key for question in questions}
    errors = {key: "no such question" for key in sorted(unknown)}
    stored: dict[str, Stored] = {}
    for question in questions:
        try:
            answer = check_answer(question, values.get(question.key))
        except AnswerError as error:
            errors[question.key] = str(error)
            continue
        if answer is not None:
            stored[question.key] = answer
    if errors:
        raise AnswersInvalid(errors)
    return stored
