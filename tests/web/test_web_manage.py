"""The participant's page behind the manage link: status, calendar, QR or join link, cancel."""

from __future__ import annotations

import re

import pytest
from factories import create_training
from icalendar import Calendar
from web_helpers import create_webinar, csrf_token, manage_path, register_via_api

from service.registrations.links import read_code


def test_wrong_or_missing_token_is_a_page_not_found_without_details(client, auth, training):
    mine = register_via_api(client, training["id"])
    other = register_via_api(client, training["id"], email="other@example.sn")
    attempts = [
        f"{mine['path']}?token=wrong",
        mine["path"],
        f"{mine['path']}?token={other['token']}",  # someone else's token
        f"{mine['path']}/calendar.ics?token=wrong",
        f"{mine['path']}/cancel?token={other['token']}",
        f"/r/NOPE-0000?token={mine['token']}",
    ]
    for path in attempts:
        response = client.get(f"{path}&lang=en" if "?" in path else f"{path}?lang=en")
        assert response.status_code == 404, path
        assert "Page not found" in response.text
        for detail in (mine["reference"], "Aminata", "aminata.diop@example.sn", "Diop"):
            assert detail not in response.text, (path, detail)


def test_onsite_confirmed_shows_status_reference_and_checkin_qr(client, app, training):
    mine = register_via_api(client, training["id"])
    html = client.get(manage_path(mine, lang="en")).text
    assert "Confirmed" in html and mine["reference"] in html
    assert "/j/" not in html
    svg = re.search(r'<div class="qr" role="img" aria-label="[^"]+">(<svg.*?</svg>)</div>', html)
    assert svg, "no inline SVG QR code"
    code = re.search(r'<span id="checkin-code" dir="ltr">([^<]+)</span>', html)
    assert read_code(app.config["SECRET_KEY"], code.group(1)) == mine["reference"]


def test_virtual_shows_personal_join_link_and_no_qr(client, auth):
    webinar = create_webinar(client, auth)
    mine = register_via_api(client, webinar["id"])
    html = client.get(manage_path(mine, lang="en")).text
    # the join link has its own token, not the manage link's (changed on purpose)
    assert mine["join_url"].startswith("http://tadrib.test/j/")
    assert mine["token"] not in mine["join_url"]
    assert f'href="{mine["join_url"]}"' in html
    assert '<div class="qr"' not in html
    # the join token opens neither the participant's page nor the API
    join_token = mine["join_url"].rsplit("/", 1)[1]
    assert client.get(f"{mine['path']}?token={join_token}").status_code == 404
    api = client.get(f"/api/v1/registrations/{mine['reference']}?token={join_token}")
    assert api.status_code == 401
    cancel = client.post(f"/api/v1/registrations/{mine['reference']}/cancel?token={join_token}")
    assert cancel.status_code == 401


def test_hybrid_shows_both(client, auth):
    hybrid = create_training(client, auth, modality="hybrid")
    html = client.get(manage_path(register_via_api(client, hybrid["id"]), lang="en")).text
    assert '<div class="qr"' in html and "/j/" in html


def test_waitlisted_sees_status_without_qr_calendar_or_join_link(client, auth):
    full = create_training(client, auth, capacity=1)
    register_via_api(client, full["id"], email="first@example.sn")
    waiting = register_via_api(client, full["id"])
    html = client.get(manage_path(waiting, lang="ar")).text
    assert "في قائمة الانتظار" in html
    assert '<div class="qr"' not in html and "calendar.ics" not in html
    assert client.get(manage_path(waiting, "/calendar.ics")).status_code == 404


def test_calendar_download(client, training):
    mine = register_via_api(client, training["id"])  # prefers French
    response = client.get(manage_path(mine, "/calendar.ics"))
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="{mine["reference"]}.ics"'
    events = Calendar.from_ical(response.data).walk("VEVENT")
    assert len(events) == 3
    assert str(events[0]["LOCATION"]) == "Dakar, Sénégal"
    assert mine["token"] in str(events[0]["URL"])
    manage_html = client.get(manage_path(mine, lang="en")).text
    calendar_link = f'href="{mine["path"]}/calendar.ics?token={mine["token"]}"'
    assert calendar_link in manage_html


def test_cancel_needs_confirmation_then_frees_the_seat(client, auth):
    small = create_training(client, auth, capacity=1)
    mine = register_via_api(client, small["id"])
    waiting = register_via_api(client, small["id"], email="next@example.sn")
    manage_html = client.get(manage_path(mine, lang="en")).text
    assert f'href="{mine["path"]}/cancel?token={mine["token"]}"' in manage_html

    confirm = client.get(manage_path(mine, "/cancel", lang="en"))
    assert "Cancel your registration?" in confirm.text
    assert _status(client, mine) == "confirmed"  # looking at the question changes nothing

    response = client.post(
        f"{mine['path']}/cancel?lang=en",
        data={"token": mine["token"], "csrf_token": csrf_token(confirm.text)},
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert "Your registration is cancelled." in page
    assert "Cancel my registration" not in page
    assert _status(client, mine) == "cancelled"
    assert _status(client, waiting) == "confirmed"  # promoted from the waiting list


def test_cancel_without_csrf_token_is_refused(client, training):
    mine = register_via_api(client, training["id"])
    response = client.post(f"{mine['path']}/cancel?lang=en", data={"token": mine["token"]})
    assert response.status_code == 400
    assert "This form has expired" in response.text
    assert _status(client, mine) == "confirmed"


def test_cancel_with_a_wrong_token_is_refused(client, training):
    mine = register_via_api(client, training["id"])
    confirm = client.get(manage_path(mine, "/cancel"))
    response = client.post(
        f"{mine['path']}/cancel",
        data={"token": "wrong", "csrf_token": csrf_token(confirm.text)},
    )
    assert response.status_code == 404
    assert _status(client, mine) == "confirmed"


@pytest.mark.parametrize("method", ["get", "post"])
def test_cancelled_registration_has_nothing_left_to_cancel(client, training, method):
    mine = register_via_api(client, training["id"])
    client.post(f"/api/v1/registrations/{mine['reference']}/cancel?token={mine['token']}")
    if method == "get":
        response = client.get(manage_path(mine, "/cancel"))
    else:
        token = csrf_token(client.get(f"/trainings/{training['id']}/register").text)
        response = client.post(
            f"{mine['path']}/cancel", data={"token": mine["token"], "csrf_token": token}
        )
    assert response.status_code == 302
    assert response.headers["Location"] == manage_path(mine)
    assert _status(client, mine) == "cancelled"


def _status(client, registered) -> str:
    path = f"/api/v1/registrations/{registered['reference']}?token={registered['token']}"
    return client.get(path).json["status"]
