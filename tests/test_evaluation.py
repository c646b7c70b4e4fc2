"""The evaluation survey: invitations on closing to attendees only, in their language; answers
stored apart from identities; one answer per link (409 for a second); the reminder once;
questionnaires changed by organisers; results per training and rolled up."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from factories import create_training, held, register
from openpyxl import load_workbook
from reports_fixture import answer, survey_tokens
from sqlalchemy import select
from waiting import wait_for, wait_until_idle

FULL = {"satisfaction": 4, "relevance": 5, "experts": 3, "organisation": 4}


def _mark_all_days(client, auth, training, references):
    for session in training["sessions"]:
        response = client.put(
            f"/api/v1/trainings/{training['id']}/sessions/{session['id']}/attendance",
            json={"records": [{"reference": r, "status": "present"} for r in references]},
            headers=auth,
        )
        assert response.status_code == 200, response.json


def _closed(client, auth, app, mode="optional", **overrides):
    """A closed workshop: Aminata (fr) and Karim (ar) attended, Nadia did not, Sami (expert)
    spoke."""
    training = create_training(client, auth, evaluation=mode, **{**held(), **overrides})
    tid = training["id"]
    people = {
        "Aminata": register(client, tid, email="aminata@example.sn", preferred_language="fr"),
        "Karim": register(
            client,
            tid,
            given_name="Karim",
            family_name="Haddad",
            name_ar="كريم حداد",
            email="karim@example.ma",
            country="MA",
            preferred_language="ar",
        ),
        "Nadia": register(client, tid, given_name="Nadia", email="nadia@example.sn"),
        "Sami": register(
            client,
            tid,
            headers=auth,
            given_name="Sami",
            email="sami@example.jo",
            country="JO",
            role="expert",
        ),
    }
    _mark_all_days(
        client,
        auth,
        training,
        [people[n]["reference"] for n in ("Aminata", "Karim", "Sami")],
    )
    assert client.post(f"/api/v1/trainings/{tid}/close", headers=auth).status_code == 202
    wait_until_idle(app, 60)
    return training, people


def _survey_mails(mailbox):
    return [m for m in mailbox.messages if "/e/" in m.get_body(("plain",)).get_content()]


def test_attendees_are_invited_in_their_language_and_answer_once(
    client, auth, app, worker, mailbox
):
    training, _people = _closed(client, auth, app)
    mails = _survey_mails(mailbox)
    assert sorted(m["To"] for m in mails) == ["aminata@example.sn", "karim@example.ma"]
    french = next(m for m in mails if m["To"] == "aminata@example.sn")
    text = french.get_body(("plain",)).get_content()
    assert text.index("Merci d’avoir participé") < text.index("شكرًا لمشاركتك")
    assert "?lang=fr" in text and "?lang=ar" in text

    tokens = survey_tokens(app, training["id"])
    assert len(tokens) == 2
    survey = client.get(f"/api/v1/evaluations/{tokens[0]}")
    assert survey.status_code == 200
    assert [q["key"] for q in survey.json["questions"]] == [
        "satisfaction",
        "relevance",
        "experts",
        "organisation",
        "improve",
    ]
    assert (
        survey.json["questions"][0]["label"]["ar"] == "ما مدى رضاك عن هذا النشاط التدريبي بشكل عام؟"
    )

    missing = answer(client, tokens[0], satisfaction=4)
    assert missing.status_code == 422
    assert set(missing.json["error"]["fields"]) == {"relevance", "experts", "organisation"}
    assert (
        answer(
            client, tokens[0], satisfaction=6, relevance=5, experts=3, organisation=4
        ).status_code
        == 422
    )
    assert answer(client, tokens[0], **FULL, nonsense=1).status_code == 422

    first = answer(client, tokens[0], **FULL, improve='=HYPERLINK("x") plus de pratique')
    assert first.status_code == 201
    again = answer(client, tokens[0], **FULL)
    assert again.status_code == 409
    assert again.json["error"]["code"] == "already_answered"
    assert client.get(f"/api/v1/evaluations/{tokens[0]}").json["answered"] is True
    assert client.get("/api/v1/evaluations/not-a-token").status_code == 404
    assert answer(client, tokens[1], **{**FULL, "satisfaction": 2}).status_code == 201

    results = client.get(f"/api/v1/trainings/{training['id']}/evaluation/results", headers=auth)
    assert results.status_code == 200
    body = results.json
    assert (body["invited"], body["responses"], body["response_rate"]) == (2, 2, 1.0)
    satisfaction = body["questions"][0]
    assert satisfaction["mean"] == 3.0
    assert satisfaction["distribution"] == {"1": 0, "2": 1, "3": 0, "4": 1, "5": 0}
    assert body["questions"][-1]["texts"] == ['=HYPERLINK("x") plus de pratique']
    year = training["starts_on"][:4]
    rolled = client.get(
        f"/api/v1/evaluation/results?year={year}&programme=Tourism-CaB", headers=auth
    )
    assert rolled.status_code == 200
    assert (rolled.json["trainings"], rolled.json["responses"]) == (1, 2)


def test_answers_are_stored_and_exported_apart_from_identities(client, auth, app, worker):
    training, people = _closed(client, auth, app)
    for token in survey_tokens(app, training["id"]):
        assert answer(client, token, **FULL, improve="Plus de cas pratiques").status_code == 201

    from service.core.db import db
    from service.evaluation.models import Answer, Response

    with app.app_context():
        columns = {c.name for c in Response.__table__.columns} | {
            c.name for c in Answer.__table__.columns
        }
        assert columns == {"id", "training_id", "response_id", "question", "number", "text"}
        keys = db.session.scalars(select(Response.id)).all()
        assert all(len(key) == 32 for key in keys)  # random keys: no order of answering
        db.session.remove()

    identities = []
    for person in people.values():
        identities += [person["reference"]]
    identities += ["Aminata", "Diop", "Karim", "Haddad", "كريم", "example.sn", "example.ma"]
    base = f"/api/v1/trainings/{training['id']}/exports/evaluation"
    csv = client.get(f"{base}.csv?lang=en", headers=auth)
    assert csv.status_code == 200
    text = csv.data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith('"Overall, how satisfied are you')
    assert len(text.splitlines()) == 3
    xlsx = client.get(f"{base}.xlsx?lang=ar", headers=auth)
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert cells[0] == "ما مدى رضاك عن هذا النشاط التدريبي بشكل عام؟"
    for exported in (text, " ".join(cells)):
        for identity in identities:
            assert identity not in exported


def test_nobody_is_invited_when_the_survey_is_off(client, auth, app, worker, mailbox):
    _closed(client, auth, app, mode="off")
    assert _survey_mails(mailbox) == []


def test_the_reminder_goes_once_after_three_days(client, auth, app, worker, mailbox):
    from service.core.clock import utcnow
    from service.core.db import db
    from service.evaluation.operations import queue_survey_reminders

    training, _ = _closed(client, auth, app)
    [first, _second] = survey_tokens(app, training["id"])
    assert answer(client, first, **FULL).status_code == 201
    with app.app_context():
        assert queue_survey_reminders(utcnow() + timedelta(days=2)) == 0
        assert queue_survey_reminders(utcnow() + timedelta(days=3, minutes=1)) == 1
        assert queue_survey_reminders(utcnow() + timedelta(days=9)) == 0
        db.session.remove()
    wait_for(
        lambda: any(
            "Rappel" in str(m["Subject"]) or "تذكير" in str(m["Subject"]) for m in mailbox.messages
        ),
        30,
        "the reminder",
    )
    wait_until_idle(app)
    reminders = [m for m in mailbox.messages if "تذكير" in str(m["Subject"])]
    assert [m["To"] for m in reminders] == ["karim@example.ma"]


def test_closing_again_invites_nobody_twice(client, auth, app, worker, mailbox):
    training, _ = _closed(client, auth, app)
    assert client.post(f"/api/v1/trainings/{training['id']}/close", headers=auth).status_code == 202
    wait_until_idle(app)
    assert len(_survey_mails(mailbox)) == 2


def test_organisers_change_the_questions_until_answered(client, auth, app, worker):
    training, _ = _closed(client, auth, app)
    url = f"/api/v1/trainings/{training['id']}/evaluation"
    current = client.get(url, headers=auth).json
    assert (current["mode"], current["invited"], current["responses"]) == ("optional", 2, 0)
    custom = [
        current["questions"][0],
        {
            "key": "format",
            "kind": "single_choice",
            "label": {"ar": "الصيغة المفضلة", "en": "Preferred format", "fr": "Format préféré"},
            "required": True,
            "choices": [
                {
                    "key": "online",
                    "label": {"en": "Online", "fr": "En ligne", "ar": "عبر الإنترنت"},
                },
                {"key": "onsite", "label": {"en": "On site", "fr": "En présentiel", "ar": "حضوري"}},
            ],
        },
        {"key": "again", "kind": "yes_no", "label": {"en": "Would you come again?"}},
    ]
    bad = client.put(
        f"{url}/questions", json={"questions": [{**custom[1], "choices": []}]}, headers=auth
    )
    assert bad.status_code == 422
    saved = client.put(f"{url}/questions", json={"questions": custom}, headers=auth)
    assert saved.status_code == 200, saved.json
    assert [q["key"] for q in saved.json["questions"]] == ["satisfaction", "format", "again"]

    [token, _] = survey_tokens(app, training["id"])
    assert answer(client, token, satisfaction=5, format="elsewhere").status_code == 422
    assert answer(client, token, satisfaction=5, format="onsite", again=True).status_code == 201

    results = client.get(f"{url}/results", headers=auth).json["questions"]
    assert results[1]["distribution"] == {"online": 0, "onsite": 1}
    assert results[2]["distribution"] == {"1": 1, "0": 0} and results[2]["mean"] == 1.0

    changed = client.put(f"{url}/questions", json={"questions": custom[:2]}, headers=auth)
    assert changed.status_code == 409
    assert changed.json["error"]["code"] == "questionnaire_answered"
    reworded = [*custom[:2], {**custom[2], "label": {"en": "Would you attend again?"}}]
    assert (
        client.put(f"{url}/questions", json={"questions": reworded}, headers=auth).status_code
        == 200
    )


@pytest.mark.xfail(
    strict=True,
    reason="the certificate gate of `evaluation: required` is the follow-up on the lifecycle "
    "branch (certification must ask evaluation.operations.survey_gate_open); strict, so this "
    "fails once the gate is in and the mark must go",
)
def test_required_survey_holds_the_certificate_until_answered(client, auth, app, worker, mailbox):
    """With ``evaluation: required`` an attendee's certificate is neither e-mailed nor
    downloadable before the survey is answered; then it is e-mailed exactly once."""
    from service.certification.models import Certificate
    from service.core.db import db

    training, people = _closed(client, auth, app, mode="required")
    karim = people["Karim"]
    token = karim["manage_url"].split("token=")[1]

    def certificate_mails():
        return [
            m
            for m in mailbox.messages
            if m["To"] == "karim@example.ma"
            and any(
                (a.get_filename() or "").startswith("certificate-") for a in m.iter_attachments()
            )
        ]

    with app.app_context():
        serial = db.session.scalar(
            select(Certificate.serial)
            .where(Certificate.training_id == training["id"])
            .join(Certificate.registration)
            .where(Certificate.registration.has(email="karim@example.ma"))
        )
        db.session.remove()
    pdf = f"/api/v1/certificates/{serial}/pdf?token={token}"
    assert certificate_mails() == []
    assert client.get(pdf).status_code == 409  # "survey_pending"
    [_, karim_survey] = survey_tokens(app, training["id"])
    assert answer(client, karim_survey, **FULL).status_code == 201
    wait_until_idle(app)
    assert len(certificate_mails()) == 1
    assert client.get(pdf).status_code == 200
    # The expert was never invited, so never held.
    assert any(m["To"] == "sami@example.jo" for m in mailbox.messages)
