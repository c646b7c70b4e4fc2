"""Attendance: marking sheets, importing Zoom and Teams reports, the summary the worker keeps."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from factories import create_training, person
from waiting import wait_for

FIXTURES = Path(__file__).parent / "fixtures" / "attendance"
ZOOM_FILE = FIXTURES / "zoom-participants-day1.csv"
ZOOM = ZOOM_FILE.read_bytes()
TEAMS = (FIXTURES / "teams-attendance-day2.csv").read_bytes()


def sample_person(name: str, email: str, country: str, **extra: Any) -> dict[str, Any]:
    given_name, family_name = name.split()
    return person(
        given_name=given_name,
        family_name=family_name,
        name_ar=None,
        email=email,
        country=country,
        preferred_language="en",
        **extra,
    )


# The people of the sample reports (and an expert), as they register.
PEOPLE = {
    "aminata": person(),
    "omar": sample_person("Omar Haddad", "omar.haddad@example.jo", "JO"),
    "nurul": sample_person("Nurul Aisyah", "nurul.aisyah@example.my", "MY"),
    "yusuf": sample_person("Yusuf Kaya", "yusuf.kaya@example.tr", "TR"),
    "khadija": sample_person("Khadija Benali", "khadija.benali@example.ma", "MA", role="expert"),
}
ORGANISER_ROW = {
    "name": "Training Desk",
    "email": "training@example.org",
    "reason": "organiser",
}


def virtual_training(client: Any, auth: dict[str, str], **overrides: Any) -> dict[str, Any]:
    """Three morning sessions in Istanbul (UTC+3), the first on the Zoom sample's day."""
    sessions = [
        {"starts_at": f"2020-09-{day}T09:00:00+03:00", "ends_at": f"2020-09-{day}T12:00:00+03:00"}
        for day in (14, 15, 16)
    ]
    fields: dict[str, Any] = {
        "modality": "virtual",
        "timezone": "Europe/Istanbul",
        "starts_on": "2020-09-14",
        "ends_on": "2020-09-16",
        "sessions": sessions,
        "attendance_threshold": 2 / 3,
        "session_min_share": 0.5,
        "eligible_countries": "all",
    }
    return create_training(client, auth, **{**fields, **overrides})


def register(client: Any, auth: dict[str, str], training: dict[str, Any], who: str) -> str:
    response = client.post(
        f"/api/v1/trainings/{training['id']}/registrations", json=PEOPLE[who], headers=auth
    )
    assert response.status_code == 201, response.json
    return response.json["reference"]


def sheet_path(training: dict[str, Any], day: int) -> str:
    return (
        f"/api/v1/trainings/{training['id']}/sessions/{training['sessions'][day]['id']}/attendance"
    )


def upload(client: Any, auth: dict[str, str], path: str, data: bytes, **form: str) -> Any:
    return client.post(
        f"{path}/import",
        data={"file": (io.BytesIO(data), "report.csv"), **form},
        headers=auth,
        content_type="multipart/form-data",
    )


def sheet(client: Any, auth: dict[str, str], path: str) -> dict[str, dict[str, Any]]:
    response = client.get(path, headers=auth)
    assert response.status_code == 200, response.json
    return {row["reference"]: row for row in response.json["records"]}


def attendance_events(app: Any) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from service.core.db import db
    from service.pipeline.models import OutboxEvent

    with app.app_context():
        query = select(OutboxEvent).where(OutboxEvent.kind == "attendance.recorded")
        return [event.payload for event in db.session.scalars(query.order_by(OutboxEvent.id))]


def recorders(app: Any) -> list[str | None]:
    """Who recorded each attendance row: an organiser's e-mail, None for the command line."""
    from sqlalchemy import select

    from service.attendance.models import Attendance
    from service.core.db import db
    from service.organisers.models import Organiser

    with app.app_context():
        query = (
            select(Organiser.email)
            .select_from(Attendance)
            .outerjoin(Organiser, Attendance.recorded_by == Organiser.id)
            .order_by(Attendance.id)
        )
        return list(db.session.scalars(query))


