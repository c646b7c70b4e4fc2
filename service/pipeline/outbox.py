"""The transactional outbox.

A domain operation records an event in the same transaction as its change. Once that transaction
commits, the event's message is sent to the broker; if the process dies first or the broker is
down, the sweeper sends it later. Workers process an event at most once (``processed_at``) and
every side effect they cause is keyed, so a message delivered twice does nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from sqlalchemy import and_, event, select, update
from sqlalchemy.orm import Session

from service.core.clock import utcnow
from service.core.db import db
from service.pipeline.broker import Job, send
from service.pipeline.models import OutboxEvent
from service.pipeline.sweeper import Pending

log = logging.getLogger(__name__)

_AFTER_COMMIT = "tadrib_after_commit"

PROCESS_EVENT = Job("process_event", "default")

# Certificates and e-mails travel in messages of this many ids: one transaction, one SMTP
# connection and one set of queries serve the whole batch.
BATCH = 20


class NotReady(Exception):
    """An event that must wait for others to be processed first; it is tried again shortly, a
    bounded number of times (``workers.actors``), then fails visibly (``fail_event``)."""


Handler = Callable[[OutboxEvent], None]


class _Row(Protocol):
    id: Any


Row = TypeVar("Row", bound=_Row)


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


def add_with_messages(rows: list[Row], enqueue: Callable[[list[int]], None]) -> list[Row]:
    """Insert ``rows`` and, once the transaction commits, send the messages that handle them."""
    db.session.add_all(rows)
    db.session.flush()
    ids = [row.id for row in rows]
    if ids:
        after_commit(lambda: enqueue(ids))
    return rows


def send_in_batches(job: Job, ids: list[int]) -> None:
    """One message per ``BATCH`` ids."""
    for start in range(0, len(ids), BATCH):
        send(job, ids[start : start + BATCH])


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


def enqueue_events(event_ids: list[int]) -> None:
    for event_id in event_ids:
        send(PROCESS_EVENT, event_id)


PENDING_EVENTS = Pending(
    "events",
    PROCESS_EVENT.queue,
    OutboxEvent,
    lambda: and_(OutboxEvent.processed_at.is_(None), OutboxEvent.failed_at.is_(None)),
    enqueue_events,
)


def process_event(event_id: int, handlers: Mapping[str, Sequence[Handler]]) -> bool:
    """Run the handlers of one event, once. Returns False if it had already been processed (or
    had failed for good)."""
    outbox_event = db.session.scalar(
        select(OutboxEvent).where(OutboxEvent.id == event_id).with_for_update()
    )
    if outbox_event is None or (outbox_event.processed_at or outbox_event.failed_at) is not None:
        db.session.rollback()
        return False
    for handler in handlers.get(outbox_event.kind, ()):
        handler(outbox_event)
    outbox_event.processed_at = utcnow()
    db.session.commit()
    return True


def fail_event(event_id: int, error: str) -> None:
    """Give up on an event whose handlers kept failing or waiting: it is recorded with the reason
    (shown to organisers where it matters, such as a training's issuance) and not swept again."""
    db.session.execute(
        update(OutboxEvent)
        .where(OutboxEvent.id == event_id, OutboxEvent.processed_at.is_(None))
        .values(failed_at=utcnow(), error=error[:2000])
    )
    db.session.commit()
