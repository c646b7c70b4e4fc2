"""The follow-up form an on-site activity starts with (what the centre needs to receive its
guests: visa, travel, meals). Organisers edit it like any other questions; until they do, or
until someone answers, it is not stored (``operations.questions_of``)."""

from __future__ import annotations

from service.core.schemas import Texts
from service.questions.definitions import AnswerKind, FormQuestion, Stage
from service.registrations.models import Role
from service.trainings.models import Modality, Training

TRAVELLERS = [Role.PARTICIPANT, Role.EXPERT, Role.SPEAKER]


def _question(
    key: str, kind: AnswerKind, required: bool, ar: str, en: str, fr: str
) -> FormQuestion:
    return FormQuestion(
        key=key,
        kind=kind,
        label=Texts(ar=ar, en=en, fr=fr),
        required=required,
        stage=Stage.FOLLOW_UP,
        roles=TRAVELLERS,
    )


FOLLOW_UP_ON_SITE: list[FormQuestion] = [
    _question(
        "passport_name",
        AnswerKind.TEXT,
        True,
        "الاسم الكامل كما هو في جواز السفر",
        "Full name as in your passport",
        "Nom complet tel qu’il figure sur votre passeport",
    ),
    _question(
        "passport_number",
        AnswerKind.TEXT,
        True,
        "رقم جواز السفر",
        "Passport number",
        "Numéro de passeport",
    ),
    _question("nationality", AnswerKind.TEXT, True, "الجنسية", "Nationality", "Nationalité"),
    _question(
        "date_of_birth",
        AnswerKind.DATE,
        True,
        "تاريخ الميلاد",
        "Date of birth",
        "Date de naissance",
    ),
    _question(
        "arrival", AnswerKind.DATE, True, "تاريخ الوصول", "Date of arrival", "Date d’arrivée"
    ),
    _question(
        "departure",
        AnswerKind.DATE,
        True,
        "تاريخ المغادرة",
        "Date of departure",
        "Date de départ",
    ),
    _question(
        "dietary_needs",
        AnswerKind.LONG_TEXT,
        False,
        "الاحتياجات الغذائية أو الحساسية",
        "Dietary needs or allergies",
        "Régime alimentaire ou allergies",
    ),
]


def default_questions(training: Training) -> list[FormQuestion]:
    """The questions a training has before any is stored: the follow-up set when on site."""
    return list(FOLLOW_UP_ON_SITE) if training.modality == Modality.ONSITE else []
