"""The public verification page's words: one section per language, in that language."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext

from certificates.formatting import Lang, day, sentence_case, where
from service.certification.labels import REVOCATION_REASONS
from service.certification.schemas import VerificationOut
from service.core.dates import date_range, ltr
from service.core.i18n import pick
from service.web.locale import text_direction


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    ltr: bool = False  # a code: isolated left to right in every language


@dataclass(frozen=True)
class Section:
    language: str
    direction: str
    heading: str
    status: str | None  # valid, revoked, or None when no certificate has the serial
    message: str | None
    facts: list[Fact]
    replaced_by: str | None = None  # the serial of the certificate that replaces a revoked one
    replaced_by_label: str | None = None


def verification_section(view: VerificationOut | None, serial: str, language: str) -> Section:
    """Called under ``force_locale(language)``: the verdict and the certificate's facts."""
    direction = text_direction(language)
    if view is None:
        message = None
        if serial:
            message = gettext(
                "No certificate has the serial number %(serial)s.", serial=ltr(serial)
            )
        return Section(language, direction, gettext("Certificate verification"), None, message, [])
    valid = view.status == "valid"
    training = view.training
    holder = (view.holder.ar if language == "ar" else None) or view.holder.en or ""
    place = pick(training.venue, language) if training.venue else None
    venue = where(training.modality, place or None, _lang(language))  # "…, and online"
    revoked = replaced_by = None
    if view.revocation is not None:
        revoked = " ".join(
            (
                gettext("Revoked on %(date)s.", date=day(view.revocation.on, _lang(language))),
                gettext(
                    "Reason: %(reason)s.", reason=str(REVOCATION_REASONS[view.revocation.reason])
                ),
            )
        )
        replaced_by = view.revocation.replaced_by
    return Section(
        language=language,
        direction=direction,
        heading=gettext("Valid certificate") if valid else gettext("Revoked certificate"),
        status=view.status,
        message=revoked,
        facts=[
            Fact(gettext("Serial number"), view.serial, ltr=True),
            Fact(gettext("Holder"), holder),
            Fact(gettext("Training"), pick(training.title, language)),
            Fact(
                gettext("Dates"),
                sentence_case(date_range(training.starts_on, training.ends_on, language)),
            ),
            Fact(gettext("Venue"), sentence_case(venue)),
            Fact(gettext("Issued on"), day(view.issued_on, _lang(language))),
        ],
        replaced_by=replaced_by,
        replaced_by_label=gettext("Replaced by:") if replaced_by else None,
    )


def _lang(language: str) -> Lang:
    return "ar" if language == "ar" else "fr" if language == "fr" else "en"
