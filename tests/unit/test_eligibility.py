"""Who earns which certificate: every role against the attendance rule and the decisions."""

from __future__ import annotations

import pytest

from service.certification.eligibility import earned

ROLES = ("participant", "expert", "speaker", "organiser")


@pytest.mark.parametrize(
    ("role", "rule_met", "decision", "expected"),
    [
        ("participant", True, None, "attendance"),
        ("participant", False, None, None),
        ("participant", False, "grant", "attendance"),
        ("participant", True, "withhold", None),
        ("expert", False, None, "appreciation"),
        ("expert", True, None, "appreciation"),
        ("expert", False, "withhold", None),
        ("speaker", False, None, "appreciation"),
        ("speaker", True, "grant", "appreciation"),
        ("organiser", True, None, None),  # organisers earn nothing by attending
        ("organiser", False, None, None),
        ("organiser", False, "grant", "appreciation"),
        ("organiser", True, "withhold", None),
    ],
)
def test_earned(role, rule_met, decision, expected):
    assert earned(role, rule_met, decision, "attendance") == expected


def test_participants_earn_the_trainings_own_design():
    assert earned("participant", True, None, "participation") == "participation"


@pytest.mark.parametrize("role", ROLES)
def test_withholding_always_wins(role):
    for rule_met in (True, False):
        assert earned(role, rule_met, "withhold", "participation") is None
