"""A one-page PDF file written directly: objects, cross-reference table and trailer.

A certificate's PDF is mostly what its batch shares — the design's drawing as a form XObject,
the identity's images, the shared font subsets, and the catalog, page tree and page, which only
point at objects — and the rest is small: the page's content stream, the document information,
the page's font resources and the certificate's own font subset. The shared part is written
once per batch as bytes with its object numbers fixed (a ``Skeleton``); each certificate copies
it and appends its own objects, the cross-reference table (classic, ISO 32000-1 §7.5.4) and the
trailer. ReportLab's document classes would build and format the whole object tree again for
every file (about a quarter of a certificate's time, in the benchmark).

Object numbers: 1 catalog, 2 page tree, 3 page, 4 content stream, 5 document information,
6 the page's font resources, then the batch's objects from 7 (form, images, shared subsets),
then the certificate's own subsets.
"""

import hashlib
import time
from collections.abc import Iterable

CATALOG, PAGES, PAGE, CONTENTS, INFO, FONTS = range(1, 7)
#: The first object number of the batch's shared objects.
FIRST_SHARED = 7
#: The page's name of the form XObject holding the batch's shared drawing.
SHARED_FORM = "Shared"

_HEADER = b"%PDF-1.4\n%\x93\x8c\x8b\x9e\n"
_PRODUCER = "Tadrib certificates (ReportLab, arabic-reshaper, python-bidi)"


def indirect(number: int, body: bytes) -> bytes:
    """``body`` (a formatted object, a stream with its dictionary) as indirect object
    ``number``."""
    return b"%d 0 obj\n%b\nendobj\n" % (number, body)


def stream(data: bytes, entries: bytes = b"") -> bytes:
    """A Flate-compressed stream object: ``data`` is compressed already."""
    return b"<< %b/Filter /FlateDecode /Length %d >>\nstream\n%b\nendstream" % (
        entries,
        len(data),
        data,
    )


def text_string(text: str) -> bytes:
    """A PDF text string: a literal in ASCII when it can be, else UTF-16BE with its BOM."""
    if text.isascii() and text.isprintable():
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return b"(" + escaped.encode("ascii") + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


class Skeleton:
    """The objects a batch's certificates share, formatted once: bytes from the file's header
    on, and where each object starts."""

    def __init__(self) -> None:
        self.data = bytearray(_HEADER)
        self.offsets: dict[int, int] = {}

    def add(self, number: int, body: bytes) -> None:
        self.offsets[number] = len(self.data)
        self.data += indirect(number, body)

    def freeze(self) -> tuple[bytes, tuple[tuple[int, int], ...]]:
        return bytes(self.data), tuple(sorted(self.offsets.items()))


def page_objects(skeleton: Skeleton, lang: str, media: bytes) -> None:
    """The catalog (with the document's language), the page tree and the page."""
    skeleton.add(
        CATALOG,
        b"<< /Type /Catalog /Pages %d 0 R /Lang %b /PageMode /UseNone >>"
        % (PAGES, text_string(lang)),
    )
    skeleton.add(PAGES, b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % PAGE)
    skeleton.add(
        PAGE,
        b"<< /Type /Page /Parent %d 0 R /MediaBox %b /Resources << /Font %d 0 R "
        b"/XObject << /%b %d 0 R >> /ProcSet [/PDF /Text /ImageB /ImageC /ImageI] >> "
        b"/Contents %d 0 R >>"
        % (PAGES, media, FONTS, SHARED_FORM.encode(), FIRST_SHARED, CONTENTS),
    )


def finish(
    head: bytes,
    shared_offsets: tuple[tuple[int, int], ...],
    objects: Iterable[tuple[int, bytes]],
    info: dict[str, str],
) -> bytes:
    """The file: the batch's ``head``, this certificate's ``objects`` (number, body), the
    document information ``info``, the cross-reference table and the trailer."""
    parts = [head]
    size = len(head)
    offsets = dict(shared_offsets)
    for number, body in objects:
        offsets[number] = size
        chunk = indirect(number, body)
        parts.append(chunk)
        size += len(chunk)
    offsets[INFO] = size
    when = _date()
    entries = [b"/%b %b" % (key.encode(), text_string(value)) for key, value in info.items()]
    information = indirect(
        INFO,
        b"<< %b /CreationDate %b /ModDate %b /Producer %b /Trapped /False >>"
        % (b" ".join(entries), when, when, _PRODUCER_STRING),
    )
    parts.append(information)
    size += len(information)
    count = len(offsets) + 1
    if sorted(offsets) != list(range(1, count)):
        raise RuntimeError("the PDF's object numbers are not contiguous")
    xref = [b"xref\n0 %d\n0000000000 65535 f \n" % count]
    xref += [b"%010d 00000 n \n" % offsets[number] for number in range(1, count)]
    # The file's identifier, from its document information (the serial number, the holder's
    # name, the time).
    identifier = b"<" + hashlib.md5(information, usedforsecurity=False).hexdigest().encode() + b">"
    xref.append(
        b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [%b %b] >>\nstartxref\n%d\n%%%%EOF\n"
        % (count, CATALOG, INFO, identifier, identifier, size)
    )
    parts += xref
    return b"".join(parts)


_PRODUCER_STRING = text_string(_PRODUCER)
_clock: list[tuple[int, bytes]] = [(-1, b"")]


def _date() -> bytes:
    """Now as a PDF date string, formatted once a second."""
    now = int(time.time())
    second, formatted = _clock[0]
    if second != now:
        formatted = text_string(time.strftime("D:%Y%m%d%H%M%S+00'00'", time.gmtime(now)))
        _clock[0] = (now, formatted)
    return formatted
