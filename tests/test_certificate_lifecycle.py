"""A certificate means what it says, end to end with real workers, broker and SMTP server: names
at the registration limits render on every design, a failure is visible (and not valid
publicly) until it is fixed and retried, decisions after close issue or revoke, and everyone on
a training gets the same pair of languages."""

from __future__ import annotations

import io

import pdfplumber
from factories import create_training, held, register
from waiting import wait_for, wait_until_idle

from certificates import ARABIC_NAME_MAX_LENGTH, FAMILY_NAME_MAX_LENGTH, GIVEN_NAME_MAX_LENGTH


def at_most(words: str, length: int) -> str:
    """``words`` repeated to exactly ``length`` characters, ending with a letter."""
    text = (words * (length // len(words) + 1))[: length - 1].rstrip()
    return (
        text + "a" * (length - len(text)) if words.isascii() else text + "د" * (length - len(text))
    )


def close_and_wait(client, auth, training_id, **body):
    response = client.post(
        f"/api/v1/trainings/{training_id}/close", json=body or None, headers=auth
    )
    assert response.status_code == 202, response.json
    return wait_for(
        lambda: (s := issuance(client, auth, training_id))["done"] and s, 90, "issuance"
    )


def issuance(client, auth, training_id):
    return client.get(f"/api/v1/trainings/{training_id}/issuance", headers=auth).json


def attend_all(client, auth, training, references):
    for session in training["sessions"]:
        response = client.put(
            f"/api/v1/trainings/{training['id']}/sessions/{session['id']}/attendance",
            json={"records": [{"reference": ref, "status": "present"} for ref in references]},
            headers=auth,
        )
        assert response.status_code == 200, response.json


def certificates_by_recipient(mailbox):
    found = {}
    for message in mailbox.messages:
        for attachment in message.iter_attachments():
            name = attachment.get_filename() or ""
            if name.startswith("certificate-"):
                found.setdefault(message["To"], []).append(
                    (
                        name.removeprefix("certificate-").removesuffix(".pdf"),
                        attachment.get_content(),
                    )
                )
    return found


def pdf_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "".join(document.pages[0].extract_text().split())


def test_names_at_the_registration_limits_render_on_every_design(
    app, client, auth, worker, mailbox
):
    given = at_most("Oluwaseun Adebayo-Okonkwo ", GIVEN_NAME_MAX_LENGTH)
    family = at_most("Abdulrahman Ibrahimovic ", FAMILY_NAME_MAX_LENGTH)
    arabic = at_most("عبد الرحمن بن محمد ", ARABIC_NAME_MAX_LENGTH)
    assert (len(given), len(family), len(arabic)) == (120, 120, 240)
    longest = {"given_name": given, "family_name": family, "name_ar": arabic}
    trainings = [
        create_training(client, auth, languages=["ar", "en"], **held()),
        create_training(
            client,
            auth,
            languages=["ar", "fr"],
            certificate_template="attendance",
            title={"ar": "ورشة عمل", "en": "A workshop", "fr": "Un atelier"},
            **held(),
        ),
    ]
    expected = {}
    for number, training in enumerate(trainings):
        participant = register(client, training["id"], email=f"long{number}@example.sn", **longest)
        expert = register(
            client,
            training["id"],
            headers=auth,
            role="expert",
            email=f"expert{number}@example.sn",
            **longest,
        )
        attend_all(client, auth, training, [participant["reference"]])
        expected[participant["reference"]] = training["certificate_languages"]
        expected[expert["reference"]] = training["certificate_languages"]
    assert [t["certificate_languages"] for t in trainings] == [["ar", "en"], ["ar", "fr"]]
    for training in trainings:
        status = close_and_wait(client, auth, training["id"])
        assert (status["eligible"], status["emailed"], status["failures"]) == (2, 2, [])
    wait_until_idle(app)

    sent = certificates_by_recipient(mailbox)
    designs = []
    for [(serial, pdf)] in sent.values():
        public = client.get(f"/api/v1/certificates/{serial}").json
        assert public["status"] == "valid"
        assert public["holder"] == {"en": f"{given} {family}", "ar": arabic}
        designs.append(public["template"])
        assert "".join(f"{given}{family}".split()) in pdf_text(pdf)  # both names, wrapped
    assert sorted(designs) == ["appreciation", "appreciation", "attendance", "participation"]


def test_a_failed_certificate_is_listed_not_valid_and_issued_once_fixed(
    app, client, auth, worker, mailbox
):
    training = create_training(client, auth, languages=["ar", "en"], **held())
    fine = register(client, training["id"], email="aminata@example.sn", preferred_language="en")
    # A Hausa hooked letter, Latin script (registration takes it), that no font of the engine has
    hooked = register(
        client,
        training["id"],
        given_name="Ɗanjuma",
        family_name="Bello",
        name_ar=None,
        email="danjuma@example.ng",
        country="NG",
        preferred_language="en",
    )
    attend_all(client, auth, training, [fine["reference"], hooked["reference"]])
    status = close_and_wait(client, auth, training["id"])
    assert {k: status[k] for k in ("eligible", "rendered", "emailed", "failed")} == {
        "eligible": 2,
        "rendered": 1,
        "emailed": 1,
        "failed": 1,
    }
    [failure] = status["failures"]
    serial = failure["serial"]
    assert (failure["stage"], failure["reference"], failure["holder"]) == (
        "rendering",
        hooked["reference"],
        "Ɗanjuma Bello",
    )
    assert "U+018A" in failure["reason"] and "no glyph" in failure["reason"]
    assert failure["at"]

    # not valid publicly: no PDF ever existed; nor can its holder download one
    assert client.get(f"/api/v1/certificates/{serial}").status_code == 404
    assert client.get(f"/verify/{serial}").status_code == 404
    token = hooked["manage_url"].split("token=")[1]
    pdf = client.get(f"/api/v1/certificates/{serial}/pdf?token={token}")
    assert pdf.status_code == 409 and pdf.json["error"]["code"] == "not_ready"

    # the command line lists it and exits non-zero
    result = app.test_cli_runner().invoke(
        args=["training", "close", str(training["id"]), "--wait", "--timeout", "60"]
    )
    assert result.exit_code == 1
    assert f"failed (rendering) {serial} Ɗanjuma Bello <danjuma@example.ng>: " in result.output

    # a retry before the cause is fixed fails the same way, visibly
    retried = client.post(f"/api/v1/certificates/{serial}/retry", headers=auth)
    assert retried.status_code == 202 and retried.json["status"] == "pending"
    wait_for(lambda: issuance(client, auth, training["id"])["failed"] == 1, 60, "the retry")
    wait_until_idle(app)
    assert "danjuma@example.ng" not in certificates_by_recipient(mailbox)

    # the name as in the passport: the same serial is rendered and e-mailed, once
    corrected = client.post(
        f"/api/v1/certificates/{serial}/correct",
        json={"given_name": "Danjuma", "family_name": "Bello", "reason": "as in the passport"},
        headers=auth,
    )
    assert corrected.status_code == 201
    assert corrected.json == {"revoked": None, "serial": serial}
    status = wait_for(
        lambda: (s := issuance(client, auth, training["id"]))["emailed"] == 2 and s, 60, "the fix"
    )
    assert status["failures"] == [] and status["done"]
    wait_until_idle(app)
    assert [s for s, _ in certificates_by_recipient(mailbox)["danjuma@example.ng"]] == [serial]
    public = client.get(f"/api/v1/certificates/{serial}").json
    assert (public["status"], public["holder"]["en"]) == ("valid", "Danjuma Bello")
    nothing = client.post(f"/api/v1/certificates/{serial}/retry", headers=auth)
    assert nothing.status_code == 409 and nothing.json["error"]["code"] == "nothing_to_retry"


def test_granting_after_close_issues_and_withholding_revokes(app, client, auth, worker, mailbox):
    training = create_training(client, auth, languages=["ar", "en"], **held())
    absent = register(client, training["id"], email="absent@example.sn", preferred_language="en")
    present = register(client, training["id"], email="present@example.sn")
    attend_all(client, auth, training, [present["reference"]])
    assert close_and_wait(client, auth, training["id"])["eligible"] == 1

    granted = client.put(
        f"/api/v1/registrations/{absent['reference']}/eligibility",
        json={"decision": "grant", "reason": "followed the field visit"},
        headers=auth,
    )
    assert granted.status_code == 200
    wait_for(lambda: issuance(client, auth, training["id"])["emailed"] == 2, 60, "the grant")
    [(serial, _)] = certificates_by_recipient(mailbox)["present@example.sn"]
    withheld = client.put(
        f"/api/v1/registrations/{present['reference']}/eligibility",
        json={"decision": "withhold", "reason": "plagiarised the final project"},
        headers=auth,
    )
    assert withheld.status_code == 200
    public = wait_for(
        lambda: (
            (r := client.get(f"/api/v1/certificates/{serial}").json)["status"] == "revoked" and r
        ),
        60,
        "the revocation",
    )
    assert public["revocation"]["reason"] == "eligibility_withdrawn"
    assert "plagiarised" not in str(public)
    wait_until_idle(app)
    status = issuance(client, auth, training["id"])
    assert (status["eligible"], status["emailed"], status["done"]) == (1, 1, True)
    assert sorted(certificates_by_recipient(mailbox)) == ["absent@example.sn", "present@example.sn"]


def test_everyone_on_a_training_gets_its_pair_of_languages(app, client, auth, worker, mailbox):
    training = create_training(
        client,
        auth,
        languages=["ar", "fr"],
        title={
            "ar": "تعزيز السياحة",
            "en": "Strengthening tourism",
            "fr": "Renforcer le tourisme",
        },
        **held(),
    )
    assert training["certificate_languages"] == ["ar", "fr"]
    people = [
        register(client, training["id"], email=f"{lang}@example.sn", preferred_language=lang)
        for lang in ("ar", "fr", "en")
    ]
    attend_all(client, auth, training, [p["reference"] for p in people])
    close_and_wait(client, auth, training["id"])
    wait_until_idle(app)
    sent = certificates_by_recipient(mailbox)
    assert sorted(sent) == ["ar@example.sn", "en@example.sn", "fr@example.sn"]
    for [(_, pdf)] in sent.values():
        text = pdf_text(pdf)
        assert "Renforcerletourisme" in text and "Strengthening" not in text
    # e-mails still follow each person's language
    subjects = {
        m["To"]: str(m["Subject"])
        for m in mailbox.messages
        if any((a.get_filename() or "").startswith("certificate-") for a in m.iter_attachments())
    }
    assert subjects["en@example.sn"].startswith("Your certificate")
    assert subjects["fr@example.sn"].startswith("Votre certificat")
    assert subjects["ar@example.sn"].startswith("شهادتك")
    # a training working in English and French keeps Arabic beside English, unless told
    other = create_training(client, auth, languages=["ar", "en", "fr"])
    assert other["certificate_languages"] == ["ar", "en"]
    changed = client.patch(
        f"/api/v1/trainings/{other['id']}", json={"languages": ["fr"]}, headers=auth
    ).json
    assert changed["certificate_languages"] == ["ar", "fr"]  # it followed the languages
    chosen = client.patch(
        f"/api/v1/trainings/{other['id']}",
        json={"certificate_languages": ["fr", "ar"]},
        headers=auth,
    ).json
    assert chosen["certificate_languages"] == ["ar", "fr"]
    wrong = client.patch(
        f"/api/v1/trainings/{other['id']}",
        json={"certificate_languages": ["en", "fr"]},
        headers=auth,
    )
    assert wrong.status_code == 422 and "certificate_languages" in wrong.json["error"]["fields"]
