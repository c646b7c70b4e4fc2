"""The survey's e-mails: the invitation sent on closing and the one reminder, in the attendee's
language with Arabic (or English) alongside, each with the personal link in that language."""

from __future__ import annotations

from email.message import Message
from pathlib import Path
from typing import Any

from service.core.db import db
from service.core.i18n import pick
from service.core.identity import organisation_name
from service.evaluation.links import survey_url
from service.evaluation.models import Invitation
from service.mail.compose import MailTemplates, bilingual_message
from service.pipeline.models import Delivery
from service.registrations.emails import greeting
from service.registrations.models import Registration
from service.trainings.models import EvaluationMode

TEMPLATES = MailTemplates(Path(__file__).parent / "mail")


def survey_email(delivery: Delivery) -> Message:
    """Composer of ``evaluation.invitation`` and ``evaluation.reminder``."""
    invitation = db.session.get_one(Invitation, delivery.context["invitation_id"])
    registration = db.session.get_one(Registration, invitation.registration_id)
    training = registration.training

    def context(language: str) -> dict[str, Any]:
        return {
            "salutation": greeting(registration, language),
            "title": pick(training.title, language),
            "survey_url": survey_url(invitation, language),
            "required": training.evaluation == EvaluationMode.REQUIRED,
            "organisation": organisation_name(language),
        }

    return bilingual_message(
        TEMPLATES,
        delivery.kind,
        recipient=registration.email,
        preferred=registration.preferred_language,
        context_for=context,
    )
