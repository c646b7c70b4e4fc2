"""Dates, numbers and lists written the way each language writes them."""

import json
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
    return json.loads((Path(__file__).with_name("vocabulary.json")).read_text(encoding="utf-8"))


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
    """``1–3 سبتمبر 2025``; the month and year are written once when the dates share them."""
    if start == end:
        return day(start, lang, style)
    months = vocabulary()["months"][lang]
    if (start.year, start.month) == (end.year, end.month):
        text = f"{_day(start, lang)}{EN_DASH}{end.day} {months[end.month - 1]} {end.year}"
    elif start.year == end.year:
        text = (
            f"{_day(start, lang)} {months[start.month - 1]} {EN_DASH} "
            f"{_day(end, lang)} {months[end.month - 1]} {end.year}"
        )
    else:
        return f"{day(start, lang, style)} {EN_DASH} {day(end, lang, style)}"
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
