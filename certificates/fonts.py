"""Amiri (regular and bold) from fontpkg-amiri, registered with ReportLab once per process.

Amiri covers Arabic — including the presentation forms arabic-reshaper produces — and Latin, so
one family serves both sides of a certificate and every PDF embeds a subset of it.

Each face is registered twice. ReportLab embeds, per document, one subset of every registered
font, holding the characters drawn with it. Text that a batch of certificates shares (the
design's words, the training's title, venue, dates, partners, signatories) goes through the
first registration, so its subset is the same certificate after certificate and its font program
is built and compressed once (``_SubsetCache``). Text unique to one certificate (the holder's
name, serial number, URL, attendance figures) goes through the second: a small subset built for
each PDF.
"""

import threading
import zlib
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

import fontpkg_amiri
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, TTFont, TTFontFace

from certificates.errors import MissingGlyphError

FontKey = Literal["regular", "bold"]

_FILES: dict[str, str] = {"regular": "Amiri-Regular", "bold": "Amiri-Bold"}

#: Formatting characters the engine inserts or keeps; they are never drawn and need no glyph.
INVISIBLE = frozenset("\u2066\u2067\u2068\u2069")


@dataclass(frozen=True)
class Font:
    """A face: its two ReportLab names, advance widths in em, and the characters it covers."""

    name: str
    personal_name: str
    widths: dict[str, float]
    covered: frozenset[str]

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
_subsetting = threading.Lock()


def font(key: FontKey) -> Font:
    """Register the face (first call only, whichever thread makes it) and return its metrics."""
    with _registering:
        return _font(key)


@cache
def _font(key: FontKey) -> Font:
    stem = _FILES[key]
    path = str(fontpkg_amiri.ROOT / "files" / f"{stem}.ttf")
    name = f"Tadrib{stem}"
    personal_name = name.replace("Amiri", "AmiriPersonal")
    face = _register(name, path)
    _register(personal_name, path)
    widths = {
        chr(code): face.charWidths.get(code, 0) / 1000
        for code, glyph in face.charToGlyph.items()
        if glyph and code >= 0x20
    }
    return Font(name, personal_name, widths, frozenset(widths) | INVISIBLE)


def _register(name: str, path: str) -> TTFontFace:
    # asciiReadable=False: embed only the glyphs a certificate uses, not all of ASCII
    ttf = TTFont(name, path, asciiReadable=False)
    ttf.face = _SubsetCache(path)
    # The face name is the PDF BaseFont, and ReportLab hands a font registered under a face
    # name it already knows to the earlier registration: ours must not be anyone else's.
    ttf.face.name = name.encode()
    pdfmetrics.registerFont(ttf)
    if pdfmetrics.getFont(name) is not ttf:
        raise RuntimeError(f"the font name {name} is already registered with ReportLab")
    return ttf.face


class _SubsetCache(TTFontFace):
    """A face that remembers the compressed font program of each subset it embeds."""

    def addSubsetObjects(self, doc: pdfdoc.PDFDocument, fontname: str, subset: list[int]):
        """As ReportLab's, with the font program from the cache (already compressed)."""
        program, length = _font_program(self, tuple(subset))
        font_file = pdfdoc.PDFStream(content=program)
        font_file.dictionary["Length1"] = length
        font_file.dictionary["Filter"] = pdfdoc.PDFName("FlateDecode")
        descriptor = pdfdoc.PDFDictionary(
            {
                "Type": "/FontDescriptor",
                "Ascent": self.ascent,
                "CapHeight": self.capHeight,
                "Descent": self.descent,
                "Flags": (self.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
                "FontBBox": pdfdoc.PDFArray(self.bbox),
                "FontName": pdfdoc.PDFName(fontname),
                "ItalicAngle": self.italicAngle,
                "StemV": self.stemV,
                "FontFile2": doc.Reference(font_file, f"fontFile:{fontname}"),
                "MissingWidth": self.defaultWidth,
            }
        )
        return doc.Reference(descriptor, f"fontDescriptor:{fontname}")


@lru_cache(maxsize=64)
def _font_program(face: _SubsetCache, subset: tuple[int, ...]) -> tuple[bytes, int]:
    with _subsetting:  # makeSubset moves a read position kept on the face
        program = face.makeSubset(list(subset))
    return zlib.compress(program), len(program)
