"""Amiri (regular and bold) from fontpkg-amiri, registered with ReportLab once per process.

Amiri covers Arabic — including the presentation forms arabic-reshaper produces — and Latin, so
one family serves both sides of a certificate. Which glyphs each PDF embeds, and how, is
``embedding.py``'s business; this module gives the faces and their metrics.
"""

import threading
from dataclasses import dataclass, field
from typing import Literal

import fontpkg_amiri
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from certificates.errors import MissingGlyphError

FontKey = Literal["regular", "bold"]

_FILES: dict[str, str] = {"regular": "Amiri-Regular", "bold": "Amiri-Bold"}

#: Formatting characters the engine inserts or keeps; they are never drawn and need no glyph.
INVISIBLE = frozenset("\u2066\u2067\u2068\u2069")


@dataclass(frozen=True)
class Font:
    """A face: its ReportLab name, advance widths in em, the characters it covers, its file."""

    name: str
    widths: dict[str, float]
    covered: frozenset[str]
    face: TTFontFace = field(repr=False, compare=False)

    def width(self, text: str, size: float) -> float:
        """Advance width of ``text`` at ``size`` points (formatting characters count as zero)."""
        widths = self.widths
        return sum(widths.get(ch, 0.0) for ch in text) * size

    def check(self, text: str, field: str) -> None:
        """Raise MissingGlyphError naming ``field`` if any character of ``text`` has no glyph."""
        if self.covered.issuperset(text):
            return
        ch = next(ch for ch in text if ch not in self.covered)
        raise MissingGlyphError(
            field, f"character {ch!r} (U+{ord(ch):04X}) has no glyph in the font {self.name}"
        )


_registering = threading.Lock()
_registered: dict[FontKey, Font] = {}


def font(key: FontKey) -> Font:
    """Register the face (first call only, whichever thread makes it) and return its metrics."""
    found = _registered.get(key)  # no lock once registered: called for every block of text
    if found is None:
        with _registering:
            found = _registered.get(key) or _registered.setdefault(key, _register(key))
    return found


def _register(key: FontKey) -> Font:
    stem = _FILES[key]
    name = f"Tadrib{stem}"
    ttf = TTFont(name, str(fontpkg_amiri.ROOT / "files" / f"{stem}.ttf"))
    # The face name is the PDF BaseFont, and ReportLab hands a font registered under a face
    # name it already knows to the earlier registration: ours must not be anyone else's.
    ttf.face.name = name.encode()
    pdfmetrics.registerFont(ttf)
    if pdfmetrics.getFont(name) is not ttf:
        raise RuntimeError(f"the font name {name} is already registered with ReportLab")
    face = ttf.face
    widths = {
        chr(code): face.charWidths.get(code, 0) / 1000
        for code, glyph in face.charToGlyph.items()
        if glyph and code >= 0x20
    }
    return Font(name, widths, frozenset(widths) | INVISIBLE, face)
