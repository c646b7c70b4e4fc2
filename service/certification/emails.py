"""The certificate's e-mail: the PDF attached, in the holder's language and Arabic (or English)."""

from __future__ import annotations

from email.message import Message
from pathlib import Path
from typing import Any

from service.certification.models import Certificate, CertificateEmail
from service.certification.payload import verification_url
from service.certification.rendering import certificate_pdf
from service.core.dates import ltr
from service.core.db import db
from service.core.i18n import pick
from service.core.identity import organisation_name
from service.mail.compose import Attachment, MailTemplates, bilingual_message
from service.pipeline.models import Delivery
from service.registrations.links import manage_url
from service.registrations.models import Title
from service.registrations.salutations import salutation

TEMPLATES = MailTemplates(Path(__file__).parent / "mail")


def certificate_email(delivery: Delivery) -> Message:
    certificate = db.session.get_one(Certificate, delivery.certificate_id)
    registration = certificate.registration

    def context(language: str) -> dict[str, Any]:
        return {
            "salutation": salutation(
                language,
                title=Title(registration.title) if registration.title else None,
                gender=registration.known_gender,
                latin_name=certificate.holder_name["en"],
                family_name=registration.family_name,
                arabic_name=certificate.holder_name.get("ar"),
            ),
            "title": pick(registration.training.title, language),
            "serial": ltr(certificate.serial) if language == "ar" else certificate.serial,
            "verification_url": verification_url(certificate.serial),
            "manage_url": manage_url(registration),
            "replaces": certificate.replaces_id is not None,
            "organisation": organisation_name(language),
        }

    attachment = Attachment(
        filename=f"certificate-{certificate.serial}.pdf",
        content=certificate_pdf(certificate),
        maintype="application",
        subtype="pdf",
    )
    return bilingual_message(
        TEMPLATES,
        CertificateEmail.ISSUED,
        recipient=registration.email,
        preferred=registration.preferred_language,
        context_for=context,
        attachments=[attachment],
    )
