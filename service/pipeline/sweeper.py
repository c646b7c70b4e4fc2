"""The sweeper: re-sends the messages of work still pending, for whatever reason it was missed.

A message can be lost between a commit and the broker (the process died, the broker was down).
Each kind of work that travels by message says how to find its pending rows (``Pending``), and the
scheduler sweeps them all every few seconds; handlers are idempotent, so a message sent twice
does nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, or_, select

from service.core.clock import utcnow
from service.core.db import db
from service.pipeline.broker import get_broker


@dataclass(frozen=True)
class Pending:
    """Rows of ``model`` matching ``condition`` wait for a message to ``queue``; ``enqueue`` sends
    the messages for a list of row ids. The model has ``id``, ``created_at`` and ``enqueued_at``."""

    name: str
    queue: str
    model: Any
    condition: Callable[[], ColumnElement[bool]]
    enqueue: Callable[[list[int]], None]


def sweep(
    kinds: Sequence[Pending], delay: timedelta, now: datetime | None = None
) -> dict[str, int]:
    """Re-send the messages of rows still pending after ``delay``; returns how many per kind.

    A kind is swept only when its queue is empty: while a large batch (say 10,000 certificates)
    is still being worked through, its pending rows are not lost, only waiting. Each row re-sent
    is stamped so that it is not re-sent again before another ``delay`` has passed.
    """
    now = now or utcnow()
    cutoff = now - delay
    counts = {}
    for kind in kinds:
        model = kind.model
        rows: Sequence[Any] = []
        if get_broker().do_qsize(kind.queue) == 0:
            rows = db.session.scalars(
                select(model)
                .where(
                    kind.condition(),
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
        kind.enqueue(ids)
        counts[kind.name] = len(ids)
    return counts
