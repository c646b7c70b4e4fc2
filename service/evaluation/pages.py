"""Survey pages: the attendee's questionnaire behind the personal link (``/e/{token}``), and the
organisers' page of a training's evaluation (mode, questions, results, exports)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale, gettext
from pydantic import ValidationError

from service.core.db import db
from service.core.errors import ServiceError
from service.core.i18n import pick
from service.evaluation.labels import MODES, NO, QUESTION_KINDS, SCALE_ENDS, YES
from service.evaluation.operations import answer, open_invitation, set_mode
from service.evaluation.questionnaire import questions_of, responses_count, set_questions
from service.evaluation.questions import QuestionKind, Questions
from service.evaluation.results import training_results
from service.organisers.auth import organiser_required
from service.trainings.display import training_page
from service.trainings.models import EvaluationMode, Training
from service.trainings.operations import get_training, lock_training
from service.web.site import page_blueprint

pages = page_blueprint("evaluation", __name__)

LANGS = ("ar", "en", "fr")


def _survey(
    token: str, training: Training, values: dict[str, Any], errors: dict[str, str], status: int
) -> tuple[str, int]:
    language = str(get_locale())
    return (
        render_template(
            "evaluation/survey.html",
            token=token,
            title=pick(training.title, language),
            questions=questions_of(training),
            values=values,
            errors=errors,
            scale_ends=SCALE_ENDS,
            yes=YES,
            no=NO,
            label=lambda question: pick(question.label.as_dict(), language),
            kinds=QuestionKind,
        ),
        status,
    )


@pages.get("/e/<token>")
def survey(token: str) -> ResponseReturnValue:
    invitation = open_invitation(token)
    training = db.session.get_one(Training, invitation.training_id)
    if invitation.answered:
        return render_template(
            "evaluation/thanks.html", title=pick(training.title, str(get_locale()))
        )
    return _survey(token, training, {}, {}, 200)


@pages.post("/e/<token>")
def send_survey(token: str) -> ResponseReturnValue:
    invitation = open_invitation(token)
    training = db.session.get_one(Training, invitation.training_id)
    values = {q.key: request.form.get(f"q-{q.key}") for q in questions_of(training)}
    try:
        answer(token, values)
    except ServiceError as error:
        db.session.rollback()
        if error.code == "already_answered":
            message = gettext("This survey has already been answered through this link.")
            return render_template("web/error.html", message=message), 409
        if error.code != "validation_error":
            raise
        errors = {key: gettext("Check this answer.") for key in error.fields}
        return _survey(token, training, values, errors, 422)
    db.session.commit()
    return redirect(url_for("evaluation.survey", token=token), 303)


@pages.get("/organiser/trainings/<int:training_id>/evaluation")
@organiser_required
def organiser_evaluation(training_id: int) -> ResponseReturnValue:
    language = str(get_locale())
    training = get_training(training_id, include_drafts=True)
    return training_page(
        "evaluation/organiser.html",
        training,
        modes=MODES,
        kinds=QUESTION_KINDS,
        questions=questions_of(training),
        answered=responses_count(training.id) > 0,
        results=training_results(training),
        label=lambda question: pick(question.label.as_dict(), language),
        choice_label=lambda choice: pick(choice.label.as_dict(), language),
        languages=LANGS,
    )


@pages.post("/organiser/trainings/<int:training_id>/evaluation/mode")
@organiser_required
def organiser_set_mode(training_id: int) -> ResponseReturnValue:
    mode = request.form.get("mode")
    if mode in list(EvaluationMode):
        set_mode(lock_training(training_id), EvaluationMode(mode))
        db.session.commit()
        flash(gettext("Saved."))
    return redirect(url_for("evaluation.organiser_evaluation", training_id=training_id), 303)


@pages.post("/organiser/trainings/<int:training_id>/evaluation/questions")
@organiser_required
def organiser_set_questions(training_id: int) -> ResponseReturnValue:
    """One form edits every question: labels, required, removal, and one new question."""
    training = lock_training(training_id)
    edited: list[dict[str, Any]] = []
    for question in questions_of(training):
        if request.form.get(f"remove-{question.key}"):
            continue
        item = question.model_dump(mode="json", exclude_none=True)
        item["label"] = _labels(f"label-{question.key}", item["label"]) or item["label"]
        item["required"] = bool(request.form.get(f"required-{question.key}"))
        edited.append(item)
    new_key = request.form.get("new-key", "").strip()
    if new_key:
        kind = request.form.get("new-kind", QuestionKind.SCALE)
        edited.append(
            {
                "key": new_key,
                "kind": kind,
                "label": _labels("new-label"),
                "required": bool(request.form.get("new-required")),
                "choices": _choices(request.form.get("new-choices", "")),
            }
        )
    try:
        set_questions(training, Questions.model_validate({"questions": edited}))
    except ValidationError:
        db.session.rollback()
        flash(gettext("Not saved: check the new question's key, labels and choices."))
        return redirect(url_for("evaluation.organiser_evaluation", training_id=training_id), 303)
    except ServiceError:
        db.session.rollback()
        flash(gettext("Not saved: once answered, questions can only be reworded."))
        return redirect(url_for("evaluation.organiser_evaluation", training_id=training_id), 303)
    db.session.commit()
    flash(gettext("Saved."))
    return redirect(url_for("evaluation.organiser_evaluation", training_id=training_id), 303)


def _labels(prefix: str, before: dict[str, str] | None = None) -> dict[str, str]:
    """The labels sent (an emptied field drops that language; one not sent keeps its text)."""
    texts = dict(before or {})
    for lang in LANGS:
        field = f"{prefix}-{lang}"
        if field in request.form:
            texts[lang] = request.form[field].strip()
    return {lang: text for lang, text in texts.items() if text}


def _choices(lines: str) -> list[dict[str, Any]]:
    """One choice per line, ``key: label`` (the label is used in every language)."""
    choices = []
    for line in lines.splitlines():
        key, _, label = line.partition(":")
        if key.strip():
            text = label.strip() or key.strip()
            choices.append({"key": key.strip(), "label": {"ar": text, "en": text, "fr": text}})
    return choices
