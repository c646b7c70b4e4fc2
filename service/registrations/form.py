"""The registration form: what it sends, the countries it offers, and its errors in words.

The rules are the API's (``RegistrationIn`` and ``operations.register``); this module says them
as translated messages beside the form's fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pycountry
from flask_babel import gettext, ngettext
from pydantic import ValidationError

from service.core.collation import sorted_by
from service.core.countries import member_states
from service.core.errors import ServiceError
from service.core.i18n import country_name
from service.registrations.labels import GENDERS, TITLES
from service.web.forms import FormErrors

REQUIRED_FIELDS = frozenset({"given_name", "family_name", "email", "country"})

TEXT_FIELDS = (
    "title",
    "given_name",
    "family_name",
    "name_ar",
    "gender",
    "email",
    "country",
    "institution",
    "job_title",
    "preferred_language",
)


def submitted(form: Mapping[str, str]) -> dict[str, Any]:
    """The posted fields as RegistrationIn expects them (nothing else, so no role or force)."""
    data: dict[str, Any] = {name: form.get(name, "") for name in TEXT_FIELDS}
    data["consent"] = form.get("consent") == "yes"
    return data


def title_choices() -> list[tuple[str, str]]:
    return [(title.value, str(label)) for title, label in TITLES.items()]


def gender_choices() -> list[tuple[str, str]]:
    return [(gender.value, str(label)) for gender, label in GENDERS.items()]


def eligible_codes(eligible: str | list[str]) -> set[str]:
    if eligible == "oic":
        return set(member_states())
    if eligible == "all":
        return {country.alpha_2 for country in pycountry.countries}
    return set(eligible)


def country_choices(eligible: str | list[str], language: str) -> list[tuple[str, str]]:
    """(code, name in ``language``) for the eligible countries, in the language's alphabetical
    order (``service.core.collation``)."""
    named = [(code, country_name(code, language)) for code in eligible_codes(eligible)]
    return sorted_by(named, lambda choice: choice[1], language)


def from_validation(exc: ValidationError, submitted: Mapping[str, Any]) -> FormErrors:
    errors = FormErrors("validation_error")
    for error in exc.errors(include_url=False):
        name = str(error["loc"][0]) if error["loc"] else ""
        errors.fields.setdefault(name, _field_message(name, error, submitted.get(name)))
    return errors


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
        "title": gettext("Choose a title from the list."),
        "gender": gettext("This does not agree with the title you chose."),
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
    elif error.code in ("registration_closed", "training_closed", "training_cancelled"):
        errors.form = gettext("Registration for this training is closed.")
    elif error.code == "validation_error" and "consent" in error.fields:
        errors.fields["consent"] = consent_message()
    else:
        errors.form = gettext("This registration is not possible.")
    return errors


def consent_message() -> str:
    return gettext("Tick this box to agree; we cannot register you without it.")
