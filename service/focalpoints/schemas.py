"""What the API takes and gives for focal points and their nominations."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import Field, field_validator

from service.core.schemas import (
    CleanStr,
    CountryCode,
    Email,
    Language,
    Out,
    Query,
    Strict,
    Timestamp,
)
from service.focalpoints.models import FocalPoint
from service.registrations.models import Registration, RegistrationStatus
from service.registrations.schemas import PersonIn
from service.trainings.models import Kind, Modality, Training


class FocalPointIn(Strict):
    email: Email
    name: Annotated[CleanStr, Field(min_length=1, max_length=200)]
    country: CountryCode
    programmes: list[Annotated[str, Field(max_length=40)]] = Field(
        default_factory=list,
        max_length=50,
        description="programme codes the focal point nominates for; none: every programme",
    )
    language: Language = Field(default="en", description="of their e-mails (beside Arabic)")


class FocalPointQuery(Query):
    country: Annotated[str, Field(max_length=2)] | None = None


class FocalPointOut(Out):
    id: int
    email: str
    name: str
    country: str
    programmes: list[str]
    language: Language
    created_at: Timestamp

    @classmethod
    def of(cls, focal_point: FocalPoint) -> FocalPointOut:
        return cls(
            id=focal_point.id,
            email=focal_point.email,
            name=focal_point.name,
            country=focal_point.country,
            programmes=focal_point.programmes,
            language=focal_point.language,
            created_at=focal_point.created_at,
        )


class FocalPointCreatedOut(FocalPointOut):
    """The new focal point, with an API token (shown once); they are e-mailed how to sign in."""

    token: str


class FocalPointList(Out):
    focal_points: list[FocalPointOut]


class NominationIn(PersonIn):
    """The official nominated: the registration's fields. ``country`` is the focal point's own
    (another one is refused); the nominee gives consent and answers when confirming."""

    country: CountryCode | None = None

    @field_validator("country", mode="before")
    @classmethod
    def _empty_country_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value


class NominatedOut(Out):
    reference: str
    status: RegistrationStatus
    nominations_left: int | None = Field(description="under the country's quota; null: none")


class NominationOut(Out):
    """A nominee as their focal point follows them: status, and whether they confirmed."""

    reference: str
    training_id: int
    given_name: str
    family_name: str
    name_ar: str | None
    email: str
    country: str
    institution: str | None
    job_title: str | None
    status: RegistrationStatus
    confirmed_by_person_at: Timestamp | None
    nominated_by: str | None
    nominated_at: Timestamp

    @classmethod
    def of(cls, registration: Registration, nominated_by: str | None) -> NominationOut:
        return cls(
            reference=registration.reference,
            training_id=registration.training_id,
            given_name=registration.given_name,
            family_name=registration.family_name,
            name_ar=registration.name_ar,
            email=registration.email,
            country=registration.country,
            institution=registration.institution,
            job_title=registration.job_title,
            status=RegistrationStatus(registration.status),
            confirmed_by_person_at=registration.confirmed_by_person_at,
            nominated_by=nominated_by,
            nominated_at=registration.created_at,
        )


class NominationList(Out):
    nominations: list[NominationOut]


class QuotaOut(Out):
    """The country's quota on one training, what its focal points used and what is left."""

    country: str
    quota: int | None
    nominated: int
    left: int | None
    accepted: int


class OpenTrainingOut(Out):
    """A training open to the focal point's country, with the country's quota."""

    id: int
    title: dict[str, str]
    kind: Kind
    modality: Modality
    starts_on: date
    ends_on: date
    venue_country: str | None
    registration_closes_at: Timestamp
    nominations_open: bool
    quota: QuotaOut

    @classmethod
    def of(cls, training: Training, open_now: bool, quota: QuotaOut) -> OpenTrainingOut:
        return cls(
            id=training.id,
            title=training.title,
            kind=Kind(training.kind),
            modality=Modality(training.modality),
            starts_on=training.starts_on,
            ends_on=training.ends_on,
            venue_country=training.venue_country,
            registration_closes_at=training.registration_closes_at,
            nominations_open=open_now,
            quota=quota,
        )


class OpenTrainingList(Out):
    trainings: list[OpenTrainingOut]
