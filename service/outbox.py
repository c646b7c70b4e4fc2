"""The transactional outbox.

A domain operation records an event in the same transaction as its change. Once that transaction
commits, the event's message is sent to the broker; if the process dies first or the broker is
down, the sweeper sends it later. Workers process an event at most once (``processed_at``) and
every side effect they cause is keyed, so a message delivered twice does nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import and_, event, or_, select
from sqlalchemy.orm import Session

from service.clock import utcnow
from service.extensions import db
from service.models import Delivery, OutboxEvent
from service.models.certificate import Certificate

log = logging.getLogger(__name__)

_AFTER_COMMIT = "tadrib_after_commit"


class NotReady(Exception):
    """An event that must wait for others to be processed first; it is tried again shortly."""


def after_commit(callback: Callable[[], None]) -> None:
    """Run ``callback`` once the current transaction has committed (dropped on rollback)."""
    db.session.info.setdefault(_AFTER_COMMIT, []).append(callback)


@event.listens_for(Session, "after_commit")
def _run_after_commit(session: Session) -> None:
    for callback in session.info.pop(_AFTER_COMMIT, []):
        try:
            callback()
        except Exception as exc:  # the sweeper retries; the committed change stands
            log.warning("could not enqueue after commit (%s); the sweeper will retry", exc)


@event.listens_for(Session, "after_rollback")
def _drop_after_commit(session: Session) -> None:
    session.info.pop(_AFTER_COMMIT, None)


def record_event(
    kind: str,
    *,
    training_id: int | None = None,
    registration_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> OutboxEvent:
    outbox_event = OutboxEvent(
        kind=kind, training_id=training_id, registration_id=registration_id, payload=payload or {}
    )
    return add_with_messages([outbox_event], enqueue_events)[0]


Row = TypeVar("Row", OutboxEvent, Delivery, Certificate)

# Certificates and e-mails travel in messages of this many ids: one transaction, one SMTP
# connection and one set of queries serve the whole batch.
BATCH = 20


def add_with_messages(rows: list[Row], enqueue: Callable[[list[int]], None]) -> list[Row]:
    """Insert ``rows`` and, once the transaction commits, send the messages that handle them."""
    db.session.add_all(rows)
    db.session.flush()
    ids = [row.id for row in rows]
    if ids:
        after_commit(lambda: enqueue(ids))
    return rows


def _batches(ids: list[int]) -> list[list[int]]:
    return [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]


def enqueue_events(event_ids: list[int]) -> None:
    from workers import actors

    for event_id in event_ids:
        actors.process_event.send(event_id)


def enqueue_deliveries(delivery_ids: list[int]) -> None:
    from workers import actors

    for batch in _batches(delivery_ids):
        actors.send_deliveries.send(batch)


def enqueue_renders(certificate_ids: list[int]) -> None:
    from workers import actors

    for batch in _batches(certificate_ids):
        actors.render_certificates.send(batch)


def sweep(delay: timedelta, now: datetime | None = None) -> dict[str, int]:
    """Re-send the messages of events, certificates and e-mails still pending after ``delay``.

    A kind is swept only when its queue is empty: while a large batch (say 10,000 certificates)
    is still being worked through, its pending rows are not lost, only waiting. Each row re-sent
    is stamped so that it is not re-sent again before another ``delay`` has passed. Returns how
    many of each kind were re-sent.
    """
    from workers.broker import broker

    now = now or utcnow()
    cutoff = now - delay
    kinds = (
        ("events", "default", OutboxEvent, OutboxEvent.processed_at.is_(None), enqueue_events),
        (
            "certificates",
            "certificates",
            Certificate,
            and_(
                Certificate.rendered_at.is_(None),
                Certificate.error.is_(None),
                Certificate.revoked_at.is_(None),
            ),
            enqueue_renders,
        ),
        ("deliveries", "email", Delivery, Delivery.status == "queued", enqueue_deliveries),
    )
    counts = {}
    for name, queue, model, pending, enqueue in kinds:
        rows = []
        if broker.do_qsize(queue) == 0:
            rows = db.session.scalars(
                select(model)
                .where(
                    pending,
                    model.created_at < cutoff,
                    or_(model.enqueued_at.is_(None), model.enqueued_at < cutoff),
                )
                .order_by(model.id)
                .limit(1000)
            ).all()
        ids = [row.id for row in rows]
        for row in rows:
            row.enqueued_at = now
        db.session.commit()
        enqueue(ids)
        counts[name] = len(ids)
    return counts
