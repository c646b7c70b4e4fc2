"""What the API takes and gives for registrations."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, ValidationInfo, field_validator

from certificates import ARABIC_NAME_MAX_LENGTH, FAMILY_NAME_MAX_LENGTH, GIVEN_NAME_MAX_LENGTH
from service.core.schemas import (
    CleanStr,
    CountryCode,
    Email,
    Language,
    Out,
    Query,
    Strict,
    Timestamp,
    clean_or_none,
)
from service.pipeline.models import Delivery, DeliveryFailure, DeliveryStatus
from service.registrations.models import (
    TITLE_GENDER,
    Gender,
    Registration,
    RegistrationStatus,
    Role,
    Title,
)


def _script_of(value: str) -> set[str]:
    return {unicodedata.name(ch, "?").split()[0] for ch in value if ch.isalpha()}


def _latin_name(value: str) -> str:
    if _script_of(value) - {"LATIN"}:
        raise ValueError("must be written in Latin letters, as in the passport")
    return value


def _arabic_name(value: str) -> str:
    if _script_of(value) - {"ARABIC"}:
        raise ValueError("must be written in Arabic letters")
    return value


# The limits are the certificate engine's (defined once, in ``certificates.payload``): every
# name registration accepts fits on every design.
GivenName = Annotated[
    CleanStr, Field(min_length=1, max_length=GIVEN_NAME_MAX_LENGTH), AfterValidator(_latin_name)
]
FamilyName = Annotated[
    CleanStr, Field(min_length=1, max_length=FAMILY_NAME_MAX_LENGTH), AfterValidator(_latin_name)
]
ArabicName = Annotated[
    CleanStr, Field(min_length=1, max_length=ARABIC_NAME_MAX_LENGTH), AfterValidator(_arabic_name)
]


class PersonNames(Strict):
    """A person's names: Latin letters as in the passport, and optionally in Arabic script."""

    given_name: GivenName
    family_name: FamilyName
    name_ar: ArabicName | None = None

    @field_validator("name_ar", mode="before")
    @classmethod
    def _empty_name_is_none(cls, value: Any) -> Any:
        return clean_or_none(value)


class PersonIn(PersonNames):
    """Who is registered: the fields a registration and a nomination share."""

    title: Title | None = None
    gender: Gender | None = None
    email: Email
    institution: Annotated[CleanStr, Field(max_length=300)] | None = None
    job_title: Annotated[CleanStr, Field(max_length=200)] | None = None
    preferred_language: Language = "en"

    @field_validator("institution", "job_title", "title", "gender", mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        return clean_or_none(value)

    @field_validator("gender")
    @classmethod
    def _gender_agrees_with_title(cls, value: Gender | None, info: ValidationInfo) -> Any:
        title = info.data.get("title")
        implied = TITLE_GENDER.get(title) if title else None
        if implied and value and value != implied:
            raise ValueError(f"{value} disagrees with the title {title}")
        return value


Answers = Annotated[
    dict[str, Any],
    Field(
        max_length=60,
        description="the training's questions asked at this stage, by key: text, a choice's "
        "key, a list of keys (multiple choice), true/false, YYYY-MM-DD, a number",
    ),
]


class RegistrationIn(PersonIn):
    country: CountryCode
    role: Role = Role.PARTICIPANT
    consent: bool = False
    force: bool = False
    answers: Answers = Field(default_factory=dict)


class ConfirmIn(Strict):
    """A nominee confirming their registration: consent (required), their preferred language,
    and the answers to the questions asked at registration."""

    consent: bool = False
    preferred_language: Language | None = None
    answers: Answers = Field(default_factory=dict)


class RegistrationQuery(Query):
    """Filters of a training's registrations."""

    status: RegistrationStatus | None = None
    country: Annotated[str, Field(max_length=2)] | None = None


class RegisteredOut(Out):
    """The new registration: its reference, status, the participant's personal link, and the
    join link for online sessions (confirmed seats of virtual and hybrid trainings), which only
    records attendance and leads to the meeting."""

    reference: str
    status: RegistrationStatus
    manage_url: str
    join_url: str | None


class RegistrationOut(Out):
    reference: str
    training_id: int
    status: RegistrationStatus
    role: Role
    title: Title | None
    gender: Gender | None
    given_name: str
    family_name: str
    name_ar: str | None
    email: str
    country: str
    institution: str | None
    job_title: str | None
    preferred_language: Language
    consent_at: Timestamp | None
    confirmed_by_person_at: Timestamp | None = Field(
        description="when the person confirmed it themselves (a nominee: on the confirmation "
        "page); null: not yet"
    )
    nominated: bool = Field(description="submitted by a national focal point")
    created_at: Timestamp

    @classmethod
    def of(cls, registration: Registration) -> RegistrationOut:
        consent_at: datetime | None = registration.consent_at
        return cls(
            reference=registration.reference,
            training_id=registration.training_id,
            status=RegistrationStatus(registration.status),
            role=Role(registration.role),
            title=Title(registration.title) if registration.title else None,
            gender=Gender(registration.gender) if registration.gender else None,
            given_name=registration.given_name,
            family_name=registration.family_name,
            name_ar=registration.name_ar,
            email=registration.email,
            country=registration.country,
            institution=registration.institution,
            job_title=registration.job_title,
            preferred_language=registration.preferred_language,
            consent_at=consent_at,
            confirmed_by_person_at=registration.confirmed_by_person_at,
            nominated=registration.focal_point_id is not None,
            created_at=registration.created_at,
        )


class RegistrationList(Out):
    registrations: list[RegistrationOut]


class ResendIn(Strict):
    """The corrected address, if the e-mails were refused because it was wrong."""

    email: Email | None = None


class ResentOut(Out):
    reference: str
    email: str
    requeued: int


class DeliveryQuery(Query):
    status: Literal[DeliveryStatus.FAILED, DeliveryStatus.DEFERRED] | None = None


class DeliveryOut(Out):
    """An e-mail not (yet) delivered: its kind, to whom, why (``failure`` and the server's reply
    in ``error``) and, when deferred, when it is tried next."""

    id: int
    kind: str
    reference: str | None
    recipient: str
    status: DeliveryStatus
    failure: DeliveryFailure | None
    error: str | None
    attempts: int
    retry_at: Timestamp | None
    updated_at: Timestamp

    @classmethod
    def of(cls, delivery: Delivery, reference: str | None) -> DeliveryOut:
        return cls(
            id=delivery.id,
            kind=delivery.kind,
            reference=reference,
            recipient=delivery.recipient,
            status=DeliveryStatus(delivery.status),
            failure=DeliveryFailure(delivery.failure) if delivery.failure else None,
            error=delivery.error,
            attempts=delivery.attempts,
            retry_at=delivery.retry_at,
            updated_at=delivery.updated_at,
        )


class DeliveryList(Out):
    deliveries: list[DeliveryOut]
