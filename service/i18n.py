"""Picking the right language out of multilingual data."""

from __future__ import annotations

from collections.abc import Mapping

from babel import Locale

from service.models import Training

FALLBACK_ORDER = ("en", "ar", "fr")


def pick(texts: Mapping[str, str] | None, language: str) -> str:
    """The text in ``language``, else in English, Arabic or French, else ``""``."""
    if not texts:
        return ""
    for candidate in (language, *FALLBACK_ORDER):
        if texts.get(candidate):
            return texts[candidate]
    return ""


def country_name(code: str, language: str) -> str:
    return Locale.parse(language).territories.get(code, code)


def companion_language(preferred: str) -> str:
    """The second language of bilingual messages: Arabic beside English or French, else English."""
    return "en" if preferred == "ar" else "ar"


def place(training: Training, language: str) -> str:
    """``Dakar, Sénégal`` / ``داكار، السنغال``: the venue's city and country."""
    comma = "، " if language == "ar" else ", "
    country = country_name(training.venue_country, language) if training.venue_country else ""
    return comma.join(part for part in (pick(training.venue_city, language), country) if part)
