from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.clock import UTCDateTime, utcnow
from service.extensions import db
from service.models.training import Training

ACTIVE_STATUSES = ("confirmed", "waitlisted")


class Registration(db.Model):
    """A person's place (or wait) in one training."""

    __tablename__ = "registration"
    __table_args__ = (
        # One active registration per e-mail address and training.
        Index(
            "uq_registration_active_email",
            "training_id",
            "email",
            unique=True,
            sqlite_where=text("status IN ('confirmed', 'waitlisted')"),
            postgresql_where=text("status IN ('confirmed', 'waitlisted')"),
        ),
        Index("ix_registration_training_status", "training_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("training.id"))
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    given_name: Mapped[str] = mapped_column(String(120))
    family_name: Mapped[str] = mapped_column(String(120))
    name_ar: Mapped[str | None] = mapped_column(String(240))
    email: Mapped[str] = mapped_column(String(254))
    country: Mapped[str] = mapped_column(String(2))
    institution: Mapped[str | None] = mapped_column(String(300))
    job_title: Mapped[str | None] = mapped_column(String(200))
    preferred_language: Mapped[str] = mapped_column(String(2))
    role: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(12))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The access token is derived from this salt with the secret key (see service.security), so
    # workers can put it in every e-mail while the database holds only its hash.
    access_salt: Mapped[str] = mapped_column(String(32))
    access_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    training: Mapped[Training] = relationship()

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def takes_seat(self) -> bool:
        return self.role == "participant"
