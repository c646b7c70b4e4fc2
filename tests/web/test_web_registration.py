"""The registration form: the API's rules and codes as translated messages beside the fields."""

from __future__ import annotations

from typing import Any

import pytest
from factories import closed_training, create_training, person
from web_helpers import csrf_token, field_error, field_value, register_via_api


def form_page(client: Any, training_id: int, language: str = "en") -> str:
    response = client.get(f"/trainings/{training_id}/register?lang={language}")
    assert response.status_code == 200
    return response.text


def post_form(client: Any, training_id: int, language: str = "en", **fields: Any) -> Any:
    token = csrf_token(form_page(client, training_id, language))
    data = {**person(), "consent": "yes", **fields, "csrf_token": token}
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(f"/trainings/{training_id}/register?lang={language}", data=data)


def registrations(client: Any, auth: dict[str, str], training_id: int) -> list[dict]:
    return client.get(f"/api/v1/trainings/{training_id}/registrations", headers=auth).json[
        "registrations"
    ]


def test_success_shows_status_and_reference(client, auth, training):
    response = post_form(client, training["id"], "fr", preferred_language="ar")
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    [saved] = registrations(client, auth, training["id"])
    assert saved["preferred_language"] == "ar" and saved["name_ar"] == "أميناتا ديوب"
    assert saved["consent_at"] is not None
    assert saved["reference"] in page.text
    assert "Confirmée" in page.text
    assert "Votre inscription est enregistrée" in page.text


def test_full_training_puts_the_participant_on_the_waiting_list(client, auth):
    full = create_training(client, auth, capacity=1)
    register_via_api(client, full["id"], email="first@example.sn")
    page = client.get(post_form(client, full["id"]).headers["Location"]).text
    assert "On the waiting list" in page
    assert "Check-in code" not in page


@pytest.mark.parametrize(
    ("language", "email_message", "latin_message"),
    [
        ("ar", "أدخل عنوان بريد إلكتروني صحيحًا", "اكتب هذا بالحروف اللاتينية"),
        ("fr", "Saisissez une adresse e-mail valide", "Écrivez-le en lettres latines"),
        ("en", "Enter a valid e-mail address", "Write this in Latin letters"),
    ],
)
def test_field_errors_are_translated_and_input_kept(
    client, auth, training, language, email_message, latin_message
):
    response = post_form(
        client,
        training["id"],
        language,
        given_name="أميناتا",
        email="aminata(at)example.sn",
        institution="Ministère du Tourisme",
    )
    assert response.status_code == 422
    html = response.text
    assert email_message in field_error(html, "email")
    assert latin_message in field_error(html, "given_name")
    assert field_error(html, "family_name") is None
    assert field_value(html, "email") == "aminata(at)example.sn"
    assert field_value(html, "given_name") == "أميناتا"
    assert field_value(html, "institution") == "Ministère du Tourisme"
    assert field_value(html, "country") == "SN"
    assert field_value(html, "preferred_language") == "fr"
    assert 'href="#f-email"' in html  # the summary links to the field
    assert registrations(client, auth, training["id"]) == []


def test_empty_form_names_every_missing_field(client, training):
    html = post_form(
        client,
        training["id"],
        "en",
        given_name="",
        family_name="",
        name_ar="",
        email="",
        country="",
        consent=None,
    ).text
    for name in ("given_name", "family_name", "email"):
        assert field_error(html, name) == "Error: Fill this in."
    assert field_error(html, "country") == "Error: Choose your country."
    assert "we cannot register you without it" in field_error(html, "consent")
    assert field_error(html, "name_ar") is None


def test_too_long_and_wrong_script_follow_the_api_rules(client, training):
    html = post_form(client, training["id"], "ar", family_name="D" * 121, name_ar="Diop").text
    assert "لا تتجاوز 120 حرفًا" in field_error(html, "family_name")
    assert "بالحروف العربية" in field_error(html, "name_ar")


def test_already_registered_is_shown_beside_the_email(client, training):
    register_via_api(client, training["id"])
    response = post_form(client, training["id"], "fr")
    assert response.status_code == 409
    assert "déjà inscrite" in field_error(response.text, "email")


def test_country_not_eligible_is_shown_beside_the_country(client, auth):
    senegal_only = create_training(client, auth, eligible_countries=["SN"])
    response = post_form(client, senegal_only["id"], "en", country="FR")
    assert response.status_code == 422
    assert "not open to participants from this country" in field_error(response.text, "country")


def test_closed_registration(client, auth):
    closed = closed_training(client, auth)
    page = form_page(client, closed["id"])
    assert "Registration is closed." in page and "<form" not in page


def test_country_list_is_the_eligible_one_in_the_page_language(client, training):
    def options(language: str) -> list[tuple[str, str]]:
        import re

        block = form_page(client, training["id"], language).split('id="f-country"')[1]
        block = block.split("</select>")[0]
        return re.findall(r'<option value="([A-Z]{2})"[^>]*>([^<]+)</option>', block)

    english, french, arabic = options("en"), options("fr"), options("ar")
    assert len(english) == len(french) == len(arabic) == 57
    assert ("SN", "Senegal") in english and ("SN", "Sénégal") in french
    assert ("SN", "السنغال") in arabic
    assert "FR" not in dict(english)
    names = [name for _, name in french]
    assert names.index("Djibouti") < names.index("Émirats arabes unis") < names.index("Gabon")
    arabic_names = [name for _, name in arabic]
    assert arabic_names.index("الأردن") < arabic_names.index("باكستان")


def test_country_list_for_a_custom_list(client, auth):
    custom = create_training(client, auth, eligible_countries=["SN", "FR"])
    html = form_page(client, custom["id"], "fr")
    assert '<option value="FR">France</option>' in html
    assert '<option value="MA">' not in html


def test_post_without_csrf_token_is_refused_and_input_kept(client, auth, training):
    response = client.post(
        f"/trainings/{training['id']}/register?lang=en",
        data={**person(), "consent": "yes"},
    )
    assert response.status_code == 400
    assert "This form has expired" in response.text
    assert field_value(response.text, "email") == person()["email"]
    assert registrations(client, auth, training["id"]) == []


def test_the_json_api_stays_exempt_from_csrf(client, training):
    response = client.post(f"/api/v1/trainings/{training['id']}/registrations", json=person())
    assert response.status_code == 201


def test_form_cannot_set_role_or_force(client, auth):
    full = create_training(client, auth, capacity=1)
    register_via_api(client, full["id"], email="first@example.sn")
    post_form(client, full["id"], role="speaker", force="true")
    mine = [r for r in registrations(client, auth, full["id"]) if r["email"] != "first@example.sn"]
    assert [(r["role"], r["status"]) for r in mine] == [("participant", "waitlisted")]
