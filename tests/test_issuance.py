"""Closing a training: who earns a certificate, the PDFs e-mailed, verification, corrections."""

from __future__ import annotations

import io

import pypdfium2
import zxingcpp
from factories import create_training, held, register
from pypdf import PdfReader
from waiting import wait_for, wait_until_idle


def mark(client, auth, training, session_index, references):
    session_id = training["sessions"][session_index]["id"]
    records = [{"reference": ref, "status": "present"} for ref in references]
    response = client.put(
        f"/api/v1/trainings/{training['id']}/sessions/{session_id}/attendance",
        json={"records": records},
        headers=auth,
    )
    assert response.status_code == 200, response.json


def certificate_mails(mailbox):
    return [
        m
        for m in mailbox.messages
        if any((a.get_filename() or "").startswith("certificate-") for a in m.iter_attachments())
    ]


def issuance(client, auth, training_id):
    return client.get(f"/api/v1/trainings/{training_id}/issuance", headers=auth).json


def qr_text(pdf: bytes) -> str:
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=4).to_pil()
    [barcode] = zxingcpp.read_barcodes(image)
    return barcode.text


def three_session_training(client, auth):
    training = create_training(
        client, auth, capacity=4, attendance_threshold=2 / 3, languages=["ar", "en"], **held()
    )
    assert len(training["sessions"]) == 3
    tid = training["id"]
    people = {}
    for name, attended in (("Three", 3), ("Two", 2), ("One", 1), ("Zero", 0)):
        body = register(
            client,
            tid,
            given_name=name,
            email=f"{name.lower()}@example.sn",
            preferred_language="en",
            name_ar=None,
        )
        people[name] = (body, attended)
    expert = register(
        client,
        tid,
        headers=auth,
        role="expert",
        given_name="Nurul",
        family_name="Aisyah",
        name_ar="نور العائشة",
        email="nurul@example.my",
        country="MY",
        preferred_language="en",
    )
    waiting = register(client, tid, given_name="Late", email="late@example.sn")
    assert waiting["status"] == "waitlisted"
    for index in range(3):
        mark(
            client,
            auth,
            training,
            index,
            [body["reference"] for body, attended in people.values() if attended > index],
        )
    return training, people, expert


def test_close_issues_exactly_the_earned_certificates(app, client, auth, worker, mailbox):
    training, _people, _expert = three_session_training(client, auth)
    tid = training["id"]
    registration_mails = len(wait_for(lambda: len(mailbox.messages) >= 6 and mailbox.messages))
    response = client.post(f"/api/v1/trainings/{tid}/close", headers=auth)
    assert response.status_code == 202
    status = wait_for(lambda: (s := issuance(client, auth, tid))["done"] and s, 60, "issuance")
    assert status == {
        "eligible": 3,
        "rendered": 3,
        "emailed": 3,
        "failed": 0,
        "done": True,
        "failures": [],
    }
    mails = certificate_mails(mailbox)
    assert sorted(m["To"] for m in mails) == [
        "nurul@example.my",
        "three@example.sn",
        "two@example.sn",
    ]
    for message in mails:
        [attachment] = list(message.iter_attachments())
        serial = attachment.get_filename().removeprefix("certificate-").removesuffix(".pdf")
        assert serial.startswith("TDR-") and len(serial.split("-")[2]) == 10
        pdf = attachment.get_content()
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        assert serial in text
        assert "Strengthening Public-Private Partnerships" in text
        holder = {
            "three@example.sn": "Three Diop",
            "two@example.sn": "Two Diop",
            "nurul@example.my": "Nurul Aisyah",
        }[message["To"]]
        assert holder in text
        assert qr_text(pdf) == f"http://tadrib.test/verify/{serial}"
        public = client.get(f"/api/v1/certificates/{serial}").json
        assert public["status"] == "valid" and public["holder"]["en"] == holder
        assert "email" not in str(public) and "Ministry" not in str(public)
        page = client.get(f"/verify/{serial}")
        assert page.status_code == 200 and holder in page.text
    assert client.get("/api/v1/certificates/TDR-2026-UNKNOWN234").status_code == 404
    assert client.get("/verify/TDR-2026-UNKNOWN234").status_code == 404

    # closing again sends nothing and issues nothing
    assert client.post(f"/api/v1/trainings/{tid}/close", headers=auth).status_code == 202
    wait_for(lambda: issuance(client, auth, tid)["done"], 30, "the second close")
    wait_until_idle(app)
    assert len(certificate_mails(mailbox)) == 3
    assert len(mailbox.messages) == registration_mails + 3
    assert issuance(client, auth, tid)["eligible"] == 3


