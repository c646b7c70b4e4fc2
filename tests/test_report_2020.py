"""The centre's own report on 2020, reproduced from data: 27 virtual training courses, 2
workshops, 10 webinars and 3 meetings; participants from 54 member countries; 648 participants
in the courses, 58 in the workshops and 186 in the meetings (the webinars' attendance was not
recorded, as the centre's figures give none).

Trainings are created and attendance is marked through the API; the 1,000-odd registrations are
made through the operations layer (``registrations.operations.register``, the function the API
calls, one transaction per training) because a thousand HTTP round trips would take most of the
test's time without testing anything the registration tests do not; the attendance summaries are
made by the pipeline's own handler (``process_event`` with the registry's table), as a worker
would, without sending a thousand confirmation e-mails.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from service.core.countries import member_states

COURSES, WORKSHOPS, WEBINARS, MEETINGS = 27, 2, 10, 3
ATTENDED = {"training_course": 648, "workshop": 58, "webinar": 0, "meeting": 186}
ABSENT_PER_ACTIVITY = 3  # registered, never attended: counted as registered only


def _spread(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if index < total % parts else 0) for index in range(parts)]


def _create(client: Any, auth: dict[str, str], kind: str, index: int) -> dict[str, Any]:
    month = 1 + index % 12
    payload = {
        "programme": "StatCaB",
        "kind": kind,
        "modality": "virtual",
        "title": {"ar": f"نشاط {index}", "en": f"Activity {index}"},
        "timezone": "Europe/Istanbul",
        "starts_on": f"2020-{month:02d}-{1 + index % 27:02d}",
        "ends_on": f"2020-{month:02d}-{1 + index % 27:02d}",
        "status": "open",
    }
    response = client.post("/api/v1/trainings", json=payload, headers=auth)
    assert response.status_code == 201, response.json
    return response.json


def test_the_paragraph_reproduces_the_centres_2020_figures(client, auth, app):
    from service.core.db import db
    from service.pipeline.models import OutboxEvent
    from service.pipeline.outbox import process_event
    from service.registrations.operations import register
    from service.registrations.schemas import RegistrationIn
    from service.registry import EVENT_HANDLERS

    programme = {"code": "StatCaB", "name": {"en": "Statistics"}}
    assert client.post("/api/v1/programmes", json=programme, headers=auth).status_code == 201
    countries = sorted(member_states())[:54]
    plan = [
        ("training_course", COURSES),
        ("workshop", WORKSHOPS),
        ("webinar", WEBINARS),
        ("meeting", MEETINGS),
    ]
    person = 0
    for kind, count in plan:
        for index, attendees in enumerate(_spread(ATTENDED[kind], count)):
            training = _create(client, auth, kind, person + index)
            references = []
            with app.app_context():
                for _ in range(attendees + ABSENT_PER_ACTIVITY):
                    data = RegistrationIn(
                        given_name="Delegate",
                        family_name=f"Number{person}",
                        email=f"delegate{person}@example.org",
                        country=countries[person % len(countries)],
                        consent=True,
                    )
                    references.append(
                        register(training["id"], data, by_organiser=True).registration.reference
                    )
                    person += 1
                db.session.commit()
            present = references[:attendees]
            if present:
                session = training["sessions"][0]["id"]
                response = client.put(
                    f"/api/v1/trainings/{training['id']}/sessions/{session}/attendance",
                    json={"records": [{"reference": r, "status": "present"} for r in present]},
                    headers=auth,
                )
                assert response.status_code == 200, response.json
    with app.app_context():
        pending = db.session.scalars(
            select(OutboxEvent.id).where(OutboxEvent.kind == "attendance.recorded")
        ).all()
        db.session.rollback()
        for event_id in pending:
            process_event(event_id, EVENT_HANDLERS)

    report = client.get("/api/v1/reports/annual?year=2020", headers=auth).json
    assert report["totals"]["activities"] == 42
    assert report["totals"]["participants"] == 648 + 58 + 186
    assert report["totals"]["registered"] == 648 + 58 + 186 + 42 * ABSENT_PER_ACTIVITY
    assert report["totals"]["member_countries"] == report["totals"]["countries"] == 54
    assert {k: v["activities"] for k, v in report["by_kind"].items()} == {
        "training_course": 27,
        "workshop": 2,
        "webinar": 10,
        "study_visit": 0,
        "meeting": 3,
    }
    assert {k: v["participants"] for k, v in report["by_kind"].items()} == {
        **ATTENDED,
        "study_visit": 0,
    }
    assert report["paragraph"]["ar"].startswith(
        "خلال عام 2020، نظّم المركز 27 دورة تدريبية وورشتي عمل تدريبيتين و10 ندوات عبر الإنترنت "
        "و3 اجتماعات، وقد عُقدت جميعها افتراضيًا. وبلغ عدد المشاركين فيها 892 مشاركًا من 54 "
        "بلدًا عضوًا، بواقع 648 مشاركًا في الدورات التدريبية و58 مشاركًا في ورشتي العمل "
        "التدريبيتين و186 مشاركًا في الاجتماعات."
    )
    assert report["paragraph"]["en"].startswith(
        "In 2020, the centre held 27 training courses, 2 workshops, 10 webinars and 3 meetings, "
        "all of them online. These activities brought together 892 participants from 54 member "
        "countries: 648 participants in the training courses, 58 in the workshops and 186 in the "
        "meetings."
    )
    assert report["paragraph"]["fr"].startswith(
        "En 2020, le centre a organisé 27 cours de formation, 2 ateliers, 10 webinaires et 3 "
        "réunions, tous en ligne. Ces activités ont réuni 892 participants venus de 54 pays "
        "membres\u202f: 648 participants aux cours de formation, 58 aux ateliers et 186 aux "
        "réunions."
    )
