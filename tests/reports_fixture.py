"""A year of activities (2024) seeded through the API, whose figures are known and written in
the tests: three counted activities, a draft, a cancelled one and one of the year before."""

from __future__ import annotations

from typing import Any

from factories import register
from waiting import wait_until_idle

YEAR = 2024
PROGRAMMES = (
    {
        "code": "StatCaB",
        "name": {
            "ar": "برنامج بناء القدرات الإحصائية",
            "en": "Statistical capacity building",
            "fr": "Renforcement des capacités statistiques",
        },
    },
    {
        "code": "Tourism-CaB",
        "name": {"ar": "برنامج السياحة", "en": "Tourism programme", "fr": "Programme tourisme"},
    },
)
DAKAR = {"city": {"ar": "داكار", "en": "Dakar", "fr": "Dakar"}, "country": "SN"}


def _training(client: Any, auth: dict[str, str], **fields: Any) -> dict[str, Any]:
    payload = {
        "title": {"ar": "نشاط تدريبي", "en": "A training activity", "fr": "Une activité"},
        "timezone": "Africa/Dakar",
        "languages": ["ar", "en", "fr"],
        "status": "open",
        **fields,
    }
    response = client.post("/api/v1/trainings", json=payload, headers=auth)
    assert response.status_code == 201, response.json
    return response.json


def _mark(
    client: Any, auth: dict[str, str], training: dict[str, Any], day: int, refs: list[str]
) -> None:
    session = training["sessions"][day]["id"]
    response = client.put(
        f"/api/v1/trainings/{training['id']}/sessions/{session}/attendance",
        json={"records": [{"reference": r, "status": "present"} for r in refs]},
        headers=auth,
    )
    assert response.status_code == 200, response.json


def _people(
    client: Any, auth: dict[str, str], training: dict[str, Any], people: list[tuple[str, str, str]]
) -> dict[str, str]:
    """Register (name, country, role) through the API as an organiser; references by name."""
    references = {}
    for name, country, role in people:
        body = register(
            client,
            training["id"],
            headers=auth,
            given_name=name,
            family_name="Tester",
            name_ar="مشارك تجريبي",
            email=f"{name.lower()}@example.org",
            country=country,
            role=role,
            preferred_language="en",
        )
        references[name] = body["reference"]
    return references


def seed_year(client: Any, auth: dict[str, str], app: Any) -> dict[str, Any]:
    """The year, closed and summarised by real workers (the ``worker`` fixture must run)."""
    for programme in PROGRAMMES:
        assert client.post("/api/v1/programmes", json=programme, headers=auth).status_code == 201
    course = _training(
        client,
        auth,
        programme="StatCaB",
        kind="training_course",
        modality="virtual",
        starts_on=f"{YEAR}-03-04",
        ends_on=f"{YEAR}-03-06",
        evaluation="optional",
        eligible_countries="all",
    )
    workshop = _training(
        client,
        auth,
        programme="Tourism-CaB",
        kind="workshop",
        modality="onsite",
        venue=DAKAR,
        starts_on=f"{YEAR}-09-02",
        ends_on=f"{YEAR}-09-03",
        evaluation="optional",
    )
    webinar = _training(
        client,
        auth,
        programme="Tourism-CaB",
        kind="webinar",
        modality="virtual",
        starts_on=f"{YEAR}-09-20",
        ends_on=f"{YEAR}-09-20",
        eligible_countries="all",
    )
    # Not counted: a draft, a cancelled workshop, and a course of the year before.
    draft = _training(
        client,
        auth,
        programme="StatCaB",
        kind="training_course",
        modality="virtual",
        starts_on=f"{YEAR}-05-01",
        ends_on=f"{YEAR}-05-01",
        status="draft",
    )
    cancelled = _training(
        client,
        auth,
        programme="StatCaB",
        kind="workshop",
        modality="virtual",
        starts_on=f"{YEAR}-06-01",
        ends_on=f"{YEAR}-06-01",
    )  # cancelled below, once someone has registered (a cancelled training takes no one)
    before = _training(
        client,
        auth,
        programme="StatCaB",
        kind="training_course",
        modality="virtual",
        starts_on=f"{YEAR - 1}-12-30",
        ends_on=f"{YEAR}-01-02",
    )

    c = _people(
        client,
        auth,
        course,
        [
            ("Awa", "SN", "participant"),
            ("Youssef", "MA", "participant"),
            ("Mona", "EG", "participant"),
            ("Emre", "TR", "participant"),
            ("Gone", "DZ", "participant"),
            ("Rania", "JO", "expert"),
        ],
    )
    cancel = client.post(f"/api/v1/registrations/{c['Gone']}/cancel", headers=auth)
    assert cancel.status_code == 200, cancel.json
    for day in range(3):
        _mark(client, auth, course, day, [c["Awa"], c["Youssef"], c["Rania"]])
    _mark(client, auth, course, 0, [c["Mona"]])  # one session of three: attended, not certified

    w = _people(
        client,
        auth,
        workshop,
        [
            ("Fatou", "SN", "participant"),
            ("Moussa", "SN", "participant"),
            ("Koffi", "CI", "participant"),
        ],
    )
    _mark(client, auth, workshop, 0, [w["Fatou"], w["Koffi"]])
    _mark(client, auth, workshop, 1, [w["Fatou"]])

    b = _people(
        client, auth, webinar, [("Claire", "FR", "participant"), ("Omar", "MA", "participant")]
    )
    _mark(client, auth, webinar, 0, [b["Claire"], b["Omar"]])

    for other in (draft, cancelled, before):  # people in trainings that do not count
        refs = _people(client, auth, other, [("Extra", "SN", "participant")])
        if other is before:
            _mark(client, auth, other, 0, [refs["Extra"]])
    cancelling = client.patch(
        f"/api/v1/trainings/{cancelled['id']}", json={"status": "cancelled"}, headers=auth
    )
    assert cancelling.status_code == 200, cancelling.json

    for training in (course, workshop, webinar, before):
        response = client.post(f"/api/v1/trainings/{training['id']}/close", headers=auth)
        assert response.status_code == 202, response.json
    wait_until_idle(app, 60)
    return {
        "course": course,
        "workshop": workshop,
        "webinar": webinar,
        "course_people": c,
        "workshop_people": w,
    }


def survey_tokens(app: Any, training_id: int) -> list[str]:
    """The personal survey tokens of a training's invitations (as their e-mails carry them)."""
    from sqlalchemy import select

    from service.core.db import db
    from service.evaluation.links import survey_token
    from service.evaluation.models import Invitation

    with app.app_context():
        invitations = db.session.scalars(
            select(Invitation).where(Invitation.training_id == training_id).order_by(Invitation.id)
        ).all()
        tokens = [survey_token(invitation) for invitation in invitations]
        db.session.remove()
    return tokens


def answer(client: Any, token: str, **answers: Any) -> Any:
    return client.post(f"/api/v1/evaluations/{token}", json={"answers": answers})
