"""The Arabic text pipeline: shape the logical text, wrap it, then reorder each line for display.

The order is what makes Arabic come out right:

1. ``shape`` — arabic-reshaper picks each letter's joining form (lam-alef ligatures on, harakat
   kept) on the *logical* text, so joins never depend on where a line breaks;
2. the caller wraps the shaped, still logical, text by measured width (``layout.py``);
3. ``visual`` — python-bidi reorders *each line* with a right-to-left base direction. Reordering
   before wrapping would put the end of a two-line title on its first line;
4. ``visual`` mirrors brackets at right-to-left levels (rule L4, which python-bidi 0.6 leaves
   out) and drops the formatting characters, which are never drawn.

Latin words and numbers inside Arabic stay left-to-right: that is the bidi algorithm's job. Latin
values inserted into Arabic sentences are wrapped in isolates (``isolate``) so neutral characters
at their ends (a full stop, a bracket) stay with them.
"""

import re
import unicodedata
from functools import lru_cache
from typing import Literal

import arabic_reshaper
from bidi import get_display
from bidi.mirror import MIRRORED

from certificates.text import BIDI_CONTROLS, strip_controls

Direction = Literal["L", "R"]

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"


_RESHAPER = arabic_reshaper.ArabicReshaper(
    configuration={"delete_harakat": False, "support_ligatures": True}
)
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")
_RTL_CLASSES = frozenset(("R", "AL"))
_TRAILING_CLASSES = frozenset(("WS", "LRI", "RLI", "FSI", "PDI", "BN"))
_LEVEL = re.compile(r"Level\(\s*(\d+)")


def has_arabic(text: str) -> bool:
    return _ARABIC.search(text) is not None


@lru_cache(maxsize=4096)
def has_rtl(text: str) -> bool:
    """True if any character is strongly right-to-left (cached: values recur in a batch)."""
    if text.isascii():  # no ASCII character is (serial numbers, URLs, most Latin names)
        return False
    return any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text)


def shape(text: str) -> str:
    """Contextual joining forms and lam-alef ligatures, harakat kept; text without Arabic as is.

    Letters never join across a space, so a text is shaped word by word, and words are cached:
    names and titles share most of theirs (محمد، عبد، الله، بن…).
    """
    if not has_arabic(text):
        return text
    return " ".join(map(_shape_word, text.split(" ")))


@lru_cache(maxsize=8192)
def _shape_word(word: str) -> str:
    return _RESHAPER.reshape(word) if has_arabic(word) else word


def isolate(text: str) -> str:
    """Wrap a left-to-right value so it reads as one unit inside right-to-left text."""
    return f"{LRI}{text}{PDI}"


def balance_isolates(lines: list[str]) -> list[str]:
    """Close on each line the isolates a line break left open, and reopen them on the next."""
    balanced: list[str] = []
    opened: list[str] = []
    for line in lines:
        prefix = "".join(opened)
        for ch in line:
            if ch in (LRI, RLI, FSI):
                opened.append(ch)
            elif ch == PDI and opened:
                opened.pop()
        balanced.append(prefix + line + PDI * len(opened))
    return balanced


def visual(line: str, base: Direction) -> str:
    """One wrapped, shaped line in drawing (left-to-right) order, brackets mirrored."""
    if base == "L" and not has_rtl(line):
        return strip_controls(line)
    if any(ch in MIRRORED for ch in line):
        return _reorder_and_mirror(line, base)
    return strip_controls(get_display(line, base_dir=base))


def _reorder_and_mirror(line: str, base: Direction) -> str:
    """Rules L1, L2 and L4 of the bidi algorithm on python-bidi's resolved levels.

    python-bidi 0.6 reorders (L2) but does not mirror (L4), and mirroring needs each character's
    level, which it only reports in its ``debug`` output. Only lines holding a mirrorable
    character come here: the others use the faster ``get_display``.
    """
    levels = _levels(line, base)
    base_level = 1 if base == "R" else 0
    # L1: whitespace and isolate marks at the end of the line take the paragraph level.
    end = len(line)
    while end and unicodedata.bidirectional(line[end - 1]) in _TRAILING_CLASSES:
        end -= 1
        levels[end] = base_level
    # L2: from the highest level down to the lowest odd one, reverse every run at that level or
    # above.
    order = list(range(len(line)))
    lowest_odd = min(levels) | 1
    for level in range(max(levels), lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] < level:
                i += 1
                continue
            j = i
            while j < len(order) and levels[order[j]] >= level:
                j += 1
            order[i:j] = order[i:j][::-1]
            i = j
    # L4: a mirrorable character at a right-to-left (odd) level is drawn as its mirror image.
    drawn = (
        MIRRORED.get(line[i], line[i]) if levels[i] % 2 else line[i]
        for i in order
        if line[i] not in BIDI_CONTROLS
    )
    return "".join(drawn)


def _levels(text: str, base: Direction) -> list[int]:
    """Resolved embedding level of each character, read from python-bidi's debug report.

    The report lists one level per UTF-8 byte; a character's level is that of its first byte.
    """
    report = get_display(text, base_dir=base, debug=True)
    start = report.index("\n    levels: [")
    end = report.index("\n    paragraphs: [", start)
    per_byte = [int(level) for level in _LEVEL.findall(report, start, end)]
    if len(per_byte) != len(text.encode()):
        raise RuntimeError("unexpected python-bidi debug report; the engine needs python-bidi 0.6")
    levels: list[int] = []
    offset = 0
    for ch in text:
        levels.append(per_byte[offset])
        offset += len(ch.encode())
    return levels
