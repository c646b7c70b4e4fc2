"""The font subsets a certificate's PDF embeds, each formatted once and reused from PDF to PDF.

ReportLab's TTFont hands out character codes as text is drawn and builds every subset's PDF
objects (font program, widths, ToUnicode map, descriptor) anew in every document. Certificates
of a batch share most of their text — the design's words, the training's title, dates, venue,
partners and signatories — so here a subset is a value: a face and the characters it holds,
coded in their sorted order. ReportLab subsets the font program; the subset's four objects are
formatted once, as bytes, and copied into every PDF that embeds it, with only their object
numbers filled in.

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
from functools import cache, cached_property, lru_cache

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, makeToUnicodeCMap

from certificates.document import stream
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

    def write(self, numbers: Mapping[int, int] | Sequence[int]) -> bytes:
        """The object in one file: ``slot(i)`` refers to object ``numbers[i]``."""
        out = [self.parts[0]]
        for i, part in zip(self.slots, self.parts[1:], strict=True):
            out += (b"%d 0 R" % numbers[i], part)
        return b"".join(out)


@dataclass(frozen=True, eq=False)
class Subset:
    """Up to 255 characters of a face: code ``i + 1`` draws ``chars[i]``. Its four PDF objects
    are formatted once; a file gives them their object numbers (``objects``)."""

    chars: str
    codes: dict[int, str]  # a str.translate table: character → its code, as a character
    program: bytes  # the font program stream
    descriptor: bytes  # the font descriptor; %d: the program's object number
    to_unicode: bytes  # the ToUnicode CMap stream
    font: bytes  # the font dictionary; %d, %d: the descriptor's and ToUnicode's numbers

    @cached_property
    def charset(self) -> frozenset[str]:
        return frozenset(self.chars)

    def encode(self, text: str) -> bytes:
        return text.translate(self.codes).encode("latin-1")

    def objects(self, first: int) -> list[tuple[int, bytes]]:
        """The subset's four objects numbered from ``first``: the font program, the font
        descriptor, the ToUnicode map and, last (``first + 3``), the font dictionary."""
        return [
            (first, self.program),
            (first + 1, self.descriptor % first),
            (first + 2, self.to_unicode),
            (first + 3, self.font % (first + 1, first + 2)),
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


@lru_cache(maxsize=256)
def _subset(face: FontKey, chars: str, level: int) -> Subset:
    """Cached: a batch's shared text gives the same subset for every certificate in it."""
    ttf = font(face).face
    codepoints = [0, *map(ord, chars)]
    # A subset tag from the characters: different subsets of a face get different PDF names.
    digest = hashlib.blake2b(f"{face}:{chars}".encode(), digest_size=6).digest()
    tag = "".join(chr(ord("A") + byte % 26) for byte in digest)
    base_font = f"{tag}+{ttf.name.decode()}".encode("ascii")
    with _subsetting:
        program = ttf.makeSubset(codepoints)
    cmap = makeToUnicodeCMap(base_font.decode(), codepoints).encode("latin-1")
    widths = fp_str(*[ttf.getCharWidth(code) for code in codepoints]).encode("ascii")
    return Subset(
        chars=chars,
        codes={ord(ch): chr(code) for code, ch in enumerate(chars, start=1)},
        program=stream(zlib.compress(program, level), b"/Length1 %d " % len(program)),
        descriptor=_descriptor(face) % (base_font,),
        to_unicode=stream(zlib.compress(cmap)),
        font=(
            b"<< /Type /Font /Subtype /TrueType /BaseFont /%b /FirstChar 0 /LastChar %d "
            b"/Widths [%b] /FontDescriptor %%d 0 R /ToUnicode %%d 0 R >>"
            % (base_font, len(chars), widths)
        ),
    )


@cache
def _descriptor(face: FontKey) -> bytes:
    """The font descriptor of ``face``'s subsets: %b, the font's name; %%d, the program's
    object number."""
    ttf = font(face).face
    flags = (ttf.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
    return (
        b"<< /Type /FontDescriptor /FontName /%%b /Flags %d /FontBBox [%b] /ItalicAngle %b "
        b"/Ascent %b /Descent %b /CapHeight %b /StemV %b /MissingWidth %b /FontFile2 %%%%d 0 R >>"
        % (
            flags,
            fp_str(*ttf.bbox).encode(),
            *(fp_str(v).encode() for v in (ttf.italicAngle, ttf.ascent, ttf.descent)),
            *(fp_str(v).encode() for v in (ttf.capHeight, ttf.stemV, ttf.defaultWidth)),
        )
    )