def test_revoke_and_correct_a_name(app, client, auth, worker, mailbox):
    training, people, _expert = three_session_training(client, auth)
    tid = training["id"]
    client.post(f"/api/v1/trainings/{tid}/close", headers=auth)
    wait_for(lambda: issuance(client, auth, tid)["done"], 60, "issuance")
    serials = {
        m["To"]: next(m.iter_attachments()).get_filename()[12:-4]
        for m in certificate_mails(mailbox)
    }

    revoked = client.post(
        f"/api/v1/certificates/{serials['two@example.sn']}/revoke",
        json={"category": "issued_in_error", "reason": "counted twice on the sheet"},
        headers=auth,
    )
    assert revoked.status_code == 200 and revoked.json["status"] == "revoked"
    page = client.get(f"/verify/{serials['two@example.sn']}")
    assert "Revoked" in page.text and "Issued in error" in page.text
    assert "counted twice" not in page.text  # the organiser's words stay private
    public = client.get(f"/api/v1/certificates/{serials['two@example.sn']}").json
    assert public["revocation"]["reason"] == "issued_in_error"
    assert public["revocation"]["replaced_by"] is None
    assert "counted twice" not in str(public)

    old = serials["three@example.sn"]
    corrected = client.post(
        f"/api/v1/certificates/{old}/correct",
        json={"given_name": "Thrée", "family_name": "Diop-Sall", "reason": "typo"},
        headers=auth,
    )
    assert corrected.status_code == 201 and corrected.json["revoked"] == old
    new = corrected.json["serial"]
    assert new != old
    replaced = client.get(f"/api/v1/certificates/{old}").json
    assert replaced["status"] == "revoked"
    assert replaced["revocation"] == {
        "on": replaced["revoked_on"],
        "reason": "name_corrected",
        "replaced_by": new,
    }
    assert f'href="/verify/{new}"' in client.get(f"/verify/{old}").text
    # not public until its PDF exists (this issue changes that on purpose), then valid
    public = wait_for(
        lambda: (r := client.get(f"/api/v1/certificates/{new}")).status_code == 200 and r.json,
        30,
        "the corrected certificate to be rendered",
    )
    assert (public["status"], public["holder"]["en"]) == ("valid", "Thrée Diop-Sall")
    mail = wait_for(
        lambda: [
            m
            for m in certificate_mails(mailbox)
            if new in str(m["Subject"])
            or any(new in (a.get_filename() or "") for a in m.iter_attachments())
        ],
        30,
        "the corrected certificate",
    )[0]
    pdf = next(mail.iter_attachments()).get_content()
    assert "Thrée Diop-Sall" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)

    # the holder downloads the new PDF with the participant token; others cannot
    token = people["Three"][0]["manage_url"].split("token=")[1]
    download = client.get(f"/api/v1/certificates/{new}/pdf?token={token}")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    other = people["Two"][0]["manage_url"].split("token=")[1]
    assert client.get(f"/api/v1/certificates/{new}/pdf?token={other}").status_code == 403
    assert client.get(f"/api/v1/certificates/{new}/pdf").status_code == 401


def test_organisers_grant_and_withhold(app, client, auth, worker, mailbox):
    training, people, expert = three_session_training(client, auth)
    tid = training["id"]
    grant = client.put(
        f"/api/v1/registrations/{people['One'][0]['reference']}/eligibility",
        json={"decision": "grant", "reason": "attended the field visit"},
        headers=auth,
    )
    assert grant.status_code == 200
    client.put(
        f"/api/v1/registrations/{expert['reference']}/eligibility",
        json={"decision": "withhold", "reason": "did not present"},
        headers=auth,
    )
    bad = client.put(
        f"/api/v1/registrations/{expert['reference']}/eligibility",
        json={"decision": "maybe"},
        headers=auth,
    )
    assert bad.status_code == 422 and {"decision", "reason"} <= set(bad.json["error"]["fields"])
    client.post(f"/api/v1/trainings/{tid}/close", headers=auth)
    wait_for(lambda: issuance(client, auth, tid)["done"], 60, "issuance")
    assert sorted(m["To"] for m in certificate_mails(mailbox)) == [
        "one@example.sn",
        "three@example.sn",
        "two@example.sn",
    ]


def test_changing_the_rule_recomputes_the_summaries(app, client, auth, worker, mailbox):
    training, people, _expert = three_session_training(client, auth)
    tid = training["id"]

    def eligible():
        rows = client.get(f"/api/v1/trainings/{tid}/attendance", headers=auth).json["attendance"]
        return sorted(r["reference"] for r in rows if r["eligible"] and r["role"] == "participant")

    two_of_three = sorted(people[n][0]["reference"] for n in ("Three", "Two"))
    wait_for(lambda: eligible() == two_of_three, 30, "the summaries")
    client.patch(f"/api/v1/trainings/{tid}", json={"attendance_threshold": 0.3}, headers=auth)
    one_of_three = sorted(people[n][0]["reference"] for n in ("Three", "Two", "One"))
    wait_for(lambda: eligible() == one_of_three, 30, "the summaries after the change")


def test_cli_close_waits_with_a_progress_bar(app, client, auth, worker, mailbox):
    training, _people, _expert = three_session_training(client, auth)
    result = app.test_cli_runner().invoke(
        args=["training", "close", str(training["id"]), "--wait", "--timeout", "60"]
    )
    assert result.exit_code == 0, result.output
    assert "Certificates sent" in result.output
    assert result.output.strip().splitlines()[-1] == (
        "3 eligible, 3 rendered, 3 e-mailed, 0 failed"
    )
    assert len(certificate_mails(mailbox)) == 3
    unknown = app.test_cli_runner().invoke(args=["training", "close", "999"])
    assert unknown.exit_code != 0 and "not found" in unknown.output
