"""Validated input for trainings, programmes and registrations, shared by the API and pages."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    ValidationError,
    field_validator,
    model_validator,
)

from certificates.text import clean_text
from service.countries import is_country_code
from service.errors import validation_error

Language = Literal["ar", "en", "fr"]
Kind = Literal["training_course", "workshop", "webinar", "study_visit", "meeting"]
Modality = Literal["virtual", "onsite", "hybrid"]
TrainingStatus = Literal["draft", "open", "closed", "cancelled"]
Role = Literal["participant", "expert", "speaker", "organiser"]


def _country(value: str) -> str:
    code = value.strip().upper()
    if not is_country_code(code):
        raise ValueError("must be an ISO 3166 alpha-2 country code, such as SN")
    return code


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


def normalise_email(value: str) -> str:
    try:
        result = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(f"is not a valid e-mail address: {exc}") from None
    return result.normalized.lower()


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("must be an IANA time zone such as Africa/Dakar") from None
    if value not in available_timezones():
        raise ValueError("must be an IANA time zone such as Africa/Dakar")
    return value


def _clean(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value


CleanStr = Annotated[str, AfterValidator(clean_text)]
CountryCode = Annotated[str, AfterValidator(_country)]
ShortText = Annotated[CleanStr, Field(min_length=1, max_length=300)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Texts(Strict):
    """The same text in Arabic, English and French (any may be missing)."""

    ar: Annotated[CleanStr, Field(max_length=2000)] | None = None
    en: Annotated[CleanStr, Field(max_length=2000)] | None = None
    fr: Annotated[CleanStr, Field(max_length=2000)] | None = None

    def as_dict(self) -> dict[str, str]:
        return {lang: text for lang, text in self.model_dump().items() if text}


class ProgrammeIn(Strict):
    code: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{1,39}$")]
    name: Texts

    @field_validator("name")
    @classmethod
    def _one_name(cls, value: Texts) -> Texts:
        if not value.as_dict():
            raise ValueError("give the name in at least one language")
        return value


class VenueIn(Strict):
    city: Texts = Texts()
    country: CountryCode | None = None


class SessionIn(Strict):
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    title: Annotated[CleanStr, Field(max_length=300)] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> SessionIn:
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        return self


class SignatoryIn(Strict):
    name: Texts
    title: Texts

    @field_validator("name")
    @classmethod
    def _latin_name(cls, value: Texts) -> Texts:
        if not (value.en or value.fr):
            raise ValueError("give the signatory's name in Latin letters (en or fr)")
        return value


class TrainingIn(Strict):
    programme: str
    kind: Kind
    modality: Modality
    title: Texts
    description: Texts = Texts()
    venue: VenueIn = VenueIn()
    timezone: Annotated[str, AfterValidator(_timezone)]
    starts_on: date
    ends_on: date
    sessions: list[SessionIn] | None = Field(default=None, max_length=200)
    languages: list[Language] = Field(default_factory=lambda: ["ar", "en"], min_length=1)
    capacity: Annotated[int, Field(ge=1, le=100_000)] | None = None
    registration_opens_at: AwareDatetime | None = None
    registration_closes_at: AwareDatetime | None = None
    eligible_countries: (
        Literal["oic", "all"] | Annotated[list[CountryCode], Field(min_length=1)]
    ) = "oic"
    meeting_url: HttpUrl | None = None
    partners: list[Texts] = Field(default_factory=list, max_length=50)
    attendance_threshold: Annotated[float, Field(gt=0, le=1)] = 0.75
    session_min_share: Annotated[float, Field(gt=0, le=1)] = 0.5
    status: TrainingStatus = "draft"
    certificate_template: Literal["participation", "attendance"] = "participation"
    signatories: list[SignatoryIn] = Field(default_factory=list, max_length=3)

    @field_validator("title")
    @classmethod
    def _title_in_ar_or_en(cls, value: Texts) -> Texts:
        if not (value.ar or value.en):
            raise ValueError("give the title in Arabic or English (or both)")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> TrainingIn:
        if self.ends_on < self.starts_on:
            raise ValueError("ends_on must not be before starts_on")
        if self.modality != "virtual" and not (self.venue.country and self.venue.city.as_dict()):
            raise ValueError("on-site and hybrid trainings need venue.city and venue.country")
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            raise ValueError("registration_closes_at must be after registration_opens_at")
        return self


class PersonNames(Strict):
    """A person's names: Latin letters as in the passport, and optionally in Arabic script."""

    given_name: Annotated[
        CleanStr, Field(min_length=1, max_length=120), AfterValidator(_latin_name)
    ]
    family_name: Annotated[
        CleanStr, Field(min_length=1, max_length=120), AfterValidator(_latin_name)
    ]
    name_ar: (
        Annotated[CleanStr, Field(min_length=1, max_length=240), AfterValidator(_arabic_name)]
        | None
    ) = None

    @field_validator("name_ar", mode="before")
    @classmethod
    def _empty_name_is_none(cls, value: Any) -> Any:
        return _clean(value) or None


class RegistrationIn(PersonNames):
    email: Annotated[str, Field(max_length=254), AfterValidator(normalise_email)]
    country: CountryCode
    institution: Annotated[CleanStr, Field(max_length=300)] | None = None
    job_title: Annotated[CleanStr, Field(max_length=200)] | None = None
    preferred_language: Language = "en"
    role: Role = "participant"
    consent: bool = False
    force: bool = False

    @field_validator("institution", "job_title", mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        value = _clean(value)
        return value or None


class NameCorrectionIn(PersonNames):
    reason: Annotated[CleanStr, Field(min_length=1, max_length=500)]


class RevokeIn(Strict):
    reason: Annotated[CleanStr, Field(min_length=1, max_length=500)]


class DecisionIn(Strict):
    decision: Literal["grant", "withhold"] | None
    reason: Annotated[CleanStr, Field(min_length=1, max_length=500)]


class CheckinIn(Strict):
    code: Annotated[str, Field(min_length=1, max_length=200)]
    session: int | None = None
    nonce: Annotated[str, Field(min_length=1, max_length=100)] | None = None


def parse(model: type[BaseModel], data: Any) -> Any:
    """Validate ``data`` or raise a ``validation_error`` naming every bad field."""
    if not isinstance(data, dict):
        raise validation_error({"": "expected a JSON object"})
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_error(_fields(exc)) from None


def _fields(exc: ValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for error in exc.errors(include_url=False):
        location = ".".join(str(part) for part in error["loc"] if not _is_union_tag(part))
        message = error["msg"].removeprefix("Value error, ")
        fields.setdefault(location, message)
    return fields


def _is_union_tag(part: Any) -> bool:
    return isinstance(part, str) and (part.startswith(("literal[", "list[")) or "function-" in part)
