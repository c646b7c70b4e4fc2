"""Creating, changing, finding and locking trainings, and their programmes."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from service.core.clock import utcnow
from service.core.db import db
from service.core.errors import ServiceError, not_found, validation_error
from service.core.schemas import parse
from service.pipeline.outbox import record_event
from service.trainings.lifecycle import record_transition, training_closed
from service.trainings.models import (
    Modality,
    Programme,
    Training,
    TrainingEvent,
    TrainingSession,
    TrainingStatus,
)
from service.trainings.schemas import (
    ProgrammeIn,
    SessionIn,
    TrainingIn,
    TrainingOut,
    default_certificate_languages,
)

DEFAULT_DAY = (time(9, 0), time(17, 0))


def create_training(data: TrainingIn) -> Training:
    training = Training(reference_prefix=reference_prefix(data))
    _apply(training, data)
    db.session.add(training)
    db.session.flush()
    return training


def update_training(
    training: Training, changes: dict[str, Any], organiser_id: int | None = None
) -> Training:
    """Apply a partial change; the merged result is validated as a whole.

    A closed training does not change (its certificates say what it was): re-open it first.
    A cancelled one changes its status only by re-opening. Cancelling e-mails every active
    registration (the ``training.cancelled`` event). The caller holds the training's lock and,
    as capacity may have grown, fills the free seats from the waiting list
    (``registrations.seats.fill_seats``).
    """
    if training.status == TrainingStatus.CLOSED:
        raise training_closed("re-open it (with a reason) to change it")
    if training.status == TrainingStatus.CANCELLED and changes.get("status", training.status) != (
        TrainingStatus.CANCELLED
    ):
        raise ServiceError(
            "training_cancelled", "this training is cancelled: re-open it with a reason", 409
        )
    current = TrainingOut.of(training, None, private=True).model_dump(
        mode="json", exclude={"id", "seats_left", "reference_prefix", "history"}
    )
    for session in current["sessions"]:
        del session["id"]
    if "sessions" not in changes and {"starts_on", "ends_on", "timezone"} & changes.keys():
        current["sessions"] = None  # the dates moved: lay out the default sessions again
    if (
        "languages" in changes
        and "certificate_languages" not in changes
        and current["certificate_languages"] == default_certificate_languages(current["languages"])
    ):
        current["certificate_languages"] = None  # it followed the languages: let it follow them
    merged = parse(TrainingIn, {**current, **changes})
    rule_before = _attendance_rule(training)
    status_before = TrainingStatus(training.status)
    _apply(training, merged)
    db.session.flush()
    if _attendance_rule(training) != rule_before:
        record_event(TrainingEvent.RULE_CHANGED, training_id=training.id)
    if training.status != status_before:
        record_transition(training, status_before, organiser_id=organiser_id)
        if training.status == TrainingStatus.CANCELLED:
            record_event(TrainingEvent.CANCELLED, training_id=training.id)
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
    closes = data.registration_closes_at or first_start
    # Unless given, registration opens on creation, or a day before it closes for a training
    # recorded after the fact: the window is never empty, so a later change validates.
    opens = data.registration_opens_at or training.registration_opens_at
    if opens is None or (data.registration_opens_at is None and opens >= closes):
        opens = min(utcnow(), closes - timedelta(days=1))
    training.registration_opens_at = opens
    training.registration_closes_at = closes
    training.eligible_countries = data.eligible_countries
    training.meeting_url = str(data.meeting_url) if data.meeting_url else None
    training.partners = [partner.as_dict() for partner in data.partners]
    training.attendance_threshold = data.attendance_threshold
    training.session_min_share = data.session_min_share
    training.status = data.status
    training.certificate_template = data.certificate_template
    training.evaluation = data.evaluation
    training.admission = data.admission
    training.quotas = dict(data.quotas)
    training.certificate_languages = list(
        data.certificate_languages or default_certificate_languages(training.languages)
    )
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
    if data.modality == Modality.VIRTUAL or not letters:
        code = "WEB"
    else:
        consonants = [c for c in letters[1:] if c not in "AEIOUY"]
        code = "".join([letters[0], *consonants, *letters[1:], "XX"])[:3]
    return f"{code}{data.starts_on:%y}"


def get_training(training_id: int, *, include_drafts: bool) -> Training:
    training = db.session.get(Training, training_id)
    if training is None or (training.status == TrainingStatus.DRAFT and not include_drafts):
        raise not_found("training")
    return training


def open_trainings() -> list[Training]:
    return list(
        db.session.scalars(
            select(Training)
            .where(Training.status == TrainingStatus.OPEN)
            .order_by(Training.starts_on)
        )
    )


def all_trainings() -> list[Training]:
    return list(db.session.scalars(select(Training).order_by(Training.starts_on.desc())))


def registration_is_open(training: Training, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return (
        training.status == TrainingStatus.OPEN
        and training.registration_opens_at <= now < training.registration_closes_at
    )


def lock_training(training_id: int) -> Training:
    """Load a training and lock its row until commit, so seat counts cannot race.

    PostgreSQL takes a row lock (SELECT ... FOR UPDATE); SQLite transactions already start with
    BEGIN IMMEDIATE (``core.db.tune_sqlite``), which serialises writers.
    """
    training = db.session.scalar(
        select(Training)
        .where(Training.id == training_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if training is None:
        raise not_found("training")
    return training


def create_programme(data: ProgrammeIn) -> Programme:
    if find_programme(data.code) is not None:
        raise ServiceError(
            "already_exists", f"programme {data.code} already exists", 409, {"code": "taken"}
        )
    programme = Programme(code=data.code, name=data.name.as_dict())
    db.session.add(programme)
    db.session.flush()
    return programme


def find_programme(code: str) -> Programme | None:
    """Look a programme up by code, ignoring case (``statcab`` finds ``StatCaB``)."""
    return db.session.scalar(select(Programme).where(func.lower(Programme.code) == code.lower()))


def all_programmes() -> list[Programme]:
    return list(db.session.scalars(select(Programme).order_by(Programme.code)))


# Reports count the trainings that happen: drafts and cancelled trainings are left out.
COUNTED_STATUSES = (TrainingStatus.OPEN, TrainingStatus.CLOSED)


def counted_trainings(start: date, end: date, programme: str | None = None) -> Any:
    """The ids (a subquery) of the trainings that start between ``start`` and ``end`` (both
    included), open or closed, of one programme if given (an unknown one is a validation error):
    an activity belongs to the period in which it starts."""
    query = select(Training.id).where(
        Training.starts_on >= start,
        Training.starts_on <= end,
        Training.status.in_(COUNTED_STATUSES),
    )
    if programme:
        found = find_programme(programme)
        if found is None:
            raise validation_error({"programme": f"unknown programme {programme}"})
        query = query.where(Training.programme_id == found.id)
    return query
