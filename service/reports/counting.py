"""Counted nouns in Arabic, English and French: "ورشتي عمل تدريبيتين", "1 webinar", "2 ateliers".

A pure rule set (no app, no database): the plural category of a number in each language (CLDR's
rules), and for each noun the centre's reports use, its form in each category.

Arabic, by the number's last two digits (numbers written in digits, as the centre writes them):

- 1: the noun and "واحد/واحدة", without the digit: «دورة تدريبية واحدة»;
- 2: the dual, without the digit: «ورشتي عمل تدريبيتين»;
- 3–10: the plural, genitive: «3 دورات تدريبية»;
- 11–99: the singular, accusative (tanwin alif on masculine nouns): «27 مشاركًا»;
- 100, 101, 102, 200…: the singular, genitive: «100 مشارك».

Only the forms of one and two show the case (nominative, accusative or genitive), so a phrase is
asked for in the case of its place in the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from babel.numbers import format_decimal


class Case(StrEnum):
    NOMINATIVE = "nominative"
    ACCUSATIVE = "accusative"
    GENITIVE = "genitive"


class Category(StrEnum):
    ONE = "one"
    TWO = "two"
    FEW = "few"
    MANY = "many"
    OTHER = "other"


def category(n: int, language: str) -> Category:
    """The CLDR plural category of a whole number (Arabic's zero counts as ``other``)."""
    if language == "ar":
        if n == 1:
            return Category.ONE
        if n == 2:
            return Category.TWO
        if 3 <= n % 100 <= 10:
            return Category.FEW
        if 11 <= n % 100 <= 99:
            return Category.MANY
        return Category.OTHER
    if language == "fr":
        return Category.ONE if n in (0, 1) else Category.OTHER
    return Category.ONE if n == 1 else Category.OTHER


@dataclass(frozen=True)
class ArabicNoun:
    one: str  # nominative and genitive: «مشارك واحد»
    one_accusative: str  # «مشاركًا واحدًا» (feminine nouns: as ``one``)
    two: str  # nominative: «مشاركان»
    two_oblique: str  # accusative and genitive: «مشاركين»
    few: str  # 3–10: genitive plural: «مشاركين»
    many: str  # 11–99: accusative singular: «مشاركًا»
    other: str  # 100–102, 200…: genitive singular: «مشارك»


@dataclass(frozen=True)
class Noun:
    one: str
    other: str


def _feminine(one: str, two: str, two_oblique: str, few: str, singular: str) -> ArabicNoun:
    return ArabicNoun(one, one, two, two_oblique, few, singular, singular)


NOUNS: dict[str, dict[str, ArabicNoun | Noun]] = {
    "training_course": {
        "ar": _feminine(
            "دورة تدريبية واحدة",
            "دورتان تدريبيتان",
            "دورتين تدريبيتين",
            "دورات تدريبية",
            "دورة تدريبية",
        ),
        "en": Noun("training course", "training courses"),
        "fr": Noun("cours de formation", "cours de formation"),
    },
    "workshop": {
        "ar": _feminine(
            "ورشة عمل تدريبية واحدة",
            "ورشتا عمل تدريبيتان",
            "ورشتي عمل تدريبيتين",
            "ورشات عمل تدريبية",
            "ورشة عمل تدريبية",
        ),
        "en": Noun("workshop", "workshops"),
        "fr": Noun("atelier", "ateliers"),
    },
    "webinar": {
        "ar": _feminine(
            "ندوة واحدة عبر الإنترنت",
            "ندوتان عبر الإنترنت",
            "ندوتين عبر الإنترنت",
            "ندوات عبر الإنترنت",
            "ندوة عبر الإنترنت",
        ),
        "en": Noun("webinar", "webinars"),
        "fr": Noun("webinaire", "webinaires"),
    },
    "study_visit": {
        "ar": _feminine(
            "زيارة دراسية واحدة",
            "زيارتان دراسيتان",
            "زيارتين دراسيتين",
            "زيارات دراسية",
            "زيارة دراسية",
        ),
        "en": Noun("study visit", "study visits"),
        "fr": Noun("visite d’étude", "visites d’étude"),
    },
    "meeting": {
        "ar": ArabicNoun(
            "اجتماع واحد", "اجتماعًا واحدًا", "اجتماعان", "اجتماعين", "اجتماعات", "اجتماعًا", "اجتماع"
        ),
        "en": Noun("meeting", "meetings"),
        "fr": Noun("réunion", "réunions"),
    },
    "participant": {
        "ar": ArabicNoun(
            "مشارك واحد", "مشاركًا واحدًا", "مشاركان", "مشاركين", "مشاركين", "مشاركًا", "مشارك"
        ),
        "en": Noun("participant", "participants"),
        "fr": Noun("participant", "participants"),
    },
    "country": {
        "ar": ArabicNoun("بلد واحد", "بلدًا واحدًا", "بلدان", "بلدين", "بلدان", "بلدًا", "بلد"),
        "en": Noun("country", "countries"),
        "fr": Noun("pays", "pays"),
    },
    "member_country": {
        "ar": ArabicNoun(
            "بلد عضو واحد",
            "بلدًا عضوًا واحدًا",
            "بلدان عضوان",
            "بلدين عضوين",
            "بلدان أعضاء",
            "بلدًا عضوًا",
            "بلد عضو",
        ),
        "en": Noun("member country", "member countries"),
        "fr": Noun("pays membre", "pays membres"),
    },
    "expert": {
        "ar": ArabicNoun("خبير واحد", "خبيرًا واحدًا", "خبيران", "خبيرين", "خبراء", "خبيرًا", "خبير"),
        "en": Noun("expert", "experts"),
        "fr": Noun("expert", "experts"),
    },
    "certificate": {
        "ar": _feminine("شهادة واحدة", "شهادتان", "شهادتين", "شهادات", "شهادة"),
        "en": Noun("certificate", "certificates"),
        "fr": Noun("certificat", "certificats"),
    },
    "response": {
        "ar": _feminine("إجابة واحدة", "إجابتان", "إجابتين", "إجابات", "إجابة"),
        "en": Noun("response", "responses"),
        "fr": Noun("réponse", "réponses"),
    },
    "activity": {
        "ar": ArabicNoun("نشاط واحد", "نشاطًا واحدًا", "نشاطان", "نشاطين", "أنشطة", "نشاطًا", "نشاط"),
        "en": Noun("activity", "activities"),
        "fr": Noun("activité", "activités"),
    },
}


def number(n: int | float | Decimal, language: str) -> str:
    """A number as the language writes it, in Latin digits: 20,000 / 20 000 / 4,3."""
    return format_decimal(n, locale=language)


def counted(n: int, noun: str, language: str, case: Case = Case.ACCUSATIVE) -> str:
    """``n`` of ``noun`` in ``language``: «ورشتي عمل تدريبيتين», "1 webinar", "2 ateliers".

    ``case`` is the phrase's case in its Arabic sentence (it shows only in one and two)."""
    forms = NOUNS[noun][language]
    kind = category(n, language)
    if isinstance(forms, ArabicNoun):
        if kind == Category.ONE:
            return forms.one_accusative if case == Case.ACCUSATIVE else forms.one
        if kind == Category.TWO:
            return forms.two if case == Case.NOMINATIVE else forms.two_oblique
        word = {Category.FEW: forms.few, Category.MANY: forms.many}.get(kind, forms.other)
        return f"{number(n, language)} {word}"
    word = forms.one if kind == Category.ONE else forms.other
    return f"{number(n, language)} {word}"
