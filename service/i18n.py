"""Picking the right language out of multilingual data."""

from __future__ import annotations

from collections.abc import Mapping

from babel import Locale

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
