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
    """queued -> sending -> sent; sending -> deferred (a temporary refusal: tried again at
    ``retry_at``) or failed (a permanent refusal, or temporary ones for too long)."""

    QUEUED = "queued"
    SENDING = "sending"
    DEFERRED = "deferred"
    SENT = "sent"
    FAILED = "failed"


class DeliveryFailure(StrEnum):
    """Why the last attempt did not send the e-mail; ``error`` holds the server's reply."""

    REJECTED = "rejected"  # a 5xx reply to the recipient or the message: permanent
    UNBUILDABLE = "unbuildable"  # the e-mail could not be composed: permanent until fixed
    TEMPORARY = "temporary"  # a 4xx reply: tried again with backoff
    UNREACHABLE = "unreachable"  # no usable connection (network, TLS, greeting, login, sender)
    EXPIRED = "expired"  # temporary failures for longer than DELIVERY_RETRY_FOR_SECONDS


PERMANENT_FAILURES = (DeliveryFailure.REJECTED, DeliveryFailure.UNBUILDABLE)


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
    # Set when its handlers kept failing (or waiting) past the actor's bound: not swept again.
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)


class Delivery(Model):
    """One e-mail, identified by an idempotency key (see ``DeliveryStatus``)."""

    __tablename__ = "delivery"
    __table_args__ = (
        Index("ix_delivery_status_updated", "status", "updated_at"),
        one_of("status", DeliveryStatus, "delivery"),
        one_of("failure", DeliveryFailure, "delivery"),
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
    failure: Mapped[str | None] = mapped_column(String(12))
    error: Mapped[str | None] = mapped_column(Text)
    # Fixed at the first claim, so a message sent again (after a lease expired) keeps its
    # Message-ID and a receiver can recognise the duplicate.
    message_id: Mapped[str | None] = mapped_column(String(300))
    # The lease: a row in ``sending`` claimed longer ago than DELIVERY_LEASE_SECONDS is taken
    # back by the sweeper (its worker died) and sent again.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retry_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    enqueued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
