from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.clock import UTCDateTime, utcnow
from service.extensions import db
from service.models.registration import Registration

TEMPLATES = ("participation", "attendance", "appreciation")


class Certificate(db.Model):
    """A certificate issued to one registration; revoked ones stay on record."""

    __tablename__ = "certificate"
    __table_args__ = (
        # At most one standing certificate per registration: closing twice issues nothing twice.
        Index(
            "uq_certificate_standing",
            "registration_id",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(32), unique=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), index=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("training.id"), index=True)
    template: Mapped[str] = mapped_column(String(20))
    # The holder's names as printed, so the record keeps what the PDF says.
    holder_name: Mapped[dict[str, str]] = mapped_column(JSON)
    issued_on: Mapped[date] = mapped_column(Date)
    sha256: Mapped[str | None] = mapped_column(String(64))
    storage_path: Mapped[str | None] = mapped_column(Text)
    rendered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoke_reason: Mapped[str | None] = mapped_column(Text)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    enqueued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    registration: Mapped[Registration] = relationship()


class EligibilityDecision(db.Model):
    """An organiser's grant or withholding of a certificate, overriding the attendance rule."""

    __tablename__ = "eligibility_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), unique=True)
    decision: Mapped[str] = mapped_column(String(10))  # "grant" | "withhold"
    reason: Mapped[str] = mapped_column(Text)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("organiser.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CheckinNonce(db.Model):
    """The first answer given to a check-in request, replayed when its nonce comes again."""

    __tablename__ = "checkin_nonce"

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("training.id"))
    nonce: Mapped[str] = mapped_column(String(100))
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("uq_checkin_nonce", "training_id", "nonce", unique=True),)
