"""Words right in Arabic, English and French: gender agreement, capitals, apostrophes, articles,
date ranges, Arabic punctuation; and the identity's images checked, naming the field."""

import io
from datetime import date

import pdfplumber
import pytest
from pdf_lines import payload

from certificates import IdentityError, PayloadError, parse_identity, parse_payload, render
from certificates.content import values
from certificates.formatting import date_range, typography, with_article
from certificates.templates import load_template


def texts(lang: str, **holder) -> dict[str, str]:
    data = payload(template="appreciation")
    data["holder"].update(holder)
    certificate = parse_payload(data)
    found = values(certificate, load_template("appreciation"), lang)
    return {k: v.text for k, v in found.items() if v is not None}


def page_text(data: dict, template: str) -> str:
    pdf = render(parse_payload(data), template)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return document.pages[0].extract_text()


@pytest.mark.parametrize(
    ("gender", "ar", "fr"),
    [
        (
            "female",
            "لمساهمتها القيّمة بصفتها خبيرةً",
            "sa précieuse contribution en qualité d’experte",
        ),
        ("male", "لمساهمته القيّمة بصفته خبيرًا", "sa précieuse contribution en qualité d’expert"),
        (None, "للخبرة القيّمة المقدمة", "son précieux apport d’expertise"),
    ],
)
def test_an_expert_is_named_in_their_gender_or_neutrally(gender, ar, fr):
    assert texts("ar", gender=gender)["role"] == ar
    assert texts("fr", gender=gender)["role"] == fr
    assert texts("en", gender=gender)["role"] == "a valuable contribution as an expert"


def test_a_woman_experts_certificate_in_french():
    data = payload(template="appreciation", languages=["ar", "fr"])
    data["holder"].update(title="dr", gender="female")
    text = page_text(data, "appreciation")
    assert "en qualité d’experte à l’atelier" in " ".join(text.split())
    assert "Dr Mohammed Abdallah Al-Ahmad" in text


def test_titles_agree():
    assert texts("ar", title="dr", gender="female")["name"].startswith("الدكتورة ")
    assert texts("ar", title="dr")["name"].startswith("د. ")
    assert texts("fr", title="ms")["name"].startswith("Mme ")
    assert texts("en", title="he")["name"].startswith("H.E. ")


def test_a_title_and_a_gender_that_disagree_are_refused():
    data = payload()
    data["holder"].update(title="mr", gender="female")
    with pytest.raises(PayloadError) as caught:
        parse_payload(data)
    assert caught.value.field == "holder.gender"


def test_sentences_start_with_a_capital():
    data = payload(languages=["ar", "fr"])
    data["training"].update(modality="virtual", starts_on="2027-01-05", ends_on="2027-01-06")
    data["training"].pop("venue")
    text = page_text(data, "participation")
    assert "En ligne, du 5 au 6 janvier 2027" in text
    assert "Pour sa participation à l’atelier" in text


def test_one_apostrophe_style_and_articles():
    data = payload(languages=["ar", "fr"])
    data["training"]["title"]["fr"] = "La diplomatie numérique pour les diplomates de l'OCI"
    data["training"]["partners"] = [
        {"ar": "الأكاديمية الدبلوماسية", "en": "Diplomacy Academy", "fr": "Académie diplomatique"}
    ]
    text = page_text(data, "participation")
    assert "'" not in text and "l’OCI" in text
    assert "En coopération avec l’Académie diplomatique" in text
    assert with_article("Ministry of Tourism and Handicrafts of Senegal", "en").startswith("the ")
    assert with_article("Ministère du Tourisme", "fr") == "le Ministère du Tourisme"
    assert with_article("SESRIC", "en") == "SESRIC"
    assert with_article("Islamic Development Bank", "en") == "the Islamic Development Bank"
    english = page_text(payload(), "participation")
    assert "In cooperation with the Ministry of Tourism" in english


def test_french_punctuation_and_arabic_punctuation():
    assert typography("Séances suivies : 5", "fr") == "Séances suivies\u202f: 5"
    assert typography("داكار, السنغال", "ar") == "داكار، السنغال"
    assert typography("SES-1,5", "ar") == "SES-1,5"


def test_date_ranges_as_native_readers_write_them():
    assert date_range(date(2025, 9, 1), date(2025, 9, 3), "fr") == "du 1er au 3 septembre 2025"
    assert date_range(date(2025, 8, 30), date(2025, 9, 2), "fr") == "du 30 août au 2 septembre 2025"
    assert date_range(date(2025, 9, 1), date(2025, 9, 3), "ar") == "من 1 إلى 3 سبتمبر 2025"


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (b"GIF89a not an image", "neither a PNG nor an SVG"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>X</text></svg>',
            "text",
        ),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "PNG"),
    ],
)
def test_an_unfit_identity_image_is_refused_naming_the_field(image, message):
    with pytest.raises(IdentityError) as caught:
        parse_identity({"name": {"en": "X"}, "emblem": {"data": image}})
    assert caught.value.field.startswith("identity.emblem")
    assert message in caught.value.message


def test_an_oversized_signature_is_refused_naming_the_field():
    data = payload()
    data["signatories"][0]["signature"] = {"data": b"<svg " + b" " * 300_000 + b"/>"}
    with pytest.raises(PayloadError) as caught:
        parse_payload(data)
    assert caught.value.field == "signatories.0.signature"
