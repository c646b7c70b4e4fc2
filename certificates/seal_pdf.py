"""Just enough PDF reading and writing to append a signature to a finished PDF in one pass.

The sealer (``certificates/sealing.py``) never re-opens a certificate with a general PDF library:
it reads the trailer and the cross-reference table, looks up the two objects it must change (the
catalog and the first page), and appends an incremental update (ISO 32000-1 §7.5.6) after the
file's last byte. This module is that reading and writing: a parser for PDF objects without
streams, a serialiser for them, and the classic cross-reference table.

Only classic ``xref`` tables are read — what ReportLab writes. A cross-reference stream, a hybrid
file (``/XRefStm``) or an encrypted file (``/Encrypt``) is a ``SealFormatError``: nothing is
guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "Name",
    "PdfFile",
    "Raw",
    "Ref",
    "SealFormatError",
    "serialise",
    "text_string",
]


class SealFormatError(ValueError):
    """The PDF is not one the sealer can append to (or is damaged)."""


class Name(str):
    """A PDF name, without its slash: ``Name("Type")`` is ``/Type``."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Ref:
    """An indirect reference ``num gen R``."""

    num: int
    gen: int = 0


@dataclass(frozen=True, slots=True)
class Raw:
    """A scalar kept exactly as written: a number, a string (with its delimiters), a boolean or
    null. The sealer copies these and never needs their values."""

    token: bytes


_WHITESPACE = b"\x00\t\n\x0c\r "
_DELIMITERS = b"()<>[]{}/%"
_REGULAR = re.compile(rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]+")
_SPACE = re.compile(rb"(?:[\x00\t\n\x0c\r ]|%[^\r\n]*)*")
_INTEGER = re.compile(rb"[+-]?\d+\Z")
_WS = rb"[\x00\t\n\x0c\r ]"
#: ``num gen R`` not followed by a regular character (``R`` must end the token)
_REF = re.compile(
    _WS + rb"*(\d+)" + _WS + rb"+(\d+)" + _WS + rb"+R(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])"
)
_OBJ_HEADER = re.compile(_WS + rb"*(\d+)" + _WS + rb"+(\d+)" + _WS + rb"+obj")


def _skip(data: bytes, pos: int) -> int:
    blank = _SPACE.match(data, pos)  # matches the empty string too: never None
    assert blank is not None
    return blank.end()


def parse_value(data: bytes, pos: int) -> tuple[object, int]:
    """The PDF object starting at ``pos`` (after optional white space) and the position after it.

    dict → ``dict[Name, value]`` (insertion order kept), array → ``list``, name → ``Name``,
    ``n g R`` → ``Ref``, anything else → ``Raw``.
    """
    pos = _skip(data, pos)
    if pos >= len(data):
        raise SealFormatError("unexpected end of file inside an object")
    head = data[pos : pos + 2]
    if head == b"<<":
        result: dict[Name, object] = {}
        pos += 2
        while True:
            pos = _skip(data, pos)
            if data[pos : pos + 2] == b">>":
                return result, pos + 2
            key, pos = parse_value(data, pos)
            if not isinstance(key, Name):
                raise SealFormatError(f"dictionary key is not a name at byte {pos}")
            value, pos = parse_value(data, pos)
            result[key] = value
    first = data[pos : pos + 1]
    if first == b"[":
        items: list[object] = []
        pos += 1
        while True:
            pos = _skip(data, pos)
            if data[pos : pos + 1] == b"]":
                return items, pos + 1
            if pos >= len(data):
                raise SealFormatError("unterminated array")
            value, pos = parse_value(data, pos)
            items.append(value)
    if first == b"/":
        match = _REGULAR.match(data, pos + 1)
        end = match.end() if match else pos + 1
        return Name(data[pos + 1 : end].decode("latin-1")), end
    if first == b"(":
        return Raw(data[pos : _end_of_literal(data, pos)]), _end_of_literal(data, pos)
    if first == b"<":
        end = data.find(b">", pos)
        if end < 0:
            raise SealFormatError("unterminated hex string")
        return Raw(data[pos : end + 1]), end + 1
    match = _REGULAR.match(data, pos)
    if not match:
        raise SealFormatError(f"unexpected {first!r} at byte {pos}")
    token = match.group()
    if _INTEGER.match(token):
        ref = _REF.match(data, pos)
        if ref:
            return Ref(int(ref.group(1)), int(ref.group(2))), ref.end()
    return Raw(token), match.end()


