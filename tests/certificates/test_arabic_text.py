"""The Arabic on the page: shaped, in reading order, wrapped lines in order, brackets mirrored."""

import re
import unicodedata

import pytest
from pdf_lines import block, is_arabic, logical, payload, samples, text_lines

from certificates import parse_payload, render

ARABIC_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
HOLDER_LINE_SIZE = 20  # the name is the largest text after the heading


def render_with(title: str | None = None, name: str | None = None, **changes) -> bytes:
    data = payload(**changes)
    if title is not None:
        data["training"]["title"]["ar"] = title
    if name is not None:
        data["holder"]["name"]["ar"] = name
    return render(parse_payload(data), data["template"])


def test_wrapped_title_lines_are_in_reading_order():
    title = f"{samples()[4]} {samples()[5]}"  # long enough to wrap on the page's width
    lines = block(render_with(title=title), title)
    assert len(lines) >= 2
    first_words = logical(lines[0].text).split()
    assert title.split()[: len(first_words)] == first_words, "the first line holds the start"
    assert lines[0].top < lines[1].top
    # centred in the Arabic half of the page
    assert abs((lines[0].x0 + lines[0].x1) - (lines[1].x0 + lines[1].x1)) < 1


def test_letters_are_joined_and_words_reversed():
    (line,) = block(render_with(name="محمد عبد الله الأحمد"), "محمد عبد الله الأحمد")
    assert ARABIC_FORMS.search(line.text), "drawn with joining forms"
    assert "\ufefb" in line.text or "\ufef7" in line.text, "lam-alef ligature"
    rightmost = unicodedata.normalize("NFKC", line.text.split()[-1][::-1])
    assert rightmost == "محمد", "the first word is drawn rightmost"


def test_brackets_are_mirrored():
    pdf = render_with(title="سيسرك (SESRIC)", name="دورة (تدريبية) متقدمة")
    (acronym,) = block(pdf, "سيسرك (SESRIC)")
    assert "(SESRIC)" in acronym.text and ")SESRIC(" not in acronym.text
    name = next(
        line
        for line in text_lines(pdf, "right")
        if "SESRIC" not in line.text and ARABIC_FORMS.search(line.text) and "(" in line.text
    )
    # drawn left to right: "(" then the reversed Arabic word then ")" — each bracket faces the word
    assert re.search("\\([\ufb50-\ufeff]+\\)", name.text), name.text


def test_latin_words_and_numbers_stay_left_to_right():
    title = "الدورة التدريبية حول الإحصاءات النقدية والمالية في إطار برنامج StatCaB"
    name = "عُقدت الدورة بمشاركة 81 دبلوماسيًا من 29 دولة عضوًا"
    pdf = render_with(title=title, name=name)
    assert any("StatCaB" in line.text for line in block(pdf, title))
    (line,) = block(pdf, name)
    assert "81" in line.text and "29" in line.text
    assert line.text.index("29") < line.text.index("81"), "read right to left, 81 comes first"


def test_harakat_are_kept():
    name = "عُقدت الدورة بمشاركة 81 دبلوماسيًا من 29 دولة عضوًا"
    (line,) = block(render_with(name=name), name)
    assert "\u064f" in line.text and line.text.count("\u064b") == 2


def test_bidi_controls_are_stripped():
    clean = "محمد عبد الله الأحمد"
    # honoured, the override (U+202D) would draw the name left to right, letters in typing order
    dirty = "\u202dمحمد\u200f عبد \u2067الله\u2069 الأحمد\u202c\u200e"
    pdf = render_with(name=dirty)
    drawn = "".join(line.text for line in text_lines(pdf))
    assert not set(drawn) & set(
        "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
    )
    assert [line.text for line in block(pdf, clean)] == [
        line.text for line in block(render_with(name=clean), clean)
    ]


def test_a_latin_name_without_arabic_spelling_is_drawn_once_left_to_right():
    data = payload()
    data["holder"]["name"] = {"en": "John Smith Jr."}
    pdf = render(parse_payload(data), "participation")
    names = [line.text for line in text_lines(pdf) if line.size > HOLDER_LINE_SIZE]
    assert names.count("John Smith Jr.") == 1, names


@pytest.mark.parametrize("text", samples())
@pytest.mark.parametrize("where", ["title", "name"])
def test_sample_strings_read_back_in_order(text: str, where: str):
    """Every sample, as title or name, reads back word for word in order (so wrapped lines are
    in order), its Arabic drawn in joining forms and its Latin words and numbers as typed."""
    lines = block(render_with(**{where: text}), text)
    for line in lines:
        arabic_words = [w for w in line.text.split() if any(is_arabic(ch) for ch in w)]
        assert all(ARABIC_FORMS.search(w) or len(w) == 1 for w in arabic_words), line.text
    for token in re.findall(r"[A-Za-z0-9]+", text):
        assert any(token in line.text for line in lines), token
