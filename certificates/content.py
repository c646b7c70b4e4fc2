"""What each placeholder says in each language, from the payload.

Every value carries the payload field it comes from, so a character that cannot be drawn is
reported against the field that holds it.
"""

from dataclasses import dataclass

from certificates import formatting
from certificates.arabic import has_rtl, isolate
from certificates.formatting import Lang
from certificates.payload import CertificateData, Name, Person, Texts
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


def gendered(words: dict[str, str], gender: str | None) -> str:
    """The form for ``gender`` (female, male), else the neutral one (else the only one)."""
    return words.get(gender or "neutral") or words.get("neutral") or next(iter(words.values()))


def holder_name(holder: Person, lang: Lang) -> Value:
    """The holder's name in ``lang``, after their title (Dr, الدكتورة, Mme…) if any."""
    value = name(holder.name, lang, "holder.name")
    if holder.title is None:
        return value
    title = gendered(formatting.vocabulary()["titles"][holder.title][lang], holder.gender)
    text = value.text if lang != "ar" or has_rtl(value.text) else isolate(value.text)
    return Value(f"{title} {text}", value.field)


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
        "name": holder_name(certificate.holder, lang),
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
                formatting.join_list(
                    [formatting.with_article(p.get(lang) or "", lang) for p in training.partners],
                    lang,
                ),
                "training.partners",
            )
            if training.partners
            else None
        ),
        "sessions_attended": number(attendance.sessions_attended) if attendance else None,
        "sessions_total": number(attendance.sessions_total) if attendance else None,
        "hours": number(attendance.hours) if attendance else None,
        "role": (
            Value(
                gendered(words["roles"][certificate.role][lang], certificate.holder.gender),
                "role",
            )
            if certificate.role
            else None
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
