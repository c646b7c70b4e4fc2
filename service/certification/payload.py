"""The certificate engine's payload, built from what the database knows of a certificate."""

from __future__ import annotations

from typing import Any

from flask import current_app

from service.certification.models import Certificate
from service.core.i18n import pick, place
from service.registrations.models import Role
from service.trainings.models import CertificateTemplate, Modality, Training

# How each role is named on an appreciation certificate (the engine's words).
ROLE_ON_CERTIFICATE = {Role.EXPERT: "expert", Role.SPEAKER: "speaker", Role.ORGANISER: "trainer"}


def certificate_languages(training: Training) -> tuple[str, ...]:
    """The training's pair, the same for everyone on it (``Training.certificate_languages``):
    colleagues' certificates match whatever language each prefers for e-mails."""
    return tuple(training.certificate_languages)


def _texts(texts: dict[str, str] | None, languages: tuple[str, ...]) -> dict[str, str]:
    """One text per language, falling back (en, ar, fr) where a translation is missing."""
    return {language: pick(texts, language) for language in languages}


def _holder(certificate: Certificate) -> dict[str, Any]:
    """The name as issued, and the title and gender the wording agrees with (Arabic and French:
    «بصفتها خبيرةً», « en qualité d’experte »)."""
    registration = certificate.registration
    holder: dict[str, Any] = {"name": certificate.holder_name}
    if registration.title:
        holder["title"] = registration.title
    gender = registration.known_gender
    if gender:
        holder["gender"] = gender.value
    return holder


def verification_url(serial: str) -> str:
    return f"{current_app.config['PUBLIC_BASE_URL']}/verify/{serial}"


def build_payload(
    certificate: Certificate, attended: int, total: int, hours: float
) -> dict[str, Any]:
    registration = certificate.registration
    training = registration.training
    languages = certificate_languages(training)
    venue = None
    if training.modality != Modality.VIRTUAL:
        city, country = training.venue_city, training.venue_country
        venue = {language: place(city, country, language) for language in languages}
    payload: dict[str, Any] = {
        "template": certificate.template,
        "languages": list(languages),
        "serial": certificate.serial,
        "verification_url": verification_url(certificate.serial),
        "holder": _holder(certificate),
        "training": {
            "title": _texts(training.title, languages),
            "kind": training.kind,
            "modality": training.modality,
            "venue": venue,
            "starts_on": training.starts_on.isoformat(),
            "ends_on": training.ends_on.isoformat(),
            "programme": _texts(training.programme.name, languages),
            "partners": [_texts(partner, languages) for partner in training.partners[:6]],
        },
        "issued_on": certificate.issued_on.isoformat(),
    }
    if training.signatories:  # else the organisation's identity names its default signatories
        payload["signatories"] = [
            {"name": signatory["name"], "title": _texts(signatory["title"], languages)}
            for signatory in training.signatories
        ]
    if certificate.template == CertificateTemplate.ATTENDANCE:
        payload["attendance"] = {
            "sessions_attended": attended,
            "sessions_total": total,
            "hours": round(hours, 1),
        }
    if certificate.template == CertificateTemplate.APPRECIATION:
        payload["role"] = ROLE_ON_CERTIFICATE.get(Role(registration.role), "expert")
    return payload
