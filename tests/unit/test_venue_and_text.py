"""Words built from data: the venue (one wording for pages, e-mails, calendars, certificates),
dates, and the cleaning of typed text."""

from __future__ import annotations

from datetime import date

import pytest

from certificates.formatting import sentence_case
from certificates.text import BIDI_CONTROLS, clean_text
from service.core.dates import date_range
from service.core.i18n import companion_language, pick, place, venue_text

DAKAR = {"ar": "داكار", "en": "Dakar", "fr": "Dakar"}


@pytest.mark.parametrize(
    ("modality", "language", "expected"),
    [
        ("onsite", "en", "Dakar, Senegal"),
        ("onsite", "fr", "Dakar, Sénégal"),
        ("onsite", "ar", "داكار، السنغال"),
        ("hybrid", "en", "Dakar, Senegal and online"),
        ("hybrid", "fr", "Dakar, Sénégal et en ligne"),
        ("hybrid", "ar", "داكار، السنغال وعبر الإنترنت"),
        ("virtual", "en", "online"),
        ("virtual", "fr", "en ligne"),
        ("virtual", "ar", "عبر الإنترنت"),
    ],
)
def test_venue_text(modality, language, expected):
    assert venue_text(modality, DAKAR, "SN", language) == expected


def test_a_place_without_a_city_or_country():
    assert place({}, "SN", "en") == "Senegal"
    assert place(DAKAR, None, "fr") == "Dakar"
    assert venue_text("onsite", {}, None, "en") == "online"  # nothing to name: never empty


def test_sentence_case_touches_the_first_letter_only():
    assert sentence_case("online") == "Online"
    assert sentence_case("en ligne") == "En ligne"
    assert sentence_case("عبر الإنترنت") == "عبر الإنترنت"
    assert sentence_case("") == ""


def test_pick_falls_back_to_english_then_arabic_then_french():
    assert pick({"ar": "أ", "en": "E", "fr": "F"}, "fr") == "F"
    assert pick({"ar": "أ", "en": "E"}, "fr") == "E"
    assert pick({"ar": "أ"}, "fr") == "أ"
    assert pick(None, "en") == ""


def test_companion_language():
    assert companion_language("ar") == "en"
    assert companion_language("fr") == "ar"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "1–3 September 2025"),
        ("fr", "du 1er au 3 septembre 2025"),
        ("ar", "من 1 إلى 3 سبتمبر 2025"),
    ],
)
def test_date_range(language, expected):
    """As the certificates print them (the engine's date_range): a native reader's range, no
    longer Babel's interval (``1–3 سبتمبر 2025`` read as 3–1 in right-to-left text)."""
    assert date_range(date(2025, 9, 1), date(2025, 9, 3), language) == expected


def test_clean_text_drops_bidi_controls_composes_and_collapses_spaces():
    typed = "  Ami\u0301nata \u202eDiop\u202c\n\t  "
    assert clean_text(typed) == "Amínata Diop"
    assert all(clean_text(f"a{control}b") == "ab" for control in BIDI_CONTROLS)
