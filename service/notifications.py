"""What each domain event causes: the e-mails to participants."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Any

from flask import current_app
from sqlalchemy import select

from service.attendance import refresh_attendance_summary
from service.clock import utcnow
from service.dates import date_range, local_datetime
from service.deliveries import composer, queue_delivery
from service.extensions import db
from service.i18n import companion_language, country_name, pick, place
from service.ics import registration_calendar
from service.mail.compose import Attachment, build_message, render_section
from service.models import Delivery, OutboxEvent, Registration
from service.registrations import manage_url

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
    queue_delivery(
        event.kind,
        f"{event.kind}:{event.id}",
        recipient=registration.email,
        registration_id=registration.id,
    )


HANDLERS = {
    **{kind: (email_registration_change,) for kind in REGISTRATION_EMAILS},
    "attendance.recorded": (refresh_attendance_summary,),
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
        "organisation": current_app.config["ORGANISATION_NAME"],
    }


@composer(*REGISTRATION_EMAILS)
def registration_email(delivery: Delivery) -> EmailMessage:
    registration = db.session.get(Registration, delivery.registration_id)
    assert registration is not None
    languages = [
        registration.preferred_language,
        companion_language(registration.preferred_language),
    ]
    sections = [
        render_section(delivery.kind, language, registration_context(registration, language))
        for language in languages
    ]
    attachments = []
    if delivery.kind in ("registration.confirmed", "registration.promoted"):
        venue = _calendar_location(registration)
        attachments.append(
            Attachment(
                filename=f"{registration.reference}.ics",
                content=registration_calendar(registration, manage_url(registration), venue),
                maintype="text",
                subtype="calendar",
            )
        )
    return build_message(
        sender=current_app.config["MAIL_FROM"],
        recipient=registration.email,
        sections=sections,
        attachments=attachments,
    )


def _calendar_location(registration: Registration) -> str:
    training = registration.training
    if training.modality == "virtual":
        return "Online"
    venue = place(training, "en")
    return f"{venue} and online" if training.modality == "hybrid" else venue
