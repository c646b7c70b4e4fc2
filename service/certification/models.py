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


class Verification(StrEnum):
    """What public verification says of a serial."""

    VALID = "valid"
    REVOKED = "revoked"


class Decision(StrEnum):
    """An organiser's override of the attendance rule."""

    GRANT = "grant"
    WITHHOLD = "withhold"


class CertificateEmail(StrEnum):
    ISSUED = "certificate.issued"


class Certificate(Model):
    """A certificate issued to one registration; revoked ones stay on record."""

    __tablename__ = "certificate"
    __table_args__ = (
        # At most one standing certificate per registration: closing twice issues nothing twice.
        Index(
            "uq_certificate_standing",
            "registration_id",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
        one_of("template", CertificateTemplate, "certificate"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(32), unique=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), index=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("training.id"), index=True)
    template: Mapped[str] = mapped_column(String(20))
    # The holder's names as printed, so the record keeps what the PDF says.
    holder_name: Mapped[dict[str, str]] = mapped_column(JSON)
    issued_on: Mapped[date] = mapped_column(Date)
    sha256: Mapped[str | None] = mapped_column(String(64))
    storage_path: Mapped[str | None] = mapped_column(Text)
    rendered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoke_reason: Mapped[str | None] = mapped_column(Text)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    enqueued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    registration: Mapped[Registration] = relationship()

    @property
    def verification(self) -> Verification:
        return Verification.REVOKED if self.revoked_at else Verification.VALID


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
