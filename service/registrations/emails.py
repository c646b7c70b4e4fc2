"""The e-mails a registration causes: confirmation, waiting list, promotion, cancellation, the
reminders, and the notice that the training itself is cancelled. ``queue_registration_email``
is the handler of the ``registration.*`` events, ``queue_cancellation_notices`` of
``training.cancelled``; the ``*_email`` functions compose each delivery kind (see
``service.registry``)."""

from __future__ import annotations

import io
from email.message import Message
from pathlib import Path
from typing import Any

import segno
from sqlalchemy import select

from certificates.formatting import sentence_case
from service.core.dates import date_range, isolated, ltr, session_when, zone_name
from service.core.db import db
from service.core.i18n import country_name, pick, venue_text
from service.core.identity import organisation_name
from service.mail.compose import Attachment, InlineImage, MailTemplates, bilingual_message
from service.pipeline.deliveries import queue_deliveries
from service.pipeline.models import Delivery, OutboxEvent
from service.registrations.calendar import registration_calendar
from service.registrations.links import (
    checkin_code,
    confirm_url,
    follow_up_url,
    join_url,
    manage_url,
)
from service.registrations.models import ACTIVE_STATUSES, Registration, RegistrationEvent, Title
from service.registrations.salutations import salutation
from service.trainings.display import training_zone_name
from service.trainings.models import TrainingEvent, TrainingSession

TEMPLATES = MailTemplates(Path(__file__).parent / "mail")
SEATED = (RegistrationEvent.CONFIRMED, RegistrationEvent.PROMOTED)


def queue_registration_email(event: OutboxEvent) -> None:
    """Handler of every ``registration.*`` event: one e-mail, keyed by the event."""
    registration = db.session.get_one(Registration, event.registration_id)
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


def queue_cancellation_notices(event: OutboxEvent) -> None:
    """Handler of ``training.cancelled``: one e-mail to every active registration, keyed by the
    event and the registration, so each is told once of each cancellation."""
    registrations = db.session.scalars(
        select(Registration)
        .where(
            Registration.training_id == event.training_id,
            Registration.status.in_(ACTIVE_STATUSES),
        )
        .order_by(Registration.id)
    )
    queue_deliveries(
        [
            Delivery(
                kind=TrainingEvent.CANCELLED,
                idempotency_key=f"{event.kind}:{event.id}:{registration.id}",
                recipient=registration.email,
                registration_id=registration.id,
            )
            for registration in registrations
        ]
    )


def registration_context(registration: Registration, language: str) -> dict[str, Any]:
    """What the templates say, in ``language``: in Arabic, codes and references isolated left to
    right and the dates isolated, so that the sentence around them never reorders their parts."""
    training = registration.training
    arabic = language == "ar"
    code = checkin_code(registration)
    return {
        "salutation": greeting(registration, language),
        "title": pick(training.title, language),
        "dates": _isolated_in_arabic(
            date_range(training.starts_on, training.ends_on, language), language
        ),
        "venue": sentence_case(
            venue_text(training.modality, training.venue_city, training.venue_country, language)
        ),
        "reference": ltr(registration.reference) if arabic else registration.reference,
        "zone": training_zone_name(training, language),
        "sessions": [
            sentence_case(session_when(s.starts_at, s.ends_at, training.timezone, language))
            for s in training.sessions
        ],
        "manage_url": manage_url(registration),
        "checkin_code": ltr(code) if code and arabic else code,
        "join_url": join_url(registration),
        "follow_up_url": follow_up_url(registration),
        "confirm_url": confirm_url(registration),
        "country": country_name(registration.country, language),
        "organisation": organisation_name(language),
    }


def greeting(registration: Registration, language: str) -> str:
    return salutation(
        language,
        title=Title(registration.title) if registration.title else None,
        gender=registration.known_gender,
        latin_name=registration.full_name,
        family_name=registration.family_name,
        arabic_name=registration.name_ar,
    )


def _isolated_in_arabic(text: str, language: str) -> str:
    return isolated(text) if language == "ar" else text


def _checkin_qr(code: str | None) -> InlineImage | None:
    if code is None:
        return None
    image = io.BytesIO()
    segno.make(code, error="m").save(image, kind="png", scale=6, border=2)
    return InlineImage(cid="checkin-qr", content=image.getvalue(), alt=code)


def registration_message(
    delivery: Delivery,
    *,
    templates: MailTemplates = TEMPLATES,
    calendar: bool = False,
    per_language: dict[str, dict[str, str]] | None = None,
) -> Message:
    """The e-mail of ``delivery.kind`` to the registration's person, from ``templates`` (which
    may include this feature's ``_details``, ``_sessions`` and ``_access`` parts)."""
    registration = db.session.get_one(Registration, delivery.registration_id)
    attachments = []
    if calendar:
        attachments.append(
            Attachment(
                filename=f"{registration.reference}.ics",
                content=registration_calendar(registration, manage_url(registration)),
                maintype="text",
                subtype="calendar",
            )
        )
    return bilingual_message(
        templates,
        delivery.kind,
        recipient=registration.email,
        preferred=registration.preferred_language,
        context_for=lambda language: {
            **registration_context(registration, language),
            **{key: texts[language] for key, texts in (per_language or {}).items()},
        },
        attachments=attachments,
        image=_checkin_qr(checkin_code(registration)),
    )


def registration_email(delivery: Delivery) -> Message:
    return registration_message(delivery, calendar=delivery.kind in SEATED)


def training_cancelled_email(delivery: Delivery) -> Message:
    return registration_message(delivery)


def day_before_reminder(delivery: Delivery) -> Message:
    return registration_message(delivery)


def session_reminder(delivery: Delivery) -> Message:
    session = db.session.get_one(TrainingSession, delivery.context["session_id"])
    zone = session.training.timezone
    registration = db.session.get_one(Registration, delivery.registration_id)
    languages = {registration.preferred_language, "ar", "en"}
    when = {
        language: session_when(session.starts_at, session.ends_at, zone, language)
        for language in languages
    }
    zones = {language: zone_name(zone, session.starts_at, language) for language in languages}
    return registration_message(delivery, per_language={"session": when, "zone": zones})
