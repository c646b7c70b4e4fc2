"""What a question is and how an answer to it is checked: pure (no database, no app), so every
form that asks people something — registration, the follow-up form, the bulk import — checks
answers the same way, with the same error shape.

A question has a ``key`` (stable: answers, filters and export columns are keyed by it), a
``kind``, its label in Arabic, English and/or French, whether it must be answered, its choices
(choice kinds only), the ``stage`` it is asked at (``registration`` or ``follow_up``, after
acceptance) and the ``roles`` it is asked of (none listed: everyone).

``check_answers(questions, values, require=...)`` turns what a form or the API sent into the
values to store, or raises ``AnswersInvalid`` naming each question that is wrong.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Protocol

from pydantic import AfterValidator, Field, field_validator, model_validator

from certificates.text import clean_text
from service.core.schemas import Strict, Texts
from service.registrations.models import Role

MAX_TEXT = 500  # a line: a name, a number, a place
MAX_LONG_TEXT = 4000
MAX_NUMBER = 1e12
Key = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
# What is stored (JSON): text, a choice's key, the keys chosen, yes/no, an ISO date, a number.
Value = str | bool | int | float | list[str]


class AnswerKind(StrEnum):
    TEXT = "text"  # one line
    LONG_TEXT = "long_text"  # paragraphs
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    YES_NO = "yes_no"
    DATE = "date"  # YYYY-MM-DD
    NUMBER = "number"


CHOICE_KINDS = (AnswerKind.SINGLE_CHOICE, AnswerKind.MULTIPLE_CHOICE)


class Stage(StrEnum):
    """When a question is asked: in the registration (application, nomination confirmation) or
    in the follow-up form, once the person's place is confirmed."""

    REGISTRATION = "registration"
    FOLLOW_UP = "follow_up"


def _labelled(value: Texts) -> Texts:
    if not value.as_dict():
        raise ValueError("give the label in at least one language")
    return value


Label = Annotated[Texts, AfterValidator(_labelled)]


class FormChoice(Strict):
    key: Key
    label: Label


class FormQuestion(Strict):
    key: Key
    kind: AnswerKind
    label: Label
    required: bool = False
    choices: list[FormChoice] = Field(default_factory=list, max_length=50)
    stage: Stage = Stage.REGISTRATION
    roles: list[Role] = Field(
        default_factory=list, description="the roles asked; none listed: everyone"
    )

    @field_validator("roles")
    @classmethod
    def _distinct_roles(cls, value: list[Role]) -> list[Role]:
        return list(dict.fromkeys(value))

    @model_validator(mode="after")
    def _choices_fit_the_kind(self) -> FormQuestion:
        if self.kind in CHOICE_KINDS:
            if len(self.choices) < 2:
                raise ValueError(f"a {self.kind} question needs at least two choices")
            keys = [choice.key for choice in self.choices]
            if len(set(keys)) != len(keys):
                raise ValueError("choice keys must differ")
        elif self.choices:
            raise ValueError(f"a {self.kind} question has no choices")
        return self

    @property
    def choice_keys(self) -> list[str]:
        return [choice.key for choice in self.choices]

    def asks(self, role: str) -> bool:
        return not self.roles or role in self.roles


class QuestionList(Strict):
    """A training's questions, in the order they are asked."""

    questions: list[FormQuestion] = Field(max_length=60)

    @field_validator("questions")
    @classmethod
    def _distinct_keys(cls, value: list[FormQuestion]) -> list[FormQuestion]:
        keys = [question.key for question in value]
        if len(set(keys)) != len(keys):
            raise ValueError("question keys must differ")
        return value