def test_zoom_report_merges_rejoins_and_reports_unmatched_rows(client, auth, app):
    training = virtual_training(client, auth)
    refs = {who: register(client, auth, training, who) for who in ("aminata", "omar", "nurul")}
    yusuf = register(client, auth, training, "yusuf")
    assert client.post(f"/api/v1/registrations/{yusuf}/cancel", headers=auth).status_code == 200
    path = sheet_path(training, 0)

    response = upload(client, auth, path, ZOOM)

    assert response.status_code == 200, response.json
    body = response.json
    matches = body.pop("matches")
    assert [(m["reference"], m["lines"], m["status"], m["note"]) for m in matches] == [
        (refs["aminata"], [6, 7], "present", None),
        (refs["omar"], [8], "absent", None),
        (refs["nurul"], [9], "present", None),
    ]
    assert body == {
        "format": "zoom",
        "matched": 3,
        "updated": 3,
        "unmatched": [
            {"line": 5, **ORGANISER_ROW},
            {"line": 10, "name": "Dial-in +90 312 000 0000", "email": None, "reason": "no_email"},
            {
                "line": 11,
                "name": "Yusuf Kaya",
                "email": "yusuf.kaya@example.tr",
                "reason": "not_registered",
            },
        ],
    }
    rows = sheet(client, auth, path)
    assert set(rows) == set(refs.values())  # the cancelled registration is not on the sheet
    aminata, omar, nurul = (rows[refs[who]] for who in ("aminata", "omar", "nurul"))
    assert (aminata["status"], aminata["source"]) == ("present", "import")
    assert aminata["minutes"] == pytest.approx(91 + 40 / 60 + 84 + 58 / 60)  # two segments
    assert (omar["status"], omar["minutes"]) == ("absent", 30)  # under half of 180 minutes
    assert (nurul["status"], nurul["minutes"]) == ("present", pytest.approx(179.5))  # NURUL.AISYAH@
    assert recorders(app) == ["desk@example.org"] * 3
    session_id = training["sessions"][0]["id"]
    assert [event["session_id"] for event in attendance_events(app)] == [session_id] * 3

    again = upload(client, auth, path, ZOOM, format="zoom")

    assert again.status_code == 200, again.json
    assert (again.json["matched"], again.json["updated"]) == (3, 0)
    assert len(attendance_events(app)) == 3
    assert sheet(client, auth, path) == rows


def test_teams_report_keeps_a_manual_present_mark_and_is_clipped_to_the_session(client, auth, app):
    training = virtual_training(client, auth)
    refs = {who: register(client, auth, training, who) for who in ("aminata", "omar", "yusuf")}
    refs["nurul"] = register(client, auth, training, "nurul")
    day2 = sheet_path(training, 1)
    marked = client.put(
        day2,
        json={"records": [{"reference": refs["yusuf"], "status": "present", "reason": "in room"}]},
        headers=auth,
    )
    assert marked.status_code == 200, marked.json

    response = upload(client, auth, day2, TEAMS, format="teams")

    assert response.status_code == 200, response.json
    body = response.json
    assert len(body.pop("matches")) == 4
    assert body == {
        "format": "teams",
        "matched": 4,
        "updated": 4,
        "unmatched": [{"line": 18, **ORGANISER_ROW}],
    }
    rows = sheet(client, auth, day2)
    assert rows[refs["aminata"]]["minutes"] == pytest.approx(77 + 50 / 60 + 82 + 15 / 60)
    assert rows[refs["aminata"]]["status"] == "present"
    assert rows[refs["nurul"]]["minutes"] == 180  # the presenter is a participant here
    yusuf = rows[refs["yusuf"]]
    assert (yusuf["status"], yusuf["source"], yusuf["reason"], yusuf["minutes"]) == (
        "present",
        "manual",
        "in room",
        30,
    )
    events = len(attendance_events(app))
    again = client.post(
        f"{day2}/import?format=teams",
        data={"file": (io.BytesIO(TEAMS), "report.csv")},
        headers=auth,
        content_type="multipart/form-data",
    )
    assert (again.json["matched"], again.json["updated"]) == (4, 0)
    assert len(attendance_events(app)) == events

    day1 = upload(client, auth, sheet_path(training, 0), TEAMS)

    # Every registered person's connections fall outside the first session: matched, absent
    # with 0 minutes and a note, not reported as unmatched (this issue changes that on purpose).
    assert (day1.json["matched"], day1.json["updated"]) == (4, 4)
    assert {(m["status"], m["minutes"], m["note"]) for m in day1.json["matches"]} == {
        ("absent", 0, "outside_session")
    }
    assert day1.json["unmatched"] == [{"line": 18, **ORGANISER_ROW}]
    day1_rows = sheet(client, auth, sheet_path(training, 0))
    assert {(r["status"], r["minutes"]) for r in day1_rows.values()} == {("absent", 0)}


