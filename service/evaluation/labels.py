"""The survey's words on pages, keyed by their enums."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from service.evaluation.questions import QuestionKind
from service.trainings.models import EvaluationMode

MODES: dict[EvaluationMode, LazyString] = {
    EvaluationMode.OFF: _l("No survey"),
    EvaluationMode.OPTIONAL: _l("Survey, optional"),
    EvaluationMode.REQUIRED: _l("Survey, required before the certificate"),
}

QUESTION_KINDS: dict[QuestionKind, LazyString] = {
    QuestionKind.SCALE: _l("Scale from 1 to 5"),
    QuestionKind.TEXT: _l("Free text"),
    QuestionKind.SINGLE_CHOICE: _l("Single choice"),
    QuestionKind.YES_NO: _l("Yes or no"),
}

SCALE_ENDS = (_l("1: very poor"), _l("5: excellent"))
YES, NO = _l("Yes"), _l("No")
