"""A training's lifecycle, enforced by the operations whatever calls them (API, pages, command
line): closing only once it has happened (or forced, with a reason), nothing changing after
close, attendance only for sessions that have started, cancelling that tells everyone."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from factories import create_training, held, register
from waiting import wait_for, wait_until_idle
from web_helpers import csrf_token, manage_path, register_via_api


def error_code(response) -> str:
    return response.json["error"]["code"]


def sheet_path(training, index=0):
    session_id = training["sessions"][index]["id"]
    return f"/api/v1/trainings/{training['id']}/sessions/{session_id}/attendance"


def mark(client, auth, training, reference, status, index=0):
    return client.put(
        sheet_path(training, index),
        json={"records": [{"reference": reference, "status": status}]},
        headers=auth,
    )


def test_close_before_the_last_session_started_needs_force_and_a_reason(app, client, auth):
    training = create_training(client, auth)  # in a month
    close = f"/api/v1/trainings/{training['id']}/close"

    refused = client.post(close, headers=auth)
    assert refused.status_code == 409 and error_code(refused) == "training_not_finished"
    no_reason = client.post(close, json={"force": True}, headers=auth)
    assert no_reason.status_code == 422 and "reason" in no_reason.json["error"]["fields"]
    cli = app.test_cli_runner().invoke(args=["training", "close", str(training["id"])])
    assert cli.exit_code != 0 and "last session starts" in cli.output
    assert client.get(f"/api/v1/trainings/{training['id']}").json["status"] == "open"

    forced = client.post(close, json={"force": True, "reason": "the venue burnt"}, headers=auth)
    assert forced.status_code == 202
    shown = client.get(f"/api/v1/trainings/{training['id']}", headers=auth).json
    assert shown["status"] == "closed"
    [closing] = shown["history"]
    assert (closing["from_status"], closing["to_status"], closing["forced"]) == (
        "open",
        "closed",
        True,
    )
    assert closing["reason"] == "the venue burnt"
    assert "history" not in client.get(f"/api/v1/trainings/{training['id']}").json  # organisers'


def test_a_training_whose_last_session_started_closes_without_force(client, auth):
    now = datetime.now(UTC)
    sessions = [
        {
            "starts_at": (now - timedelta(days=1)).isoformat(),
            "ends_at": (now - timedelta(days=1, hours=-2)).isoformat(),
        },
        {
            "starts_at": (now - timedelta(minutes=5)).isoformat(),
            "ends_at": (now + timedelta(hours=2)).isoformat(),
        },
    ]
    training = create_training(
        client,
        auth,
        starts_on=(now - timedelta(days=1)).date().isoformat(),
        ends_on=now.date().isoformat(),
        sessions=sessions,
        timezone="UTC",
        registration_closes_at=(now + timedelta(hours=1)).isoformat(),
    )
    response = client.post(f"/api/v1/trainings/{training['id']}/close", headers=auth)
    assert response.status_code == 202
    [closing] = client.get(f"/api/v1/trainings/{training['id']}", headers=auth).json["history"]
    assert closing["forced"] is False and closing["reason"] is None


def test_after_close_nothing_changes_until_it_is_reopened(app, client, auth):
    training = create_training(
        client, auth, modality="hybrid", meeting_url="https://meet.example.org/r", **held()
    )
    seated = register_via_api(client, training["id"])
    other = register_via_api(client, training["id"], email="other@example.sn")
    assert mark(client, auth, training, seated["reference"], "present").status_code == 200
    assert client.post(f"/api/v1/trainings/{training['id']}/close", headers=auth).status_code == 202

    # no cancellation, by the participant or an organiser, through the API or the page
    token = seated["token"]
    cancel = client.post(f"/api/v1/registrations/{seated['reference']}/cancel?token={token}")
    assert cancel.status_code == 409 and error_code(cancel) == "training_closed"
    cancel = client.post(f"/api/v1/registrations/{seated['reference']}/cancel", headers=auth)
    assert cancel.status_code == 409 and error_code(cancel) == "training_closed"
    page = client.get(manage_path(seated, lang="en")).text
    assert "Cancel my registration" not in page
    assert '<div class="qr"' not in page and "/j/" not in page  # no door code, no join link
    assert client.get(manage_path(seated, "/cancel")).status_code == 302  # back to the page
    # no attendance change, by any way of recording it
    changed = mark(client, auth, training, other["reference"], "present")
    assert changed.status_code == 409 and error_code(changed) == "training_closed"
    report = (
        b"Name,User Email,Join Time,Leave Time\n"
        b"A,other@example.sn,2020-01-01 09:00,2020-01-01 10:00\n"
    )
    imported = client.post(
        f"{sheet_path(training)}/import",
        data={"file": (io.BytesIO(report), "r.csv"), "format": "zoom"},
        headers=auth,
        content_type="multipart/form-data",
    )
    assert imported.status_code == 409 and error_code(imported) == "training_closed"
    from service.registrations.links import make_code

    scanned = client.post(
        f"/api/v1/trainings/{training['id']}/checkins",
        json={
            "code": make_code(app.config["SECRET_KEY"], other["reference"]),
            "session": training["sessions"][0]["id"],
        },
        headers=auth,
    )
    assert scanned.status_code == 409 and scanned.json["result"] == "training_closed"
    join = client.get(other["join_url"].removeprefix("http://tadrib.test"))
    assert join.status_code == 409 and "meet.example.org" not in join.text
    # no new registration, not even by an organiser; no change to the training
    for headers in (None, auth):
        late = client.post(
            f"/api/v1/trainings/{training['id']}/registrations",
            json={**_person("late@example.sn"), "consent": True},
            headers=headers,
        )
        assert late.status_code == 409 and error_code(late) == "training_closed"
    patched = client.patch(
        f"/api/v1/trainings/{training['id']}", json={"capacity": 9}, headers=auth
    )
    assert patched.status_code == 409 and error_code(patched) == "training_closed"
    # nothing is left to the summaries either
    sheet = {
        r["reference"]: r["status"]
        for r in client.get(sheet_path(training), headers=auth).json["records"]
    }
    assert sheet == {seated["reference"]: "present", other["reference"]: None}

    # re-opening is explicit, with a reason; then things change again
    reopen = f"/api/v1/trainings/{training['id']}/reopen"
    assert client.post(reopen, json={}, headers=auth).status_code == 422
    reopened = client.post(
        reopen, json={"reason": "the attendance of day 2 was lost"}, headers=auth
    )
    assert reopened.status_code == 200 and reopened.json["status"] == "open"
    assert [h["to_status"] for h in reopened.json["history"]] == ["closed", "open"]
    assert reopened.json["history"][1]["reason"] == "the attendance of day 2 was lost"
    assert mark(client, auth, training, other["reference"], "present").status_code == 200
    again = client.post(reopen, json={"reason": "twice"}, headers=auth)
    assert again.status_code == 409 and error_code(again) == "not_closed"


def _person(email):
    from factories import person

    return person(email=email)


def test_present_only_for_sessions_that_started_excused_ahead(app, client, auth):
    now = datetime.now(UTC)
    sessions = [
        {
            "starts_at": (now - timedelta(hours=1)).isoformat(),
            "ends_at": (now + timedelta(hours=1)).isoformat(),
        },
        {
            "starts_at": (now + timedelta(minutes=20)).isoformat(),
            "ends_at": (now + timedelta(hours=3)).isoformat(),
        },
        {
            "starts_at": (now + timedelta(days=21)).isoformat(),
            "ends_at": (now + timedelta(days=21, hours=2)).isoformat(),
        },
    ]
    training = create_training(
        client,
        auth,
        timezone="UTC",
        starts_on=now.date().isoformat(),
        ends_on=(now + timedelta(days=21)).date().isoformat(),
        sessions=sessions,
        registration_closes_at=(now + timedelta(minutes=10)).isoformat(),
    )
    body = register(client, training["id"])
    reference = body["reference"]
    assert mark(client, auth, training, reference, "present", 0).status_code == 200  # under way
    assert mark(client, auth, training, reference, "present", 1).status_code == 200  # within margin
    for status in ("present", "absent"):
        ahead = mark(client, auth, training, reference, status, 2)
        assert ahead.status_code == 409 and error_code(ahead) == "session_not_started"
    assert mark(client, auth, training, reference, "excused", 2).status_code == 200
    records = client.get(sheet_path(training, 2), headers=auth).json["records"]
    assert [r["status"] for r in records] == ["excused"]

    from service.registrations.links import make_code

    scanned = client.post(
        f"/api/v1/trainings/{training['id']}/checkins",
        json={
            "code": make_code(app.config["SECRET_KEY"], reference),
            "session": training["sessions"][2]["id"],
        },
        headers=auth,
    )
    assert scanned.status_code == 409 and scanned.json["result"] == "session_not_started"


def test_the_sheet_page_refuses_present_ahead_and_says_why(app, client, auth):
    from organiser_helpers import post_form, set_password, sign_in

    training = create_training(client, auth)
    body = register_via_api(client, training["id"])
    set_password(app)
    sign_in(client)
    sheet = f"/organiser/trainings/{training['id']}/sessions/{training['sessions'][0]['id']}"
    response = post_form(
        client, f"{sheet}?lang=en", {f"mark-{body['reference']}": "present"}, page=sheet
    )
    assert response.status_code == 302
    page = client.get(
        f"{response.location}&lang=en"
        if "?" in response.location
        else f"{response.location}?lang=en"
    ).text
    assert "Nothing was saved: this session has not started yet." in page
    records = client.get(sheet_path(training), headers=auth).json["records"]
    assert records[0]["status"] is None
    post_form(client, sheet, {f"mark-{body['reference']}": "excused"})
    assert client.get(sheet_path(training), headers=auth).json["records"][0]["status"] == "excused"


def test_cancelling_a_training_emails_every_active_registration_once(
    app, client, auth, worker, mailbox
):
    training = create_training(client, auth, capacity=2)
    people = [
        register(client, training["id"], email=f"{name}@example.sn", preferred_language=language)
        for name, language in (("one", "en"), ("two", "fr"), ("three", "ar"), ("gone", "en"))
    ]
    assert [p["status"] for p in people] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    gone = people[3]
    token = gone["manage_url"].split("token=")[1]
    assert (
        client.post(f"/api/v1/registrations/{gone['reference']}/cancel?token={token}").status_code
        == 200
    )
    wait_until_idle(app)
    before = len(mailbox.raw)

    cancelled = client.patch(
        f"/api/v1/trainings/{training['id']}", json={"status": "cancelled"}, headers=auth
    )
    assert cancelled.status_code == 200 and cancelled.json["status"] == "cancelled"
    assert cancelled.json["history"][-1]["to_status"] == "cancelled"
    again = client.patch(
        f"/api/v1/trainings/{training['id']}",
        json={"status": "cancelled", "capacity": 3},
        headers=auth,
    )
    assert again.status_code == 200  # already cancelled: nobody is told twice, nobody promoted
    wait_for(lambda: len(mailbox.raw) == before + 3, 30, "the cancellation notices")
    wait_until_idle(app)
    notices = mailbox.messages[before:]
    assert len(mailbox.raw) == before + 3
    assert sorted(m["To"] for m in notices) == [
        "one@example.sn",
        "three@example.sn",
        "two@example.sn",
    ]
    subjects = {m["To"]: m["Subject"] for m in notices}
    assert subjects["one@example.sn"].startswith("Training cancelled: ")
    assert subjects["two@example.sn"].startswith("Formation annulée\u202f: ")
    assert subjects["three@example.sn"].startswith("إلغاء البرنامج التدريبي: ")
    assert all(not list(m.iter_attachments()) for m in notices)  # no calendar, no door code

    reopen = client.patch(
        f"/api/v1/trainings/{training['id']}", json={"status": "open"}, headers=auth
    )
    assert reopen.status_code == 409 and error_code(reopen) == "training_cancelled"
    late = client.post(
        f"/api/v1/trainings/{training['id']}/registrations",
        json=_person("x@example.sn"),
        headers=auth,
    )
    assert late.status_code == 409 and error_code(late) == "training_cancelled"


def test_the_close_page_and_the_manage_page_after_close(app, client, auth, worker, mailbox):
    from organiser_helpers import post_form, set_password, sign_in

    training = create_training(client, auth, **held())
    seated = register_via_api(client, training["id"])
    for index in range(3):
        assert (
            mark(client, auth, training, seated["reference"], "present", index).status_code == 200
        )
    set_password(app)
    sign_in(client)
    issuance = f"/organiser/trainings/{training['id']}/issuance"
    assert "The last session starts on" not in client.get(f"{issuance}?lang=en").text
    response = post_form(client, f"/organiser/trainings/{training['id']}/close", {}, page=issuance)
    assert response.status_code == 302
    wait_for(
        lambda: client.get(f"/api/v1/trainings/{training['id']}/issuance", headers=auth).json[
            "done"
        ],
        60,
        "issuance",
    )
    page = client.get(manage_path(seated, lang="en")).text
    assert "Download your certificate (PDF)" in page
    assert "Cancel my registration" not in page and '<div class="qr"' not in page
    assert csrf_token(page)  # the name-correction form is still offered


def test_reopening_from_the_page_needs_a_reason(app, client, auth):
    from factories import closed_training
    from organiser_helpers import post_form, set_password, sign_in

    training = closed_training(client, auth)
    set_password(app)
    sign_in(client)
    issuance = f"/organiser/trainings/{training['id']}/issuance"
    assert "Re-open the training" in client.get(f"{issuance}?lang=en").text
    reopen = f"/organiser/trainings/{training['id']}/reopen?lang=en"
    refused = post_form(client, reopen, {"reopen-reason": " "}, page=issuance)
    assert refused.status_code == 422 and "Give the reason." in refused.text
    done = post_form(client, reopen, {"reopen-reason": "a session was left out"}, page=issuance)
    assert done.status_code == 302
    shown = client.get(f"/api/v1/trainings/{training['id']}", headers=auth).json
    assert shown["status"] == "open"
    assert shown["history"][-1]["reason"] == "a session was left out"
    assert "The training is open again." in client.get(f"{issuance}?lang=en").text
