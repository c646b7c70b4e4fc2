"""Attendance records and summaries, check-in replies, and the words for their values."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from service.core.clock import UTCDateTime, utcnow
from service.core.db import Model
from service.core.enums import one_of


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excused"


class AttendanceSource(StrEnum):
    """How a record is known: seen at the door, marked on the sheet, by the join link, or from a
    platform report."""

    CHECKIN = "checkin"
    MANUAL = "manual"
    JOIN_LINK = "join_link"
    IMPORT = "import"


class CheckinResult(StrEnum):
    OK = "ok"
    ALREADY_CHECKED_IN = "already_checked_in"
    UNKNOWN_CODE = "unknown_code"
    WRONG_TRAINING = "wrong_training"
    NOT_CONFIRMED = "not_confirmed"
    NO_SESSION_NOW = "no_session_now"
    # the codes of the refusals of ``recording.check_recordable``
    SESSION_NOT_STARTED = "session_not_started"
    TRAINING_CLOSED = "training_closed"


class AttendanceEvent(StrEnum):
    RECORDED = "attendance.recorded"


class Attendance(Model):
    """Whether one registration attended one session, and how that is known."""

    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint(
            "registration_id", "session_id", name="uq_attendance_registration_session"
        ),
        one_of("status", AttendanceStatus, "attendance"),
        one_of("source", AttendanceSource, "attendance"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"))
    session_id: Mapped[int] = mapped_column(ForeignKey("training_session.id"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    # Minutes connected, for virtual sessions (from a platform report or the join link).
    minutes: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(10))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("organiser.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str | None] = mapped_column(Text)


class AttendanceSummary(Model):
    """A registration's attendance over its training, recomputed after every change."""

    __tablename__ = "attendance_summary"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), unique=True)
    sessions_attended: Mapped[int] = mapped_column(Integer, default=0)
    sessions_total: Mapped[int] = mapped_column(Integer, default=0)
    minutes: Mapped[float] = mapped_column(Float, default=0.0)
    # The training's attendance rule is met, whatever the role; what a person earns is
    # ``certification.eligibility``'s answer.
    rule_met: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class CheckinNonce(Model):
    """The first answer given to a check-in request, replayed when its nonce comes again."""

    __tablename__ = "checkin_nonce"
    __table_args__ = (Index("uq_checkin_nonce", "training_id", "nonce", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("training.id"))
    nonce: Mapped[str] = mapped_column(String(100))
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
