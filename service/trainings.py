"""Creating, changing and showing trainings."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from service.clock import utcnow
from service.errors import not_found, validation_error
from service.extensions import db
from service.models import Training, TrainingSession
from service.outbox import record_event
from service.programmes import find_programme
from service.schemas import SessionIn, TrainingIn, parse
from service.seats import fill_seats, seats_left

DEFAULT_DAY = (time(9, 0), time(17, 0))


def create_training(data: TrainingIn) -> Training:
    training = Training(reference_prefix=reference_prefix(data))
    _apply(training, data)
    db.session.add(training)
    db.session.flush()
    return training


def update_training(training: Training, changes: dict[str, Any]) -> Training:
    """Apply a partial change; the merged result is validated as a whole."""
    current = serialise_training(training, include_private=True)
    for derived in ("id", "seats_left", "reference_prefix"):
        current.pop(derived)
    current["sessions"] = [
        {key: value for key, value in session.items() if key != "id"}
        for session in current["sessions"]
    ]
    if "sessions" not in changes and {"starts_on", "ends_on", "timezone"} & changes.keys():
        current["sessions"] = None  # the dates moved: lay out the default sessions again
    merged = parse(TrainingIn, {**current, **changes})
    rule_before = _attendance_rule(training)
    _apply(training, merged)
    db.session.flush()
    if _attendance_rule(training) != rule_before:
        record_event("training.rule_changed", training_id=training.id)
    fill_seats(training)
    return training


def _attendance_rule(training: Training) -> tuple[Any, ...]:
    """What a registration's attendance summary depends on."""
    sessions = tuple((s.id, s.starts_at, s.ends_at) for s in training.sessions)
    return training.attendance_threshold, training.session_min_share, sessions


def _apply(training: Training, data: TrainingIn) -> None:
    programme = find_programme(data.programme)
    if programme is None:
        raise validation_error({"programme": f"unknown programme {data.programme}"})
    zone = ZoneInfo(data.timezone)
    sessions = data.sessions or [
        _default_session(data.starts_on + timedelta(days=offset), zone)
        for offset in range((data.ends_on - data.starts_on).days + 1)
    ]
    first_start = min(session.starts_at for session in sessions)
    training.programme = programme
    training.kind = data.kind
    training.modality = data.modality
    training.title = data.title.as_dict()
    training.description = data.description.as_dict()
    training.venue_city = data.venue.city.as_dict()
    training.venue_country = data.venue.country
    training.timezone = data.timezone
    training.starts_on = data.starts_on
    training.ends_on = data.ends_on
    training.languages = list(dict.fromkeys(data.languages))
    training.capacity = data.capacity
    training.registration_opens_at = (
        data.registration_opens_at or training.registration_opens_at or utcnow()
    )
    training.registration_closes_at = data.registration_closes_at or first_start
    training.eligible_countries = data.eligible_countries
    training.meeting_url = str(data.meeting_url) if data.meeting_url else None
    training.partners = [partner.as_dict() for partner in data.partners]
    training.attendance_threshold = data.attendance_threshold
    training.session_min_share = data.session_min_share
    training.status = data.status
    training.certificate_template = data.certificate_template
    training.signatories = [
        {"name": signatory.name.as_dict(), "title": signatory.title.as_dict()}
        for signatory in data.signatories
    ]
    _replace_sessions(training, sessions)


def _default_session(day: date, zone: ZoneInfo) -> SessionIn:
    start, end = DEFAULT_DAY
    return SessionIn(
        starts_at=datetime.combine(day, start, zone), ends_at=datetime.combine(day, end, zone)
    )


def _replace_sessions(training: Training, sessions: list[SessionIn]) -> None:
    wanted = sorted(
        (s.starts_at.astimezone(UTC), s.ends_at.astimezone(UTC), s.title) for s in sessions
    )
    existing = sorted(training.sessions, key=lambda s: s.starts_at)
    if [(s.starts_at, s.ends_at, s.title) for s in existing] == wanted:
        return
    # Keep session rows (and their ids) where they line up, so later records keep pointing at them.
    for index, (starts_at, ends_at, title) in enumerate(wanted):
        if index < len(existing):
            existing[index].starts_at, existing[index].ends_at = starts_at, ends_at
            existing[index].title = title
        else:
            training.sessions.append(
                TrainingSession(starts_at=starts_at, ends_at=ends_at, title=title)
            )
    for extra in existing[len(wanted) :]:
        training.sessions.remove(extra)


def reference_prefix(data: TrainingIn) -> str:
    """Three letters for the place (``DKR`` for Dakar, ``WEB`` online) and the year: ``DKR25``."""
    city = data.venue.city.en or data.venue.city.fr or ""
    letters = [c for c in unicodedata.normalize("NFKD", city).upper() if "A" <= c <= "Z"]
    if data.modality == "virtual" or not letters:
        code = "WEB"
    else:
        consonants = [c for c in letters[1:] if c not in "AEIOUY"]
        code = "".join([letters[0], *consonants, *letters[1:], "XX"])[:3]
    return f"{code}{data.starts_on:%y}"


def get_training(training_id: int, *, include_drafts: bool) -> Training:
    training = db.session.get(Training, training_id)
    if training is None or (training.status == "draft" and not include_drafts):
        raise not_found("training")
    return training


def open_trainings() -> list[Training]:
    return list(
        db.session.scalars(
            select(Training).where(Training.status == "open").order_by(Training.starts_on)
        )
    )


def all_trainings() -> list[Training]:
    return list(db.session.scalars(select(Training).order_by(Training.starts_on.desc())))


def registration_is_open(training: Training, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return (
        training.status == "open"
        and training.registration_opens_at <= now < training.registration_closes_at
    )


def serialise_training(training: Training, *, include_private: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": training.id,
        "programme": training.programme.code,
        "kind": training.kind,
        "modality": training.modality,
        "title": training.title,
        "description": training.description,
        "venue": {"city": training.venue_city, "country": training.venue_country},
        "timezone": training.timezone,
        "starts_on": training.starts_on.isoformat(),
        "ends_on": training.ends_on.isoformat(),
        "sessions": [
            {
                "id": s.id,
                "starts_at": s.starts_at.isoformat(),
                "ends_at": s.ends_at.isoformat(),
                "title": s.title,
            }
            for s in training.sessions
        ],
        "languages": training.languages,
        "capacity": training.capacity,
        "seats_left": seats_left(training),
        "registration_opens_at": training.registration_opens_at.isoformat(),
        "registration_closes_at": training.registration_closes_at.isoformat(),
        "eligible_countries": training.eligible_countries,
        "partners": training.partners,
        "attendance_threshold": training.attendance_threshold,
        "session_min_share": training.session_min_share,
        "status": training.status,
        "certificate_template": training.certificate_template,
        "signatories": training.signatories,
        "reference_prefix": training.reference_prefix,
    }
    if include_private:
        data["meeting_url"] = training.meeting_url
    return data
