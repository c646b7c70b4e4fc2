"""What failed, on the organisers' pages: a certificate that could not be rendered (with its
retry and its correction), and an e-mail refused for good (with the corrected address)."""

from __future__ import annotations

import re
from html import escape

from factories import create_training, held, register
from organiser_helpers import post_form, set_password, sign_in
from smtp_servers import scripted_smtp_server
from waiting import wait_for, wait_until_idle


def test_a_failed_certificate_is_shown_with_its_reason_and_retried_from_the_pages(
    app, client, auth, organiser_token, worker, mailbox
):
    training = create_training(client, auth, languages=["ar", "en"], **held())
    hooked = register(
        client, training["id"], given_name="Ɓello", family_name="Umar", name_ar=None, email="b@x.ng"
    )
    for session in training["sessions"]:
        client.put(
            f"/api/v1/trainings/{training['id']}/sessions/{session['id']}/attendance",
            json={"records": [{"reference": hooked["reference"], "status": "present"}]},
            headers=auth,
        )
    set_password(app)
    sign_in(client)
    issuance = f"/organiser/trainings/{training['id']}/issuance"
    post_form(client, f"/organiser/trainings/{training['id']}/close", {}, page=issuance)
    progress = f"/api/v1/trainings/{training['id']}/issuance"
    wait_for(lambda: client.get(progress, headers=auth).json["done"], 60, "issuance")

    page = client.get(f"{issuance}?lang=en").text
    assert "Issuance is finished, but some certificates failed: see below." in page
    assert 'http-equiv="refresh"' not in page
    failures = re.search(r'<section[^>]*id="issuance-failures".*?</section>', page, re.S).group(0)
    assert "Ɓello Umar" in failures and "Rendering the PDF" in failures
    assert "U+0181" in failures and "Retry" in failures
    serial = re.search(r"/organiser/certificates/([A-Z0-9-]+)/retry", failures).group(1)

    certificate = client.get(f"/organiser/certificates/{serial}?lang=ar").text
    assert "تعذّر إعداد الشهادة" in certificate and "U+0181" in certificate
    retried = post_form(
        client, f"/organiser/certificates/{serial}/retry?lang=en", {}, page=issuance
    )
    assert retried.status_code == 302 and retried.location == issuance
    wait_until_idle(app)
    assert client.get(progress, headers=auth).json["failed"] == 1  # the cause is still there

    corrected = post_form(
        client,
        f"/organiser/certificates/{serial}/correct",
        {"given_name": "Bello", "family_name": "Umar", "name_ar": "", "reason": "passport"},
        page=f"/organiser/certificates/{serial}",
    )
    assert corrected.status_code == 302 and corrected.location.endswith(serial)  # same serial
    shown = client.get(f"{corrected.location}?lang=en").text
    assert "Corrected: the certificate is rendered again with the new name." in shown
    done = wait_for(
        lambda: (s := client.get(progress, headers=auth).json)["emailed"] == 1 and s, 60, "the fix"
    )
    assert done["failures"] == []
    assert "Issuance is complete." in client.get(f"{issuance}?lang=en").text


def test_an_email_refused_for_good_is_shown_with_the_reply_and_sent_again_to_a_corrected_address(
    app, client, auth, organiser_token, worker, monkeypatch
):
    reply = "550 5.1.1 <omar@exmaple.ma>: no such user"
    with scripted_smtp_server() as (inbox, smtp_url):
        monkeypatch.setitem(app.config, "SMTP_URL", smtp_url)
        inbox.refused["omar@exmaple.ma"] = reply
        training = create_training(client, auth)
        typo = register(client, training["id"], email="omar@exmaple.ma", country="MA")
        wait_until_idle(app)
        set_password(app)
        sign_in(client)
        dashboard = f"/organiser/trainings/{training['id']}"
        page = client.get(f"{dashboard}?lang=en").text
        section = re.search(r'<section[^>]*aria-labelledby="undelivered".*?</section>', page, re.S)
        assert section and escape(reply) in section.group(0)
        assert "Not delivered" in section.group(0)
        response = post_form(
            client,
            f"/organiser/registrations/{typo['reference']}/resend?lang=en",
            {f"email-{typo['reference']}": "omar@example.ma"},
            page=dashboard,
        )
        assert response.status_code == 302 and response.location == dashboard
        assert "1 e-mail is sent again." in client.get(f"{dashboard}?lang=en").text
        wait_for(lambda: inbox.raw, 30, "the e-mail to the corrected address")
        wait_until_idle(app)
        assert [m["To"] for m in inbox.messages] == ["omar@example.ma"]
        assert 'aria-labelledby="undelivered"' not in client.get(dashboard).text
