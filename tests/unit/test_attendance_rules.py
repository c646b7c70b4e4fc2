"""The attendance rule: pure functions of sessions and marks (no app, no database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from service.attendance.rules import (
    attendance_is_enough,
    attended_hours,
    session_counts,
    sessions_attended,
    sessions_needed,
)


@dataclass(frozen=True)
class Rule:
    session_min_share: float = 0.5
    attendance_threshold: float = 0.75


@dataclass(frozen=True)
class Session:
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Mark:
    status: str
    minutes: float | None = None


def three_hours(day: int) -> Session:
    start = datetime(2026, 3, day, 9, tzinfo=UTC)
    return Session(start, start + timedelta(hours=3))


@pytest.mark.parametrize(
    ("threshold", "sessions", "needed"),
    [(2 / 3, 3, 2), (0.28, 25, 7), (0.55, 100, 55), (0.75, 4, 3), (1.0, 3, 3), (0.5, 3, 2)],
)
def test_sessions_needed_is_not_thrown_off_by_float_shares(threshold, sessions, needed):
    assert sessions_needed(threshold, sessions) == needed


def test_a_session_counts_by_mark_or_by_minutes():
    from service.attendance.models import Attendance
    from service.trainings.models import Training, TrainingSession

    training = Training(session_min_share=0.55)  # 0.55 * 180 is 99.00000000000001
    session = TrainingSession(
        starts_at=datetime(2020, 9, 14, 6, tzinfo=UTC), ends_at=datetime(2020, 9, 14, 9, tzinfo=UTC)
    )

    def counts(status: str, minutes: float | None) -> bool:
        return session_counts(training, session, Attendance(status=status, minutes=minutes))

    assert counts("present", None)
    assert counts("absent", 99.0)
    assert not counts("absent", 98.9)
    assert not counts("excused", None)


def test_sessions_attended_and_hours_count_marks_and_minutes():
    rule = Rule(session_min_share=0.5)
    marks = [
        (three_hours(1), Mark("present")),  # the whole session: 3 h
        (three_hours(2), Mark("absent", 120.0)),  # connected 2 h of 3: counts, 2 h
        (three_hours(3), Mark("absent", 60.0)),  # 1 h of 3 is under half: does not count
        (three_hours(4), Mark("excused")),
    ]
    assert sessions_attended(rule, marks) == 2
    assert attended_hours(rule, marks) == pytest.approx(5.0)


@pytest.mark.parametrize(
    ("threshold", "attended", "total", "enough"),
    [(0.75, 3, 4, True), (0.75, 2, 4, False), (1.0, 3, 3, True), (0.5, 0, 0, True)],
)
def test_attendance_is_enough_at_the_threshold(threshold, attended, total, enough):
    assert attendance_is_enough(Rule(attendance_threshold=threshold), attended, total) is enough
