"""A training's life after it opens: closing it (which starts certificate issuance)."""

from __future__ import annotations

from service.core.errors import ServiceError
from service.pipeline.outbox import record_event
from service.trainings.models import Training, TrainingEvent, TrainingStatus


def close_training(training: Training) -> None:
    """Close registration and attendance, and start issuing (again: only what is missing)."""
    if training.status in (TrainingStatus.DRAFT, TrainingStatus.CANCELLED):
        raise ServiceError("not_open", f"a {training.status} training cannot be closed", 409)
    training.status = TrainingStatus.CLOSED
    record_event(TrainingEvent.CLOSED, training_id=training.id)