def _end_of_literal(data: bytes, pos: int) -> int:
    """The position after the literal string opening at ``pos`` (nested parentheses, escapes)."""
    depth = 0
    i = pos
    while i < len(data):
        ch = data[i]
        if ch == 0x5C:  # backslash: the next byte is escaped
            i += 2
            continue
        if ch == 0x28:
            depth += 1
        elif ch == 0x29:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise SealFormatError("unterminated literal string")


def serialise(value: object) -> bytes:
    """The PDF syntax of a value built from dicts, lists, Name, Ref, Raw, int and bytes."""
    if isinstance(value, Name):
        return b"/" + _name_bytes(value)
    if isinstance(value, Ref):
        return b"%d %d R" % (value.num, value.gen)
    if isinstance(value, Raw):
        return value.token
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int):
        return b"%d" % value
    if isinstance(value, dict):
        parts = [b"/" + _name_bytes(key) + b" " + serialise(item) for key, item in value.items()]
        return b"<< " + b" ".join(parts) + b" >>"
    if isinstance(value, list):
        return b"[" + b" ".join(serialise(item) for item in value) + b"]"
    raise TypeError(f"cannot write {type(value).__name__} as PDF")


@lru_cache(maxsize=1024)
def _name_bytes(name: str) -> bytes:
    raw = name.encode("latin-1")
    if _REGULAR.fullmatch(raw) and b"#" not in raw and all(0x21 <= b <= 0x7E for b in raw):
        return raw
    return b"".join(
        bytes([b]) if 0x21 <= b <= 0x7E and b not in _DELIMITERS and b != 0x23 else b"#%02X" % b
        for b in raw
    )


def text_string(text: str) -> Raw:
    """A PDF text string: a literal in PDFDocEncoding's ASCII part, else UTF-16BE with a BOM."""
    if all(0x20 <= ord(ch) < 0x7F for ch in text):
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return Raw(b"(" + escaped.encode("ascii") + b")")
    return Raw(b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">")


