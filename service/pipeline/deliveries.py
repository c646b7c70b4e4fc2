"""E-mail deliveries as a small state machine: queued -> sending -> sent | failed.

A delivery is created, under a unique idempotency key, by the worker that processes an event; the
row is claimed atomically before the message is sent, so the same e-mail goes out at most once
however often its message is delivered. A worker killed after claiming leaves the row in
``sending``: it is not sent again automatically (at most once), and shows up in the logs.

Each delivery kind has a composer (a function of the feature that owns the e-mail); the table of
them is ``service.registry.COMPOSERS``, handed to ``send_deliveries`` by the worker.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from email.message import Message

from flask import current_app
from sqlalchemy import select, update

from service.core.clock import utcnow
from service.core.db import begin_read_only, db
from service.mail import transport
from service.pipeline.broker import Job
from service.pipeline.models import Delivery, DeliveryStatus
from service.pipeline.outbox import add_with_messages, send_in_batches
from service.pipeline.sweeper import Pending

Composer = Callable[[Delivery], Message]

SEND_DELIVERIES = Job("send_deliveries", "email")


def enqueue_deliveries(delivery_ids: list[int]) -> None:
    send_in_batches(SEND_DELIVERIES, delivery_ids)


PENDING_DELIVERIES = Pending(
    "deliveries",
    SEND_DELIVERIES.queue,
    Delivery,
    lambda: Delivery.status == DeliveryStatus.QUEUED,
    enqueue_deliveries,
)


def queue_deliveries(deliveries: list[Delivery]) -> list[Delivery]:
    """Add the deliveries whose idempotency key is new (and return them); their messages go out
    after commit."""
    keys = [delivery.idempotency_key for delivery in deliveries]
    known = set(
        db.session.scalars(
            select(Delivery.idempotency_key).where(Delivery.idempotency_key.in_(keys))
        )
    )
    fresh = [d for d in deliveries if d.idempotency_key not in known]
    return add_with_messages(fresh, enqueue_deliveries)


class DeliveryFailed(Exception):
    """Some e-mails of a batch could not be sent; a retry of the message tries those again."""


def send_deliveries(delivery_ids: list[int], composers: Mapping[str, Composer]) -> dict[str, int]:
    """Send the deliveries not already sent (or being sent), over one SMTP connection.

    Each row is claimed atomically (queued/failed -> sending) first, so the same e-mail goes out
    at most once however often the message is delivered. No transaction stays open while the
    e-mails go out: SMTP can take seconds, and on SQLite a transaction holds the write lock.
    """
    claimed = list(
        db.session.scalars(
            update(Delivery)
            .where(
                Delivery.id.in_(delivery_ids),
                Delivery.status.in_((DeliveryStatus.QUEUED, DeliveryStatus.FAILED)),
            )
            .values(
                status=DeliveryStatus.SENDING, attempts=Delivery.attempts + 1, updated_at=utcnow()
            )
            .returning(Delivery.id)
        )
    )
    db.session.commit()
    begin_read_only()  # composing takes milliseconds per e-mail: hold no write lock meanwhile
    outgoing: list[tuple[int, Message, str]] = []
    errors: dict[int, str] = {}
    for delivery in db.session.scalars(select(Delivery).where(Delivery.id.in_(claimed))):
        try:
            message = composers[delivery.kind](delivery)
        except Exception as exc:
            errors[delivery.id] = _describe(exc)
            continue
        outgoing.append((delivery.id, message, f"{delivery.id:08d}-{delivery.idempotency_key}"))
    db.session.rollback()
    config = current_app.config
    failures = transport.send_all(
        [(message, stem) for _, message, stem in outgoing], config["SMTP_URL"], config["OUTBOX_DIR"]
    )
    now = utcnow()
    for (delivery_id, message, _), failure in zip(outgoing, failures, strict=True):
        if failure is not None:
            errors[delivery_id] = _describe(failure)
            continue
        db.session.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id)
            .values(
                status=DeliveryStatus.SENT,
                sent_at=now,
                updated_at=now,
                error=None,
                message_id=message["Message-ID"],
            )
        )
    for delivery_id, error in errors.items():
        db.session.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id)
            .values(status=DeliveryStatus.FAILED, updated_at=now, error=error)
        )
    db.session.commit()
    if errors:
        raise DeliveryFailed(
            f"{len(errors)} of {len(claimed)} e-mails failed: {next(iter(errors.values()))}"
        )
    return {"sent": len(outgoing), "skipped": len(delivery_ids) - len(claimed)}


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]
