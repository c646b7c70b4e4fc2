"""Decisions on applications and nominations."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.core.clock import UTCDateTime, utcnow
from service.core.db import Model
from service.core.enums import one_of
from service.registrations.models import RegistrationStatus


class Verdict(StrEnum):
    ACCEPT = "accept"
    WAITLIST = "waitlist"
    REJECT = "reject"


class SelectionEvent(StrEnum):
    """Outbox events of decisions (also the kinds of the e-mail each person gets)."""

    ACCEPTED = "selection.accepted"
    WAITLISTED = "selection.waitlisted"
    REJECTED = "selection.rejected"


class SelectionEmail(StrEnum):
    """The e-mail a nominee's focal point gets about each decision (delivery kind)."""

    FOCAL_POINT = "selection.focal_point"


OUTCOMES = {
    Verdict.ACCEPT: (RegistrationStatus.CONFIRMED, SelectionEvent.ACCEPTED),
    Verdict.WAITLIST: (RegistrationStatus.WAITLISTED, SelectionEvent.WAITLISTED),
    Verdict.REJECT: (RegistrationStatus.REJECTED, SelectionEvent.REJECTED),
}


class Decision(Model):
    """An organiser's decision on one registration: what, from which status, why, who, when."""

    __tablename__ = "selection_decision"
    __table_args__ = (
        one_of("decision", Verdict, "selection_decision"),
        one_of("from_status", RegistrationStatus, "selection_decision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("training.id"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), index=True)
    decision: Mapped[str] = mapped_column(String(10))
    from_status: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str | None] = mapped_column(Text)
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("organiser.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
