"""The PDF as a file: embedded fonts, metadata, the QR code, languages, bounds and size."""

import io
import subprocess
import sys
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from pdf_lines import FIXTURES, MIDDLE, block, is_arabic, payload, text_lines
from pypdf import PdfReader

from certificates import parse_payload, render, template_names

STANDARD_14 = {
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
    "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
    "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats",
}  # fmt: skip
ROOT = Path(__file__).resolve().parents[2]
LONG_TITLE = (
    "الدورة التدريبية الإقليمية عن تعزيز الشراكات بين القطاعين العام والخاص في مجال سياحة فن "
    "الطبخ والتراث الثقافي غير المادي في الدول الأعضاء بمنظمة (OIC)"
)
LONG_NAMES = {
    "ar": "عبد الرحمن محمد عبد الله بن خالد بن سلطان الفلاني آل الهاشمي",
    "en": "Abdul-Rahman Mohamed Abdullah bin Khalid Al-Fulani Al-Hashmi",
}


def pdf_for(template: str = "participation", **changes) -> bytes:
    data = payload(**changes)
    return render(parse_payload(data), template)


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return pdf_for()


def test_fonts_are_embedded_truetype_subsets(sample_pdf: bytes):
    fonts = PdfReader(io.BytesIO(sample_pdf)).pages[0]["/Resources"]["/Font"]
    assert fonts
    for font in fonts.values():
        font = font.get_object()
        name = str(font["/BaseFont"]).lstrip("/")
        assert name.split("+")[-1] not in STANDARD_14
        assert font["/Subtype"] == "/TrueType"
        descriptor = font["/FontDescriptor"].get_object()
        assert len(descriptor["/FontFile2"].get_object().get_data()) > 1000
        assert "Amiri" in name


def test_metadata(sample_pdf: bytes):
    reader = PdfReader(io.BytesIO(sample_pdf))
    info = reader.metadata
    assert info.title == "شهادة مشاركة / Certificate of Participation — Mohammed Abdullah Al-Ahmad"
    assert info.author == "Centre for Training and Technical Cooperation"  # the identity's
    assert "Strengthening Public-Private Partnerships" in info.subject
    assert "تعزيز الشراكات" in info.subject
    assert info["/Keywords"] == "SES-2025-000123"
    assert reader.trailer["/Root"]["/Lang"] == "ar"


def test_author_is_a_parameter():
    data = payload()
    pdf = render(parse_payload(data), "participation", author="SESRIC")
    assert PdfReader(io.BytesIO(pdf)).metadata.author == "SESRIC"


@pytest.mark.parametrize(
    "url",
    [
        "https://tadrib.example.org/verify/SES-2025-000123",
        "https://t.example/v/1",
        "https://certificates.training-centre.example.org/verify/SES-2025-000123?lang=ar&code=9f86d081884c",
    ],
)
def test_qr_code_decodes_to_the_verification_url(url: str):
    pdf = pdf_for(verification_url=url)
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=150 / 72).to_pil()
    finally:
        document.close()
    found = zxingcpp.read_barcodes(image)
    assert [code.text for code in found if code.format == zxingcpp.BarcodeFormat.QRCode] == [url]
    # and the URL is printed beneath it
    assert any(line.text == url for line in text_lines(pdf))


def test_french_beside_arabic():
    pdf = pdf_for(languages=["ar", "fr"])
    left = " ".join(line.text for line in text_lines(pdf, "left"))
    assert "Certificat de participation" in left
    assert "du 1er au 3 septembre 2025" in left
    assert "Renforcer les partenariats" in left
    assert "Certificate" not in left and "September" not in left
    assert any(is_arabic(ch) for line in text_lines(pdf, "right") for ch in line.text)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_single_latin_language(language: str):
    lines = text_lines(pdf_for(languages=[language]))
    assert not any(is_arabic(ch) for line in lines for ch in line.text)
    heading = max(lines, key=lambda line: line.size)
    assert heading.text in ("Certificate of Participation", "Certificat de participation")
    assert abs((heading.x0 + heading.x1) / 2 - MIDDLE) < 2, "one centred panel"


def test_single_arabic():
    lines = text_lines(pdf_for(languages=["ar"]))
    latin_words = {word for line in lines for word in line.text.split() if word.isalpha()}
    assert "Certificate" not in latin_words and "Participation" not in latin_words
    heading = max(lines, key=lambda line: line.size)
    assert all(is_arabic(ch) for ch in heading.text.replace(" ", ""))


@pytest.mark.parametrize("template", template_names())
def test_long_title_and_names_stay_within_their_panels(template: str):
    data = payload(template=template)
    data["training"]["title"]["ar"] = LONG_TITLE
    data["holder"]["name"].update(LONG_NAMES)
    assert len(LONG_TITLE) == 150 and all(len(name) == 60 for name in LONG_NAMES.values())
    pdf = render(parse_payload(data), template)
    lines = text_lines(pdf, "left") + text_lines(pdf, "right")
    width = float(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width)
    for line in lines:
        assert line.x0 > 28 and line.x1 < width - 28, line.text  # inside the inner border
    body = [line for line in lines if 190 <= 595 - line.top <= 500]
    for line in body:  # text is centred on the axis (stacked) or keeps to its half (mirrored)
        centred = abs((line.x0 + line.x1) / 2 - MIDDLE) < 2
        assert centred or line.x1 <= MIDDLE - 20 or line.x0 >= MIDDLE + 20, line.text
    assert len(block(pdf, LONG_NAMES["ar"])) == 1, "the name on one line"
    assert [line.text for line in lines].count(LONG_NAMES["en"]) == 1
    assert 1 <= len(block(pdf, LONG_TITLE)) <= 3


