"""The summary paragraph, as the centre writes it in its reports, in Arabic, English or French:

    خلال عام 2020، نظّم المركز 27 دورة تدريبية وورشتي عمل تدريبيتين و10 ندوات عبر الإنترنت
    و3 اجتماعات، وقد عُقدت جميعها افتراضيًا. وبلغ عدد المشاركين فيها 892 مشاركًا من 54 بلدًا
    عضوًا، بواقع 648 مشاركًا في الدورات التدريبية و58 مشاركًا في ورشتي العمل التدريبيتين
    و186 مشاركًا في الاجتماعات. …

Pure (no app, no database): it reads a ``Figures`` and counts nouns with ``counting``. Each
counted phrase is asked for in the case of its place in the Arabic sentence. Kinds and
modalities are the values of ``trainings.models.Kind`` and ``Modality``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date

from service.reports.counting import Case, counted, number

NNBSP = "\u202f"  # before French two-part punctuation
KINDS = ("training_course", "workshop", "webinar", "study_visit", "meeting")
MODALITIES = ("virtual", "onsite", "hybrid")


@dataclass(frozen=True)
class Figures:
    start: date
    end: date
    activities: dict[str, int]  # by kind
    modalities: dict[str, int]  # by modality
    participants: dict[str, int]  # attendees by kind of activity
    countries: int
    member_countries: int
    experts: int = 0
    certificates: int = 0
    satisfaction: float | None = None
    responses: int = 0
    programme: str | None = field(default=None)

    @property
    def total_activities(self) -> int:
        return sum(self.activities.values())

    @property
    def total_participants(self) -> int:
        return sum(self.participants.values())

    @property
    def whole_year(self) -> bool:
        return (
            self.start.year == self.end.year
            and (self.start.month, self.start.day) == (1, 1)
            and (self.end.month, self.end.day) == (12, 31)
        )


# The kinds with the article, after "in": by how many activities of the kind there are.
IN_KIND: dict[str, dict[str, tuple[str, ...]]] = {
    "ar": {
        "training_course": ("الدورة التدريبية", "الدورتين التدريبيتين", "الدورات التدريبية"),
        "workshop": ("ورشة العمل التدريبية", "ورشتي العمل التدريبيتين", "ورشات العمل التدريبية"),
        "webinar": ("الندوة عبر الإنترنت", "الندوتين عبر الإنترنت", "الندوات عبر الإنترنت"),
        "study_visit": ("الزيارة الدراسية", "الزيارتين الدراسيتين", "الزيارات الدراسية"),
        "meeting": ("الاجتماع", "الاجتماعين", "الاجتماعات"),
    },
    "en": {
        "training_course": ("the training course", "the training courses"),
        "workshop": ("the workshop", "the workshops"),
        "webinar": ("the webinar", "the webinars"),
        "study_visit": ("the study visit", "the study visits"),
        "meeting": ("the meeting", "the meetings"),
    },
    "fr": {
        "training_course": ("au cours de formation", "aux cours de formation"),
        "workshop": ("à l’atelier", "aux ateliers"),
        "webinar": ("au webinaire", "aux webinaires"),
        "study_visit": ("à la visite d’étude", "aux visites d’étude"),
        "meeting": ("à la réunion", "aux réunions"),
    },
}

HELD = {  # how activities were held, as an adverb (ar) or a complement
    "ar": {"virtual": "افتراضيًا", "onsite": "حضوريًا", "hybrid": "بصيغة هجينة"},
    "en": {"virtual": "online", "onsite": "on site", "hybrid": "both on site and online"},
    "fr": {"virtual": "en ligne", "onsite": "en présentiel", "hybrid": "en format hybride"},
}


def _in_kind(kind: str, activities: int, language: str) -> str:
    forms = IN_KIND[language][kind]
    if activities == 1:
        return forms[0]
    if language == "ar" and activities == 2:
        return forms[1]
    return forms[-1]


def _join(items: list[str], language: str) -> str:
    """ "a, b and c" / "a, b et c" / «أ وب وج» (the Arabic "and" joins every item)."""
    if language == "ar":
        return " و".join(items)
    if len(items) < 2:
        return "".join(items)
    last = " and " if language == "en" else " et "
    return ", ".join(items[:-1]) + last + items[-1]


def _period(figures: Figures, language: str) -> str:
    if figures.whole_year:
        year = figures.start.year
        return {"ar": f"خلال عام {year}", "en": f"In {year}", "fr": f"En {year}"}[language]
    end = _day(figures.end, language)
    start = _day(figures.start, language, with_year=figures.start.year != figures.end.year)
    return {
        "ar": f"خلال الفترة من {start} إلى {end}",
        "en": f"From {start} to {end}",
        "fr": f"Du {start} au {end}",
    }[language]


def _day(day: date, language: str, with_year: bool = True) -> str:
    text = format_date(day, "d MMMM y" if with_year else "d MMMM", locale=language)
    if language == "fr" and day.day == 1:
        text = "1er" + text[1:]
    return text


def summary(figures: Figures, language: str) -> str:
    """The paragraph in ``language`` (``ar``, ``en`` or ``fr``)."""
    sentences = [_activities(figures, language)]
    if figures.total_activities:
        if figures.total_participants:
            sentences.append(_participants(figures, language))
        if figures.experts:
            sentences.append(_experts(figures, language))
        if figures.certificates:
            sentences.append(_certificates(figures, language))
        if figures.responses and figures.satisfaction is not None:
            sentences.append(_satisfaction(figures, language))
    return " ".join(sentences)


def _activities(figures: Figures, language: str) -> str:
    period = _period(figures, language)
    total = figures.total_activities
    if not total:
        return {
            "ar": f"{period}، لم ينظّم المركز أي نشاط.",
            "en": f"{period}, the centre held no activity.",
            "fr": f"{period}, le centre n’a organisé aucune activité.",
        }[language]
    listed = _join(
        [counted(figures.activities[k], k, language) for k in KINDS if figures.activities.get(k)],
        language,
    )
    held = {m: n for m, n in figures.modalities.items() if n}
    if len(held) == 1:
        (modality,) = held
        how = HELD[language][modality]
        if total == 1:
            held_ar = "عُقد" if figures.activities.get("meeting") else "عُقدت"  # masculine noun
            tail = {"ar": f"، وقد {held_ar} {how}", "en": f", {how}", "fr": f", {how}"}[language]
        else:
            tail = {
                "ar": f"، وقد عُقدت جميعها {how}",
                "en": f", all of them {how}",
                "fr": f", tous {how}",
            }[language]
    else:
        parts = _join(
            [f"{number(held[m], language)} {HELD[language][m]}" for m in MODALITIES if m in held],
            language,
        )
        tail = {"ar": f"، عُقد منها {parts}", "en": f": {parts}", "fr": f"{NNBSP}: {parts}"}[
            language
        ]
    verb = {"ar": "نظّم المركز", "en": "the centre held", "fr": "le centre a organisé"}[language]
    comma = "،" if language == "ar" else ","
    return f"{period}{comma} {verb} {listed}{tail}."


def _countries(figures: Figures, language: str) -> str:
    """ "from 54 member countries" / "from 60 countries, 54 of them member countries"."""
    if figures.member_countries == figures.countries:
        return {
            "ar": "من " + counted(figures.countries, "member_country", "ar", Case.GENITIVE),
            "en": "from " + counted(figures.countries, "member_country", "en"),
            "fr": f"{_came(figures)} de " + counted(figures.countries, "member_country", "fr"),
        }[language]
    members = figures.member_countries
    return {
        "ar": "من "
        + counted(figures.countries, "country", "ar", Case.GENITIVE)
        + "، منها "
        + counted(members, "member_country", "ar", Case.NOMINATIVE),
        "en": f"from {counted(figures.countries, 'country', 'en')} "
        f"({counted(members, 'member_country', 'en')})",
        "fr": f"{_came(figures)} de {counted(figures.countries, 'country', 'fr')} "
        f"(dont {counted(members, 'member_country', 'fr')})",
    }[language]


def _came(figures: Figures) -> str:
    """French agreement of "venu" with the participants: 1 participant venu, 2 venus."""
    return "venu" if figures.total_participants == 1 else "venus"


def _participants(figures: Figures, language: str) -> str:
    total = counted(figures.total_participants, "participant", language, Case.ACCUSATIVE)
    kinds = [k for k in KINDS if figures.participants.get(k)]
    per_kind = _join([_kind_share(figures, k, language, k == kinds[0]) for k in kinds], language)
    countries = _countries(figures, language)
    single = figures.total_activities == 1
    if language == "ar":
        text = f"وبلغ عدد المشاركين {_in_them(figures)} {total} {countries}"
        return text + (f"، بواقع {per_kind}." if len(kinds) > 1 else ".")
    if language == "en":
        subject = "This activity" if single else "These activities"
        text = f"{subject} brought together {total} {countries}"
        return text + (f": {per_kind}." if len(kinds) > 1 else ".")
    subject = "Cette activité a" if single else "Ces activités ont"
    text = f"{subject} réuni {total} {countries}"
    return text + (f"{NNBSP}: {per_kind}." if len(kinds) > 1 else ".")


def _kind_share(figures: Figures, kind: str, language: str, first: bool) -> str:
    """ "648 participants in the training courses" (the noun is repeated in Arabic only)."""
    n = figures.participants[kind]
    where = _in_kind(kind, figures.activities.get(kind, 0), language)
    if language == "ar":
        return f"{counted(n, 'participant', 'ar', Case.GENITIVE)} في {where}"
    amount = counted(n, "participant", language) if first else number(n, language)
    return f"{amount} {'in ' if language == 'en' else ''}{where}"


def _in_them(figures: Figures) -> str:
    """«فيها» (the activities, or one course, workshop, webinar or visit), «فيه» (one meeting)."""
    return "فيه" if figures.total_activities == 1 and figures.activities.get("meeting") else "فيها"


def _experts(figures: Figures, language: str) -> str:
    n = figures.experts
    if language == "ar":
        return f"وأسهم {_in_them(figures)} {counted(n, 'expert', 'ar', Case.NOMINATIVE)}."
    if language == "en":
        return f"{counted(n, 'expert', 'en')} contributed."
    verb = "y a contribué" if n == 1 else "y ont contribué"
    return f"{counted(n, 'expert', 'fr')} {verb}."


def _certificates(figures: Figures, language: str) -> str:
    phrase = counted(figures.certificates, "certificate", language, Case.ACCUSATIVE)
    return {
        "ar": f"وأصدر المركز {phrase}.",
        "en": f"The centre issued {phrase}.",
        "fr": f"Le centre a délivré {phrase}.",
    }[language]


def _satisfaction(figures: Figures, language: str) -> str:
    tenth = Decimal(str(figures.satisfaction or 0)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    mean = number(tenth.normalize() if tenth == tenth.to_integral() else tenth, language)
    responses = counted(figures.responses, "response", language, Case.GENITIVE)
    return {
        "ar": f"وبلغ متوسط الرضا العام {mean} من 5، بحسب {responses} على استبيان التقييم.",
        "en": f"According to {responses} to the evaluation survey, overall satisfaction "
        f"averaged {mean} out of 5.",
        "fr": f"D’après {responses} à l’enquête d’évaluation, la satisfaction globale moyenne "
        f"est de {mean} sur 5.",
    }[language]
