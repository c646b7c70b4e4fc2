"""Programmes, trainings and their sessions, and the words for a training's kind and state."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.core.clock import UTCDateTime, utcnow
from service.core.db import Model
from service.core.enums import one_of


class Kind(StrEnum):
    TRAINING_COURSE = "training_course"
    WORKSHOP = "workshop"
    WEBINAR = "webinar"
    STUDY_VISIT = "study_visit"
    MEETING = "meeting"


class Modality(StrEnum):
    VIRTUAL = "virtual"
    ONSITE = "onsite"
    HYBRID = "hybrid"


class TrainingStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class CertificateTemplate(StrEnum):
    """The certificate designs: participants earn the training's own (participation or
    attendance); experts and speakers receive appreciation."""

    PARTICIPATION = "participation"
    ATTENDANCE = "attendance"
    APPRECIATION = "appreciation"


class EvaluationMode(StrEnum):
    """Whether attendees are asked to evaluate the training when it closes (the survey is
    ``service.evaluation``'s); ``required``: the certificate waits for the answer."""

    OFF = "off"
    OPTIONAL = "optional"
    REQUIRED = "required"


class AdmissionMode(StrEnum):
    """How people get a seat: ``open``, first come first served (confirmed, or waitlisted once
    full); ``selection``, public applications (``applied``) that organisers decide on;
    ``nomination``, only national focal points of eligible countries submit candidates
    (``nominated``), and organisers decide."""

    OPEN = "open"
    SELECTION = "selection"
    NOMINATION = "nomination"


class TrainingEvent(StrEnum):
    """Outbox events about a training."""

    CLOSED = "training.closed"
    RULE_CHANGED = "training.rule_changed"
    CANCELLED = "training.cancelled"  # also the kind of the e-mail each active registration gets


class Programme(Model):
    """A capacity-building programme such as StatCaB or OSH-CaB."""

    __tablename__ = "programme"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[dict[str, str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Training(Model):
    """One activity: a course, workshop, webinar, study visit or meeting."""

    __tablename__ = "training"
    __table_args__ = (
        one_of("kind", Kind, "training"),
        one_of("modality", Modality, "training"),
        one_of("status", TrainingStatus, "training"),
        one_of("certificate_template", CertificateTemplate, "training"),
        one_of("evaluation", EvaluationMode, "training"),
        one_of("admission", AdmissionMode, "training"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    kind: Mapped[str] = mapped_column(String(20))
    modality: Mapped[str] = mapped_column(String(10))
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    description: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    venue_city: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    venue_country: Mapped[str | None] = mapped_column(String(2))
    timezone: Mapped[str] = mapped_column(String(64))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    languages: Mapped[list[str]] = mapped_column(JSON)
    capacity: Mapped[int | None] = mapped_column(Integer)
    registration_opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # "oic", "all" or a list of ISO 3166 alpha-2 codes
    eligible_countries: Mapped[Any] = mapped_column(JSON)
    meeting_url: Mapped[str | None] = mapped_column(Text)
    partners: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    attendance_threshold: Mapped[float] = mapped_column(Float, default=0.75)
    session_min_share: Mapped[float] = mapped_column(Float, default=0.5)
    status: Mapped[str] = mapped_column(String(10), default=TrainingStatus.DRAFT)
    certificate_template: Mapped[str] = mapped_column(
        String(20), default=CertificateTemplate.PARTICIPATION
    )
    evaluation: Mapped[str] = mapped_column(String(10), default=EvaluationMode.OFF)
    admission: Mapped[str] = mapped_column(String(12), default=AdmissionMode.OPEN)
    # {"SN": 3, ...}: at most this many nominations, and acceptances, per country (participants);
    # a country not listed has no quota.
    quotas: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    # [{"name": {"ar","en","fr"}, "title": {"ar","en","fr"}}]; empty: the organisation's default
    signatories: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # The pair of languages every certificate of the training is printed in (the engine's
    # language sets), whatever each participant's preferred language.
    certificate_languages: Mapped[list[str]] = mapped_column(JSON)
    reference_prefix: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    programme: Mapped[Programme] = relationship(lazy="joined", innerjoin=True)
    sessions: Mapped[list[TrainingSession]] = relationship(
        back_populates="training",
        order_by="TrainingSession.starts_at",
        cascade="all, delete-orphan",
    )
    transitions: Mapped[list[TrainingTransition]] = relationship(
        order_by="TrainingTransition.id", cascade="all, delete-orphan"
    )

    @property
    def last_session_start(self) -> datetime | None:
        return max((session.starts_at for session in self.sessions), default=None)


class TrainingSession(Model):
    """A dated part of a training (by default one per day)."""

    __tablename__ = "training_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(
        ForeignKey("training.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    title: Mapped[str | None] = mapped_column(String(300))

    training: Mapped[Training] = relationship(back_populates="sessions")


class TrainingTransition(Model):
    """A change of a training's status, with who made it and why: closing (``forced`` before
    the last session started), re-opening, cancelling. Kept as the training's history."""

    __tablename__ = "training_transition"
    __table_args__ = (
        one_of("from_status", TrainingStatus, "training_transition"),
        one_of("to_status", TrainingStatus, "training_transition"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(
        ForeignKey("training.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str] = mapped_column(String(10))
    to_status: Mapped[str] = mapped_column(String(10))
    forced: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str | None] = mapped_column(Text)
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("organiser.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
