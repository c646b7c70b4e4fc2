"""The attendance rule, as pure functions (no database, no app; any object with the named
attributes will do, such as the models).

A session counts for a person when they were marked present (at the door, on the sheet, by the
join link) or were connected for at least the training's minimum share of it; a participant's
attendance is enough when the sessions that count reach the training's threshold.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from service.attendance.models import AttendanceStatus

# Shares are floats (2/3 is 0.666…): compare with a little slack so 2/3 of 3 sessions needs 2.
EPSILON = 1e-9


class Rule(Protocol):
    """A training's attendance rule."""

    @property
    def session_min_share(self) -> float: ...

    @property
    def attendance_threshold(self) -> float: ...


class Span(Protocol):
    """A session."""

    @property
    def starts_at(self) -> datetime: ...

    @property
    def ends_at(self) -> datetime: ...


class Mark(Protocol):
    """What is recorded of one person at one session."""

    @property
    def status(self) -> str: ...

    @property
    def minutes(self) -> float | None: ...


def session_minutes(session: Span) -> float:
    return (session.ends_at - session.starts_at).total_seconds() / 60


def present_by_minutes(rule: Rule, session: Span, minutes: float) -> bool:
    return minutes + EPSILON >= rule.session_min_share * session_minutes(session)


def session_counts(rule: Rule, session: Span, mark: Mark) -> bool:
    """A session counts when marked present or attended for the training's minimum share."""
    if mark.status == AttendanceStatus.PRESENT:
        return True
    return mark.minutes is not None and present_by_minutes(rule, session, mark.minutes)


def sessions_needed(threshold: float, sessions_total: int) -> int:
    return math.ceil(threshold * sessions_total - EPSILON)


def sessions_attended(rule: Rule, marks: Iterable[tuple[Span, Mark]]) -> int:
    return sum(session_counts(rule, session, mark) for session, mark in marks)


def attended_hours(rule: Rule, marks: Iterable[tuple[Span, Mark]]) -> float:
    """Hours of the sessions that count: minutes connected where known, else the session."""
    minutes = sum(
        mark.minutes or session_minutes(session)
        for session, mark in marks
        if session_counts(rule, session, mark)
    )
    return minutes / 60


def attendance_is_enough(rule: Rule, attended: int, sessions_total: int) -> bool:
    """Did a participant attend enough sessions to earn the training's certificate?"""
    return attended >= sessions_needed(rule.attendance_threshold, sessions_total)
