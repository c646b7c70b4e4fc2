from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.clock import UTCDateTime, utcnow
from service.extensions import db

STATUSES = ("present", "absent", "excused")
SOURCES = ("checkin", "manual", "join_link", "import")


class Attendance(db.Model):
    """Whether one registration attended one session, and how that is known."""

    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint(
            "registration_id", "session_id", name="uq_attendance_registration_session"
        ),
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


class AttendanceSummary(db.Model):
    """A registration's attendance over its training, recomputed after every change."""

    __tablename__ = "attendance_summary"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), unique=True)
    sessions_attended: Mapped[int] = mapped_column(Integer, default=0)
    sessions_total: Mapped[int] = mapped_column(Integer, default=0)
    minutes: Mapped[float] = mapped_column(Float, default=0.0)
    eligible: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
