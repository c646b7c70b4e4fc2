"""The API's validation rules and error codes, as translated messages beside the form fields."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext, ngettext
from pydantic import ValidationError

from service.errors import ServiceError

REQUIRED_FIELDS = frozenset({"given_name", "family_name", "email", "country"})


@dataclass
class FormErrors:
    """Messages per field, and one for the form as a whole (``code`` is the API's error code)."""

    code: str
    fields: dict[str, str] = field(default_factory=dict)
    form: str | None = None


def from_validation(exc: ValidationError, submitted: Mapping[str, Any]) -> FormErrors:
    errors = FormErrors("validation_error")
    for error in exc.errors(include_url=False):
        name = str(error["loc"][0]) if error["loc"] else ""
        errors.fields.setdefault(name, _field_message(name, error, submitted.get(name)))
    return errors


def names_to_check(exc: ValidationError, fields: tuple[str, ...]) -> dict[str, str]:
    """ "Check this field." for each of ``fields`` that failed validation (name forms)."""
    wrong = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
    return {name: gettext("Check this field.") for name in fields if name in wrong}


def _field_message(name: str, error: Mapping[str, Any], value: Any) -> str:
    if name in REQUIRED_FIELDS and not str(value or "").strip():
        return gettext("Choose your country.") if name == "country" else gettext("Fill this in.")
    if error["type"] in ("string_too_long", "too_long"):
        limit = error.get("ctx", {}).get("max_length", 0)
        return ngettext("Use at most %(num)d character.", "Use at most %(num)d characters.", limit)
    messages = {
        "given_name": gettext("Write this in Latin letters, as in your passport."),
        "family_name": gettext("Write this in Latin letters, as in your passport."),
        "name_ar": gettext("Write this in Arabic letters."),
        "email": gettext("Enter a valid e-mail address, such as name@example.org."),
        "country": gettext("Choose a country from the list."),
        "preferred_language": gettext("Choose a language from the list."),
    }
    return messages.get(name, gettext("This value is not valid."))


def from_service_error(error: ServiceError) -> FormErrors:
    """A refusal by ``service.registrations.register``; ``not_found`` is the caller's to handle."""
    errors = FormErrors(error.code)
    if error.code == "already_registered":
        errors.fields["email"] = gettext(
            "This e-mail address is already registered for this training."
        )
    elif error.code == "country_not_eligible":
        errors.fields["country"] = gettext(
            "This training is not open to participants from this country."
        )
    elif error.code == "registration_closed":
        errors.form = gettext("Registration for this training is closed.")
    elif error.code == "validation_error" and "consent" in error.fields:
        errors.fields["consent"] = consent_message()
    else:
        errors.form = gettext("This registration is not possible.")
    return errors


def consent_message() -> str:
    return gettext("Tick this box to agree; we cannot register you without it.")
