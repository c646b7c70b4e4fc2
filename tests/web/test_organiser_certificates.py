"""After closing, with real workers: the participant downloads the certificate and asks for a
name correction; organisers see it, correct the name and revoke certificates from the pages."""

from __future__ import annotations

from typing import Any

import pytest
from factories import create_training, held
from organiser_helpers import post_form, set_password, sign_in
from waiting import wait_for
from web_helpers import csrf_token, manage_path, register_via_api


@pytest.fixture
def issued(app, client, auth, organiser_token, worker, mailbox) -> dict[str, Any]:
    """A training whose one participant attended every session, closed, its certificate sent."""
    training = create_training(client, auth, languages=["ar", "en"], **held())
    registered = register_via_api(client, training["id"])
    for session in training["sessions"]:
        client.put(
            f"/api/v1/trainings/{training['id']}/sessions/{session['id']}/attendance",
            json={"records": [{"reference": registered["reference"], "status": "present"}]},
            headers=auth,
        )
    assert client.post(f"/api/v1/trainings/{training['id']}/close", headers=auth).status_code == 202
    progress = f"/api/v1/trainings/{training['id']}/issuance"
    wait_for(lambda: client.get(progress, headers=auth).json["done"], 60, "the certificates")
    set_password(app)
    sign_in(client)
    issuance = client.get(f"/organiser/trainings/{training['id']}/issuance?lang=en").text
    serial = issuance.split("/organiser/certificates/", 1)[1].split('"', 1)[0]
    return {"training": training, "registered": registered, "serial": serial}


def test_participant_downloads_and_asks_for_a_correction_that_organisers_apply(
    client, auth, issued
):
    registered, serial = issued["registered"], issued["serial"]
    manage = client.get(manage_path(registered, lang="en")).text
    assert "Download your certificate (PDF)" in manage
    pdf = client.get(manage_path(registered, "/certificate.pdf"))
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert client.get(f"{registered['path']}/certificate.pdf?token=wrong").status_code == 404

    def ask(family_name: str, name_ar: str) -> Any:
        names = {"given_name": "Aminata", "family_name": family_name, "name_ar": name_ar}
        form = {**names, "token": registered["token"], "csrf_token": csrf_token(manage)}
        return client.post(f"{registered['path']}/correction?lang=en", data=form)

    response = ask("", "أميناتا ديوب")
    assert response.status_code == 422 and "Check this field." in response.text
    response = ask("Diop Sall", "أميناتا ديوب سال")
    assert response.status_code == 302
    assert "Your request is sent." in client.get(response.location).text

    dashboard = client.get(f"/organiser/trainings/{issued['training']['id']}?lang=en").text
    assert "Name corrections asked for" in dashboard and "Diop Sall" in dashboard
    page = client.get(f"/organiser/certificates/{serial}?lang=en").text
    assert 'value="Diop Sall"' in page and "The participant asked for this correction." in page
    response = post_form(
        client,
        f"/organiser/certificates/{serial}/correct",
        {
            "given_name": "Aminata",
            "family_name": "Diop Sall",
            "name_ar": "أميناتا ديوب سال",
            "reason": "Requested by the participant",
        },
        page=f"/organiser/certificates/{serial}",
    )
    assert response.status_code == 302
    new_serial = response.location.rsplit("/", 1)[-1]
    assert new_serial != serial
    assert client.get(f"/api/v1/certificates/{serial}").json["status"] == "revoked"
    # public once its PDF exists (this issue changes that on purpose: never before)
    public = wait_for(
        lambda: (
            (r := client.get(f"/api/v1/certificates/{new_serial}")).status_code == 200 and r.json
        ),
        30,
        "the new certificate",
    )
    assert public["holder"]["en"] == "Aminata Diop Sall"
    dashboard = client.get(f"/organiser/trainings/{issued['training']['id']}?lang=en").text
    assert "Name corrections asked for" not in dashboard


def test_revoke_form_needs_a_reason_then_revokes(client, issued):
    serial = issued["serial"]
    page = f"/organiser/certificates/{serial}"
    response = post_form(client, f"{page}/revoke?lang=en", {"revoke-reason": " "}, page=page)
    assert response.status_code == 422 and "Give the reason." in response.text
    assert "Choose the reason." in response.text  # the public category is chosen too
    assert client.get(f"/api/v1/certificates/{serial}").json["status"] == "valid"
    response = post_form(
        client,
        f"{page}/revoke",
        {"revoke-category": "issued_in_error", "revoke-reason": "Issued by mistake"},
        page=page,
    )
    assert response.status_code == 302
    assert client.get(f"/api/v1/certificates/{serial}").json["status"] == "revoked"
    after = client.get(f"{page}?lang=en").text
    assert "Revoked" in after and "Issued in error" in after and "Issued by mistake" in after
    assert "Revoke the certificate" not in after
    public = client.get(f"/verify/{serial}").text
    assert "Issued in error" in public and "Issued by mistake" not in public
