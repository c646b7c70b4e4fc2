"""What every feature's models share: strict input, clean text, languages, countries, e-mail
addresses, time zones, output models, and one way to turn a validation failure into a
``validation_error``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
)

from certificates.text import clean_text
from service.core.countries import is_country_code
from service.core.errors import validation_error

Language = Literal["ar", "en", "fr"]
LANGUAGES: tuple[Language, ...] = ("ar", "en", "fr")


def _country(value: str) -> str:
    code = value.strip().upper()
    if not is_country_code(code):
        raise ValueError("must be an ISO 3166 alpha-2 country code, such as SN")
    return code


def normalise_email(value: str) -> str:
    try:
        result = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(f"is not a valid e-mail address: {exc}") from None
    return result.normalized.lower()


def _timezone(value: str) -> str:
    """An IANA time zone name, such as ``Africa/Dakar``."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("must be an IANA time zone such as Africa/Dakar") from None
    if value not in available_timezones():
        raise ValueError("must be an IANA time zone such as Africa/Dakar")
    return value


def clean_or_none(value: Any) -> Any:
    """For optional text fields: clean text, with an empty answer taken as no answer."""
    return (clean_text(value) or None) if isinstance(value, str) else value


CleanStr = Annotated[str, AfterValidator(clean_text)]
# Output timestamps as Python writes them (``2026-03-01T09:00:00+00:00``), not pydantic's ``Z``.
Timestamp = Annotated[datetime, PlainSerializer(datetime.isoformat, return_type=str)]
CountryCode = Annotated[str, AfterValidator(_country)]
TimeZone = Annotated[str, AfterValidator(_timezone)]
Email = Annotated[str, Field(max_length=254), AfterValidator(normalise_email)]


class Strict(BaseModel):
    """Input: unknown fields are refused, text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Query(BaseModel):
    """Query parameters: the ones a route reads; others (``lang``…) are left to their readers."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class Out(BaseModel):
    """Output: the shape of a JSON response, documented in the OpenAPI document."""

    model_config = ConfigDict(extra="forbid")


class Texts(Strict):
    """The same text in Arabic, English and French (any may be missing)."""

    ar: Annotated[CleanStr, Field(max_length=2000)] | None = None
    en: Annotated[CleanStr, Field(max_length=2000)] | None = None
    fr: Annotated[CleanStr, Field(max_length=2000)] | None = None

    def as_dict(self) -> dict[str, str]:
        return {lang: text for lang, text in self.model_dump().items() if text}


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


class ErrorBody(Out):
    code: str
    message: str
    fields: dict[str, str]


class ErrorOut(Out):
    """A refusal: ``{"error": {"code", "message", "fields"}}``; ``fields`` names each bad field."""

    error: ErrorBody

    @classmethod
    def of(cls, code: str, message: str, fields: dict[str, str] | None = None) -> ErrorOut:
        return cls(error=ErrorBody(code=code, message=message, fields=fields or {}))
