"""The sealer's PDF object parser and serialiser (certificates/seal_pdf.py)."""

from __future__ import annotations

import pytest

from certificates.seal_pdf import (
    Name,
    PdfFile,
    Raw,
    Ref,
    SealFormatError,
    parse_value,
    serialise,
    text_string,
)


def test_parses_nested_objects_comments_and_strings() -> None:
    source = (
        b"<< /Type /Page /Kids [ 19 0 R 20 0 R ] % a comment\n"
        b"/Title (a \\) (nested) string) /Hex <FEFF0041> /N -1.5 /B true\n"
        b"/Res << /Font << /T1 6 0 R >> >> /Empty << >> /Arr [0 0 841.8 595.2] >>"
    )
    value, end = parse_value(source, 0)
    assert end == len(source)
    assert value[Name("Type")] == Name("Page")
    assert value[Name("Kids")] == [Ref(19), Ref(20)]
    assert value[Name("Title")] == Raw(b"(a \\) (nested) string)")
    assert value[Name("Hex")] == Raw(b"<FEFF0041>")
    assert value[Name("Res")] == {Name("Font"): {Name("T1"): Ref(6)}}
    assert value[Name("Arr")] == [Raw(b"0"), Raw(b"0"), Raw(b"841.8"), Raw(b"595.2")]
    again, _ = parse_value(serialise(value), 0)
    assert again == value


def test_names_and_text_strings_are_escaped() -> None:
    assert serialise(Name("A B#")) == b"/A#20B#23"
    assert text_string("Seal (1)").token == b"(Seal \\(1\\))"
    assert (
        text_string("ختم").token
        == b"<FEFF" + "ختم".encode("utf-16-be").hex().upper().encode() + b">"
    )


def _minimal(trailer: bytes) -> bytes:
    body = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    pages_at = len(body)
    body += b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    page_at = len(body)
    body += b"3 0 obj\n<< /Type /Page /Parent 2 0 R >>\nendobj\n"
    xref_at = len(body)
    body += b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n"
    body += b"%010d 00000 n \n%010d 00000 n \n" % (pages_at, page_at)
    return body + b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % xref_at


def test_finds_catalog_and_first_page_from_the_trailer() -> None:
    pdf = PdfFile(_minimal(b"<< /Size 4 /Root 1 0 R >>"))
    catalog = pdf.dictionary(pdf.root, "catalog")
    assert pdf.first_page(catalog) == Ref(3)
    assert pdf.size == 4


@pytest.mark.parametrize(
    ("trailer", "message"),
    [
        (b"<< /Size 4 >>", "/Root"),
        (b"<< /Root 1 0 R >>", "/Size"),
        (b"<< /Size 4 /Root 1 0 R /XRefStm 99 >>", "XRefStm"),
    ],
)
def test_bad_trailers(trailer: bytes, message: str) -> None:
    with pytest.raises(SealFormatError, match=message):
        PdfFile(_minimal(trailer))


def test_missing_startxref() -> None:
    with pytest.raises(SealFormatError, match="startxref"):
        PdfFile(b"%PDF-1.4\n")
