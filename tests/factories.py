"""Building trainings through the public API, as an organiser would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

PROGRAMME = {"code": "Tourism-CaB", "name": {"ar": "برنامج السياحة", "en": "Tourism programme"}}


def training_payload(**overrides: Any) -> dict[str, Any]:
    starts = (datetime.now(UTC) + timedelta(days=30)).date()
    payload: dict[str, Any] = {
        "programme": "Tourism-CaB",
        "kind": "workshop",
        "modality": "onsite",
        "title": {
            "ar": "تعزيز الشراكات بين القطاعين العام والخاص في مجال سياحة فن الطبخ في السنغال",
            "en": "Strengthening Public-Private Partnerships in Culinary Tourism in Senegal",
        },
        "venue": {"city": {"ar": "داكار", "en": "Dakar", "fr": "Dakar"}, "country": "SN"},
        "timezone": "Africa/Dakar",
        "starts_on": starts.isoformat(),
        "ends_on": (starts + timedelta(days=2)).isoformat(),
        "languages": ["ar", "en", "fr"],
        "status": "open",
    }
    payload.update(overrides)
    return payload


def held(days: int = 3) -> dict[str, Any]:
    """Overrides for a training whose ``days`` daily sessions all took place, ending yesterday,
    with registration still open (as an organiser may leave it): attendance can be marked and
    the training closed."""
    now = datetime.now(UTC)
    starts = (now - timedelta(days=days)).date()
    return {
        "starts_on": starts.isoformat(),
        "ends_on": (starts + timedelta(days=days - 1)).isoformat(),
        "registration_closes_at": (now + timedelta(days=1)).isoformat(),
    }


def person(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "given_name": "Aminata",
        "family_name": "Diop",
        "name_ar": "أميناتا ديوب",
        "email": "aminata.diop@example.sn",
        "country": "SN",
        "institution": "Ministry of Tourism",
        "job_title": "Director",
        "preferred_language": "fr",
        "consent": True,
    }
    data.update(overrides)
    return data


def create_training(client: Any, auth: dict[str, str], **overrides: Any) -> dict[str, Any]:
    if client.get("/api/v1/programmes").json["programmes"] == []:
        response = client.post("/api/v1/programmes", json=PROGRAMME, headers=auth)
        assert response.status_code == 201, response.json
    response = client.post("/api/v1/trainings", json=training_payload(**overrides), headers=auth)
    assert response.status_code == 201, response.json
    return response.json


def register(
    client: Any, training_id: int, headers: dict[str, str] | None = None, **fields: Any
) -> dict[str, Any]:
    """Register ``person(**fields)`` through the API; the 201 body."""
    response = client.post(
        f"/api/v1/trainings/{training_id}/registrations", json=person(**fields), headers=headers
    )
    assert response.status_code == 201, response.json
    return response.json


def closed_training(client: Any, auth: dict[str, str], **overrides: Any) -> dict[str, Any]:
    """A training whose sessions took place, closed (a training is closed by the close
    operation, not created closed)."""
    training = create_training(client, auth, **{**held(), **overrides})
    response = client.post(f"/api/v1/trainings/{training['id']}/close", headers=auth)
    assert response.status_code == 202, response.json
    return training


def add_focal_point(app: Any, email: str, country: str, *extra: str) -> dict[str, str]:
    """A focal point made with the command line; its bearer header."""
    result = app.test_cli_runner().invoke(
        args=["focal-point", "add", email, "--country", country, "--name", "Focal Point", *extra]
    )
    assert result.exit_code == 0, result.output
    return {"Authorization": f"Bearer {result.output.strip().splitlines()[-1]}"}


def nominee(**overrides: Any) -> dict[str, Any]:
    """The fields a focal point sends: a person without consent (the nominee gives it)."""
    data = person(**overrides)
    data.pop("consent")
    return data


def nominate(
    client: Any, training_id: int, headers: dict[str, str], **fields: Any
) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/trainings/{training_id}/nominations", json=nominee(**fields), headers=headers
    )
    assert response.status_code == 201, response.json
    return response.json


def decide(
    client: Any, training_id: int, auth: dict[str, str], *decisions: dict[str, Any]
) -> list[dict[str, Any]]:
    response = client.post(
        f"/api/v1/trainings/{training_id}/decisions",
        json={"decisions": list(decisions)},
        headers=auth,
    )
    assert response.status_code == 200, response.json
    return response.json["results"]
