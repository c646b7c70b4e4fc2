"""Dates and times as people read them in Arabic, English and French (CLDR data via Babel)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime, format_interval


def date_range(starts_on: date, ends_on: date, language: str) -> str:
    """``1–3 سبتمبر 2025``, ``Sep 1 – 3, 2025``, ``1–3 sept. 2025`` (Western digits)."""
    return format_interval(starts_on, ends_on, "yMMMMd", locale=language)


def local_datetime(moment: datetime, timezone: str, language: str) -> str:
    local = moment.astimezone(ZoneInfo(timezone))
    return format_datetime(local, "EEEE d MMMM y, HH:mm", locale=language)


def local_time(moment: datetime, timezone: str, language: str) -> str:
    return format_datetime(moment.astimezone(ZoneInfo(timezone)), "HH:mm", locale=language)
