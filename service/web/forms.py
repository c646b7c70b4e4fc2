"""Errors shown beside the fields of a form, in the page language."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext
from pydantic import ValidationError


@dataclass
class FormErrors:
    """Messages per field, and one for the form as a whole (``code`` is the API's error code)."""

    code: str
    fields: dict[str, str] = field(default_factory=dict)
    form: str | None = None


def names_to_check(exc: ValidationError, fields: tuple[str, ...]) -> dict[str, str]:
    """ "Check this field." for each of ``fields`` that failed validation (name forms)."""
    wrong = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
    return {name: gettext("Check this field.") for name in fields if name in wrong}
