"""Multilingual data as a reader sees it: the right language, country names, the venue."""

from __future__ import annotations

from collections.abc import Mapping

from babel import Locale

from certificates.formatting import where
from service.core.countries import centre_names

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
    """The country's name in ``language``: the centre's own for its member states (``State of
    Palestine``), else CLDR's."""
    own = centre_names().get(code, {}).get(language)
    return own or Locale.parse(language).territories.get(code, code)


def companion_language(preferred: str) -> str:
    """The second language of bilingual messages: Arabic beside English or French, else English."""
    return "en" if preferred == "ar" else "ar"


def place(city: Mapping[str, str] | None, country: str | None, language: str) -> str:
    """``Dakar, Sénégal`` / ``داكار، السنغال``: a city and its country (either may be missing)."""
    comma = "، " if language == "ar" else ", "
    country_text = country_name(country, language) if country else ""
    return comma.join(part for part in (pick(city, language), country_text) if part)


def venue_text(
    modality: str, city: Mapping[str, str] | None, country: str | None, language: str
) -> str:
    """Where a training happens, as one phrase: ``Dakar, Senegal``, ``online`` or ``Dakar, Senegal
    and online``. The one wording used by pages, e-mails, calendar files and certificates."""
    venue = None if modality == "virtual" else place(city, country, language) or None
    return where(modality, venue, language)  # type: ignore[arg-type]
