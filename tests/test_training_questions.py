"""A training's own questions: asked at registration or in the follow-up form, required answers
enforced with the error shape of every field, answers shown to organisers, exported, and kept
when a question is edited or withdrawn."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlsplit

from factories import create_training, decide, person, register

QUESTIONS = [
    {
        "key": "unit",
        "kind": "text",
        "required": True,
        "label": {"ar": "الوحدة", "en": "Your unit", "fr": "Votre service"},
    },
    {
        "key": "sector",
        "kind": "single_choice",
        "required": True,
        "label": {"en": "Sector", "fr": "Secteur", "ar": "القطاع"},
        "choices": [
            {"key": "public", "label": {"en": "Public", "fr": "Public", "ar": "عام"}},
            {"key": "private", "label": {"en": "Private", "fr": "Privé", "ar": "خاص"}},
        ],
    },
    {
        "key": "topics",
        "kind": "multiple_choice",
        "label": {"en": "Topics"},
        "choices": [
            {"key": "data", "label": {"en": "Data"}},
            {"key": "law", "label": {"en": "Law"}},
            {"key": "trade", "label": {"en": "Trade"}},
        ],
    },
    {"key": "first_time", "kind": "yes_no", "label": {"en": "First training with us?"}},
    {"key": "years", "kind": "number", "label": {"en": "Years in post"}},
    {"key": "motivation", "kind": "long_text", "label": {"en": "Why do you apply?"}},
    {
        "key": "talk_title",
        "kind": "text",
        "required": True,
        "roles": ["expert", "speaker"],
        "label": {"en": "Title of your talk"},
    },
    {
        "key": "arrival",
        "kind": "date",
        "required": True,
        "stage": "follow_up",
        "label": {"en": "Date of arrival", "fr": "Date d’arrivée", "ar": "تاريخ الوصول"},
    },
]

ANSWERS = {
    "unit": "Statistics",
    "sector": "public",
    "topics": ["law", "data"],
    "first_time": True,
    "years": "4",
    "motivation": "To learn",
}


def set_questions(client, auth, training_id, questions):
    return client.put(
        f"/api/v1/trainings/{training_id}/questions", json={"questions": questions}, headers=auth
    )


def test_required_answers_are_enforced_and_answers_exported(client, auth):
    training = create_training(client, auth, admission="selection", modality="virtual", venue={})
    tid = training["id"]
    response = set_questions(client, auth, tid, QUESTIONS)
    assert response.status_code == 200, response.json
    public = client.get(f"/api/v1/trainings/{tid}/questions").json["questions"]
    assert [q["key"] for q in public] == [q["key"] for q in QUESTIONS[:-1]]  # no follow-up

    missing = client.post(f"/api/v1/trainings/{tid}/registrations", json=person())
    assert missing.status_code == 422
    assert missing.json["error"]["code"] == "validation_error"
    assert missing.json["error"]["fields"] == {
        "answers.unit": "this question must be answered",
        "answers.sector": "this question must be answered",
    }  # talk_title is asked of experts and speakers only
    wrong = client.post(
        f"/api/v1/trainings/{tid}/registrations",
        json=person(
            answers={**ANSWERS, "sector": "other", "years": "many", "arrival": "2030-01-01"}
        ),
    )
    assert wrong.status_code == 422
    assert wrong.json["error"]["fields"] == {
        "answers.arrival": "no such question",
        "answers.sector": "choose one of the choices offered",
        "answers.years": "expected a number",
    }
    registered = register(client, tid, answers=ANSWERS)
    token = parse_qs(urlsplit(registered["manage_url"]).query)["token"][0]
    sheet = client.get(f"/api/v1/registrations/{registered['reference']}/answers?token={token}")
    answered = {a["key"]: a["answer"] for a in sheet.json["answers"]}
    assert answered == {
        **ANSWERS,
        "topics": ["data", "law"],  # in the order of the choices
        "years": 4,
        "arrival": None,  # the follow-up form opens once the place is confirmed
    }
    early = client.put(
        f"/api/v1/registrations/{registered['reference']}/answers?token={token}",
        json={"stage": "follow_up", "answers": {"arrival": "2030-01-01"}},
    )
    assert early.status_code == 409 and early.json["error"]["code"] == "not_confirmed"

    # an organiser registers an expert without the answers; the expert is asked the talk's title
    expert = client.post(
        f"/api/v1/trainings/{tid}/registrations",
        json=person(email="expert@example.org", role="expert"),
        headers=auth,
    )
    assert expert.status_code == 201, expert.json

    # once answered, the kind stays; a question left out is withdrawn, its answers kept
    changed = set_questions(
        client, auth, tid, [{**QUESTIONS[0], "kind": "long_text"}, *QUESTIONS[1:]]
    )
    assert changed.status_code == 409 and changed.json["error"]["code"] == "question_answered"
    dropped_choice = [dict(q) for q in QUESTIONS]
    dropped_choice[2]["choices"] = dropped_choice[2]["choices"][1:]  # "data" was chosen
    assert set_questions(client, auth, tid, dropped_choice).status_code == 409
    relabelled = [{**QUESTIONS[0], "label": {"en": "Your department"}}, *QUESTIONS[2:]]
    assert set_questions(client, auth, tid, relabelled).status_code == 200
    listed = client.get(f"/api/v1/trainings/{tid}/questions", headers=auth).json["questions"]
    assert {q["key"]: q["withdrawn"] for q in listed}["sector"] is True
    sheet = client.get(f"/api/v1/registrations/{registered['reference']}/answers", headers=auth)
    assert {a["key"]: a["answer"] for a in sheet.json["answers"]}["sector"] == "public"

    exported = client.get(
        f"/api/v1/trainings/{tid}/exports/registrations.csv?lang=en", headers=auth
    )
    rows = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig"))))
    header = rows[0]
    assert header[13:] == [
        "Your department",
        "Sector (withdrawn)",
        "Topics",
        "First training with us?",
        "Years in post",
        "Why do you apply?",
        "Title of your talk",
        "Date of arrival",
    ]
    by_reference = {row[0]: row for row in rows[1:]}
    assert by_reference[registered["reference"]][13:19] == [
        "Statistics",
        "Public",
        "Data; Law",
        "Yes",
        "4",
        "To learn",
    ]
    assert by_reference[expert.json["reference"]][13:] == [""] * 8

    # accepted, the person fills in the follow-up form
    decide(client, tid, auth, {"reference": registered["reference"], "decision": "accept"})
    follow_up = client.put(
        f"/api/v1/registrations/{registered['reference']}/answers?token={token}",
        json={"stage": "follow_up", "answers": {}},
    )
    assert follow_up.status_code == 422
    assert follow_up.json["error"]["fields"] == {
        "answers.arrival": "this question must be answered"
    }
    follow_up = client.put(
        f"/api/v1/registrations/{registered['reference']}/answers?token={token}",
        json={"stage": "follow_up", "answers": {"arrival": "2030-01-01"}},
    )
    assert follow_up.status_code == 200, follow_up.json
    exported = client.get(
        f"/api/v1/trainings/{tid}/exports/registrations.xlsx?lang=fr", headers=auth
    )
    assert exported.status_code == 200


def test_on_site_trainings_start_with_the_follow_up_form(client, auth):
    training = create_training(client, auth)
    tid = training["id"]
    listed = client.get(f"/api/v1/trainings/{tid}/questions", headers=auth).json["questions"]
    assert [q["key"] for q in listed] == [
        "passport_name",
        "passport_number",
        "nationality",
        "date_of_birth",
        "arrival",
        "departure",
        "dietary_needs",
    ]
    assert {q["stage"] for q in listed} == {"follow_up"}
    assert client.get(f"/api/v1/trainings/{tid}/questions").json["questions"] == []
    registered = register(client, tid)
    assert registered["status"] == "confirmed"
    token = parse_qs(urlsplit(registered["manage_url"]).query)["token"][0]
    answers = {
        "passport_name": "AMINATA DIOP",
        "passport_number": "A1234567",
        "nationality": "Senegalese",
        "date_of_birth": "1980-05-04",
        "arrival": "2030-01-01",
        "departure": "2030-01-05",
    }
    response = client.put(
        f"/api/v1/registrations/{registered['reference']}/answers?token={token}",
        json={"stage": "follow_up", "answers": answers},
    )
    assert response.status_code == 200, response.json
    # the defaults are stored now; an organiser removes the dietary question: kept as withdrawn
    kept = [q for q in listed if q["key"] != "dietary_needs"]
    for question in kept:
        del question["withdrawn"]
    assert set_questions(client, auth, tid, kept).status_code == 200
    after = client.get(f"/api/v1/trainings/{tid}/questions", headers=auth).json["questions"]
    assert [q["key"] for q in after if q["withdrawn"]] == ["dietary_needs"]
    assert set_questions(client, auth, tid, []).status_code == 200
    assert all(
        q["withdrawn"]
        for q in client.get(f"/api/v1/trainings/{tid}/questions", headers=auth).json["questions"]
    )


def test_questions_are_checked(client, auth):
    training = create_training(client, auth)
    bad = set_questions(
        client,
        auth,
        training["id"],
        [
            {"key": "a", "kind": "single_choice", "label": {"en": "A"}, "choices": []},
            {"key": "a", "kind": "text", "label": {}},
        ],
    )
    assert bad.status_code == 422
    assert bad.json["error"]["fields"] == {
        "questions.0": "a single_choice question needs at least two choices",
        "questions.1.label": "give the label in at least one language",
    }
    same_key = [{"key": "a", "kind": "text", "label": {"en": "A"}}] * 2
    refused = set_questions(client, auth, training["id"], same_key)
    assert refused.json["error"]["fields"] == {"questions": "question keys must differ"}
