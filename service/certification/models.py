"""Certificates, organisers' eligibility decisions and holders' correction requests."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from certificates import ARABIC_NAME_MAX_LENGTH, FAMILY_NAME_MAX_LENGTH, GIVEN_NAME_MAX_LENGTH
from service.core.clock import UTCDateTime, utcnow
from service.core.db import Model
from service.core.enums import one_of
from service.registrations.models import Registration
from service.trainings.models import CertificateTemplate


class CertificateStatus(StrEnum):
    """pending -> rendered (the PDF exists) -> sent (its e-mail was taken by the server);
    pending -> failed (with the reason; a retry makes it pending again); any -> revoked."""

    PENDING = "pending"
    RENDERED = "rendered"
    SENT = "sent"
    FAILED = "failed"
    REVOKED = "revoked"


WITH_PDF = (CertificateStatus.RENDERED, CertificateStatus.SENT)


class Verification(StrEnum):
    """What public verification says of a serial (a certificate whose PDF never existed is not
    known publicly)."""

    VALID = "valid"
    REVOKED = "revoked"


class RevocationReason(StrEnum):
    """Why a certificate was revoked, as shown publicly (the organiser's note is not)."""

    NAME_CORRECTED = "name_corrected"
    ISSUED_IN_ERROR = "issued_in_error"
    ELIGIBILITY_WITHDRAWN = "eligibility_withdrawn"
    OTHER = "other"


class Decision(StrEnum):
    """An organiser's override of the attendance rule."""

    GRANT = "grant"
    WITHHOLD = "withhold"


class CertificateEmail(StrEnum):
    ISSUED = "certificate.issued"


class CertificationEvent(StrEnum):
    """Outbox events of certification."""

    DECIDED = "eligibility.decided"  # a decision on a closed training: issue or revoke now


STANDING = f"status <> '{CertificateStatus.REVOKED}'"


class Certificate(Model):
    """A certificate issued to one registration (see ``CertificateStatus``); revoked ones stay
    on record."""

    __tablename__ = "certificate"
    __table_args__ = (
        # At most one standing certificate per registration: closing twice issues nothing twice.
        Index(
            "uq_certificate_standing",
            "registration_id",
            unique=True,
            sqlite_where=text(STANDING),
            postgresql_where=text(STANDING),
        ),
        one_of("template", CertificateTemplate, "certificate"),
        one_of("status", CertificateStatus, "certificate"),
        one_of("revocation_reason", RevocationReason, "certificate"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(32), unique=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), index=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("training.id"), index=True)
    template: Mapped[str] = mapped_column(String(20))
    # The holder's names as printed, so the record keeps what the PDF says.
    holder_name: Mapped[dict[str, str]] = mapped_column(JSON)
    issued_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default=CertificateStatus.PENDING)
    sha256: Mapped[str | None] = mapped_column(String(64))
    storage_path: Mapped[str | None] = mapped_column(Text)
    rendered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failure_reason: Mapped[str | None] = mapped_column(Text)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revocation_reason: Mapped[str | None] = mapped_column(String(24))
    # The organiser's words: on record, never shown publicly.
    revocation_note: Mapped[str | None] = mapped_column(Text)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    enqueued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    registration: Mapped[Registration] = relationship()

    def revoke(self, reason: RevocationReason, note: str) -> None:
        """Revoke it (once): when, the category shown publicly, the organiser's private note."""
        if self.status == CertificateStatus.REVOKED:
            return
        self.status = CertificateStatus.REVOKED
        self.revoked_at = utcnow()
        self.revocation_reason = reason
        self.revocation_note = note

    @property
    def verification(self) -> Verification | None:
        """Valid while its PDF exists; revoked if it had one; else not known publicly."""
        if self.status in WITH_PDF:
            return Verification.VALID
        if self.status == CertificateStatus.REVOKED and self.rendered_at is not None:
            return Verification.REVOKED
        return None


class EligibilityDecision(Model):
    """An organiser's grant or withholding of a certificate, overriding the attendance rule."""

    __tablename__ = "eligibility_decision"
    __table_args__ = (one_of("decision", Decision, "eligibility_decision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), unique=True)
    decision: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("organiser.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CorrectionRequest(Model):
    """A holder's request to correct the names on their certificate. It is pending while the
    registration's names differ from those asked for; an organiser applies it."""

    __tablename__ = "correction_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), index=True)
    given_name: Mapped[str] = mapped_column(String(GIVEN_NAME_MAX_LENGTH))
    family_name: Mapped[str] = mapped_column(String(FAMILY_NAME_MAX_LENGTH))
    name_ar: Mapped[str | None] = mapped_column(String(ARABIC_NAME_MAX_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
