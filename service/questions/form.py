"""Questions on pages: what a form sent, in the shape ``definitions.check_answers`` takes, and
the errors in the page language beside each question."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext, ngettext
from werkzeug.datastructures import MultiDict

from service.core.i18n import pick
from service.questions.definitions import MAX_LONG_TEXT, MAX_TEXT, AnswerKind, Value
from service.questions.models import TrainingQuestion
from service.questions.operations import ANSWERS_FIELD

FIELD_PREFIX = "q-"


def submitted_answers(
    form: MultiDict[str, str], questions: list[TrainingQuestion]
) -> dict[str, Any]:
    """The answers posted (``q-<key>``; a list for multiple choice)."""
    values: dict[str, Any] = {}
    for question in questions:
        name = FIELD_PREFIX + question.key
        if question.kind == AnswerKind.MULTIPLE_CHOICE:
            values[question.key] = form.getlist(name)
        else:
            values[question.key] = form.get(name, "")
    return values


def shown(values: Mapping[str, Value | None]) -> dict[str, Any]:
    """Stored answers as the form shows them (yes/no as the radio buttons' values)."""
    return {
        key: ("yes" if value else "no") if isinstance(value, bool) else value
        for key, value in values.items()
        if value is not None
    }


def answer_errors(
    fields: Mapping[str, str], questions: list[TrainingQuestion], values: Mapping[str, Any]
) -> dict[str, str]:
    """Per question key, what to do, from a ``validation_error``'s ``answers.<key>`` fields."""
    prefix = f"{ANSWERS_FIELD}."
    by_key = {question.key: question for question in questions}
    errors = {}
    for field in fields:
        key = field.removeprefix(prefix)
        if field.startswith(prefix) and key in by_key:
            errors[key] = _message(by_key[key], values.get(key))
    return errors


def _message(question: TrainingQuestion, value: Any) -> str:
    if value in (None, "", []):
        return gettext("Answer this question.")
    if question.kind == AnswerKind.DATE:
        return gettext("Enter a date.")
    if question.kind == AnswerKind.NUMBER:
        return gettext("Enter a number.")
    if question.kind in (AnswerKind.TEXT, AnswerKind.LONG_TEXT):
        limit = MAX_LONG_TEXT if question.kind == AnswerKind.LONG_TEXT else MAX_TEXT
        return ngettext("Use at most %(num)d character.", "Use at most %(num)d characters.", limit)
    return gettext("Choose from the list.")


def label_of(question: TrainingQuestion, language: str) -> str:
    return pick(question.label, language) or question.key


def choice_label(choice: Mapping[str, Any], language: str) -> str:
    return pick(choice["label"], language) or str(choice["key"])
