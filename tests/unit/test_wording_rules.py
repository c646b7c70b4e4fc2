"""Words as a native reader of Arabic, English and French writes them: salutations, sessions and
time zones, country names and their order."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from service.core.collation import sort_key, sorted_by
from service.core.countries import centre_names, member_states
from service.core.dates import LRI, PDI, local_datetime, session_when, zone_name
from service.core.i18n import country_name, place
from service.registrations.models import Gender, Title
from service.registrations.salutations import salutation

AMINATA = {"latin_name": "Aminata Diop", "family_name": "Diop", "arabic_name": "أميناتا ديوب"}


@pytest.mark.parametrize(
    ("language", "title", "gender", "expected"),
    [
        ("fr", Title.MS, Gender.FEMALE, "Madame Aminata Diop,"),
        ("fr", Title.DR, Gender.FEMALE, "Madame Aminata Diop,"),
        ("fr", None, Gender.MALE, "Monsieur Aminata Diop,"),
        ("fr", None, None, "Bonjour Aminata Diop,"),
        ("fr", Title.DR, None, "Bonjour Aminata Diop,"),
        ("fr", Title.HE, Gender.FEMALE, "Excellence,"),
        ("en", Title.MS, Gender.FEMALE, "Dear Ms Diop,"),
        ("en", Title.DR, None, "Dear Dr Diop,"),
        ("en", Title.PROF, Gender.FEMALE, "Dear Professor Diop,"),
        ("en", Title.HE, None, "Your Excellency,"),
        ("en", None, None, "Dear Aminata Diop,"),
        ("ar", Title.MS, Gender.FEMALE, "السيدة أميناتا ديوب،"),
        ("ar", Title.DR, Gender.FEMALE, "الدكتورة أميناتا ديوب،"),
        ("ar", Title.DR, Gender.MALE, "الدكتور أميناتا ديوب،"),
        ("ar", Title.DR, None, "د. أميناتا ديوب،"),
        ("ar", Title.PROF, Gender.FEMALE, "الأستاذة الدكتورة أميناتا ديوب،"),
        ("ar", Title.HE, Gender.MALE, "سعادة السيد أميناتا ديوب،"),
        ("ar", None, Gender.FEMALE, "عزيزتي أميناتا ديوب،"),
        ("ar", None, Gender.MALE, "عزيزي أميناتا ديوب،"),
        ("ar", None, None, "مرحبًا أميناتا ديوب،"),
    ],
)
def test_salutation_agrees_with_title_and_gender(language, title, gender, expected):
    assert salutation(language, title=title, gender=gender, **AMINATA) == expected


def test_salutation_never_joins_both_forms():
    for language in ("ar", "en", "fr"):
        for gender in (None, *Gender):
            text = salutation(language, title=None, gender=gender, **AMINATA)
            assert "Madame, Monsieur" not in text and "السيد/السيدة" not in text


def test_arabic_salutation_isolates_a_latin_name_so_the_comma_stays_after_it():
    text = salutation("ar", title=Title.MS, gender=None, **{**AMINATA, "arabic_name": None})
    assert text == f"السيدة {LRI}Aminata Diop{PDI}،"


MONDAY_9 = datetime(2025, 9, 1, 9, tzinfo=UTC)
MONDAY_17 = datetime(2025, 9, 1, 17, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Monday 1 September 2025, 09:00–17:00"),
        ("fr", "lundi 1er septembre 2025, 09:00–17:00"),
        ("ar", f"الاثنين 1 سبتمبر 2025، {LRI}09:00–17:00{PDI}"),  # Arabic comma, isolated hours
    ],
)
def test_a_session_is_shown_with_its_end(language, expected):
    assert session_when(MONDAY_9, MONDAY_17, "Africa/Dakar", language) == expected


def test_a_moment_uses_the_arabic_comma_in_arabic():
    assert local_datetime(MONDAY_9, "Africa/Dakar", "ar") == "الاثنين 1 سبتمبر 2025، 09:00"
    assert local_datetime(MONDAY_9, "Africa/Dakar", "fr") == "lundi 1er septembre 2025, 09:00"


@pytest.mark.parametrize(
    ("zone", "language", "expected"),
    [
        ("Africa/Dakar", "en", "Greenwich Mean Time"),
        ("Africa/Dakar", "fr", "heure moyenne de Greenwich"),
        ("Africa/Dakar", "ar", "توقيت غرينتش"),
        ("Africa/Lagos", "fr", "heure d’Afrique de l’Ouest"),
        ("Asia/Riyadh", "ar", "التوقيت العربي الرسمي"),
        ("Europe/Istanbul", "en", "Türkiye Standard Time"),
    ],
)
def test_time_zones_are_named_never_given_as_iana_ids(zone, language, expected):
    assert zone_name(zone, MONDAY_9, language) == expected


def test_the_centre_names_the_state_of_palestine():
    assert country_name("PS", "en") == "State of Palestine"
    assert country_name("PS", "fr") == "État de Palestine"
    assert country_name("PS", "ar") == "دولة فلسطين"
    assert place({"en": "Ramallah"}, "PS", "en") == "Ramallah, State of Palestine"
    assert country_name("CI", "fr") == "Côte d’Ivoire"  # the language's one apostrophe
    assert country_name("FR", "fr") == "France"  # not a member state: CLDR's name


def test_every_member_state_is_named_in_three_languages():
    assert len(member_states()) == 57
    for code in member_states():
        names = centre_names()[code]
        assert all(names[lang] for lang in ("ar", "en", "fr")), code
        assert "'" not in names["en"] + names["fr"], code


def test_arabic_names_are_in_alphabetical_order():
    names = [country_name(code, "ar") for code in member_states()]
    ordered = sorted_by(names, lambda name: name, "ar")
    assert ordered.index("ألبانيا") < ordered.index("باكستان")  # hamza on alef: still an alef
    assert ordered.index("أفغانستان") < ordered.index("ألبانيا")
    assert ordered.index("الأردن") < ordered.index("باكستان")  # the article is passed over
    assert ordered.index("السنغال") > ordered.index("تونس")  # السنغال under س
    assert ordered[:3] == ["أذربيجان", "الأردن", "أفغانستان"]


def test_french_and_english_order_ignores_accents_but_not_letters():
    names = ["Égypte", "Émirats arabes unis", "Comores", "État de Palestine", "Eswatini"]
    assert sorted_by(names, lambda name: name, "fr") == [
        "Comores",
        "Égypte",
        "Émirats arabes unis",
        "Eswatini",
        "État de Palestine",
    ]
    assert sort_key("Bénin", "fr") < sort_key("Bhoutan", "fr")