def test_import_refuses_bad_input_and_changes_nothing(client, auth, app):
    training = virtual_training(client, auth)
    other = virtual_training(client, auth)
    register(client, auth, training, "aminata")
    path = sheet_path(training, 0)

    def refused(response: Any) -> dict[str, str]:
        assert response.status_code == 422, response.json
        assert response.json["error"]["code"] == "validation_error"
        return response.json["error"]["fields"]

    assert "file" in refused(client.post(f"{path}/import", data={}, headers=auth))
    fields = refused(upload(client, auth, path, b"Name,Colour\nAminata,green\n"))
    assert "no participant table" in fields["file"]
    assert "format" in refused(upload(client, auth, path, ZOOM, format="webex"))
    wrong_session = f"/api/v1/trainings/{training['id']}/sessions/{other['sessions'][0]['id']}"
    assert "session_id" in refused(upload(client, auth, f"{wrong_session}/attendance", ZOOM))
    assert upload(client, {}, path, ZOOM).status_code == 401
    assert recorders(app) == []
    assert attendance_events(app) == []


def test_marking_a_sheet_records_changes_once(client, auth, app):
    training = virtual_training(client, auth, capacity=2)
    refs = {who: register(client, auth, training, who) for who in ("aminata", "omar", "khadija")}
    waitlisted = register(client, auth, training, "yusuf")
    path = sheet_path(training, 0)
    before = sheet(client, auth, path)
    assert set(before) == set(refs.values())  # confirmed ones only, the expert included
    assert waitlisted not in before
    assert {row["status"] for row in before.values()} == {None}
    records = [
        {"reference": refs["aminata"].lower(), "status": "present"},
        {"reference": refs["omar"], "status": "excused", "reason": "ill"},
    ]

    response = client.put(path, json={"records": records}, headers=auth)

    assert response.status_code == 200, response.json
    rows = {row["reference"]: row for row in response.json["records"]}
    aminata, omar, khadija = (rows[refs[who]] for who in ("aminata", "omar", "khadija"))
    assert (aminata["status"], aminata["source"], aminata["minutes"]) == ("present", "manual", None)
    assert aminata["recorded_at"] is not None
    assert (omar["status"], omar["reason"]) == ("excused", "ill")
    assert (khadija["status"], khadija["country"], khadija["role"]) == (None, "MA", "expert")
    assert sheet(client, auth, path) == rows
    assert recorders(app) == ["desk@example.org"] * 2
    session_id = training["sessions"][0]["id"]
    assert [event["session_id"] for event in attendance_events(app)] == [session_id] * 2

    assert client.put(path, json={"records": records}, headers=auth).status_code == 200
    assert len(attendance_events(app)) == 2
    assert sheet(client, auth, path) == rows

    changed = [{"reference": refs["omar"], "status": "present"}]
    assert client.put(path, json={"records": changed}, headers=auth).status_code == 200
    assert len(attendance_events(app)) == 3
    assert sheet(client, auth, path)[refs["omar"]]["status"] == "present"


def test_bad_records_are_all_named_and_nothing_is_recorded(client, auth, app):
    training = virtual_training(client, auth, capacity=1)
    other = virtual_training(client, auth)
    aminata = register(client, auth, training, "aminata")
    waitlisted = register(client, auth, training, "omar")
    elsewhere = register(client, auth, other, "nurul")
    path = sheet_path(training, 0)

    def refused(records: list[dict[str, Any]], at: str = path) -> dict[str, str]:
        response = client.put(at, json={"records": records}, headers=auth)
        assert response.status_code == 422, response.json
        return response.json["error"]["fields"]

    present = {"reference": aminata, "status": "present"}
    shape = refused([present, {**present, "status": "late"}, {**present, "minutes": -5}])
    assert set(shape) == {"records.1.status", "records.2.minutes"}
    references = refused(
        [
            present,
            {"reference": "WEB20-ZZZZ", "status": "present"},
            {"reference": waitlisted, "status": "present"},
            {"reference": elsewhere, "status": "present"},
            {"reference": aminata, "status": "absent"},
        ]
    )
    assert references == {
        "records.1.reference": "unknown reference",
        "records.2.reference": "not a confirmed registration of this training",
        "records.3.reference": "not a confirmed registration of this training",
        "records.4.reference": "given twice",
    }
    wrong_session = f"/api/v1/trainings/{training['id']}/sessions/{other['sessions'][0]['id']}"
    assert "session_id" in refused([present], f"{wrong_session}/attendance")
    not_json = client.put(path, data="records", headers=auth)
    assert not_json.status_code == 422
    valid = {"records": [present]}
    assert client.put(path, json=valid).status_code == 401
    assert recorders(app) == []
    assert attendance_events(app) == []


