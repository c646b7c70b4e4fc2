"""What the API takes and gives for programmes and trainings."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    Field,
    HttpUrl,
    ValidationInfo,
    field_validator,
    model_validator,
)

from certificates.payload import LANGUAGE_SETS
from service.core.countries import is_country_code
from service.core.schemas import (
    CleanStr,
    CountryCode,
    Language,
    Out,
    Strict,
    Texts,
    Timestamp,
    TimeZone,
)
from service.trainings.models import (
    AdmissionMode,
    CertificateTemplate,
    EvaluationMode,
    Kind,
    Modality,
    Programme,
    Training,
    TrainingStatus,
)

DEFAULT_LANGUAGES: tuple[Language, ...] = ("ar", "en")
# A training is created or changed to one of these; closing is an operation of its own (it has
# rules: ``trainings.lifecycle``), and so is re-opening.
SettableStatus = Literal[TrainingStatus.DRAFT, TrainingStatus.OPEN, TrainingStatus.CANCELLED]


def default_certificate_languages(languages: list[str]) -> list[Language]:
    """Arabic beside English, or beside French when the training works in French and not in
    English."""
    if "fr" in languages and "en" not in languages:
        return ["ar", "fr"]
    return ["ar", "en"]


def _certificate_languages(value: list[Language] | None) -> list[Language] | None:
    if value is None:
        return None
    ordered = sorted(dict.fromkeys(value), key=lambda language: language != "ar")
    if tuple(ordered) not in LANGUAGE_SETS:
        sets = " or ".join(str(list(each)) for each in LANGUAGE_SETS)
        raise ValueError(f"must be one of {sets}")
    return ordered


EligibleCountries = Literal["oic", "all"] | Annotated[list[CountryCode], Field(min_length=1)]
EVERY_OTHER_COUNTRY = "*"


def _quota_countries(value: dict[str, int]) -> dict[str, int]:
    """Country codes (``sn`` is ``SN``), or ``*`` for every country not listed."""
    quotas: dict[str, int] = {}
    for key, limit in value.items():
        code = key.strip().upper()
        if code != EVERY_OTHER_COUNTRY and not is_country_code(code):
            raise ValueError(f"{key!r} is not an ISO 3166 alpha-2 country code (or *)")
        quotas[code] = limit
    return quotas


Quotas = Annotated[
    dict[str, Annotated[int, Field(ge=0, le=100_000)]],
    Field(max_length=300),
    AfterValidator(_quota_countries),
]
# Participants earn one of these; appreciation is for experts and speakers.
EarnedTemplate = Literal[CertificateTemplate.PARTICIPATION, CertificateTemplate.ATTENDANCE]


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
    timezone: TimeZone
    starts_on: date
    ends_on: date
    sessions: list[SessionIn] | None = Field(default=None, max_length=200)
    languages: list[Language] = Field(default_factory=lambda: list(DEFAULT_LANGUAGES), min_length=1)
    capacity: Annotated[int, Field(ge=1, le=100_000)] | None = None
    registration_opens_at: AwareDatetime | None = None
    registration_closes_at: AwareDatetime | None = None
    eligible_countries: EligibleCountries = "oic"
    meeting_url: HttpUrl | None = None
    partners: list[Texts] = Field(default_factory=list, max_length=50)
    attendance_threshold: Annotated[float, Field(gt=0, le=1)] = 0.75
    session_min_share: Annotated[float, Field(gt=0, le=1)] = 0.5
    status: SettableStatus = TrainingStatus.DRAFT
    certificate_template: EarnedTemplate = CertificateTemplate.PARTICIPATION
    certificate_languages: (
        Annotated[list[Language], AfterValidator(_certificate_languages)] | None
    ) = Field(
        default=None,
        description='the same for everyone; default ["ar","en"], or ["ar","fr"] when the '
        "training's languages include French and not English",
    )
    signatories: list[SignatoryIn] = Field(default_factory=list, max_length=3)
    evaluation: EvaluationMode = Field(
        default=EvaluationMode.OFF,
        description="the attendees' evaluation survey on closing: off, optional, or required "
        "(the certificate waits for the answer)",
    )
    admission: AdmissionMode = Field(
        default=AdmissionMode.OPEN,
        description="open: first come, first served; selection: public applications that "
        "organisers decide on; nomination: national focal points nominate, organisers decide",
    )
    quotas: Quotas = Field(
        default_factory=dict,
        description="per country, at most this many nominations and acceptances of "
        'participants ({"SN": 3}; "*": every country not listed); a country without one has '
        "no quota. Selection and nomination only",
    )

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
        if self.modality != Modality.VIRTUAL and not (
            self.venue.country and self.venue.city.as_dict()
        ):
            raise ValueError("on-site and hybrid trainings need venue.city and venue.country")
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            raise ValueError("registration_closes_at must be after registration_opens_at")
        if self.quotas and self.admission == AdmissionMode.OPEN:
            raise ValueError("quotas apply to selection and nomination trainings only")
        return self


class ProgrammeOut(Out):
    code: str
    name: dict[str, str]

    @classmethod
    def of(cls, programme: Programme) -> ProgrammeOut:
        return cls(code=programme.code, name=programme.name)


class ProgrammeList(Out):
    programmes: list[ProgrammeOut]


class VenueOut(Out):
    city: dict[str, str]
    country: str | None


class SessionOut(Out):
    id: int
    starts_at: Timestamp
    ends_at: Timestamp
    title: str | None


class SignatoryOut(Out):
    name: dict[str, str]
    title: dict[str, str]


class TransitionOut(Out):
    """A change of the training's status: closing (``forced`` before the last session started),
    re-opening, cancelling, with the reason given."""

    from_status: TrainingStatus
    to_status: TrainingStatus
    forced: bool
    reason: str | None
    at: Timestamp


class TrainingOut(Out):
    id: int
    programme: str
    kind: Kind
    modality: Modality
    title: dict[str, str]
    description: dict[str, str]
    venue: VenueOut
    timezone: str
    starts_on: date
    ends_on: date
    sessions: list[SessionOut]
    languages: list[Language]
    capacity: int | None
    seats_left: int | None
    registration_opens_at: Timestamp
    registration_closes_at: Timestamp
    eligible_countries: Literal["oic", "all"] | list[str]
    partners: list[dict[str, str]]
    attendance_threshold: float
    session_min_share: float
    status: TrainingStatus
    certificate_template: CertificateTemplate
    certificate_languages: list[Language]
    signatories: list[SignatoryOut]
    reference_prefix: str
    evaluation: EvaluationMode
    admission: AdmissionMode
    quotas: dict[str, int]
    meeting_url: str | None = Field(default=None, description="organisers only")
    history: list[TransitionOut] | None = Field(default=None, description="organisers only")

    @classmethod
    def of(cls, training: Training, seats_left: int | None, *, private: bool) -> TrainingOut:
        fields: dict[str, Any] = {}
        if private:
            fields["meeting_url"] = training.meeting_url
            fields["history"] = [
                TransitionOut(
                    from_status=TrainingStatus(t.from_status),
                    to_status=TrainingStatus(t.to_status),
                    forced=t.forced,
                    reason=t.reason,
                    at=t.created_at,
                )
                for t in training.transitions
            ]
        return cls(
            id=training.id,
            programme=training.programme.code,
            kind=Kind(training.kind),
            modality=Modality(training.modality),
            title=training.title,
            description=training.description,
            venue=VenueOut(city=training.venue_city, country=training.venue_country),
            timezone=training.timezone,
            starts_on=training.starts_on,
            ends_on=training.ends_on,
            sessions=[
                SessionOut(id=s.id, starts_at=s.starts_at, ends_at=s.ends_at, title=s.title)
                for s in training.sessions
            ],
            languages=training.languages,
            capacity=training.capacity,
            seats_left=seats_left,
            registration_opens_at=training.registration_opens_at,
            registration_closes_at=training.registration_closes_at,
            eligible_countries=training.eligible_countries,
            partners=training.partners,
            attendance_threshold=training.attendance_threshold,
            session_min_share=training.session_min_share,
            status=TrainingStatus(training.status),
            certificate_template=CertificateTemplate(training.certificate_template),
            certificate_languages=training.certificate_languages,
            signatories=[SignatoryOut(**signatory) for signatory in training.signatories],
            reference_prefix=training.reference_prefix,
            evaluation=EvaluationMode(training.evaluation),
            admission=AdmissionMode(training.admission),
            quotas=training.quotas,
            **fields,
        )


class TrainingList(Out):
    trainings: list[TrainingOut]


class CloseIn(Strict):
    """Closing before the last session has started needs ``force`` and a reason (recorded)."""

    force: bool = False
    reason: Annotated[CleanStr, Field(min_length=1, max_length=500)] | None = Field(
        default=None, validate_default=True
    )

    @field_validator("reason")
    @classmethod
    def _reason_when_forced(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("force") and not value:
            raise ValueError("give the reason for closing before the last session")
        return value


class ReopenIn(Strict):
    reason: Annotated[CleanStr, Field(min_length=1, max_length=500)]
