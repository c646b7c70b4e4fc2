"""The certificate payload: what a worker hands to ``render``. Documented in README.md."""

import re
from datetime import date
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from certificates.errors import CertificateError, PayloadError
from certificates.formatting import Lang
from certificates.identity import Image
from certificates.templates import load_template, template_names
from certificates.text import clean_text

_NAMED = re.compile(r"^(?P<field>[a-z_][\w.]*): (?P<message>.*)$", re.DOTALL)
LANGUAGE_SETS: tuple[tuple[Lang, ...], ...] = (
    ("ar", "en"),
    ("ar", "fr"),
    ("ar",),
    ("en",),
    ("fr",),
)


def _clean(text: str) -> str:
    """Drop bidi controls, compose (NFC) and collapse white space; refuse what is left empty."""
    text = clean_text(text)
    if not text:
        raise ValueError("must not be empty")
    return text


#: The longest names registration accepts, defined here once: the service imports these. A Latin
#: name is a given name and a family name of up to 120 characters each, joined by a space.
GIVEN_NAME_MAX_LENGTH = 120
FAMILY_NAME_MAX_LENGTH = 120
LATIN_NAME_MAX_LENGTH = GIVEN_NAME_MAX_LENGTH + 1 + FAMILY_NAME_MAX_LENGTH  # 241
ARABIC_NAME_MAX_LENGTH = 240
NAME_MAX_LENGTH: dict[Lang, int] = {
    "ar": ARABIC_NAME_MAX_LENGTH,
    "en": LATIN_NAME_MAX_LENGTH,
    "fr": LATIN_NAME_MAX_LENGTH,
}

