"""A training's questionnaire: the default one (in Arabic, English and French) until an organiser
changes it; once answers exist, only the wording may change, never what is asked."""

from __future__ import annotations

from sqlalchemy import func, select

from service.core.db import db
from service.core.errors import ServiceError
from service.evaluation.models import Questionnaire, Response
from service.evaluation.questions import Question, QuestionKind, Questions
from service.trainings.models import Training

SATISFACTION = "satisfaction"  # the question whose mean the annual report gives

DEFAULT_QUESTIONS: list[Question] = [
    Question.model_validate(question)
    for question in (
        {
            "key": SATISFACTION,
            "kind": QuestionKind.SCALE,
            "required": True,
            "label": {
                "ar": "ما مدى رضاك عن هذا النشاط التدريبي بشكل عام؟",
                "en": "Overall, how satisfied are you with this training?",
                "fr": "Dans l'ensemble, êtes-vous satisfait de cette formation ?",
            },
        },
        {
            "key": "relevance",
            "kind": QuestionKind.SCALE,
            "required": True,
            "label": {
                "ar": "ما مدى صلة ما تعلّمته بعملك؟",
                "en": "How relevant is what you learnt to your job?",
                "fr": "Ce que vous avez appris est-il utile pour votre travail ?",
            },
        },
        {
            "key": "experts",
            "kind": QuestionKind.SCALE,
            "required": True,
            "label": {
                "ar": "كيف تقيّم جودة الخبراء؟",
                "en": "How would you rate the quality of the experts?",
                "fr": "Comment évaluez-vous la qualité des experts ?",
            },
        },
        {
            "key": "organisation",
            "kind": QuestionKind.SCALE,
            "required": True,
            "label": {
                "ar": "كيف تقيّم تنظيم النشاط؟",
                "en": "How would you rate the organisation of the training?",
                "fr": "Comment évaluez-vous l'organisation de la formation ?",
            },
        },
        {
            "key": "improve",
            "kind": QuestionKind.TEXT,
            "label": {
                "ar": "ما الذي يمكن تحسينه؟",
                "en": "What could be improved?",
                "fr": "Que pourrait-on améliorer ?",
            },
        },
    )
]


def questions_of(training: Training) -> list[Question]:
    row = _row(training)
    if row is None:
        return list(DEFAULT_QUESTIONS)
    return [Question.model_validate(question) for question in row.questions]


def responses_count(training_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count()).select_from(Response).where(Response.training_id == training_id)
        )
        or 0
    )


def set_questions(training: Training, data: Questions) -> list[Question]:
    """Replace the training's questions. Once someone has answered, the questions asked stay the
    same (keys, kinds and choices); labels and whether an answer is required may change."""
    if responses_count(training.id) and _shape(data.questions) != _shape(questions_of(training)):
        raise ServiceError(
            "questionnaire_answered",
            "this questionnaire has answers: only its wording may change",
            409,
        )
    row = _row(training)
    if row is None:
        row = Questionnaire(training_id=training.id)
        db.session.add(row)
    row.questions = [question.model_dump(mode="json") for question in data.questions]
    db.session.flush()
    return data.questions


def _shape(questions: list[Question]) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(q.key, q.kind, tuple(c.key for c in q.choices)) for q in questions]


def _row(training: Training) -> Questionnaire | None:
    return db.session.scalar(select(Questionnaire).where(Questionnaire.training_id == training.id))
