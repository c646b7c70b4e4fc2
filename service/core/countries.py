"""Country codes: ISO 3166 alpha-2 via pycountry, member states from the project's CSV."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pycountry

MEMBER_STATES_CSV = Path(__file__).parent / "data" / "oic-member-states.csv"


@cache
def member_states() -> frozenset[str]:
    with MEMBER_STATES_CSV.open(encoding="utf-8") as handle:
        return frozenset(row["iso_alpha2"] for row in csv.DictReader(handle))


def is_country_code(code: str) -> bool:
    return len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None


def is_eligible(country: str, eligible: str | list[str]) -> bool:
    if eligible == "all":
        return True
    if eligible == "oic":
        return country in member_states()
    return country in eligible
