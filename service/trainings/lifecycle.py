"""A training's life after it opens: closing it (which starts certificate issuance), re-opening
it, and the record of each change of status.

The rules are enforced here, so the API, the pages and the command line apply the same ones:

- a training closes once its last session has started (``training_not_finished`` before that),
  unless an organiser forces it with a reason, which is recorded;
- once closed, registrations, cancellations and attendance no longer change
  (``training_closed``); re-opening is an explicit action with a reason.
"""

from __future__ import annotations

from datetime import datetime

from service.core.clock import utcnow
from service.core.errors import ServiceError
from service.pipeline.outbox import record_event
from service.trainings.models import Training, TrainingEvent, TrainingStatus, TrainingTransition


def training_closed(advice: str = "") -> ServiceError:
    message = "this training is closed" + (f": {advice}" if advice else "")
    return ServiceError("training_closed", message, 409)


def record_transition(
    training: Training,
    from_status: str,
    *,
    reason: str | None = None,
    forced: bool = False,
    organiser_id: int | None = None,
) -> TrainingTransition:
    """Keep the change of the training's status (to its current one) in its history."""
    transition = TrainingTransition(
        from_status=from_status,
        to_status=training.status,
        reason=reason,
        forced=forced,
        organiser_id=organiser_id,
    )
    training.transitions.append(transition)
    return transition


def close_training(
    training: Training,
    *,
    force: bool = False,
    reason: str | None = None,
    organiser_id: int | None = None,
    now: datetime | None = None,
) -> None:
    """Close registration and attendance, and start issuing (again: only what is missing).

    Before the last session has started this needs ``force`` and a reason: certificates say the
    training took place, and are dated the day they are issued.
    """
    if training.status in (TrainingStatus.DRAFT, TrainingStatus.CANCELLED):
        raise ServiceError("not_open", f"a {training.status} training cannot be closed", 409)
    previous = TrainingStatus(training.status)
    if previous != TrainingStatus.CLOSED:
        last_start = training.last_session_start
        early = last_start is not None and last_start > (now or utcnow())
        if early and not force:
            assert last_start is not None
            raise ServiceError(
                "training_not_finished",
                f"the last session starts at {last_start.isoformat()}; to close before then, "
                "pass force with a reason",
                409,
            )
        if early and not reason:
            raise ServiceError(
                "validation_error",
                "Invalid input",
                422,
                {"reason": "give the reason for closing before the last session"},
            )
        training.status = TrainingStatus.CLOSED
        record_transition(
            training,
            previous,
            reason=reason,
            forced=early,
            organiser_id=organiser_id,
        )
    record_event(TrainingEvent.CLOSED, training_id=training.id)


def reopen_training(training: Training, reason: str, organiser_id: int | None = None) -> None:
    """Open a closed or cancelled training again (its standing certificates stay valid; closing
    again issues only what is missing)."""
    if training.status not in (TrainingStatus.CLOSED, TrainingStatus.CANCELLED):
        raise ServiceError(
            "not_closed", f"a {training.status} training is not closed or cancelled", 409
        )
    previous = training.status
    training.status = TrainingStatus.OPEN
    record_transition(training, previous, reason=reason, organiser_id=organiser_id)
