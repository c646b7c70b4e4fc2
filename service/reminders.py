"""Reminder e-mails: the day before a training starts, and an hour before each online session.

The scheduler calls ``queue_reminders`` every minute. Each reminder's idempotency key names the
registration (and session), so it is sent once whatever restarts happen; people who register
later the same day still get theirs on the next run.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from service.deliveries import queue_deliveries
from service.extensions import db
from service.models import Delivery, Registration, Training, TrainingSession

SESSION_LEAD = timedelta(hours=1)


def queue_reminders(now: datetime) -> int:
    """Queue the reminders due at ``now``; returns how many were queued."""
    queued = 0
    for training in db.session.scalars(
        select(Training).where(Training.status.in_(("open", "closed")))
    ):
        tomorrow = now.astimezone(ZoneInfo(training.timezone)).date() + timedelta(days=1)
        if training.starts_on == tomorrow:
            queued += _queue(training, "reminder.day_before", "reminder.day_before:{registration}")
    sessions = db.session.scalars(
        select(TrainingSession)
        .join(Training)
        .where(
            Training.status.in_(("open", "closed")),
            Training.modality.in_(("virtual", "hybrid")),
            TrainingSession.starts_at > now,
            TrainingSession.starts_at <= now + SESSION_LEAD,
        )
    )
    for session in sessions:
        key = f"reminder.session:{session.id}:{{registration}}"
        queued += _queue(session.training, "reminder.session", key, session_id=session.id)
    db.session.commit()
    return queued


def _queue(training: Training, kind: str, key_pattern: str, session_id: int | None = None) -> int:
    registrations = db.session.scalars(
        select(Registration).where(
            Registration.training_id == training.id, Registration.status == "confirmed"
        )
    )
    added = queue_deliveries(
        [
            Delivery(
                kind=kind,
                idempotency_key=key_pattern.format(registration=registration.id),
                recipient=registration.email,
                registration_id=registration.id,
                context={"session_id": session_id} if session_id else {},
            )
            for registration in registrations
        ]
    )
    return len(added)
