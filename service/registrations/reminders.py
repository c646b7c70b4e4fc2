"""Reminder e-mails: the day before a training starts, and an hour before each online session.

The scheduler calls ``queue_reminders`` every minute. Each reminder's idempotency key names the
registration (and session), so it is sent once whatever restarts happen; people who register
later the same day still get theirs on the next run.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from service.core.db import db
from service.pipeline.deliveries import queue_deliveries
from service.pipeline.models import Delivery
from service.registrations.models import Registration, RegistrationStatus, Reminder
from service.trainings.models import Modality, Training, TrainingSession, TrainingStatus

# Closed (its sessions are over, or it was closed early on purpose) and cancelled trainings
# remind nobody.
ACTIVE_TRAININGS = (TrainingStatus.OPEN,)

SESSION_LEAD = timedelta(hours=1)


def queue_reminders(now: datetime) -> int:
    """Queue the reminders due at ``now``; returns how many were queued."""
    queued = 0
    for training in db.session.scalars(
        select(Training).where(Training.status.in_(ACTIVE_TRAININGS))
    ):
        tomorrow = now.astimezone(ZoneInfo(training.timezone)).date() + timedelta(days=1)
        if training.starts_on == tomorrow:
            key = f"{Reminder.DAY_BEFORE}:{{registration}}"
            queued += _queue(training, Reminder.DAY_BEFORE, key)
    sessions = db.session.scalars(
        select(TrainingSession)
        .join(Training)
        .where(
            Training.status.in_(ACTIVE_TRAININGS),
            Training.modality.in_((Modality.VIRTUAL, Modality.HYBRID)),
            TrainingSession.starts_at > now,
            TrainingSession.starts_at <= now + SESSION_LEAD,
        )
    )
    for session in sessions:
        key = f"{Reminder.SESSION}:{session.id}:{{registration}}"
        queued += _queue(session.training, Reminder.SESSION, key, session_id=session.id)
    db.session.commit()
    return queued


def _queue(training: Training, kind: str, key_pattern: str, session_id: int | None = None) -> int:
    registrations = db.session.scalars(
        select(Registration).where(
            Registration.training_id == training.id,
            Registration.status == RegistrationStatus.CONFIRMED,
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
