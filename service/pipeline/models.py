"""The outbox's rows: domain events, and the e-mails they cause."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.core.clock import UTCDateTime, utcnow
from service.core.db import Model
from service.core.enums import one_of


class DeliveryStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class OutboxEvent(Model):
    """A domain event, written in the same transaction as the change it describes."""

    __tablename__ = "outbox_event"
    __table_args__ = (Index("ix_outbox_event_pending", "processed_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    training_id: Mapped[int | None] = mapped_column(ForeignKey("training.id"), index=True)
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registration.id"), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    enqueued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Delivery(Model):
    """One e-mail, identified by an idempotency key: queued -> sending -> sent | failed."""

    __tablename__ = "delivery"
    __table_args__ = (
        Index("ix_delivery_status_updated", "status", "updated_at"),
        one_of("status", DeliveryStatus, "delivery"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(64))
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registration.id"), index=True)
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(254))
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default=DeliveryStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    enqueued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
