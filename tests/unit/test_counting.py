"""The counted-noun rule set (``service.reports.counting``): every noun the reports use, for 1,
2, 3, 10, 11, 100 and 101, in Arabic, English and French."""

from __future__ import annotations

import pytest

from service.reports.counting import NOUNS, Case, Category, category, counted

NUMBERS = (1, 2, 3, 10, 11, 100, 101)

# Arabic, accusative (the object of «نظّم المركز …»): 1 and 2 without the digit, the dual for 2,
# the genitive plural for 3–10, the accusative singular for 11–99, the genitive singular for
# 100–102.
ARABIC = {
    "training_course": (
        "دورة تدريبية واحدة",
        "دورتين تدريبيتين",
        "3 دورات تدريبية",
        "10 دورات تدريبية",
        "11 دورة تدريبية",
        "100 دورة تدريبية",
        "101 دورة تدريبية",
    ),
    "workshop": (
        "ورشة عمل تدريبية واحدة",
        "ورشتي عمل تدريبيتين",
        "3 ورشات عمل تدريبية",
        "10 ورشات عمل تدريبية",
        "11 ورشة عمل تدريبية",
        "100 ورشة عمل تدريبية",
        "101 ورشة عمل تدريبية",
    ),
    "webinar": (
        "ندوة واحدة عبر الإنترنت",
        "ندوتين عبر الإنترنت",
        "3 ندوات عبر الإنترنت",
        "10 ندوات عبر الإنترنت",
        "11 ندوة عبر الإنترنت",
        "100 ندوة عبر الإنترنت",
        "101 ندوة عبر الإنترنت",
    ),
    "study_visit": (
        "زيارة دراسية واحدة",
        "زيارتين دراسيتين",
        "3 زيارات دراسية",
        "10 زيارات دراسية",
        "11 زيارة دراسية",
        "100 زيارة دراسية",
        "101 زيارة دراسية",
    ),
    "meeting": (
        "اجتماعًا واحدًا",
        "اجتماعين",
        "3 اجتماعات",
        "10 اجتماعات",
        "11 اجتماعًا",
        "100 اجتماع",
        "101 اجتماع",
    ),
    "participant": (
        "مشاركًا واحدًا",
        "مشاركين",
        "3 مشاركين",
        "10 مشاركين",
        "11 مشاركًا",
        "100 مشارك",
        "101 مشارك",
    ),
    "country": ("بلدًا واحدًا", "بلدين", "3 بلدان", "10 بلدان", "11 بلدًا", "100 بلد", "101 بلد"),
    "member_country": (
        "بلدًا عضوًا واحدًا",
        "بلدين عضوين",
        "3 بلدان أعضاء",
        "10 بلدان أعضاء",
        "11 بلدًا عضوًا",
        "100 بلد عضو",
        "101 بلد عضو",
    ),
    "expert": ("خبيرًا واحدًا", "خبيرين", "3 خبراء", "10 خبراء", "11 خبيرًا", "100 خبير", "101 خبير"),
    "certificate": (
        "شهادة واحدة",
        "شهادتين",
        "3 شهادات",
        "10 شهادات",
        "11 شهادة",
        "100 شهادة",
        "101 شهادة",
    ),
    "response": (
        "إجابة واحدة",
        "إجابتين",
        "3 إجابات",
        "10 إجابات",
        "11 إجابة",
        "100 إجابة",
        "101 إجابة",
    ),
    "activity": (
        "نشاطًا واحدًا",
        "نشاطين",
        "3 أنشطة",
        "10 أنشطة",
        "11 نشاطًا",
        "100 نشاط",
        "101 نشاط",
    ),
}
ENGLISH = {
    "training_course": ("training course", "training courses"),
    "workshop": ("workshop", "workshops"),
    "webinar": ("webinar", "webinars"),
    "study_visit": ("study visit", "study visits"),
    "meeting": ("meeting", "meetings"),
    "participant": ("participant", "participants"),
    "country": ("country", "countries"),
    "member_country": ("member country", "member countries"),
    "expert": ("expert", "experts"),
    "certificate": ("certificate", "certificates"),
    "response": ("response", "responses"),
    "activity": ("activity", "activities"),
}
FRENCH = {
    "training_course": ("cours de formation", "cours de formation"),
    "workshop": ("atelier", "ateliers"),
    "webinar": ("webinaire", "webinaires"),
    "study_visit": ("visite d’étude", "visites d’étude"),
    "meeting": ("réunion", "réunions"),
    "participant": ("participant", "participants"),
    "country": ("pays", "pays"),
    "member_country": ("pays membre", "pays membres"),
    "expert": ("expert", "experts"),
    "certificate": ("certificat", "certificats"),
    "response": ("réponse", "réponses"),
    "activity": ("activité", "activités"),
}


def test_every_noun_is_tested():
    assert set(ARABIC) == set(ENGLISH) == set(FRENCH) == set(NOUNS)


@pytest.mark.parametrize("noun", sorted(NOUNS))
def test_arabic(noun):
    assert tuple(counted(n, noun, "ar") for n in NUMBERS) == ARABIC[noun]


@pytest.mark.parametrize("noun", sorted(NOUNS))
def test_english_and_french(noun):
    one, other = ENGLISH[noun]
    assert [counted(n, noun, "en") for n in NUMBERS] == [
        f"1 {one}",
        *(f"{n} {other}" for n in NUMBERS[1:]),
    ]
    one, other = FRENCH[noun]
    assert [counted(n, noun, "fr") for n in NUMBERS] == [
        f"1 {one}",
        *(f"{n} {other}" for n in NUMBERS[1:]),
    ]
    assert counted(0, noun, "fr") == f"0 {one}"  # French counts 0 as singular
    assert counted(0, noun, "en") == f"0 {ENGLISH[noun][1]}"


def test_the_case_shows_in_one_and_two_only():
    assert counted(1, "participant", "ar", Case.GENITIVE) == "مشارك واحد"
    assert counted(1, "participant", "ar", Case.NOMINATIVE) == "مشارك واحد"
    assert counted(2, "expert", "ar", Case.NOMINATIVE) == "خبيران"
    assert counted(2, "expert", "ar", Case.GENITIVE) == "خبيرين"
    assert counted(2, "workshop", "ar", Case.NOMINATIVE) == "ورشتا عمل تدريبيتان"
    for n in (3, 11, 100):
        assert len({counted(n, "participant", "ar", case) for case in Case}) == 1


def test_categories_follow_the_last_two_digits():
    assert [category(n, "ar") for n in (102, 103, 110, 111, 199, 200, 1000, 1003, 1011)] == [
        Category.OTHER,
        Category.FEW,
        Category.FEW,
        Category.MANY,
        Category.MANY,
        Category.OTHER,
        Category.OTHER,
        Category.FEW,
        Category.MANY,
    ]
    assert counted(20000, "participant", "fr") == "20\u202f000 participants"
    assert counted(1011, "participant", "ar") == "1,011 مشاركًا"
