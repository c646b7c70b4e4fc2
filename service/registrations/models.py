"""Registrations: a person's place (or wait) in a training, and the words for its states."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from certificates import ARABIC_NAME_MAX_LENGTH, FAMILY_NAME_MAX_LENGTH, GIVEN_NAME_MAX_LENGTH
from service.core.clock import UTCDateTime, utcnow
from service.core.db import Model
from service.core.enums import one_of, sql_in
from service.trainings.models import Training


class RegistrationStatus(StrEnum):
    """Where a registration stands (``service/registrations/admission.py`` holds the rules).

    open admission: confirmed, or waitlisted once the seats are taken (promoted when one frees).
    selection: a public application arrives ``applied``; nomination: a focal point's candidate
    arrives ``nominated``. Organisers then decide (``service.selection``): accepted is
    ``confirmed`` (within capacity and the country's quota), or ``waitlisted`` (a reserve they
    may accept later), or ``rejected`` (final). Any active registration may be ``cancelled``.
    """

    APPLIED = "applied"
    NOMINATED = "nominated"
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


# Still in the running: one per e-mail address and training, told if the training is cancelled.
ACTIVE_STATUSES = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.APPLIED,
    RegistrationStatus.NOMINATED,
)
# Waiting for the organisers' decision.
UNDECIDED_STATUSES = (RegistrationStatus.APPLIED, RegistrationStatus.NOMINATED)


class Role(StrEnum):
    """Participants take seats and earn certificates by attending; experts and speakers are
    thanked with an appreciation certificate; organisers earn nothing unless granted."""

    PARTICIPANT = "participant"
    EXPERT = "expert"
    SPEAKER = "speaker"
    ORGANISER = "organiser"


class Title(StrEnum):
    """The honorific a person registers with (optional); its words per language are the
    certificate engine's (``certificates/vocabulary.json``) and ``labels.TITLES``."""

    MR = "mr"
    MS = "ms"
    DR = "dr"
    PROF = "prof"
    HE = "he"


class Gender(StrEnum):
    """Optional: Arabic and French words agree with it (salutations, certificates); without it
    the wording is neutral. ``mr`` and ``ms`` imply it."""

    FEMALE = "female"
    MALE = "male"


TITLE_GENDER = {Title.MR: Gender.MALE, Title.MS: Gender.FEMALE}


class RegistrationEvent(StrEnum):
    """Outbox events about a registration; each one e-mails the person."""

    CONFIRMED = "registration.confirmed"
    WAITLISTED = "registration.waitlisted"
    PROMOTED = "registration.promoted"
    CANCELLED = "registration.cancelled"
    APPLIED = "registration.applied"
    NOMINATED = "registration.nominated"  # asks the nominee to confirm and complete it


class PersonEvent(StrEnum):
    """Outbox events about what the person did, which e-mail nobody."""

    CONFIRMED = "registration.confirmed_by_person"


class Reminder(StrEnum):
    """Reminder e-mails (delivery kinds)."""

    DAY_BEFORE = "reminder.day_before"
    SESSION = "reminder.session"


class Registration(Model):
    """A person's place (or wait) in one training."""

    __tablename__ = "registration"
    __table_args__ = (
        # One active registration per e-mail address and training.
        Index(
            "uq_registration_active_email",
            "training_id",
            "email",
            unique=True,
            sqlite_where=text(sql_in("status", ACTIVE_STATUSES)),
            postgresql_where=text(sql_in("status", ACTIVE_STATUSES)),
        ),
        Index("ix_registration_training_status", "training_id", "status"),
        UniqueConstraint("join_token_hash", name="uq_registration_join_token_hash"),
        one_of("status", RegistrationStatus, "registration"),
        one_of("role", Role, "registration"),
        one_of("title", Title, "registration"),
        one_of("gender", Gender, "registration"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("training.id"))
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    given_name: Mapped[str] = mapped_column(String(GIVEN_NAME_MAX_LENGTH))
    family_name: Mapped[str] = mapped_column(String(FAMILY_NAME_MAX_LENGTH))
    name_ar: Mapped[str | None] = mapped_column(String(ARABIC_NAME_MAX_LENGTH))
    title: Mapped[str | None] = mapped_column(String(8))
    gender: Mapped[str | None] = mapped_column(String(8))
    email: Mapped[str] = mapped_column(String(254))
    country: Mapped[str] = mapped_column(String(2))
    institution: Mapped[str | None] = mapped_column(String(300))
    job_title: Mapped[str | None] = mapped_column(String(200))
    preferred_language: Mapped[str] = mapped_column(String(2))
    role: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(12))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the person confirmed the registration themselves (consent, language, answers): on
    # registering for those who register themselves; for a nomination, when the nominee confirms
    # it (organisers may decide before or after). None: not (yet) confirmed by the person.
    confirmed_by_person_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The national focal point who nominated this person (nominations only).
    focal_point_id: Mapped[int | None] = mapped_column(ForeignKey("focal_point.id"), index=True)
    # The access token is derived from this salt with the secret key (see core.security), so
    # workers can put it in every e-mail while the database holds only its hash.
    access_salt: Mapped[str] = mapped_column(String(32))
    access_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The join link's token is derived from the same salt for another purpose: it records
    # attendance and leads to the meeting, and opens nothing else (not the manage page, not the
    # API), so forwarding it hands over no cancelling and no certificate.
    join_token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    training: Mapped[Training] = relationship()

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def known_gender(self) -> Gender | None:
        """The gender given, or the one the title implies (Mr, Ms); None: neutral wording."""
        if self.gender:
            return Gender(self.gender)
        return TITLE_GENDER.get(Title(self.title)) if self.title else None

    @property
    def takes_seat(self) -> bool:
        return self.role == Role.PARTICIPANT

    @property
    def awaits_person(self) -> bool:
        """A nomination its nominee has not confirmed yet, still in the running."""
        return (
            self.focal_point_id is not None
            and self.confirmed_by_person_at is None
            and self.status in ACTIVE_STATUSES
        )
