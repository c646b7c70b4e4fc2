"""Organiser pages through the test client: sign-in, dashboard, sheet, check-in, closing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from factories import create_training, held
from flask import Flask
from organiser_helpers import EMAIL, post_form, set_password, sign_in
from web_helpers import csrf_token, html_root, register_via_api

from service.core.db import db
from service.organisers.auth import configure_session_cookie
from service.organisers.models import Organiser
from service.registrations.links import make_code

OMAR = {
    "email": "omar@example.ma",
    "given_name": "Omar",
    "family_name": "Idrissi",
    "name_ar": "عمر الإدريسي",
    "country": "MA",
}


@pytest.fixture
def desk(app: Any, client: Any, organiser_token: str) -> Any:
    """The test client, signed in as the desk organiser."""
    set_password(app)
    assert sign_in(client).status_code == 302
    return client


def organiser_paths(training: dict[str, Any]) -> list[str]:
    base = f"/organiser/trainings/{training['id']}"
    session_id = training["sessions"][0]["id"]
    return [
        "/organiser/",
        base,
        f"{base}/sessions/{session_id}",
        f"{base}/check-in",
        f"{base}/issuance",
    ]


def test_password_is_stored_as_an_argon2_hash(app, organiser_token):
    set_password(app, password="s3cret enough")
    with app.app_context():
        stored = db.session.query(Organiser).filter_by(email=EMAIL).one().password_hash
    assert stored.startswith("$argon2id$")
    assert "s3cret" not in stored


def test_wrong_password_or_unknown_email_is_refused_with_a_message(app, client, organiser_token):
    set_password(app)
    for email, password in ((EMAIL, "wrong password"), ("nobody@example.org", "whatever")):
        response = sign_in(client, email, password)
        assert response.status_code == 401
        assert "The e-mail address or the password is not right." in response.text
    assert client.get("/organiser/").status_code == 302


def test_sign_in_cookie_is_httponly_and_samesite(app, client, organiser_token):
    set_password(app)
    response = sign_in(client)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # PUBLIC_BASE_URL is http in the tests
    public = Flask(__name__)
    public.config["PUBLIC_BASE_URL"] = "https://tadrib.example.org"
    configure_session_cookie(public)
    assert public.config["SESSION_COOKIE_SECURE"] is True


def test_every_organiser_page_needs_sign_in(client, auth):
    training = create_training(client, auth)
    for path in organiser_paths(training):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.location.startswith("/organiser/sign-in?next=")
    response = client.get("/organiser/certificates/TDR-2026-ANY")
    assert response.status_code == 302


def test_sign_in_returns_to_the_page_asked_for(app, client, auth):
    training = create_training(client, auth)
    set_password(app)
    target = f"/organiser/trainings/{training['id']}"
    page = client.get(f"/organiser/sign-in?next={target}").text
    response = client.post(
        "/organiser/sign-in",
        data={
            "email": EMAIL,
            "password": "correct horse battery staple",
            "next": target,
            "csrf_token": csrf_token(page),
        },
    )
    assert response.location == target
    assert client.get(target).status_code == 200


def test_forms_without_a_csrf_token_are_refused(app, client, desk, auth):
    training = create_training(client, auth)
    registered = register_via_api(client, training["id"])
    session_id = training["sessions"][0]["id"]
    sheet = f"/organiser/trainings/{training['id']}/sessions/{session_id}"
    response = desk.post(sheet, data={f"mark-{registered['reference']}": "present"})
    assert response.status_code == 400
    assert "This form has expired" in response.text
    assert _sheet_status(client, auth, training, registered["reference"]) is None
    response = client.post(f"/organiser/trainings/{training['id']}/close")
    assert response.status_code == 400
    assert client.get(f"/api/v1/trainings/{training['id']}").json["status"] == "open"


@pytest.mark.parametrize("language,direction", [("ar", "rtl"), ("fr", "ltr"), ("en", "ltr")])
def test_pages_follow_the_language(client, desk, auth, language, direction):
    training = create_training(client, auth)
    for path in organiser_paths(training):
        response = desk.get(f"{path}?lang={language}")
        assert response.status_code == 200, path
        assert html_root(response.text) == (language, direction)
        assert response.headers["Cache-Control"] == "no-store"


def test_dashboard_counts_and_country_chart(client, desk, auth):
    training = create_training(client, auth, capacity=2)
    for email, country in (("a@example.sn", "SN"), ("b@example.ma", "MA"), ("c@example.sn", "SN")):
        register_via_api(client, training["id"], email=email, country=country)
    listed = desk.get("/organiser/?lang=en").text
    assert f'href="/organiser/trainings/{training["id"]}"' in listed
    assert training["title"]["en"] in listed
    html = desk.get(f"/organiser/trainings/{training['id']}?lang=en").text
    assert _row(html, "Confirmed") == "2"
    assert _row(html, "On the waiting list") == "1"
    assert _row(html, "Senegal") == "2"
    assert _row(html, "Morocco") == "1"
    svg = re.search(r'<svg class="chart"[^>]*>.*?</svg>', html, re.DOTALL).group(0)
    assert 'role="img"' in svg
    assert 'aria-labelledby="country-chart-title country-chart-desc"' in svg
    assert '<title id="country-chart-title">Registrations by country</title>' in svg
    assert svg.count("<rect") == 2
    assert svg.index("Senegal") < svg.index("Morocco")  # largest first
    arabic = desk.get(f"/organiser/trainings/{training['id']}?lang=ar").text
    assert '<title id="country-chart-title">التسجيلات حسب البلد</title>' in arabic
    assert 'text-anchor="end" class="chart__label">السنغال' in arabic  # mirrored


def test_sheet_marks_attendance_and_searches_by_name(client, desk, auth):
    training = create_training(client, auth, **held())
    aminata = register_via_api(client, training["id"])
    omar = register_via_api(client, training["id"], **OMAR)
    sheet = f"/organiser/trainings/{training['id']}/sessions/{training['sessions'][0]['id']}"
    found = desk.get(f"{sheet}?q=idris&lang=en").text
    assert omar["reference"] in found and aminata["reference"] not in found
    assert aminata["reference"] in desk.get(f"{sheet}?q=أميناتا").text
    response = post_form(
        desk,
        sheet,
        {
            f"mark-{omar['reference']}": "present",
            f"mark-{aminata['reference']}": "excused",
            "q": "x",
        },
    )
    assert response.status_code == 302 and response.location.endswith("q=x")
    assert _sheet_status(client, auth, training, omar["reference"]) == "present"
    assert _sheet_status(client, auth, training, aminata["reference"]) == "excused"
    post_form(desk, sheet, {f"mark-{omar['reference']}": "absent"})
    assert _sheet_status(client, auth, training, omar["reference"]) == "absent"
    assert _sheet_status(client, auth, training, aminata["reference"]) == "excused"
    dashboard = desk.get(f"/organiser/trainings/{training['id']}?lang=en").text
    counts = re.findall(r"<dt>(\w+)</dt><dd>(\d+)</dd>", dashboard)
    assert counts[:3] == [("Present", "0"), ("Absent", "1"), ("Excused", "1")]


def test_checkin_page_shows_every_result(app, client, desk, auth):
    training = create_training(client, auth, capacity=1, **held())
    other = create_training(client, auth)
    confirmed = register_via_api(client, training["id"])
    waiting = register_via_api(client, training["id"], email="late@example.sn")
    elsewhere = register_via_api(client, other["id"], email="else@example.sn")
    session_id = str(training["sessions"][0]["id"])
    path = f"/organiser/trainings/{training['id']}/check-in"

    def code(registered: dict[str, Any]) -> str:
        return make_code(app.config["SECRET_KEY"], registered["reference"])

    cases = [
        (code(confirmed), "", "No session now", "bad"),
        (code(confirmed), session_id, "Welcome: checked in", "good"),
        (code(confirmed), session_id, "Already checked in", "good"),
        ("not-a-code", session_id, "Unknown code", "bad"),
        (code(elsewhere), session_id, "Registered for another training", "bad"),
        (code(waiting), session_id, "Registration not confirmed", "bad"),
    ]
    for typed, session, verdict, colour in cases:
        html = post_form(desk, f"{path}?lang=en", {"code": typed, "session": session}).text
        result = re.search(
            r'<div class="checkin-result checkin-result--(\w+)".*?</div>', html, re.S
        )
        assert result, verdict
        assert result.group(1) == colour and verdict in result.group(0), result.group(0)
        if typed != "not-a-code":
            assert "Aminata Diop" in result.group(0)
    assert _sheet_status(client, auth, training, confirmed["reference"]) == "present"
    french = post_form(desk, f"{path}?lang=fr", {"code": "nope", "session": session_id}).text
    assert "Code inconnu" in french


def test_close_page_starts_issuance(client, desk, auth):
    training = create_training(client, auth)
    issuance = f"/organiser/trainings/{training['id']}/issuance"
    before = desk.get(f"{issuance}?lang=en").text
    assert 'http-equiv="refresh"' not in before
    assert "The last session starts on" in before
    close = f"/organiser/trainings/{training['id']}/close?lang=en"
    # before the last session has started, closing needs a reason (changed on purpose)
    refused = post_form(desk, close, {}, page=issuance)
    assert refused.status_code == 409 and "The last session has not started yet." in refused.text
    no_reason = post_form(desk, close, {"force": "yes"}, page=issuance)
    assert no_reason.status_code == 422 and "Give the reason." in no_reason.text
    assert client.get(f"/api/v1/trainings/{training['id']}").json["status"] == "open"
    response = post_form(
        desk, close, {"force": "yes", "reason": "the venue is closed for works"}, page=issuance
    )
    assert response.status_code == 302 and response.location == issuance
    assert (
        client.get(f"/api/v1/trainings/{training['id']}", headers=auth).json["status"] == "closed"
    )
    after = desk.get(f"{issuance}?lang=en").text
    assert 'http-equiv="refresh"' in after  # the workers have not processed the close yet
    assert "Issue what is missing" in after


def _row(html: str, label: str) -> str:
    match = re.search(rf'<tr><th scope="row">{re.escape(label)}</th><td>(\d+)</td></tr>', html)
    assert match, f"no row {label}"
    return match.group(1)


def _sheet_status(
    client: Any, auth: dict[str, str], training: dict[str, Any], reference: str
) -> Any:
    session_id = training["sessions"][0]["id"]
    sheet = client.get(
        f"/api/v1/trainings/{training['id']}/sessions/{session_id}/attendance", headers=auth
    ).json
    return next(row["status"] for row in sheet["records"] if row["reference"] == reference)
