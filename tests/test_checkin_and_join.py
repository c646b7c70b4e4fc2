"""Check-in at the door, personal join links, and reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from factories import create_training, register
from waiting import wait_for


def session_now(hours_from_now: float = 0, length_hours: float = 2) -> dict:
    start = datetime.now(UTC) + timedelta(hours=hours_from_now) - timedelta(minutes=10)
    return {
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=length_hours)).isoformat(),
    }


def code_for(app, reference):
    from service.registrations.links import make_code

    return make_code(app.config["SECRET_KEY"], reference)


def today_training(client, auth, **overrides):
    today = datetime.now(UTC).date().isoformat()
    fields = dict(
        starts_on=today,
        ends_on=today,
        sessions=[session_now()],
        registration_closes_at=(datetime.now(UTC) + timedelta(hours=1)).isoformat(),
    )
    fields.update(overrides)
    return create_training(client, auth, **fields)


def checkin(client, auth, training_id, **body):
    return client.post(f"/api/v1/trainings/{training_id}/checkins", json=body, headers=auth)


def test_checkin_results(app, client, auth):
    training = today_training(client, auth, capacity=1)
    tid = training["id"]
    seated = register(client, tid)
    waiting = register(client, tid, email="w@example.sn")
    code = code_for(app, seated["reference"])

    first = checkin(client, auth, tid, code=code)
    assert first.status_code == 200
    assert first.json["result"] == "ok"
    assert (first.json["name"], first.json["country"]) == ("Aminata Diop", "SN")
    again = checkin(client, auth, tid, code=code.lower())
    assert again.status_code == 200 and again.json["result"] == "already_checked_in"
    assert again.json["checked_in_at"] == first.json["checked_in_at"]

    forged = checkin(client, auth, tid, code=f"{seated['reference']}.AAAAAAAAAAAAAAAA")
    assert forged.status_code == 404 and forged.json["result"] == "unknown_code"
    assert forged.json["error"]["code"] == "unknown_code"
    raw_reference = checkin(client, auth, tid, code=seated["reference"])
    assert raw_reference.json["result"] == "unknown_code"
    not_confirmed = checkin(client, auth, tid, code=code_for(app, waiting["reference"]))
    assert not_confirmed.status_code == 409 and not_confirmed.json["result"] == "not_confirmed"

    other = today_training(client, auth)
    wrong = checkin(client, auth, other["id"], code=code)
    assert wrong.json["result"] == "wrong_training" and wrong.json["name"] == "Aminata Diop"

    later = today_training(client, auth, sessions=[session_now(hours_from_now=5)])
    elsewhere = register(client, later["id"], email="x@example.sn")
    none_now = checkin(client, auth, later["id"], code=code_for(app, elsewhere["reference"]))
    assert none_now.json["result"] == "no_session_now"
    # a session chosen by hand that is hours away is refused (it was "ok": changed on purpose)
    given = checkin(
        client,
        auth,
        later["id"],
        code=code_for(app, elsewhere["reference"]),
        session=later["sessions"][0]["id"],
    )
    assert given.status_code == 409 and given.json["result"] == "session_not_started"
    assert given.json["error"]["code"] == "session_not_started"

    sheet = client.get(
        f"/api/v1/trainings/{tid}/sessions/{training['sessions'][0]['id']}/attendance",
        headers=auth,
    ).json
    assert [(r["reference"], r["status"], r["source"]) for r in sheet["records"]] == [
        (seated["reference"], "present", "checkin")
    ]


def test_a_repeated_nonce_gets_the_first_answer(app, client, auth):
    training = today_training(client, auth)
    seated = register(client, training["id"])
    code = code_for(app, seated["reference"])
    first = checkin(client, auth, training["id"], code=code, nonce="scan-0001")
    replay = checkin(client, auth, training["id"], code=code, nonce="scan-0001")
    assert first.json["result"] == replay.json["result"] == "ok"
    assert replay.json == first.json
    assert checkin(client, auth, training["id"], code=code, nonce="scan-0002").json["result"] == (
        "already_checked_in"
    )
    unauth = client.post(f"/api/v1/trainings/{training['id']}/checkins", json={"code": code})
    assert unauth.status_code == 401


def test_join_link_records_attendance_and_redirects(app, client, auth):
    training = today_training(
        client, auth, modality="virtual", venue={}, meeting_url="https://meet.example.org/room-42"
    )
    body = register(client, training["id"])
    # the join link carries a token of its own (it carried the manage token: changed on purpose)
    token = body["join_url"].rsplit("/j/", 1)[1]
    assert token != body["manage_url"].split("token=")[1]
    response = client.get(f"/j/{token}")
    assert response.status_code == 303
    assert response.headers["Location"] == "https://meet.example.org/room-42"
    sheet = client.get(
        f"/api/v1/trainings/{training['id']}/sessions/{training['sessions'][0]['id']}/attendance",
        headers=auth,
    ).json
    assert [(r["status"], r["source"]) for r in sheet["records"]] == [("present", "join_link")]
    assert client.get("/j/not-a-token").status_code == 404

    later = today_training(
        client,
        auth,
        modality="virtual",
        venue={},
        meeting_url="https://meet.example.org/room-43",
        sessions=[session_now(hours_from_now=5)],
    )
    other = register(client, later["id"], email="later@example.sn")
    early = client.get(other["join_url"].removeprefix("http://tadrib.test"))
    assert early.status_code == 409
    assert "room-43" not in early.text


def test_reminders_are_queued_once(app, client, auth, worker, mailbox):
    from service.core.clock import utcnow
    from service.core.db import db
    from service.registrations.reminders import queue_reminders

    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    onsite = create_training(
        client,
        auth,
        starts_on=tomorrow,
        ends_on=tomorrow,
        timezone="UTC",
        registration_closes_at=(datetime.now(UTC) + timedelta(hours=2)).isoformat(),
    )
    register(client, onsite["id"], email="door@example.sn")
    virtual = today_training(
        client,
        auth,
        modality="virtual",
        venue={},
        timezone="UTC",
        meeting_url="https://meet.example.org/x",
        sessions=[session_now(hours_from_now=0.75)],
    )
    online = register(client, virtual["id"], email="online@example.sn", preferred_language="ar")
    wait_for(lambda: len(mailbox.messages) == 2, what="the confirmations")
    with app.app_context():
        assert queue_reminders(utcnow()) == 2
        assert queue_reminders(utcnow()) == 0  # once each, however often the scheduler runs
        db.session.remove()
    wait_for(lambda: len(mailbox.messages) == 4, what="the reminders")
    reminders = {m["To"]: m for m in mailbox.messages[2:]}
    assert reminders["door@example.sn"]["Subject"].startswith("Demain\u202f:")
    session_mail = reminders["online@example.sn"]
    assert session_mail["Subject"].startswith("بعد ساعة")
    text = session_mail.get_body(("plain",)).get_content()
    assert online["join_url"] in text
