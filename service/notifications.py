"""What each domain event causes: the e-mails to participants."""

from __future__ import annotations

import io
from email.message import Message
from typing import Any

import segno
from flask import current_app
from sqlalchemy import select

from service.attendance import refresh_attendance_summary, refresh_training_summaries
from service.clock import utcnow
from service.dates import date_range, local_datetime, local_time
from service.deliveries import composer, queue_deliveries
from service.extensions import db
from service.i18n import country_name, pick, place
from service.ics import registration_calendar
from service.issuance import issue_on_close
from service.mail.compose import Attachment, InlineImage, bilingual_message
from service.models import Delivery, OutboxEvent, Registration, TrainingSession
from service.registrations import checkin_code, join_url, manage_url

REGISTRATION_EMAILS = (
    "registration.confirmed",
    "registration.waitlisted",
    "registration.promoted",
    "registration.cancelled",
)


def process_event(event_id: int) -> bool:
    """Run the handlers of one event, once. Returns False if it had already been processed."""
    event = db.session.scalar(
        select(OutboxEvent).where(OutboxEvent.id == event_id).with_for_update()
    )
    if event is None or event.processed_at is not None:
        db.session.rollback()
        return False
    for handler in HANDLERS.get(event.kind, ()):
        handler(event)
    event.processed_at = utcnow()
    db.session.commit()
    return True


def email_registration_change(event: OutboxEvent) -> None:
    registration = db.session.get(Registration, event.registration_id)
    assert registration is not None
    queue_deliveries(
        [
            Delivery(
                kind=event.kind,
                idempotency_key=f"{event.kind}:{event.id}",
                recipient=registration.email,
                registration_id=registration.id,
            )
        ]
    )


HANDLERS = {
    **{kind: (email_registration_change,) for kind in REGISTRATION_EMAILS},
    "attendance.recorded": (refresh_attendance_summary,),
    "training.rule_changed": (refresh_training_summaries,),
    "training.closed": (issue_on_close,),
}


def registration_context(registration: Registration, language: str) -> dict[str, Any]:
    training = registration.training
    name = registration.full_name
    if language == "ar" and registration.name_ar:
        name = registration.name_ar
    return {
        "name": name,
        "title": pick(training.title, language),
        "dates": date_range(training.starts_on, training.ends_on, language),
        "modality": training.modality,
        "city": pick(training.venue_city, language),
        "country": country_name(training.venue_country, language) if training.venue_country else "",
        "reference": registration.reference,
        "timezone": training.timezone,
        "sessions": [
            local_datetime(session.starts_at, training.timezone, language)
            for session in training.sessions
        ],
        "manage_url": manage_url(registration),
        "checkin_code": checkin_code(registration),
        "join_url": join_url(registration),
        "organisation": current_app.config["ORGANISATION_NAME"],
    }


def _checkin_qr(code: str | None) -> InlineImage | None:
    if code is None:
        return None
    image = io.BytesIO()
    segno.make(code, error="m").save(image, kind="png", scale=6, border=2)
    return InlineImage(cid="checkin-qr", content=image.getvalue(), alt=code)


def _registration_message(
    delivery: Delivery, extra: dict[str, Any] | None = None, *, calendar: bool = False
) -> Message:
    registration = db.session.get(Registration, delivery.registration_id)
    assert registration is not None
    attachments = []
    if calendar:
        attachments.append(
            Attachment(
                filename=f"{registration.reference}.ics",
                content=registration_calendar(
                    registration, manage_url(registration), _calendar_location(registration)
                ),
                maintype="text",
                subtype="calendar",
            )
        )
    return bilingual_message(
        delivery.kind,
        recipient=registration.email,
        preferred=registration.preferred_language,
        context_for=lambda language: {
            **registration_context(registration, language),
            **(extra or {}),
        },
        attachments=attachments,
        image=_checkin_qr(checkin_code(registration)),
    )


@composer(*REGISTRATION_EMAILS)
def registration_email(delivery: Delivery) -> Message:
    seated = delivery.kind in ("registration.confirmed", "registration.promoted")
    return _registration_message(delivery, calendar=seated)


@composer("reminder.day_before")
def day_before_reminder(delivery: Delivery) -> Message:
    return _registration_message(delivery)


@composer("reminder.session")
def session_reminder(delivery: Delivery) -> Message:
    session = db.session.get(TrainingSession, delivery.context["session_id"])
    assert session is not None
    timezone = session.training.timezone
    return _registration_message(
        delivery, {"session_time": local_time(session.starts_at, timezone, "en")}
    )


def _calendar_location(registration: Registration) -> str:
    training = registration.training
    if training.modality == "virtual":
        return "Online"
    venue = place(training, "en")
    return f"{venue} and online" if training.modality == "hybrid" else venue
