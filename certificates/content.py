"""What each placeholder says in each language, from the payload.

Every value carries the payload field it comes from, so a character that cannot be drawn is
reported against the field that holds it.
"""

from dataclasses import dataclass

from certificates import formatting
from certificates.formatting import Lang
from certificates.payload import CertificateData, Name, Texts
from certificates.templates import Template


@dataclass(frozen=True)
class Value:
    text: str
    field: str


def _text(texts: Texts | None, lang: Lang, field: str) -> Value | None:
    text = texts.get(lang) if texts is not None else None
    return Value(text, f"{field}.{lang}") if text is not None else None


def name(person: Name, lang: Lang, field: str) -> Value:
    """The name in ``lang``; the Latin spelling where there is no Arabic (or French) one."""
    own = person.get(lang)
    if own is not None:
        return Value(own, f"{field}.{lang}")
    latin_lang: Lang = "en" if person.en is not None else "fr"
    return Value(person.latin() or "", f"{field}.{latin_lang}")


def values(certificate: CertificateData, template: Template, lang: Lang) -> dict[str, Value | None]:
    """Every placeholder's value in ``lang`` (None where the payload has nothing to say)."""
    words = formatting.vocabulary()
    style = template.digits
    training = certificate.training
    attendance = certificate.attendance

    def number(value: float) -> Value:
        return Value(formatting.number(value, lang, style), "attendance")

    return {
        "heading": Value(template.heading[lang], f"templates/{template.name}.json: heading"),
        "name": name(certificate.holder.name, lang, "holder.name"),
        "title": _text(training.title, lang, "training.title"),
        "kind": Value(words["kinds"][training.kind][lang], "training.kind"),
        "where": _where(certificate, lang),
        "dates": Value(
            formatting.date_range(training.starts_on, training.ends_on, lang, style),
            "training.starts_on",
        ),
        "programme": _text(training.programme, lang, "training.programme"),
        "partners": (
            Value(
                formatting.join_list([p.get(lang) or "" for p in training.partners], lang),
                "training.partners",
            )
            if training.partners
            else None
        ),
        "sessions_attended": number(attendance.sessions_attended) if attendance else None,
        "sessions_total": number(attendance.sessions_total) if attendance else None,
        "hours": number(attendance.hours) if attendance else None,
        "role": (
            Value(words["roles"][certificate.role][lang], "role") if certificate.role else None
        ),
        "serial": Value(certificate.serial, "serial"),
        "issued_on": Value(formatting.day(certificate.issued_on, lang, style), "issued_on"),
        "verification_url": Value(certificate.verification_url, "verification_url"),
    }


def _where(certificate: CertificateData, lang: Lang) -> Value:
    """The venue; ``online`` for a virtual training; both for a hybrid one."""
    training = certificate.training
    venue = training.venue.get(lang) if training.venue is not None else None
    field = "training.modality" if venue is None else f"training.venue.{lang}"
    return Value(formatting.where(training.modality, venue, lang), field)
