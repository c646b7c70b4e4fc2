"""What the API takes and gives for certificates, issuance and eligibility decisions."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from service.certification.models import (
    Certificate,
    CertificateStatus,
    Decision,
    RevocationReason,
    Verification,
)
from service.certification.progress import FailedStage
from service.core.i18n import pick, place
from service.core.schemas import CleanStr, Language, Out, Strict, Timestamp
from service.registrations.schemas import PersonNames
from service.trainings.models import CertificateTemplate, Modality

Reason = Annotated[CleanStr, Field(min_length=1, max_length=500)]
#: Public verification always names the training in Arabic and English, and also in French when
#: the certificate is Arabic and French.
PUBLIC_LANGUAGES = ("ar", "en")


class NameCorrectionIn(PersonNames):
    reason: Reason


class RevokeIn(Strict):
    """``category`` is shown publicly; ``reason`` (the organiser's words) is not."""

    category: RevocationReason
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


class RevocationOut(Out):
    """When and why (the category) a certificate was revoked, and the serial that replaces it."""

    on: date
    reason: RevocationReason
    replaced_by: str | None


class VerificationOut(Out):
    """Public verification: valid (its PDF exists) or revoked, the holder's name, the training —
    nothing else. A certificate whose PDF never existed is not found. Texts are given in Arabic
    and English, and in the certificate's other language (French) when it has one."""

    serial: str
    status: Verification
    revoked_on: date | None
    revocation: RevocationOut | None
    languages: list[Language]
    holder: HolderOut
    training: CertifiedTrainingOut
    template: CertificateTemplate
    issued_on: date

    @classmethod
    def of(
        cls, certificate: Certificate, replacement: Certificate | None = None
    ) -> VerificationOut:
        training = certificate.registration.training
        languages = tuple(training.certificate_languages)
        named = [*PUBLIC_LANGUAGES, *(lang for lang in languages if lang not in PUBLIC_LANGUAGES)]
        venue = None
        if training.modality != Modality.VIRTUAL:
            city, country = training.venue_city, training.venue_country
            venue = {lang: place(city, country, lang) for lang in named}
        status = certificate.verification
        if status is None:
            raise ValueError(f"certificate {certificate.serial} is not public")
        revoked_at = certificate.revoked_at
        revocation = None
        if status == Verification.REVOKED and revoked_at is not None:
            revocation = RevocationOut(
                on=revoked_at.date(),
                reason=RevocationReason(certificate.revocation_reason or RevocationReason.OTHER),
                replaced_by=replacement.serial if replacement else None,
            )
        return cls(
            serial=certificate.serial,
            status=status,
            revoked_on=revocation.on if revocation else None,
            revocation=revocation,
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


class FailureOut(Out):
    """A failed certificate (or the closing itself): whose, where it stopped, why and when."""

    stage: FailedStage
    serial: str | None
    reference: str | None
    holder: str | None
    email: str | None
    reason: str
    at: Timestamp


class IssuanceOut(Out):
    """Issuance progress: certificates earned, rendered, e-mailed, failed (each one listed), and
    whether done (every certificate sent or failed)."""

    eligible: int
    rendered: int
    emailed: int
    failed: int
    done: bool
    failures: list[FailureOut]


class CertificateOut(Out):
    """A certificate as organisers see it: its state and, when it failed, why and when."""

    serial: str
    reference: str
    status: CertificateStatus
    template: CertificateTemplate
    issued_on: date
    failure_reason: str | None
    failed_at: Timestamp | None

    @classmethod
    def of(cls, certificate: Certificate) -> CertificateOut:
        return cls(
            serial=certificate.serial,
            reference=certificate.registration.reference,
            status=CertificateStatus(certificate.status),
            template=CertificateTemplate(certificate.template),
            issued_on=certificate.issued_on,
            failure_reason=certificate.failure_reason,
            failed_at=certificate.failed_at,
        )


class CorrectedOut(Out):
    """The serial that carries the corrected name, and the one it revoked (null when the
    certificate had failed and is rendered again under its own serial)."""

    revoked: str | None
    serial: str
