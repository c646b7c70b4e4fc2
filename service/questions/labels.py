"""The questions' kinds, stages and the roles asked, in the page language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from service.questions.definitions import AnswerKind, Stage
from service.registrations.models import Role

KINDS: dict[AnswerKind, LazyString] = {
    AnswerKind.TEXT: _l("Short text"),
    AnswerKind.LONG_TEXT: _l("Long text"),
    AnswerKind.SINGLE_CHOICE: _l("Single choice"),
    AnswerKind.MULTIPLE_CHOICE: _l("Multiple choice"),
    AnswerKind.YES_NO: _l("Yes or no"),
    AnswerKind.DATE: _l("Date"),
    AnswerKind.NUMBER: _l("Number"),
}

STAGES: dict[Stage, LazyString] = {
    Stage.REGISTRATION: _l("At registration"),
    Stage.FOLLOW_UP: _l("In the follow-up form, once accepted"),
}

ROLES: dict[Role, LazyString] = {
    Role.PARTICIPANT: _l("Participants"),
    Role.EXPERT: _l("Experts"),
    Role.SPEAKER: _l("Speakers"),
    Role.ORGANISER: _l("Organisers"),
}