def test_size_with_fonts_embedded(sample_pdf: bytes):
    assert len(sample_pdf) <= 50 * 1024


def test_certificates_of_a_batch_embed_the_same_shared_subsets():
    """The text two certificates of one training share is drawn from identical font subsets;
    each holder's own letters that the shared text lacks come from a subset of their own."""
    first, second = payload(), payload()
    first["holder"]["name"] = {"ar": "زينب قاسم", "en": "Zainab Qasim"}
    second["holder"]["name"] = {"ar": "خديجة يلماز", "en": "Khadija Yilmaz"}
    first_fonts = font_programs(render(parse_payload(first), "participation"))
    second_fonts = font_programs(render(parse_payload(second), "participation"))
    shared = first_fonts.keys() & second_fonts.keys()
    assert {name.split("-")[-1] for name in shared} == {"Regular", "Bold"}
    assert all(first_fonts[name] == second_fonts[name] for name in shared)
    assert first_fonts.keys() != second_fonts.keys(), "the names' own letters differ"
    lines = [line.text for line in text_lines(render(parse_payload(second), "participation"))]
    assert "Khadija Yilmaz" in lines


def test_text_with_more_than_255_characters_of_a_face_spans_several_subsets():
    """A simple TrueType font has 256 codes: a face drawing more characters is embedded as
    several subsets, and every character still comes out."""
    basic = "".join(chr(c) for c in range(0x21, 0x7F))  # 94 ASCII characters
    latin = "".join(chr(c) for c in range(0xC0, 0x180) if c not in (0xD7, 0xF7))  # 190 letters
    characters = basic + latin
    assert len(set(characters)) > 255
    chunks = [characters[i : i + 48] for i in range(0, len(characters), 48)]
    spaced = [" ".join(chunk[i : i + 12] for i in range(0, len(chunk), 12)) for chunk in chunks]
    data = payload()
    training = data["training"]
    training["programme"] = {"ar": spaced[0], "en": spaced[1]}
    # the venue starts a sentence (its first letter is drawn as a capital): a word before it
    training["venue"] = {"ar": spaced[2], "en": "Venue " + spaced[3]}
    training["partners"] = [{"ar": spaced[4], "en": spaced[5]}]
    pdf = render(parse_payload(data), "participation")
    fonts = [
        f.get_object() for f in PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values()
    ]
    regular = [f for f in fonts if str(f["/BaseFont"]).endswith("-Regular")]
    assert all(f["/LastChar"] <= 255 for f in fonts)
    assert len(regular) >= 2 and sum(f["/LastChar"] for f in regular) >= len(characters)
    drawn = "".join(line.text for line in text_lines(pdf))
    assert set(latin) <= set(drawn)


def test_threads_render_at_once_from_a_fresh_process(tmp_path):
    """Workers render from several threads: the fonts are registered once, and every embedded
    font program is the one a lone thread makes."""
    script = f"""
import json, threading
from certificates import parse_payload, render
data = json.loads(open({str(FIXTURES / "payload.json")!r}, encoding="utf-8").read())
def work(i):
    payload = json.loads(json.dumps(data))
    payload["holder"]["name"]["en"] = f"Holder Number {{i}} Zyxwvq"
    pdf = render(parse_payload(payload), "participation")
    open({str(tmp_path)!r} + f"/{{i}}.pdf", "wb").write(pdf)
threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
[t.start() for t in threads]
[t.join() for t in threads]
"""
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120, cwd=ROOT)
    for i in range(8):
        threaded = (tmp_path / f"{i}.pdf").read_bytes()
        data = payload()
        data["holder"]["name"]["en"] = f"Holder Number {i} Zyxwvq"
        alone = render(parse_payload(data), "participation")
        assert f"Holder Number {i} Zyxwvq" in [line.text for line in text_lines(threaded, "left")]
        assert font_programs(threaded) == font_programs(alone)


def font_programs(pdf: bytes) -> dict[str, bytes]:
    fonts = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values()
    return {
        str(font["/BaseFont"]): font["/FontDescriptor"]["/FontFile2"].get_object().get_data()
        for font in (f.get_object() for f in fonts)
    }


def test_cross_reference_table_points_at_every_object(sample_pdf: bytes):
    """The file is written directly (not by ReportLab's document classes): its trailer and
    classic cross-reference table must locate every object, as readers and the sealer expect."""
    tail = sample_pdf.rpartition(b"startxref\n")[2]
    start = int(tail.split()[0])
    assert tail.rstrip().endswith(b"%%EOF")
    table = sample_pdf[start:].split(b"trailer")[0].split(b"\n")
    assert table[0] == b"xref"
    first, count = map(int, table[1].split())
    entries = table[2 : 2 + count]
    assert first == 0 and entries[0] == b"0000000000 65535 f "
    for number, entry in enumerate(entries[1:], start=1):
        offset, generation, kind = entry.split()
        assert (generation, kind) == (b"00000", b"n")
        assert sample_pdf[int(offset) :].startswith(b"%d 0 obj\n" % number), number
    trailer = PdfReader(io.BytesIO(sample_pdf), strict=True).trailer
    assert trailer["/Size"] == count