Text = Annotated[str, StringConstraints(max_length=300), AfterValidator(_clean)]
ArabicName = Annotated[
    str, StringConstraints(max_length=ARABIC_NAME_MAX_LENGTH), AfterValidator(_clean)
]
LatinName = Annotated[
    str, StringConstraints(max_length=LATIN_NAME_MAX_LENGTH), AfterValidator(_clean)
]
TitleText = Annotated[str, StringConstraints(max_length=200), AfterValidator(_clean)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Texts(_Model):
    """One text in up to three languages."""

    ar: Text | None = None
    en: Text | None = None
    fr: Text | None = None

    def get(self, lang: Lang) -> str | None:
        text: str | None = getattr(self, lang)
        return text

    def latin(self) -> str | None:
        """The English text, else the French one: the Latin spelling of a name."""
        return self.en or self.fr


class Name(Texts):
    """A person's name: the Latin spelling is required, the Arabic one optional."""

    ar: ArabicName | None = None
    en: LatinName | None = None
    fr: LatinName | None = None

    @model_validator(mode="after")
    def _has_latin(self) -> Self:
        if self.latin() is None:
            raise ValueError("the Latin name (en or fr) is required")
        return self


class Title(Texts):
    ar: TitleText | None = None
    en: TitleText | None = None
    fr: TitleText | None = None


#: Honorifics printed before the holder's name; "mr" and "ms" also give the gender.
HolderTitle = Literal["mr", "ms", "dr", "prof", "he"]
Gender = Literal["female", "male"]
_TITLE_GENDER: dict[str, Gender] = {"mr": "male", "ms": "female"}


class Person(_Model):
    """The holder: ``title`` (optional honorific) and ``gender`` (optional) make the wording
    agree in Arabic and French; without either the wording is neutral."""

    name: Name
    title: HolderTitle | None = None
    gender: Gender | None = None

    @model_validator(mode="after")
    def _agree(self) -> Self:
        implied = _TITLE_GENDER.get(self.title or "")
        if implied and self.gender and implied != self.gender:
            raise ValueError(f"gender: {self.gender!r} disagrees with the title {self.title!r}")
        if implied and not self.gender:
            object.__setattr__(self, "gender", implied)
        return self


class Training(_Model):
    title: Title
    kind: Literal["training_course", "workshop", "webinar", "seminar", "study_visit", "meeting"]
    modality: Literal["onsite", "virtual", "hybrid"]
    venue: Texts | None = None
    starts_on: date
    ends_on: date
    programme: Texts | None = None
    partners: list[Texts] = Field(default_factory=list, max_length=6)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.ends_on < self.starts_on:
            raise ValueError("ends_on: before starts_on")
        if self.modality != "virtual" and self.venue is None:
            raise ValueError(f"venue: required for an {self.modality} training")
        return self


class Attendance(_Model):
    sessions_attended: int = Field(ge=0)
    sessions_total: int = Field(ge=1)
    hours: float = Field(ge=0, le=10_000)

    @model_validator(mode="after")
    def _within_total(self) -> Self:
        if self.sessions_attended > self.sessions_total:
            raise ValueError("sessions_attended: more than sessions_total")
        return self


class Signatory(_Model):
    """``signature``: a PNG or SVG image (``{"data": BASE64}``), drawn above the name; without
    it, the signature of the identity's signatory of the same Latin name, if any."""

    name: Name
    title: Texts
    signature: Image | None = None


class CertificateData(_Model):
    """Everything a certificate shows. Field names are the payload's (see README.md)."""

    template: str | None = None
    languages: tuple[Lang, ...] = ("ar", "en")
    serial: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")]
    verification_url: Annotated[str, Field(pattern=r"^https?://[!-~]+$", max_length=120)]
    holder: Person
    training: Training
    attendance: Attendance | None = None
    role: Literal["expert", "trainer", "speaker"] | None = None
    issued_on: date
    signatories: list[Signatory] | None = Field(default=None, min_length=1, max_length=3)

    @field_validator("template")
    @classmethod
    def _known_template(cls, name: str | None) -> str | None:
        if name is not None and name not in template_names():
            raise ValueError(f"unknown template {name!r}; known: {', '.join(template_names())}")
        return name

    @field_validator("languages", mode="before")
    @classmethod
    def _language_set(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            ordered = tuple(sorted(value, key=lambda lang: lang != "ar"))
            if ordered in LANGUAGE_SETS:
                return ordered
        allowed = " or ".join(str(list(s)) for s in LANGUAGE_SETS)
        raise ValueError(f"must be one of {allowed}")

    @model_validator(mode="after")
    def _complete(self) -> Self:
        """Every text shown must exist in every language of the certificate."""
        if self.template is not None:
            check_required(self, self.template)
        training = self.training
        texts: list[tuple[str, Texts | None]] = [
            ("training.title", training.title),
            ("training.venue", training.venue if training.modality != "virtual" else None),
            ("training.programme", training.programme),
        ]
        texts += [(f"training.partners.{i}", p) for i, p in enumerate(training.partners)]
        texts += [(f"signatories.{i}.title", s.title) for i, s in enumerate(self.signatories or [])]
        for i, signatory in enumerate(self.signatories or []):
            if signatory.signature is not None:
                _check_signature(signatory.signature, f"signatories.{i}.signature")
        for field, value in texts:
            for lang in self.languages:
                if value is not None and value.get(lang) is None:
                    raise ValueError(
                        f"{field}.{lang}: required for languages {list(self.languages)}"
                    )
        return self


def _check_signature(image: Image, field: str) -> None:
    from certificates.identity import check_image

    try:
        check_image(image, "signature", field)
    except CertificateError as exc:
        raise ValueError(f"{exc.field}: {exc.message}") from None


def check_required(certificate: CertificateData, template: str) -> None:
    """Raise if the template shows a field the payload leaves out (e.g. ``attendance``)."""
    for field in load_template(template).required_fields:
        value: Any = certificate
        for part in field.split("."):
            value = getattr(value, part)
        if value is None or value == []:
            raise PayloadError(field, f"required by the {template} template")


def parse_payload(data: Any) -> CertificateData:
    """Validate a payload (a dict, e.g. parsed JSON); PayloadError names the first bad field."""
    try:
        certificate = CertificateData.model_validate(data)
    except ValidationError as exc:
        raise _payload_error(exc) from None
    return certificate


def _payload_error(exc: ValidationError) -> PayloadError:
    """The first validation error as ``field: message`` (``+N more`` when there are others)."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    message = first["msg"].removeprefix("Value error, ")
    path = [str(part) for part in first["loc"]]
    # Validators that judge a sub-field say so as "sub.field: message".
    named = _NAMED.match(message)
    if named:
        path.append(named["field"])
        message = named["message"]
    if len(errors) > 1:
        message += f" (+{len(errors) - 1} more)"
    return PayloadError(".".join(path) or "payload", message)
