"""The focal points' own e-mails: the welcome (how to sign in) and the sign-in link, in their
language with Arabic beside it."""

from __future__ import annotations

from email.message import Message
from pathlib import Path
from typing import Any

from flask import current_app

from service.core.db import db
from service.core.i18n import country_name
from service.core.identity import organisation_name
from service.focalpoints.accounts import SIGN_IN_LINK_MINUTES, sign_in_url
from service.focalpoints.models import FocalPoint, SignInLink
from service.mail.compose import MailTemplates, bilingual_message
from service.pipeline.models import Delivery
from service.registrations.salutations import salutation

TEMPLATES = MailTemplates(Path(__file__).parent / "mail")


def _message(delivery: Delivery, focal_point: FocalPoint, **extra: str) -> Message:
    def context(language: str) -> dict[str, Any]:
        return {
            "salutation": salutation(
                language,
                title=None,
                gender=None,
                latin_name=focal_point.name,
                family_name=focal_point.name,
                arabic_name=None,
            ),
            "country": country_name(focal_point.country, language),
            "email": focal_point.email,
            "organisation": organisation_name(language),
            "minutes": SIGN_IN_LINK_MINUTES,
            **extra,
        }

    return bilingual_message(
        TEMPLATES,
        delivery.kind,
        recipient=delivery.recipient,
        preferred=focal_point.language,
        context_for=context,
    )


def welcome_email(delivery: Delivery) -> Message:
    focal_point = db.session.get_one(FocalPoint, delivery.context["focal_point_id"])
    base = current_app.config["PUBLIC_BASE_URL"]
    return _message(delivery, focal_point, sign_in_url=f"{base}/focal-point/sign-in")


def sign_in_email(delivery: Delivery) -> Message:
    link = db.session.get_one(SignInLink, delivery.context["link_id"])
    return _message(delivery, link.focal_point, link=sign_in_url(link))
