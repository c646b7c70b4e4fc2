"""The registration form: what it sends, and the countries it offers."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

import pycountry

from service.countries import member_states
from service.i18n import country_name

TEXT_FIELDS = (
    "given_name",
    "family_name",
    "name_ar",
    "email",
    "country",
    "institution",
    "job_title",
    "preferred_language",
)


def submitted(form: Mapping[str, str]) -> dict[str, Any]:
    """The posted fields as RegistrationIn expects them (nothing else, so no role or force)."""
    data: dict[str, Any] = {name: form.get(name, "") for name in TEXT_FIELDS}
    data["consent"] = form.get("consent") == "yes"
    return data


def eligible_codes(eligible: str | list[str]) -> set[str]:
    if eligible == "oic":
        return set(member_states())
    if eligible == "all":
        return {country.alpha_2 for country in pycountry.countries}
    return set(eligible)


def country_choices(eligible: str | list[str], language: str) -> list[tuple[str, str]]:
    """(code, name in ``language``) for the eligible countries, in alphabetical order."""
    named = [(code, country_name(code, language)) for code in eligible_codes(eligible)]
    return sorted(named, key=lambda choice: _sort_key(choice[1]))


def _sort_key(name: str) -> str:
    """Accents and hamzas ignored, the Arabic article too: ``Émirats`` by E, ``الأردن`` by أ."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return letters.removeprefix("ال")
