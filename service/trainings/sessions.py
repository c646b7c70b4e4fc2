"""Which session of a training is under way (or about to start) at a given moment."""

from __future__ import annotations

from datetime import datetime, timedelta

from service.trainings.models import Training, TrainingSession


def current_session(training: Training, now: datetime, margin: timedelta) -> TrainingSession | None:
    """The session running at ``now``, or starting within ``margin``; the earliest if several."""
    for session in training.sessions:
        if session.starts_at - margin <= now <= session.ends_at:
            return session
    return None


def next_session(training: Training, now: datetime) -> TrainingSession | None:
    return next((s for s in training.sessions if s.starts_at > now), None)
