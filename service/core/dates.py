"""Dates and times as people read them in Arabic, English and French.

The dates of a training are written by the certificate engine's ``date_range`` (one
implementation for pages, e-mails and certificates: ``1–3 September 2025``, ``du 1er au 3
septembre 2025``, ``من 1 إلى 3 سبتمبر 2025``); weekdays and time-zone names come from CLDR via
Babel. Digits are Western in every language, as on the certificates.

Text that runs left to right inside Arabic (a time range, a code, a reference) must be isolated
or the Arabic around it reorders its parts (``17:00–09:00``): plain text (e-mails) uses the
isolate characters (``ltr``, ``isolated``), pages use ``<bdi dir="ltr">``.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo

from babel.dates import format_date, get_timezone_location, get_timezone_name

from certificates.formatting import EN_DASH, Lang, day
from certificates.formatting import date_range as written_range

LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"


def ltr(text: str) -> str:
    """``text`` isolated left to right (LRI … PDI): a code, a time range, a URL in Arabic text."""
    return f"{LRI}{text}{PDI}"


def isolated(text: str) -> str:
    """``text`` isolated in its own direction (FSI … PDI): a range or name whose parts must not
    mix with the sentence around them."""
    return f"{FSI}{text}{PDI}"


def comma(language: str) -> str:
    """The comma between a day and a time: the Arabic comma in Arabic text."""
    return "، " if language == "ar" else ", "


def date_range(starts_on: date, ends_on: date, language: str) -> str:
    """``1–3 September 2025``, ``du 1er au 3 septembre 2025``, ``من 1 إلى 3 سبتمبر 2025``: the
    engine's wording, the one certificates print."""
    return written_range(starts_on, ends_on, _lang(language))


def day_with_weekday(value: date, language: str) -> str:
    """``Monday 1 September 2025``, ``lundi 1er septembre 2025``, ``الاثنين 1 سبتمبر 2025``."""
    return f"{format_date(value, 'EEEE', locale=language)} {day(value, _lang(language))}"


def local_datetime(moment: datetime, timezone: str, language: str) -> str:
    """A moment in the training's time zone: ``lundi 1er septembre 2025, 09:00``."""
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{day_with_weekday(local.date(), language)}{comma(language)}{local:%H:%M}"


def local_time(moment: datetime, timezone: str, language: str) -> str:
    return f"{moment.astimezone(ZoneInfo(timezone)):%H:%M}"


def time_range(starts_at: datetime, ends_at: datetime, timezone: str) -> str:
    """``09:00–17:00`` in the training's time zone (left to right in every language)."""
    zone = ZoneInfo(timezone)
    return f"{starts_at.astimezone(zone):%H:%M}{EN_DASH}{ends_at.astimezone(zone):%H:%M}"


def session_when(starts_at: datetime, ends_at: datetime, timezone: str, language: str) -> str:
    """A session as one line of plain text: ``Monday 1 September 2025, 09:00–17:00``; in
    Arabic with the Arabic comma and the hours isolated (``الاثنين 1 سبتمبر 2025، ⁦09:00–17:00⁩``)."""
    hours = time_range(starts_at, ends_at, timezone)
    local_day = starts_at.astimezone(ZoneInfo(timezone)).date()
    if language == "ar":
        hours = ltr(hours)
    return f"{day_with_weekday(local_day, language)}{comma(language)}{hours}"


def zone_name(timezone: str, moment: datetime, language: str) -> str:
    """The time zone as readers name it at ``moment``, never its IANA identifier: ``Greenwich
    Mean Time``, ``heure moyenne de Greenwich``, ``توقيت غرينتش``; ``Türkiye Standard Time``;
    summer time when it is in force. Where CLDR has no such name, the place's: ``Senegal
    Time``."""
    zone: tzinfo = ZoneInfo(timezone)
    name = get_timezone_name(moment.astimezone(zone), "long", locale=language)
    if not name or (name.startswith(("GMT", "UTC")) and any(ch.isdigit() for ch in name)):
        name = get_timezone_location(timezone, locale=language)
    return name


def _lang(language: str) -> Lang:
    return language if language in ("ar", "en", "fr") else "en"  # type: ignore[return-value]
