"""What the API takes and gives for certificates, issuance and eligibility decisions."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from service.certification.models import Certificate, Decision, Verification
from service.core.i18n import pick, place
from service.core.schemas import CleanStr, Language, Out, Strict
from service.registrations.schemas import PersonNames
from service.trainings.models import CertificateTemplate, Modality

Reason = Annotated[CleanStr, Field(min_length=1, max_length=500)]
#: Public verification always names the training in Arabic and English, and also in French when
#: the certificate is Arabic and French.
PUBLIC_LANGUAGES = ("ar", "en")


class NameCorrectionIn(PersonNames):
    reason: Reason


class RevokeIn(Strict):
    reason: Reason


class DecisionIn(Strict):
    decision: Decision | None
    reason: Reason


class DecisionOut(Out):
    """The decision recorded (null: the attendance rule decides again)."""

    reference: str
    decision: Decision | None
    reason: str


class HolderOut(Out):
    en: str | None
    ar: str | None


class CertifiedTrainingOut(Out):
    title: dict[str, str]
    starts_on: date
    ends_on: date
    modality: Modality
    venue: dict[str, str] | None


class VerificationOut(Out):
    """Public verification: valid or revoked, the holder's name, the training — nothing else."""

    serial: str
    status: Verification
    revoked_on: date | None
    languages: list[Language]
    holder: HolderOut
    training: CertifiedTrainingOut
    template: CertificateTemplate
    issued_on: date

    @classmethod
    def of(cls, certificate: Certificate, languages: tuple[str, ...]) -> VerificationOut:
        """``languages``: the certificate's (``ar`` with ``en`` or ``fr``)."""
        training = certificate.registration.training
        named = [*PUBLIC_LANGUAGES, *(lang for lang in languages if lang not in PUBLIC_LANGUAGES)]
        venue = None
        if training.modality != Modality.VIRTUAL:
            city, country = training.venue_city, training.venue_country
            venue = {lang: place(city, country, lang) for lang in named}
        revoked_at = certificate.revoked_at
        return cls(
            serial=certificate.serial,
            status=certificate.verification,
            revoked_on=revoked_at.date() if revoked_at else None,
            languages=list(languages),
            holder=HolderOut(
                en=certificate.holder_name.get("en"), ar=certificate.holder_name.get("ar")
            ),
            training=CertifiedTrainingOut(
                title={lang: pick(training.title, lang) for lang in named},
                starts_on=training.starts_on,
                ends_on=training.ends_on,
                modality=Modality(training.modality),
                venue=venue,
            ),
            template=CertificateTemplate(certificate.template),
            issued_on=certificate.issued_on,
        )


class ClosedOut(Out):
    """The training is closed; follow the issuance at ``issuance``."""

    status: str
    issuance: str


class IssuanceOut(Out):
    """Issuance progress: certificates earned, rendered, e-mailed, failed, and whether done."""

    eligible: int
    rendered: int
    emailed: int
    failed: int
    done: bool


class CorrectedOut(Out):
    """The revoked serial and the serial of the certificate that replaces it."""

    revoked: str
    serial: str
