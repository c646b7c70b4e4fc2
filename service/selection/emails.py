"""The e-mails of decisions: the person's (their language with Arabic beside it; accepted
brings the calendar file, the check-in QR code or join link and the follow-up form) and, for a
nomination, their focal point's. ``queue_decision_emails`` handles the ``selection.*`` events."""

from __future__ import annotations

from email.message import Message
from pathlib import Path

from flask import current_app

from service.core.dates import date_range, isolated, ltr
from service.core.db import db
from service.core.i18n import pick
from service.core.identity import organisation_name
from service.focalpoints.models import FocalPoint
from service.mail.compose import MailTemplates, bilingual_message
from service.pipeline.deliveries import queue_deliveries
from service.pipeline.models import Delivery, OutboxEvent
from service.registrations.emails import TEMPLATES as REGISTRATION_TEMPLATES
from service.registrations.emails import registration_message
from service.registrations.models import Registration
from service.registrations.salutations import salutation
from service.selection.models import Decision, SelectionEmail, SelectionEvent

FOLDER = Path(__file__).parent / "mail"
TEMPLATES = MailTemplates(FOLDER, REGISTRATION_TEMPLATES.folder)


def queue_decision_emails(event: OutboxEvent) -> None:
    """Handler of the ``selection.*`` events: the person's e-mail and, for a nomination, the
    focal point's (not tied to the registration, so that correcting the person's address never
    redirects it), each keyed by the event."""
    registration = db.session.get_one(Registration, event.registration_id)
    deliveries = [
        Delivery(
            kind=event.kind,
            idempotency_key=f"{event.kind}:{event.id}",
            recipient=registration.email,
            registration_id=registration.id,
        )
    ]
    if registration.focal_point_id is not None:
        focal_point = db.session.get_one(FocalPoint, registration.focal_point_id)
        deliveries.append(
            Delivery(
                kind=SelectionEmail.FOCAL_POINT,
                idempotency_key=f"{SelectionEmail.FOCAL_POINT}:{event.id}",
                recipient=focal_point.email,
                context={"decision_id": event.payload["decision_id"]},
            )
        )
    queue_deliveries(deliveries)


def decision_email(delivery: Delivery) -> Message:
    return registration_message(
        delivery, templates=TEMPLATES, calendar=delivery.kind == SelectionEvent.ACCEPTED
    )


def focal_point_email(delivery: Delivery) -> Message:
    decision = db.session.get_one(Decision, delivery.context["decision_id"])
    registration = db.session.get_one(Registration, decision.registration_id)
    focal_point = db.session.get_one(FocalPoint, registration.focal_point_id)
    training = registration.training
    base = current_app.config["PUBLIC_BASE_URL"]

    def context(language: str) -> dict[str, str]:
        arabic = language == "ar"
        dates = date_range(training.starts_on, training.ends_on, language)
        return {
            "salutation": salutation(
                language,
                title=None,
                gender=None,
                latin_name=focal_point.name,
                family_name=focal_point.name,
                arabic_name=None,
            ),
            "nominee": registration.name_ar
            if arabic and registration.name_ar
            else registration.full_name,
            "reference": ltr(registration.reference) if arabic else registration.reference,
            "decision": decision.decision,
            "title": pick(training.title, language),
            "dates": isolated(dates) if arabic else dates,
            "page_url": f"{base}/focal-point/trainings/{training.id}",
            "organisation": organisation_name(language),
        }

    return bilingual_message(
        TEMPLATES,
        delivery.kind,
        recipient=focal_point.email,
        preferred=focal_point.language,
        context_for=context,
    )
