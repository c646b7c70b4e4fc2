"""Validation: every error names the field at fault; dates and numbers per language."""

from datetime import date

import pytest
from pdf_lines import payload
from pydantic import ValidationError

from certificates import (
    CertificateData,
    MissingGlyphError,
    PayloadError,
    TemplateError,
    parse_payload,
    render,
    template_names,
)
from certificates.formatting import date_range, number


def field_of(data: dict) -> str:
    with pytest.raises(PayloadError) as caught:
        parse_payload(data)
    return caught.value.field


def test_a_valid_payload():
    certificate = parse_payload(payload())
    assert certificate.languages == ("ar", "en")
    assert certificate.training.title.get("en").startswith("Strengthening")


def test_languages_default_to_arabic_and_english():
    data = payload()
    del data["languages"]
    assert parse_payload(data).languages == ("ar", "en")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["training"].update(kind="lecture"), "training.kind"),
        (lambda d: d["training"].update(starts_on="1 September"), "training.starts_on"),
        (lambda d: d["training"].update(ends_on="2025-08-01"), "training.ends_on"),
        (lambda d: d["training"].pop("venue"), "training.venue"),
        (lambda d: d["holder"].update(name={"ar": "محمد"}), "holder.name"),
        (lambda d: d.update(languages=["en", "fr"]), "languages"),
        (
            lambda d: (
                d.update(languages=["ar", "fr"], template="participation")
                or d["training"]["title"].pop("fr")
            ),
            "training.title.fr",
        ),
        (lambda d: d["signatories"][1]["title"].pop("ar"), "signatories.1.title.ar"),
        (lambda d: d.update(serial="SES 2025 1"), "serial"),
        (lambda d: d.update(verification_url="ftp://example.org/x"), "verification_url"),
        (lambda d: d.update(template="diploma"), "template"),
        (lambda d: d.pop("attendance") and d.update(template="attendance"), "attendance"),
        (lambda d: d.pop("role") and d.update(template="appreciation"), "role"),
        (lambda d: d["attendance"].update(sessions_attended=7), "attendance.sessions_attended"),
        (lambda d: d["holder"]["name"].update(en="  \u202e "), "holder.name.en"),
        (lambda d: d.update(colour="red"), "colour"),
    ],
)
def test_an_invalid_payload_names_the_field(change, field):
    data = payload()
    change(data)
    assert field_of(data) == field


def test_model_validate_raises_pydantics_error_naming_the_field():
    data = payload()
    data["training"]["kind"] = "lecture"
    with pytest.raises(ValidationError, match=r"training\.kind"):
        CertificateData.model_validate(data)


def test_virtual_training_needs_no_venue():
    data = payload()
    data["training"].update(modality="virtual")
    data["training"].pop("venue")
    pdf = render(parse_payload(data), "participation")
    assert b"%PDF" in pdf[:8]


def test_render_checks_what_its_template_needs():
    data = payload()
    data.pop("role")
    data["template"] = "participation"
    certificate = parse_payload(data)
    with pytest.raises(PayloadError) as caught:
        render(certificate, "appreciation")
    assert caught.value.field == "role"


@pytest.mark.parametrize(
    ("where", "text", "field"),
    [
        ("name", "Zhang 张伟", "holder.name.en"),
        ("title", "تعزيز الشراكات 🙂", "training.title.ar"),
    ],
)
def test_a_character_without_a_glyph_is_refused_by_name_and_field(where, text, field):
    data = payload()
    if where == "name":
        data["holder"]["name"]["en"] = text
    else:
        data["training"]["title"]["ar"] = text
    with pytest.raises(MissingGlyphError) as caught:
        render(parse_payload(data), "participation")
    assert caught.value.field == field
    missing = text[-2] if where == "name" else text[-1]
    assert repr(missing) in caught.value.message
    assert f"U+{ord(missing):04X}" in caught.value.message


def test_templates_on_offer():
    assert template_names() == ["appreciation", "attendance", "participation"]


def test_an_unknown_template_is_refused_by_render():
    with pytest.raises(TemplateError, match="diploma"):
        render(parse_payload(payload()), "diploma")


@pytest.mark.parametrize(
    ("start", "end", "lang", "expected"),
    [
        (date(2025, 9, 1), date(2025, 9, 3), "ar", "من 1 إلى 3 سبتمبر 2025"),
        (date(2025, 9, 1), date(2025, 9, 3), "en", "1–3 September 2025"),
        (date(2025, 9, 1), date(2025, 9, 3), "fr", "du 1er au 3 septembre 2025"),
        (date(2025, 8, 30), date(2025, 9, 2), "fr", "du 30 août au 2 septembre 2025"),
        (date(2025, 8, 30), date(2025, 9, 2), "en", "30 August – 2 September 2025"),
        (date(2025, 9, 28), date(2025, 10, 2), "ar", "من 28 سبتمبر إلى 2 أكتوبر 2025"),
        (date(2025, 12, 30), date(2026, 1, 2), "en", "30 December 2025 – 2 January 2026"),
        (date(2025, 12, 30), date(2026, 1, 2), "fr", "du 30 décembre 2025 au 2 janvier 2026"),
        (date(2025, 2, 27), date(2025, 2, 27), "fr", "le 27 février 2025"),
    ],
)
def test_dates_per_language(start, end, lang, expected):
    assert date_range(start, end, lang) == expected


def test_arabic_indic_digits_when_asked():
    assert date_range(date(2025, 9, 1), date(2025, 9, 3), "ar", "arabic-indic") == (
        "من ١ إلى ٣ سبتمبر ٢٠٢٥"
    )
    assert number(7.5, "ar", "arabic-indic") == "٧٫٥"
    assert number(7.5, "fr") == "7,5" and number(12.0, "en") == "12"
