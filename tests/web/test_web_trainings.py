"""The list of open trainings and a training's page."""

from __future__ import annotations

from factories import create_training
from web_helpers import create_webinar, register_via_api


def test_open_trainings_show_dates_modality_venue_languages(client, auth, training):
    create_webinar(client, auth, title={"en": "Digital marketing of destinations"})
    create_training(client, auth, status="draft", title={"en": "Not yet announced"})
    english = client.get("/?lang=en").text
    assert training["title"]["en"] in english
    assert "Digital marketing of destinations" in english
    assert "Not yet announced" not in english
    assert "Dakar, Senegal" in english
    assert "<dd>Online</dd>" in english
    assert "<dd>On site</dd>" in english
    assert "Arabic, English, French" in english
    arabic = client.get("/?lang=ar").text
    assert "داكار، السنغال" in arabic
    assert "العربية، الإنجليزية، الفرنسية" in arabic
    assert "عبر الإنترنت" in arabic


def test_seats_left_then_waiting_list(client, auth):
    small = create_training(client, auth, capacity=2)
    page = f"/trainings/{small['id']}"
    assert "2 places left" in client.get(f"{page}?lang=en").text
    assert "بقي مكانان" in client.get(f"{page}?lang=ar").text
    register_via_api(client, small["id"], email="one@example.sn")
    assert "1 place left" in client.get(f"{page}?lang=en").text
    assert "1 place restante" in client.get(f"{page}?lang=fr").text
    register_via_api(client, small["id"], email="two@example.sn")
    for path in (page, "/"):
        html = client.get(f"{path}?lang=en").text
        assert "Full: waiting list" in html
        assert "places left" not in html
    assert "مكتمل: قائمة انتظار" in client.get(f"{page}?lang=ar").text


def test_no_capacity_means_places_available(client, auth):
    unlimited = create_training(client, auth)
    assert "Places available" in client.get(f"/trainings/{unlimited['id']}?lang=en").text


def test_training_page_lists_sessions_and_register_link(client, training):
    html = client.get(f"/trainings/{training['id']}?lang=en").text
    assert html.count("09:00–17:00") == 3
    assert "Greenwich Mean Time" in html  # CLDR's name of the zone, not its IANA ID
    assert f'href="/trainings/{training["id"]}/register"' in html


def test_draft_or_unknown_training_is_a_page_not_found(client, auth):
    draft = create_training(client, auth, status="draft")
    for path in (
        f"/trainings/{draft['id']}",
        "/trainings/999",
        f"/trainings/{draft['id']}/register",
    ):
        response = client.get(f"{path}?lang=en")
        assert response.status_code == 404
        assert response.mimetype == "text/html"
        assert "Page not found" in response.text
