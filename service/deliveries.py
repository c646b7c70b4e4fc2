"""E-mail deliveries as a small state machine: queued -> sending -> sent | failed.

A delivery is created, under a unique idempotency key, by the worker that processes an event; the
row is claimed atomically before the message is sent, so the same e-mail goes out at most once
however often its message is delivered. A worker killed after claiming leaves the row in
``sending``: it is not sent again automatically (at most once), and shows up in the logs.
"""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

from flask import current_app
from sqlalchemy import select, update

from service.clock import utcnow
from service.extensions import db
from service.mail import transport
from service.models import Delivery
from service.outbox import add_with_message, enqueue_delivery

Composer = Callable[[Delivery], EmailMessage]
COMPOSERS: dict[str, Composer] = {}


def composer(*kinds: str) -> Callable[[Composer], Composer]:
    """Register the function that builds the e-mail for these delivery kinds."""

    def register(function: Composer) -> Composer:
        for kind in kinds:
            COMPOSERS[kind] = function
        return function

    return register


def queue_delivery(
    kind: str,
    idempotency_key: str,
    *,
    recipient: str,
    registration_id: int | None = None,
    certificate_id: int | None = None,
    context: dict[str, Any] | None = None,
) -> Delivery:
    existing = db.session.scalar(
        select(Delivery).where(Delivery.idempotency_key == idempotency_key)
    )
    if existing is not None:
        return existing
    delivery = Delivery(
        kind=kind,
        idempotency_key=idempotency_key,
        recipient=recipient,
        registration_id=registration_id,
        certificate_id=certificate_id,
        context=context or {},
    )
    return add_with_message(delivery, enqueue_delivery)


def send_delivery(delivery_id: int) -> str:
    """Send one delivery unless it was already sent (or is being sent). Returns the outcome.

    No transaction stays open while the message goes out: SMTP can take seconds, and on SQLite
    every transaction holds the database's write lock (see service.database).
    """
    claimed = db.session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.status.in_(("queued", "failed")))
        .values(status="sending", attempts=Delivery.attempts + 1, updated_at=utcnow())
    ).rowcount
    db.session.commit()
    if not claimed:
        return "skipped"
    try:
        delivery = db.session.get_one(Delivery, delivery_id)
        message = COMPOSERS[delivery.kind](delivery)
        file_stem = f"{delivery.id:08d}-{delivery.idempotency_key}"
        db.session.rollback()
        transport.send(
            message, current_app.config["SMTP_URL"], current_app.config["OUTBOX_DIR"], file_stem
        )
    except Exception as exc:
        db.session.rollback()
        _finish(delivery_id, status="failed", error=f"{type(exc).__name__}: {exc}"[:2000])
        raise
    _finish(delivery_id, status="sent", sent_at=utcnow(), message_id=message["Message-ID"])
    return "sent"


def _finish(delivery_id: int, **values: Any) -> None:
    db.session.execute(
        update(Delivery).where(Delivery.id == delivery_id).values(updated_at=utcnow(), **values)
    )
    db.session.commit()
