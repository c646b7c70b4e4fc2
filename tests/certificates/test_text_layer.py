"""The text layer: extractors get the Arabic as typed — plain letters (no presentation forms),
in reading order — while the page draws the joined glyphs; every line is tagged with its
language.

Both extractors run their own bidi over the page. Known limits of theirs, asserted as such
(see README, "Text layer"): poppler takes one direction for the whole page — on a page with
more Latin than Arabic it puts a Latin word or number that sits inside an Arabic line at the
other end of that line — and it moves the space beside a number into the number's run
(``من  1إلى`` for ``من 1 إلى``, with or without ActualText); PDFium splits a word at a haraka.
"""

import re
import shutil
import subprocess

import pypdfium2
import pytest
from pdf_lines import payload

from certificates import parse_payload, render

PDFTOTEXT = shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(
    PDFTOTEXT is None,
    reason="pdftotext not found: install the Debian package poppler-utils",
)
FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")

NAME = "محمد عبد الله الأحمد"
TITLE_WITH_LATIN = "الدورة التدريبية حول الإحصاءات النقدية والمالية في إطار برنامج StatCaB"
TITLE_WITH_NUMBERS = "دورة تدريبية لـ 81 دبلوماسيا من 29 دولة عضوا"
CITATION = "للمشاركة في ورشة العمل"


def pdf_with(
    title: str, name: str = NAME, template: str = "participation", languages=("ar", "en")
) -> bytes:
    data = payload(template=template, languages=list(languages))
    data["training"]["title"]["ar"] = title
    data["holder"]["name"]["ar"] = name
    return render(parse_payload(data), template)


def poppler_lines(pdf: bytes) -> list[str]:
    out = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return [" ".join(MARKS.sub("", line).split()) for line in out.splitlines()]


def pdfium_lines(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        text = document[0].get_textpage().get_text_range()
    finally:
        document.close()
    return [" ".join(MARKS.sub("", line).split()) for line in text.splitlines()]


EXTRACTORS = [
    pytest.param(poppler_lines, id="pdftotext", marks=needs_poppler),
    pytest.param(pdfium_lines, id="pypdfium2"),
]


@pytest.mark.parametrize("extract", EXTRACTORS)
@pytest.mark.parametrize("languages", [("ar", "en"), ("ar",)])
def test_title_name_and_citation_come_out_as_typed(extract, languages):
    title = "تعزيز الشراكات بين القطاعين العام والخاص في مجال سياحة فن الطبخ في السنغال"
    lines = extract(pdf_with(title, languages=languages))
    joined = "\n".join(lines)
    assert NAME in lines
    assert CITATION in lines
    assert title in joined.replace("\n", " ")  # a wrapped title reads on, line after line
    assert "شهادة مشاركة" in lines, "the heading: searching for «شهادة» finds it"
    assert not FORMS.search(joined), "plain letters, no presentation forms"


@pytest.mark.parametrize("title", [TITLE_WITH_LATIN, TITLE_WITH_NUMBERS])
@pytest.mark.parametrize("languages", [("ar", "en"), ("ar", "fr"), ("ar",)])
def test_latin_and_numbers_inside_arabic_pdfium(title, languages):
    lines = pdfium_lines(pdf_with(title, languages=languages))
    assert title in lines


@needs_poppler
@pytest.mark.parametrize("title", [TITLE_WITH_LATIN, TITLE_WITH_NUMBERS])
def test_latin_and_numbers_inside_arabic_poppler(title):
    # On an Arabic page, as typed (the spaces beside numbers aside).
    lines = poppler_lines(pdf_with(title, languages=("ar",)))
    if title is TITLE_WITH_LATIN:
        assert title in lines
    else:
        assert any(re.sub(r"\s", "", line) == re.sub(r"\s", "", title) for line in lines)
    # On a bilingual page (poppler reads it left to right): the Arabic words of a line with a
    # Latin word in order, the Latin word on the line. (Numbers: poppler reorders the runs.)
    if title is TITLE_WITH_NUMBERS:
        return
    lines = poppler_lines(pdf_with(title))
    arabic = [w for w in title.split() if FORMS.sub("", w) and re.search("[\u0600-\u06ff]", w)]
    found = [
        line
        for line in lines
        if [w for w in line.split() if re.search("[\u0600-\u06ff]", w)] == arabic
    ]
    assert found, lines
    assert all(token in found[0] for token in re.findall(r"[A-Za-z0-9]+", title))


@pytest.mark.parametrize("extract", EXTRACTORS)
def test_latin_lines_unchanged(extract):
    lines = extract(pdf_with(TITLE_WITH_LATIN))
    assert "Mohammed Abdullah Al-Ahmad" in lines
    assert "Certificate of Participation" in lines
    assert any("In cooperation with the Ministry of Tourism" in line for line in lines)


def test_every_line_is_tagged_with_its_language():
    pdf = pdf_with(TITLE_WITH_LATIN)
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        langs = set()
        for obj in page.get_objects(max_depth=3):
            if obj.type != pypdfium2.raw.FPDF_PAGEOBJ_TEXT:
                continue
            for i in range(pypdfium2.raw.FPDFPageObj_CountMarks(obj)):
                mark = pypdfium2.raw.FPDFPageObj_GetMark(obj, i)
                buffer = (pypdfium2.raw.FPDF_WCHAR * 64)()
                length = pypdfium2.raw.c_ulong(0)
                found = pypdfium2.raw.FPDFPageObjMark_GetParamStringValue(
                    mark, b"Lang", buffer, 128, length
                )
                if found:
                    langs.add(bytes(buffer)[: length.value - 2].decode("utf-16-le"))
    finally:
        document.close()
    assert {"ar", "en"} <= langs
