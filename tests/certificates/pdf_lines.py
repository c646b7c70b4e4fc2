"""Reading back what a certificate PDF draws: lines of characters in drawing order, by baseline.

The tests judge the PDF by what is on the page, not by how the engine got there: pdfplumber
gives every drawn character with its position; characters sharing a baseline within one panel
form a line, in left-to-right (visual) order.
"""

import io
import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pdfplumber

FIXTURES = Path(__file__).with_name("fixtures")
#: The page's centre axis: mirrored rows put Latin left of it and Arabic right of it.
MIDDLE = 421


@dataclass(frozen=True)
class TextLine:
    top: float  # distance of the baseline from the top of the page
    x0: float
    x1: float
    size: float
    fonts: frozenset[str]
    text: str  # visual order


def payload(**changes: Any) -> dict[str, Any]:
    """The fixture payload, with top-level keys replaced."""
    data = json.loads((FIXTURES / "payload.json").read_text(encoding="utf-8"))
    data.update(changes)
    return data


def samples() -> list[str]:
    text = (FIXTURES / "arabic-samples.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


@dataclass(frozen=True)
class Page:
    """What pdfplumber finds drawn on a PDF's first page (read once per PDF: see ``page``)."""

    height: float
    chars: tuple[dict[str, Any], ...]
    shapes: tuple[dict[str, Any], ...]  # rectangles, curves, lines and images


@lru_cache(maxsize=128)
def page(pdf: bytes) -> Page:
    """The first page of ``pdf`` as pdfplumber reads it, read once however many tests and
    helpers look at the same PDF (reading a certificate takes about a tenth of a second).
    Callers must not change what they get."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        first = document.pages[0]
        return Page(
            float(first.height),
            tuple(first.chars),
            tuple(first.rects + first.curves + first.lines + first.images),
        )


def text_lines(pdf: bytes, side: str | None = None) -> list[TextLine]:
    """Drawn lines, top to bottom. Characters sharing a baseline form a line, split where a
    gap wider than two em separates them (the Latin and Arabic halves of a mirrored row).
    ``side``: "right" keeps the Arabic lines (those holding Arabic letters, or lying right of
    the centre axis), "left" the others."""
    drawn = page(pdf)
    height = drawn.height
    rows: dict[float, list[dict[str, Any]]] = {}
    for char in drawn.chars:
        if char["text"]:
            rows.setdefault(round(char["matrix"][5], 1), []).append(char)
    lines = []
    for baseline, row in rows.items():
        row.sort(key=lambda c: c["x0"])  # stable: zero-width marks keep their drawing order
        segments: list[list[dict[str, Any]]] = [[]]
        right = 0.0  # the rightmost edge of the current segment
        for char in row:
            current = segments[-1]
            if current and char["x0"] - right > 2 * char["size"]:
                segments.append([])
            right = max(right, char["x1"]) if segments[-1] else char["x1"]
            segments[-1].append(char)
        for segment in segments:
            text = "".join(c["text"] for c in segment)
            x0 = min(c["x0"] for c in segment)
            right = any(is_arabic(ch) for ch in text) or x0 >= MIDDLE
            if side is not None and right != (side == "right"):
                continue
            lines.append(
                TextLine(
                    top=round(height - baseline, 1),
                    x0=x0,
                    x1=max(c["x1"] for c in segment),
                    size=max(c["size"] for c in segment),
                    fonts=frozenset(c["fontname"] for c in segment),
                    text=text,
                )
            )
    return sorted(lines, key=lambda line: (line.top, line.x0))


def is_arabic(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL")


def logical(visual: str) -> str:
    """A drawn right-to-left line read back in typing order, letters unshaped.

    Valid for lines whose left-to-right runs are single words (numbers, an acronym): the words
    are reversed, and so are the letters of each Arabic word (a Latin word or a number is
    drawn as typed); NFKC folds the joining forms and ligatures back to plain letters.
    """
    words = []
    for word in reversed(visual.split(" ")):
        if any(is_arabic(ch) for ch in word):
            word = word[::-1]
        words.append(unicodedata.normalize("NFKC", word))
    return " ".join(words)


def block(pdf: bytes, logical_text: str) -> list[TextLine]:
    """The consecutive lines of the Arabic panel whose words make up ``logical_text``."""
    lines = text_lines(pdf, "right")
    words = logical_text.split()
    for start in range(len(lines)):
        taken: list[str] = []
        for end in range(start, len(lines)):
            taken += logical(lines[end].text).split()
            if taken == words:
                return lines[start : end + 1]
            if taken != words[: len(taken)]:
                break
    drawn = [line.text for line in lines]
    raise AssertionError(f"{logical_text!r} is not on the page; lines: {drawn}")