class PdfFile:
    """A finished PDF's last trailer and cross-reference table, and its objects by number."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.startxref = self._startxref()
        self.offsets: dict[int, tuple[int, int]] = {}  # object number → (offset, generation)
        self.trailer = self._read_xref_chain()
        for key in ("Encrypt", "XRefStm"):
            if key in self.trailer:
                raise SealFormatError(f"/{key} in the trailer: not a file the sealer appends to")
        size = self.trailer.get(Name("Size"))
        if not isinstance(size, Raw) or not _INTEGER.match(size.token):
            raise SealFormatError("the trailer has no /Size")
        self.size = int(size.token)
        root = self.trailer.get(Name("Root"))
        if not isinstance(root, Ref):
            raise SealFormatError("the trailer has no /Root reference")
        self.root = root

    def _startxref(self) -> int:
        tail = self.data[-2048:]
        at = tail.rfind(b"startxref")
        if at < 0 or b"%%EOF" not in tail[at:]:
            raise SealFormatError("no startxref / %%EOF at the end of the file")
        match = re.match(rb"startxref[\x00\t\n\x0c\r ]+(\d+)", tail[at:])
        if not match:
            raise SealFormatError("startxref is not followed by an offset")
        return int(match.group(1))

    def _read_xref_chain(self) -> dict[Name, object]:
        """Reads the newest xref section and those its /Prev chain names (newest entry wins)."""
        newest: dict[Name, object] | None = None
        offset: int | None = self.startxref
        seen: set[int] = set()
        while offset is not None:
            if offset in seen or not 0 <= offset < len(self.data):
                raise SealFormatError("bad cross-reference offset")
            seen.add(offset)
            trailer = self._read_xref_section(offset)
            if newest is None:
                newest = trailer
            elif Name("XRefStm") in trailer:
                raise SealFormatError("/XRefStm in an earlier trailer: hybrid file")
            prev = trailer.get(Name("Prev"))
            offset = int(prev.token) if isinstance(prev, Raw) else None
        assert newest is not None
        return newest

    def _read_xref_section(self, offset: int) -> dict[Name, object]:
        data = self.data
        pos = _skip(data, offset)
        if not data.startswith(b"xref", pos):
            raise SealFormatError(
                "the file uses a cross-reference stream, not a classic xref table "
                "(only ReportLab-style classic tables are supported)"
            )
        pos += 4
        subsection = re.compile(rb"[\x00\t\n\x0c\r ]*(\d+)[ ]+(\d+)[ \t]*\r?\n?")
        entry = re.compile(rb"[\x00\t\n\x0c\r ]*(\d{10}) (\d{5}) ([nf])")
        while True:
            pos = _skip(data, pos)
            if data.startswith(b"trailer", pos):
                break
            match = subsection.match(data, pos)
            if not match:
                raise SealFormatError(f"bad cross-reference subsection at byte {pos}")
            first, count = int(match.group(1)), int(match.group(2))
            pos = match.end()
            for number in range(first, first + count):
                row = entry.match(data, pos)
                if not row:
                    raise SealFormatError(f"bad cross-reference entry at byte {pos}")
                pos = row.end()
                if number not in self.offsets and row.group(3) == b"n":
                    self.offsets[number] = (int(row.group(1)), int(row.group(2)))
                elif number not in self.offsets:
                    self.offsets[number] = (-1, int(row.group(2)))  # free: newest wins
        trailer, _ = parse_value(data, pos + len(b"trailer"))
        if not isinstance(trailer, dict):
            raise SealFormatError("the trailer is not a dictionary")
        return trailer

    def get(self, ref: Ref) -> object:
        """The object ``ref`` points to (streams are refused: the sealer needs none)."""
        offset, _ = self.offsets.get(ref.num, (-1, 0))
        if offset < 0:
            raise SealFormatError(f"object {ref.num} is not in the cross-reference table")
        header = _OBJ_HEADER.match(self.data, offset)
        if not header or int(header.group(1)) != ref.num:
            raise SealFormatError(f"the xref offset of object {ref.num} does not point at it")
        value, end = parse_value(self.data, header.end())
        after = _skip(self.data, end)
        if self.data.startswith(b"stream", after):
            raise SealFormatError(f"object {ref.num} is a stream where a dictionary was expected")
        return value

    def resolve(self, value: object) -> object:
        return self.get(value) if isinstance(value, Ref) else value

    def dictionary(self, ref: Ref, what: str) -> dict[Name, object]:
        value = self.get(ref)
        if not isinstance(value, dict):
            raise SealFormatError(f"the {what} (object {ref.num}) is not a dictionary")
        return value

    def first_page(self, catalog: dict[Name, object]) -> Ref:
        """The first page's reference, walking /Pages → /Kids (page trees may nest)."""
        node = catalog.get(Name("Pages"))
        for _ in range(64):  # deeper than any real page tree
            if not isinstance(node, Ref):
                raise SealFormatError(
                    "the page tree holds a direct object where a reference is due"
                )
            value = self.dictionary(node, "page tree node")
            kind = value.get(Name("Type"))
            if kind == Name("Page") or (kind is None and Name("Kids") not in value):
                return node
            kids = self.resolve(value.get(Name("Kids")))
            if not isinstance(kids, list) or not kids:
                raise SealFormatError("the page tree has no pages")
            node = kids[0]
        raise SealFormatError("the page tree is too deep")
