"""Alphabetical order as readers of Arabic, English and French expect it.

The Unicode Collation Algorithm with its default table (DUCET, via ``pyuca``): letters first,
accents and case only break ties (``Égypte`` between ``Comores`` and ``Érythrée``), Arabic
hamza forms as their alef (``ألبانيا`` before ``باكستان``). The CLDR tailorings of Arabic,
English and French change nothing for names of countries. One convention is added for Arabic:
the definite article ``ال`` is passed over, as in the Arab League's and the centre's lists
(``الأردن`` among the alefs of ``أ``, ``السنغال`` under ``س``) — only the article: ``ألبانيا``
begins with an alef with hamza, not with ``ال``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import TypeVar

from pyuca import Collator

T = TypeVar("T")
ARTICLE = "ال"


@cache
def _collator() -> Collator:
    return Collator()  # reads the table once per process (about 0.3 s)


def sort_key(text: str, language: str) -> tuple[int, ...]:
    """The collation key of ``text`` read in ``language``."""
    if language == "ar" and text.startswith(ARTICLE) and len(text) > len(ARTICLE):
        text = text[len(ARTICLE) :]
    return tuple(_collator().sort_key(text))


def sorted_by(items: Iterable[T], text: Callable[[T], str], language: str) -> list[T]:
    return sorted(items, key=lambda item: sort_key(text(item), language))
