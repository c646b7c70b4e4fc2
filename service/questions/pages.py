"""The organisers' page of a training's questions: every question's labels (ar/en/fr), whether
it is required, when it is asked and of whom, its choices; withdrawing, asking again, and one
new question at a time."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from pydantic import ValidationError

from service.core.db import db
from service.core.errors import ServiceError
from service.core.schemas import LANGUAGES
from service.organisers.auth import organiser_required
from service.questions.definitions import CHOICE_KINDS, QuestionList
from service.questions.form import label_of
from service.questions.labels import KINDS, ROLES, STAGES
from service.questions.models import TrainingQuestion
from service.questions.operations import questions_of, set_questions
from service.trainings.display import training_page
from service.trainings.operations import get_training, lock_training
from service.web.site import page_blueprint

pages = page_blueprint("questions", __name__)


@pages.get("/organiser/trainings/<int:training_id>/questions")
@organiser_required
def organiser_questions(training_id: int) -> str:
    training = get_training(training_id, include_drafts=True)
    rows = questions_of(training, include_withdrawn=True)
    return training_page(
        "questions/organiser.html",
        training,
        questions=[row for row in rows if row.withdrawn_at is None],
        withdrawn=[row for row in rows if row.withdrawn_at is not None],
        kinds=KINDS,
        stages=STAGES,
        roles=ROLES,
        languages=LANGUAGES,
        choice_kinds=CHOICE_KINDS,
        choice_lines=choice_lines,
        label_of=label_of,
    )


@pages.post("/organiser/trainings/<int:training_id>/questions")
@organiser_required
def organiser_set_questions(training_id: int) -> ResponseReturnValue:
    """One form edits every question; withdrawn ones are asked again when ticked."""
    training = lock_training(training_id)
    back = redirect(url_for("questions.organiser_questions", training_id=training_id), 303)
    edited = []
    for row in questions_of(training, include_withdrawn=True):
        prefix = f"q-{row.key}"
        keep = (
            request.form.get(f"{prefix}-restore")
            if row.withdrawn_at
            else not request.form.get(f"{prefix}-withdraw")
        )
        if keep:
            edited.append(_edited(row, prefix) if row.withdrawn_at is None else _unchanged(row))
    if request.form.get("new-key", "").strip():
        edited.append(_new_question())
    try:
        set_questions(training, QuestionList.model_validate({"questions": edited}).questions)
    except ValidationError:
        db.session.rollback()
        flash(
            gettext(
                "Not saved: check the keys, labels and choices (a choice question needs two "
                "choices)."
            )
        )
        return back
    except ServiceError:
        db.session.rollback()
        flash(
            gettext("Not saved: once answered, a question keeps its kind and the choices chosen.")
        )
        return back
    db.session.commit()
    flash(gettext("Saved."))
    return back


def _unchanged(row: TrainingQuestion) -> dict[str, Any]:
    return row.definition.model_dump(mode="json")


def _edited(row: TrainingQuestion, prefix: str) -> dict[str, Any]:
    question = _unchanged(row)
    question["label"] = _labels(prefix) or question["label"]
    question["required"] = bool(request.form.get(f"{prefix}-required"))
    question["stage"] = request.form.get(f"{prefix}-stage", question["stage"])
    question["roles"] = request.form.getlist(f"{prefix}-roles")
    if row.kind in CHOICE_KINDS:
        question["choices"] = parse_choices(request.form.get(f"{prefix}-choices", ""))
    return question


def _new_question() -> dict[str, Any]:
    return {
        "key": request.form.get("new-key", "").strip(),
        "kind": request.form.get("new-kind", ""),
        "label": _labels("new"),
        "required": bool(request.form.get("new-required")),
        "stage": request.form.get("new-stage", ""),
        "roles": request.form.getlist("new-roles"),
        "choices": parse_choices(request.form.get("new-choices", "")),
    }


def _labels(prefix: str) -> dict[str, str]:
    texts = {lang: request.form.get(f"{prefix}-label-{lang}", "").strip() for lang in LANGUAGES}
    return {lang: text for lang, text in texts.items() if text}


def parse_choices(lines: str) -> list[dict[str, Any]]:
    """One choice per line: ``key: label`` (the same in every language) or
    ``key: Arabic | English | French``."""
    choices = []
    for line in lines.splitlines():
        key, _, labels = line.partition(":")
        if not key.strip():
            continue
        parts = [part.strip() for part in labels.split("|")]
        if len(parts) == 1:
            parts *= 3
        texts = dict(zip(LANGUAGES, parts, strict=False))
        label = {lang: text for lang, text in texts.items() if text} or {"en": key.strip()}
        choices.append({"key": key.strip(), "label": label})
    return choices


def choice_lines(row: TrainingQuestion) -> str:
    """The question's choices as the form writes them (``parse_choices`` reads them back)."""
    return "\n".join(
        f"{choice['key']}: " + " | ".join(choice["label"].get(lang, "") for lang in LANGUAGES)
        for choice in row.choices
    )