class Asked(Protocol):
    """What checking an answer needs of a question (a ``FormQuestion``, or a stored row)."""

    @property
    def key(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def required(self) -> bool: ...
    @property
    def choice_keys(self) -> Sequence[str]: ...


class AnswerError(ValueError):
    pass


class AnswersInvalid(ValueError):
    """Some answers cannot be taken: ``fields`` maps each question's key to why."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("some answers cannot be taken")
        self.fields = fields


TRUE_WORDS = {"yes", "true", "1", "on"}
FALSE_WORDS = {"no", "false", "0", "off"}


def _blank(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, list) and not [v for v in value if not _blank(v)])
    )


def check_value(question: Asked, value: Any, *, require: bool = True) -> Value | None:
    """The stored form of ``value`` (None when left unanswered), or ``AnswerError`` saying why
    it cannot be taken. Forms send strings (a list for multiple choice); the API sends JSON.
    ``require=False`` lets a required question go unanswered (an organiser entering data)."""
    if _blank(value):
        if question.required and require:
            raise AnswerError("this question must be answered")
        return None
    kind = question.kind
    if kind == AnswerKind.YES_NO:
        return yes_no(value)
    if kind == AnswerKind.NUMBER:
        return _number(value)
    if kind == AnswerKind.DATE:
        return _date(value)
    if kind == AnswerKind.MULTIPLE_CHOICE:
        chosen = value if isinstance(value, list) else [value]
        if not all(isinstance(key, str) for key in chosen):
            raise AnswerError("expected the keys of the choices made")
        keys = set(chosen) - {""}
        if keys - set(question.choice_keys):
            raise AnswerError("choose among the choices offered")
        return [key for key in question.choice_keys if key in keys]
    if not isinstance(value, str):
        raise AnswerError("expected text")
    if kind == AnswerKind.SINGLE_CHOICE:
        if value not in question.choice_keys:
            raise AnswerError("choose one of the choices offered")
        return value
    if kind == AnswerKind.LONG_TEXT:
        return text(value, MAX_LONG_TEXT, lines=True)
    return text(value, MAX_TEXT)


def yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS | FALSE_WORDS:
        return word in TRUE_WORDS
    raise AnswerError("answer yes or no")


def text(value: str, limit: int, *, lines: bool = False) -> str:
    """NFC, no bidi controls, spaces collapsed and trimmed (the cleaning of every text input),
    at most ``limit`` characters; ``lines`` keeps line breaks (one empty line at most)."""
    if lines:
        kept = [clean_text(line) for line in value.splitlines()]
        cleaned = "\n".join(kept).strip()
        while "\n\n\n" in cleaned:
            cleaned = cleaned.replace("\n\n\n", "\n\n")
    else:
        cleaned = clean_text(value)
    if len(cleaned) > limit:
        raise AnswerError(f"at most {limit} characters")
    return cleaned


def _number(value: Any) -> int | float:
    if isinstance(value, bool):
        raise AnswerError("expected a number")
    if isinstance(value, int | float):
        number: int | float = value
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            raise AnswerError("expected a number") from None
    else:
        raise AnswerError("expected a number")
    if not math.isfinite(number) or abs(number) > MAX_NUMBER:
        raise AnswerError("expected a number")
    return int(number) if float(number).is_integer() else number


def _date(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise AnswerError("expected a date as YYYY-MM-DD")


def check_answers(
    questions: Iterable[Asked], values: Mapping[str, Any], *, require: bool = True
) -> dict[str, Value]:
    """Every answer checked against ``questions`` (those asked of this person at this stage);
    raises ``AnswersInvalid`` naming each question that is wrong, including answers to
    questions not asked. Unanswered questions are left out of the result."""
    asked = list(questions)
    errors = {key: "no such question" for key in sorted(set(values) - {q.key for q in asked})}
    stored: dict[str, Value] = {}
    for question in asked:
        try:
            answer = check_value(question, values.get(question.key), require=require)
        except AnswerError as error:
            errors[question.key] = str(error)
            continue
        if answer is not None:
            stored[question.key] = answer
    if errors:
        raise AnswersInvalid(errors)
    return stored