def test_the_worker_keeps_the_summary_and_eligibility(client, auth, app, worker):
    training = virtual_training(client, auth)
    refs = {who: register(client, auth, training, who) for who in PEOPLE}
    summary_path = f"/api/v1/trainings/{training['id']}/attendance"
    # Per session; 60 of 180 minutes is under the 0.5 share, so the marks alone count.
    marks = {
        0: {"aminata": "present", "omar": "present", "nurul": "present", "yusuf": "absent"},
        1: {"aminata": "present", "omar": "present", "nurul": "absent", "yusuf": "excused"},
        2: {"aminata": "present", "omar": "absent", "nurul": "absent", "yusuf": "absent"},
    }
    untouched = client.get(summary_path, headers=auth).json["attendance"]
    # Before any mark, only the expert earns a certificate (appreciation), as issuance says.
    assert {(row["role"], row["sessions_total"], row["eligible"]) for row in untouched} == {
        ("participant", 0, False),
        ("expert", 0, True),
    }

    for day, statuses in marks.items():
        records = [
            {"reference": refs[who], "status": status, "minutes": 60.0}
            for who, status in statuses.items()
        ]
        records.append({"reference": refs["khadija"], "status": "absent"})
        response = client.put(sheet_path(training, day), json={"records": records}, headers=auth)
        assert response.status_code == 200, response.json

    def summaries() -> dict[str, tuple[int, int, float, bool]]:
        rows = client.get(summary_path, headers=auth).json["attendance"]
        return {
            row["name"].split()[0].lower(): (
                row["sessions_attended"],
                row["sessions_total"],
                row["minutes"],
                row["eligible"],
            )
            for row in rows
        }

    expected = {
        "aminata": (3, 3, 180.0, True),
        "omar": (2, 3, 180.0, True),
        "nurul": (1, 3, 180.0, False),
        "yusuf": (0, 3, 180.0, False),
        "khadija": (0, 3, 0.0, True),  # an expert: appreciation, whatever the attendance
    }
    wait_for(lambda: summaries() == expected, what=f"summaries {expected}")

    promoted = [{"reference": refs["nurul"], "status": "present", "minutes": 60.0}]
    assert client.put(sheet_path(training, 1), json={"records": promoted}, headers=auth).json
    wait_for(lambda: summaries()["nurul"] == (2, 3, 180.0, True), what="nurul now eligible")


def test_cli_import_prints_the_match_report(client, auth, app):
    from service.attendance.cli import attendance_cli

    training = virtual_training(client, auth)
    for who in ("aminata", "omar", "nurul"):
        register(client, auth, training, who)
    runner = app.test_cli_runner()
    ids = [str(training["id"]), str(training["sessions"][0]["id"])]

    result = runner.invoke(attendance_cli, ["import", *ids, str(ZOOM_FILE), "--format", "zoom"])

    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "zoom: 3 matched, 3 updated, 3 unmatched",
        "line 5: Training Desk <training@example.org>: organiser",
        "line 10: Dial-in +90 312 000 0000 <no e-mail>: no_email",
        "line 11: Yusuf Kaya <yusuf.kaya@example.tr>: not_registered",
    ]
    assert recorders(app) == [None] * 3
    again = runner.invoke(attendance_cli, ["import", *ids, str(ZOOM_FILE)])
    assert again.output.splitlines()[0] == "zoom: 3 matched, 0 updated, 3 unmatched"

    wrong = runner.invoke(attendance_cli, ["import", ids[0], "999999", str(ZOOM_FILE)])
    assert wrong.exit_code == 1
    assert "not a session of this training" in wrong.output
