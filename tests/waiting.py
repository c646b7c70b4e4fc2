"""Polling for what real workers do in the background."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def wait_for(predicate: Callable[[], Any], timeout: float = 15.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def wait_until_idle(app: Any, timeout: float = 30.0) -> None:
    """Wait until the workers have nothing left: every outbox event processed (or failed), every
    certificate rendered (or failed) and every e-mail sent (or failed). Then a count of what
    arrived is final, with no fixed sleep."""
    from sqlalchemy import func, select

    from service.certification.models import Certificate, CertificateStatus
    from service.core.db import db
    from service.pipeline.models import Delivery, DeliveryStatus, OutboxEvent

    def idle() -> bool:
        with app.app_context():
            pending = (
                select(func.count())
                .select_from(OutboxEvent)
                .where(OutboxEvent.processed_at.is_(None), OutboxEvent.failed_at.is_(None)),
                select(func.count())
                .select_from(Certificate)
                .where(Certificate.status == CertificateStatus.PENDING),
                select(func.count())
                .select_from(Delivery)
                .where(
                    Delivery.status.in_(
                        (DeliveryStatus.QUEUED, DeliveryStatus.SENDING, DeliveryStatus.DEFERRED)
                    )
                ),
            )
            busy = any(db.session.scalar(query) for query in pending)
            db.session.remove()
            return not busy

    wait_for(idle, timeout, "the workers to finish")
