"""A training as the pages show it, in the page language."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, get_timezone_location
from flask_babel import gettext

from service.dates import date_range, local_datetime, local_time
from service.i18n import pick
from service.i18n import place as venue_place
from service.models import Training
from service.seats import seats_left
from service.trainings import registration_is_open
from service.web.labels import KINDS, MODALITIES


@dataclass(frozen=True)
class SessionView:
    day: str
    starts: str
    ends: str
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
    registration_open: bool
    registration_closes: str
    timezone: str
    sessions: list[SessionView]

    @property
    def waiting_list(self) -> bool:
        return self.seats_left == 0


def training_view(training: Training, language: str) -> TrainingView:
    zone = training.timezone
    return TrainingView(
        id=training.id,
        title=pick(training.title, language),
        description=pick(training.description, language),
        kind=str(KINDS[training.kind]),
        modality_label=str(MODALITIES[training.modality]),
        dates=date_range(training.starts_on, training.ends_on, language),
        venue=place(training, language),
        languages=language_list(training.languages, language),
        seats_left=seats_left(training),
        registration_open=registration_is_open(training),
        registration_closes=local_datetime(training.registration_closes_at, zone, language),
        timezone=get_timezone_location(zone, locale=language),
        sessions=session_views(training, language),
    )


def session_views(training: Training, language: str) -> list[SessionView]:
    """Each session's day and hours in the training's time zone."""
    zone = training.timezone
    return [
        SessionView(
            day=format_date(s.starts_at.astimezone(ZoneInfo(zone)), "EEEE d MMMM y", language),
            starts=local_time(s.starts_at, zone, language),
            ends=local_time(s.ends_at, zone, language),
            title=s.title,
        )
        for s in training.sessions
    ]


def place(training: Training, language: str) -> str | None:
    """``Dakar, Senegal``; None for a training with no venue (online only)."""
    if training.modality == "virtual" or not training.venue_country:
        return None
    return venue_place(training, language)


def venue_text(training: Training, language: str) -> str:
    """``Dakar, Senegal``, ``Online`` or ``Dakar, Senegal and online`` (in the current locale)."""
    where = place(training, language)
    if where is None:
        return str(MODALITIES["virtual"])
    if training.modality == "hybrid":
        return gettext("%(place)s and online", place=where)
    return where


def language_list(codes: list[str], language: str) -> str:
    names = Locale.parse(language).languages
    return _separator(language).join(names.get(code, code) for code in codes)


def _separator(language: str) -> str:
    return "، " if language == "ar" else ", "  # the Arabic comma in Arabic text
