"""Dates, numbers and lists written the way each language writes them."""

import json
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal

Lang = Literal["ar", "en", "fr"]
Digits = Literal["western", "arabic-indic"]

EN_DASH = "\u2013"
_ARABIC_INDIC = str.maketrans("0123456789.", "٠١٢٣٤٥٦٧٨٩٫")


@cache
def vocabulary() -> dict[str, Any]:
    """certificates/vocabulary.json: month names, kinds of training, roles, connectives."""
    words: dict[str, Any] = json.loads(
        Path(__file__).with_name("vocabulary.json").read_text(encoding="utf-8")
    )
    return words


def digits(text: str, lang: Lang, style: Digits) -> str:
    """Arabic-Indic digits for Arabic text when the template asks for them."""
    return text.translate(_ARABIC_INDIC) if lang == "ar" and style == "arabic-indic" else text


def _day(d: date, lang: Lang) -> str:
    return "1er" if lang == "fr" and d.day == 1 else str(d.day)


def day(d: date, lang: Lang, style: Digits = "western") -> str:
    """``3 September 2025``, ``3 septembre 2025``, ``3 سبتمبر 2025``."""
    month = vocabulary()["months"][lang][d.month - 1]
    return digits(f"{_day(d, lang)} {month} {d.year}", lang, style)


def date_range(start: date, end: date, lang: Lang, style: Digits = "western") -> str:
    """The dates of a training as each language writes a range, the month and year written once
    when both dates share them:

    - en ``1–3 September 2025``, ``30 August – 2 September 2025``;
    - fr ``du 1er au 3 septembre 2025``, ``du 30 août au 2 septembre 2025``, one day
      ``le 3 septembre 2025``;
    - ar ``من 1 إلى 3 سبتمبر 2025``, ``من 30 أغسطس إلى 2 سبتمبر 2025``.
    """
    if start == end:
        return ("le " if lang == "fr" else "") + day(start, lang, style)
    months = vocabulary()["months"][lang]
    if start.year != end.year:
        first, last = day(start, lang, style), day(end, lang, style)
    elif start.month != end.month:
        first, last = f"{_day(start, lang)} {months[start.month - 1]}", day(end, lang, style)
    else:
        first, last = _day(start, lang), day(end, lang, style)
    if lang == "fr":
        text = f"du {first} au {last}"
    elif lang == "ar":
        text = f"من {first} إلى {last}"
    elif start.year == end.year and start.month == end.month:
        text = f"{first}{EN_DASH}{last}"
    else:
        text = f"{first} {EN_DASH} {last}"
    return digits(text, lang, style)


def number(value: float, lang: Lang, style: Digits = "western") -> str:
    """Whole numbers without decimals; otherwise one decimal (a comma in French)."""
    text = str(int(value)) if float(value).is_integer() else f"{value:.1f}"
    if lang == "fr":
        text = text.replace(".", ",")
    return digits(text, lang, style)


def join_list(items: list[str], lang: Lang) -> str:
    """``A, B and C`` / ``A، B وC``."""
    words = vocabulary()
    if len(items) < 2:
        return "".join(items)
    head = words["list_separator"][lang].join(items[:-1])
    return f"{head}{words['and'][lang]}{items[-1]}"


def where(modality: str, venue: str | None, lang: Lang) -> str:
    """Where a training happens: the venue, ``online`` for a virtual training, both for a hybrid
    one (``Dakar, Senegal and online``). Lower case, to sit inside a sentence."""
    words = vocabulary()
    online: str = words["online"][lang]
    if modality == "virtual" or not venue:
        return online
    if modality == "hybrid":
        return f"{venue}{words['and'][lang]}{online}"
    return venue


RIGHT_QUOTE = "\u2019"
NARROW_NBSP = "\u202f"
_FRENCH_SPACED = re.compile(r"(?<=\S)\s*([:;!?])(?=\s|$)")
_ARABIC_LETTER = "\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff"
_ARABIC_PUNCTUATION = re.compile(rf"(?<=[{_ARABIC_LETTER}\u064b-\u0652])\s*([,;?])")
_TO_ARABIC = str.maketrans(",;?", "\u060c\u061b\u061f")


def typography(text: str, lang: Lang) -> str:
    """One apostrophe style per language: the typographic one (’) in English and French; French
    punctuation (: ; ! ?) after a narrow no-break space; in Arabic text the Arabic comma,
    semicolon and question mark after an Arabic word."""
    if lang == "ar":
        return _ARABIC_PUNCTUATION.sub(lambda m: m.group(1).translate(_TO_ARABIC), text)
    text = text.replace("'", RIGHT_QUOTE)
    if lang == "fr":
        text = _FRENCH_SPACED.sub(lambda m: NARROW_NBSP + m.group(1), text)
    return text


def sentence_case(text: str) -> str:
    """The first letter of a sentence as a capital (``en ligne`` → ``En ligne``)."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :] if ch.islower() else text
    return text


#: English nouns naming an institution: "in cooperation with *the* Ministry of …".
_INSTITUTIONS_EN = frozenset(
    [
        "academy",
        "agency",
        "association",
        "authority",
        "bank",
        "board",
        "bureau",
        "centre",
        "center",
        "chamber",
        "college",
        "commission",
        "committee",
        "council",
        "department",
        "directorate",
        "federation",
        "forum",
        "foundation",
        "fund",
        "government",
        "institute",
        "institution",
        "league",
        "ministry",
        "network",
        "office",
        "organisation",
        "organization",
        "programme",
        "program",
        "secretariat",
        "service",
        "school",
        "union",
        "university",
    ]
)
#: French institution nouns and their article: "avec *le* ministère …", "avec *l’*Académie …".
_INSTITUTIONS_FR = {
    **dict.fromkeys(
        [
            "ministère",
            "centre",
            "conseil",
            "comité",
            "bureau",
            "département",
            "fonds",
            "programme",
            "réseau",
            "secrétariat",
            "gouvernement",
            "service",
            "forum",
            "collège",
        ],
        "le ",
    ),
    **dict.fromkeys(
        ["banque", "chambre", "commission", "direction", "fédération", "fondation", "ligue"], "la "
    ),
    **dict.fromkeys(
        [
            "académie",
            "agence",
            "association",
            "autorité",
            "école",
            "institution",
            "organisation",
            "union",
            "université",
            "institut",
            "office",
            "observatoire",
        ],
        "l’",
    ),
}


def with_article(name: str, lang: Lang) -> str:
    """An organisation's name as it follows "with": the definite article where the name starts
    with (or, in English, is headed by) a common noun such as Ministry or Académie; acronyms,
    possessives and names that already have an article are left as they are."""
    words = name.split()
    if not words or lang == "ar":
        return name
    first = words[0]
    if first.isupper() or first.lower() in ("the", "le", "la", "les", "l’", "l'"):
        return name
    if first.lower().startswith(("l’", "l'")) or first.endswith(("’s", "'s")):
        return name
    if lang == "en":
        head = []
        for word in words:
            if word.lower() in ("of", "for", "on", "in", "and") or word.startswith("("):
                break
            head.append(word.lower().strip(",."))
        return f"the {name}" if _INSTITUTIONS_EN.intersection(head) else name
    article = _INSTITUTIONS_FR.get(first.lower())
    return f"{article}{name}" if article else name
