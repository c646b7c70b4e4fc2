"""The font subsets a certificate's PDF embeds, each formatted once and reused from PDF to PDF.

ReportLab's TTFont hands out character codes as text is drawn and builds every subset's PDF
objects (font program, widths, ToUnicode map, descriptor) anew in every document. Certificates
of a batch share most of their text — the design's words, the training's title, dates, venue,
partners and signatories — so here a subset is a value: a face and the characters it holds,
coded in their sorted order. Its objects are formatted once per process by ReportLab's own
serialiser and copied into every PDF that embeds it, with only their object numbers filled in.

Per certificate, each face's shared text is one subset (more if it uses over 255 characters)
that is the same certificate after certificate. The characters of the holder's name, serial
number and URL that the shared subset lacks go into a small personal subset.
"""

import hashlib
import re
import threading
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, makeToUnicodeCMap

from certificates.fonts import FontKey, font

#: Codes 1–255 of a simple font; code 0 stays .notdef.
CODES_PER_SUBSET = 255

_subsetting = threading.Lock()  # TTFontFace.makeSubset moves a read position kept on the face
_FORMATTING = pdfdoc.DummyDoc()  # what PDFObject.format needs of a document without encryption
FORMATTING = _FORMATTING


class _Slot(pdfdoc.PDFObject):  # type: ignore[misc]  # ReportLab is untyped
    """Stands where a reference goes while an object is formatted once, for every document."""

    def __init__(self, marker: bytes) -> None:
        self.marker = marker

    def format(self, document: object) -> bytes:
        return self.marker


_SLOT = re.compile(rb"\x00slot(\d+)\x00")


def slot(i: int) -> _Slot:
    return _Slot(b"\x00slot%d\x00" % i)


class Preformatted:
    """A PDF object's bytes, with the references in it left open until a file gives them
    object numbers."""

    def __init__(self, parts: list[bytes], slots: tuple[int, ...]) -> None:
        self.parts = parts  # the bytes around the references
        self.slots = slots  # which reference goes after each part but the last

    @classmethod
    def of(cls, obj: pdfdoc.PDFObject) -> "Preformatted":
        """``obj`` formatted by ReportLab, with its ``slot(i)`` left open for reference ``i``
        (slots are looked for in a dictionary, never in a stream's data)."""
        head, stream, data = obj.format(_FORMATTING).partition(b"\nstream\n")
        pieces = _SLOT.split(head)
        pieces[-1] = (pieces[-1] + stream + data).rstrip(b"\n")
        return cls(pieces[::2], tuple(int(i) for i in pieces[1::2]))

    def fill(self, i: int, value: object) -> "Preformatted":
        """A copy with ``slot(i)`` filled for good by ``value``, formatted by ReportLab."""
        k = self.slots.index(i)
        filled = self.parts[k] + pdfdoc.format(value, _FORMATTING) + self.parts[k + 1]
        parts = [*self.parts[:k], filled, *self.parts[k + 2 :]]
        return Preformatted(parts, self.slots[:k] + self.slots[k + 1 :])

    def write(self, numbers: Mapping[int, int] | Sequence[int]) -> bytes:
        """The object in one file: ``slot(i)`` refers to object ``numbers[i]``."""
        out = [self.parts[0]]
        for i, part in zip(self.slots, self.parts[1:], strict=True):
            out += (b"%d 0 R" % numbers[i], part)
        return b"".join(out)


@dataclass(frozen=True, eq=False)
class Subset:
    """Up to 255 characters of a face: code ``i + 1`` draws ``chars[i]``."""

    chars: str
    codes: dict[int, str]  # a str.translate table: character → its code, as a character
    font: Preformatted  # the font dictionary; slots: _DESCRIPTOR, _TO_UNICODE
    descriptor: Preformatted  # slot: _PROGRAM
    program: bytes  # the font program stream, formatted
    to_unicode: bytes  # the ToUnicode CMap stream, formatted

    def encode(self, text: str) -> bytes:
        return text.translate(self.codes).encode("latin-1")

    def objects(self, first: int) -> list[tuple[int, bytes]]:
        """The subset's four objects numbered from ``first``: the font program, the font
        descriptor, the ToUnicode map and, last (``first + 3``), the font dictionary."""
        descriptor, to_unicode, font = first + 1, first + 2, first + 3
        font_slots = {_DESCRIPTOR: descriptor, _TO_UNICODE: to_unicode}
        return [
            (first, self.program),
            (descriptor, self.descriptor.write({_PROGRAM: first})),
            (to_unicode, self.to_unicode),
            (font, self.font.write(font_slots)),
        ]


