"""Checking answers (``service.questions.definitions``): pure, the same for registration, the
follow-up form, the API and the bulk import."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from service.questions.definitions import (
    AnswerError,
    AnswersInvalid,
    FormQuestion,
    check_answers,
    check_value,
)


def question(kind: str, **extra) -> FormQuestion:
    choices = [{"key": k, "label": {"en": k.title()}} for k in ("a", "b", "c")]
    fields = {"key": "q", "kind": kind, "label": {"en": "Q"}, **extra}
    if kind.endswith("_choice"):
        fields.setdefault("choices", choices)
    return FormQuestion.model_validate(fields)


@pytest.mark.parametrize(
    ("kind", "given", "stored"),
    [
        ("text", "  Direction\u200f des statistiques ", "Direction des statistiques"),
        ("long_text", "line one\nline two", "line one\nline two"),
        ("single_choice", "b", "b"),
        ("multiple_choice", ["c", "a", "c"], ["a", "c"]),  # choices' order, once each
        ("multiple_choice", "b", ["b"]),
        ("yes_no", "Yes", True),
        ("yes_no", False, False),
        ("date", "2030-02-01", "2030-02-01"),
        ("number", "4", 4),
        ("number", "2,5", 2.5),
        ("number", 7.0, 7),
    ],
)
def test_answers_take_their_stored_form(kind, given, stored):
    assert check_value(question(kind), given) == stored


@pytest.mark.parametrize(
    ("kind", "given", "why"),
    [
        ("text", "x" * 501, "at most 500 characters"),
        ("long_text", "x" * 4001, "at most 4000 characters"),
        ("single_choice", "z", "choose one of the choices offered"),
        ("multiple_choice", ["a", "z"], "choose among the choices offered"),
        ("yes_no", "maybe", "answer yes or no"),
        ("date", "01/02/2030", "expected a date as YYYY-MM-DD"),
        ("number", "many", "expected a number"),
        ("number", True, "expected a number"),
        ("number", "nan", "expected a number"),
        ("text", 3, "expected text"),
    ],
)
def test_wrong_answers_say_why(kind, given, why):
    with pytest.raises(AnswerError, match=why):
        check_value(question(kind), given)


def test_required_questions_unless_an_organiser_enters_the_data():
    required = question("text", required=True)
    with pytest.raises(AnswerError, match="must be answered"):
        check_value(required, "  ")
    assert check_value(required, None, require=False) is None
    assert check_value(question("multiple_choice", required=False), []) is None


def test_every_wrong_answer_is_named_with_answers_to_questions_not_asked():
    asked = [question("text", required=True), question("number", key="n")]
    with pytest.raises(AnswersInvalid) as invalid:
        check_answers(asked, {"n": "x", "other": "y"})
    assert invalid.value.fields == {
        "other": "no such question",
        "q": "this question must be answered",
        "n": "expected a number",
    }
    assert check_answers(asked, {"q": "ok"}) == {"q": "ok"}


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "single_choice", "choices": [{"key": "a", "label": {"en": "A"}}]},
        {
            "kind": "text",
            "choices": [{"key": "a", "label": {"en": "A"}}, {"key": "b", "label": {"en": "B"}}],
        },
        {"kind": "multiple_choice", "choices": [{"key": "a", "label": {"en": "A"}}] * 2},
        {"kind": "text", "label": {}},
        {"kind": "text", "key": "Not a key"},
        {"kind": "text", "roles": ["guest"]},
    ],
)
def test_questions_that_cannot_be_asked_are_refused(fields):
    with pytest.raises(ValidationError):
        FormQuestion.model_validate({"key": "q", "label": {"en": "Q"}, **fields})


def test_roles_say_who_is_asked():
    experts = question("text", roles=["expert", "speaker", "expert"])
    assert experts.roles == ["expert", "speaker"]
    assert experts.asks("speaker") and not experts.asks("participant")
    assert question("text").asks("participant")
