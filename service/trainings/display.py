"""A training as the pages show it, in the page language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from flask import render_template
from flask_babel import get_locale

from certificates.formatting import sentence_case
from service.core.dates import (
    comma,
    date_range,
    day_with_weekday,
    local_datetime,
    local_time,
    ltr,
    time_range,
    zone_name,
)
from service.core.i18n import pick, place
from service.trainings.labels import KINDS, MODALITIES, TRAINING_STATUSES
from service.trainings.models import Kind, Modality, Training, TrainingSession
from service.trainings.operations import registration_is_open


@dataclass(frozen=True)
class SessionView:
    day: str
    starts: str
    ends: str
    hours: str  # ``09:00–17:00``: pages isolate it left to right (``<bdi dir="ltr">``)
    title: str | None


@dataclass(frozen=True)
class TrainingView:
    id: int
    title: str
    description: str
    kind: str
    modality_label: str
    dates: str
    venue: str | None
    languages: str
    seats_left: int | None
    admission: str  # open, selection (people apply) or nomination (focal points nominate)
    registration_open: bool
    registration_closes: str
    timezone: str
    sessions: list[SessionView]

    @property
    def waiting_list(self) -> bool:
        return self.seats_left == 0


def training_view(training: Training, language: str, seats_left: int | None) -> TrainingView:
    zone = training.timezone
    return TrainingView(
        id=training.id,
        title=pick(training.title, language),
        description=pick(training.description, language),
        kind=str(KINDS[Kind(training.kind)]),
        modality_label=str(MODALITIES[Modality(training.modality)]),
        dates=sentence_case(date_range(training.starts_on, training.ends_on, language)),
        venue=place_text(training, language),
        languages=language_list(training.languages, language),
        seats_left=seats_left,
        admission=training.admission,
        registration_open=registration_is_open(training),
        registration_closes=local_datetime(training.registration_closes_at, zone, language),
        timezone=training_zone_name(training, language),
        sessions=session_views(training, language),
    )


def training_zone_name(training: Training, language: str) -> str:
    """The training's time zone as readers name it (``heure moyenne de Greenwich``), at its
    first session (summer or standard time as it is then)."""
    moment = training.sessions[0].starts_at if training.sessions else None
    return zone_name(training.timezone, moment or training.registration_closes_at, language)


def session_views(training: Training, language: str) -> list[SessionView]:
    """Each session's day and hours in the training's time zone."""
    zone = training.timezone
    return [
        SessionView(
            day=sentence_case(
                day_with_weekday(s.starts_at.astimezone(ZoneInfo(zone)).date(), language)
            ),
            starts=local_time(s.starts_at, zone, language),
            ends=local_time(s.ends_at, zone, language),
            hours=time_range(s.starts_at, s.ends_at, zone),
            title=s.title,
        )
        for s in training.sessions
    ]


def session_labels(training: Training, language: str) -> list[tuple[TrainingSession, str]]:
    """Each session with its day and hours in the training's time zone."""
    views = session_views(training, language)
    # The hours are isolated left to right, so that Arabic text does not swap them.
    return [
        (session, f"{view.day}{comma(language)}{ltr(view.hours)}")
        for session, view in zip(training.sessions, views, strict=True)
    ]


def place_text(training: Training, language: str) -> str | None:
    """``Dakar, Senegal``; None for a training with no venue (online only)."""
    if training.modality == Modality.VIRTUAL or not training.venue_country:
        return None
    return place(training.venue_city, training.venue_country, language)


def language_list(codes: list[str], language: str) -> str:
    names = Locale.parse(language).languages
    return _separator(language).join(names.get(code, code) for code in codes)


def _separator(language: str) -> str:
    return "، " if language == "ar" else ", "  # the Arabic comma in Arabic text


def training_page(template: str, training: Training, **context: Any) -> str:
    """An organiser page about one training: its title in the page language, and the states."""
    return render_template(
        template,
        training=training,
        title=pick(training.title, str(get_locale())),
        training_statuses=TRAINING_STATUSES,
        **context,
    )
