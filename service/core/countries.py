"""Country codes: ISO 3166 alpha-2 via pycountry; the member states and the names the centre
uses for them in Arabic, English and French (``data/oic-member-states.csv``)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pycountry

MEMBER_STATES_CSV = Path(__file__).parent / "data" / "oic-member-states.csv"
NAMED_LANGUAGES = ("ar", "en", "fr")


@cache
def _member_rows() -> tuple[dict[str, str], ...]:
    with MEMBER_STATES_CSV.open(encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle))


@cache
def member_states() -> frozenset[str]:
    return frozenset(row["iso_alpha2"] for row in _member_rows())


@cache
def centre_names() -> dict[str, dict[str, str]]:
    """code → language → the member state's name as the centre writes it (``State of
    Palestine``, ``دولة فلسطين``, ``État de Palestine``); it wins over CLDR's where they differ."""
    return {
        row["iso_alpha2"]: {lang: row[f"name_{lang}"] for lang in NAMED_LANGUAGES}
        for row in _member_rows()
    }


def is_country_code(code: str) -> bool:
    return len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None


def is_eligible(country: str, eligible: str | list[str]) -> bool:
    if eligible == "all":
        return True
    if eligible == "oic":
        return country in member_states()
    return country in eligible