def subsets(face: FontKey, chars: frozenset[str], *, shared: bool) -> tuple[Subset, ...]:
    """``chars`` of ``face`` as subsets of at most 255 characters each.

    ``shared``: many PDFs will embed them, so their font programs are compressed harder (once);
    a subset for one PDF is compressed every time, so fast.
    """
    ordered = "".join(sorted(chars))
    return tuple(
        _subset(face, ordered[start : start + CODES_PER_SUBSET], 9 if shared else 1)
        for start in range(0, len(ordered), CODES_PER_SUBSET)
    )


# The slots of a face's font dictionary and font descriptor, formatted once per face.
_DESCRIPTOR, _TO_UNICODE, _BASE_FONT, _LAST_CHAR, _WIDTHS = range(5)  # the font dictionary's
_PROGRAM, _FONT_NAME = range(2)  # the descriptor's


@lru_cache(maxsize=256)
def _subset(face: FontKey, chars: str, level: int) -> Subset:
    """Cached: a batch's shared text gives the same subset for every certificate in it."""
    ttf = font(face).face
    codepoints = [0, *map(ord, chars)]
    # A subset tag from the characters: different subsets of a face get different PDF names.
    digest = hashlib.blake2b(f"{face}:{chars}".encode(), digest_size=6).digest()
    tag = "".join(chr(ord("A") + byte % 26) for byte in digest)
    base_font = pdfdoc.PDFName(f"{tag}+{ttf.name.decode()}")
    with _subsetting:
        program = ttf.makeSubset(codepoints)
    # filters=[]: the content is compressed here, once
    program_stream = pdfdoc.PDFStream(content=zlib.compress(program, level), filters=[])
    program_stream.dictionary["Length1"] = len(program)
    program_stream.dictionary["Filter"] = pdfdoc.PDFName("FlateDecode")
    cmap = makeToUnicodeCMap(base_font[1:], codepoints).encode("latin-1")
    cmap_stream = pdfdoc.PDFStream(content=zlib.compress(cmap), filters=[])
    cmap_stream.dictionary["Filter"] = pdfdoc.PDFName("FlateDecode")
    font_dict, descriptor = _face_objects(face)
    widths = pdfdoc.PDFArray([ttf.getCharWidth(code) for code in codepoints])
    return Subset(
        chars=chars,
        codes={ord(ch): chr(code) for code, ch in enumerate(chars, start=1)},
        font=(
            font_dict.fill(_BASE_FONT, base_font).fill(_LAST_CHAR, len(chars)).fill(_WIDTHS, widths)
        ),
        descriptor=descriptor.fill(_FONT_NAME, base_font),
        program=program_stream.format(_FORMATTING).rstrip(b"\n"),
        to_unicode=cmap_stream.format(_FORMATTING).rstrip(b"\n"),
    )


@cache
def _face_objects(face: FontKey) -> tuple[Preformatted, Preformatted]:
    """The font dictionary and font descriptor of ``face``'s subsets, with their slots open."""
    ttf = font(face).face
    font_dict = pdfdoc.PDFDictionary(
        {
            "Type": "/Font",
            "Subtype": "/TrueType",
            "BaseFont": slot(_BASE_FONT),
            "FirstChar": 0,
            "LastChar": slot(_LAST_CHAR),
            "Widths": slot(_WIDTHS),
            "FontDescriptor": slot(_DESCRIPTOR),
            "ToUnicode": slot(_TO_UNICODE),
        }
    )
    descriptor = pdfdoc.PDFDictionary(
        {
            "Type": "/FontDescriptor",
            "Ascent": ttf.ascent,
            "CapHeight": ttf.capHeight,
            "Descent": ttf.descent,
            "Flags": (ttf.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
            "FontBBox": pdfdoc.PDFArray(ttf.bbox),
            "FontName": slot(_FONT_NAME),
            "ItalicAngle": ttf.italicAngle,
            "StemV": ttf.stemV,
            "FontFile2": slot(_PROGRAM),
            "MissingWidth": ttf.defaultWidth,
        }
    )
    return Preformatted.of(font_dict), Preformatted.of(descriptor)
