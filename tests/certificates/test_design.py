"""The composition, measured on the drawn page: the holder's name is the largest text after the
heading in both scripts, up to the registration limits, on every design and language set; the
page has no empty band taller than a sixth of its height; identity images are drawn."""

import io

import pdfplumber
import pytest
from pdf_lines import is_arabic, logical, page, text_lines

from certificates import default_identity, load_identity, parse_payload, render, template_names
from certificates import layout as layout_module
from certificates.layout import lay_out
from certificates.payload import LANGUAGE_SETS
from certificates.samples import limit_names, sample_payload
from certificates.templates import load_template

FRAME = 27  # the inner rule of the frame
CASES = [(t, langs) for t in template_names() for langs in LANGUAGE_SETS]


def pdf_for(template: str, languages: tuple[str, ...], *, limits: bool = False) -> bytes:
    data = sample_payload(template, languages, limits=limits)
    return render(parse_payload(data), template)


def drawn(pdf: bytes) -> tuple[float, list[dict], list[tuple[float, float]]]:
    """Page height, characters, and the vertical extents (top, bottom) of everything drawn
    inside the frame (characters, shapes, curves, images)."""
    found = page(pdf)
    height = found.height
    chars = [c for c in found.chars if c["text"].strip()]
    extents = [(c["top"], c["bottom"]) for c in chars]
    extents += [
        (s["top"], s["bottom"])
        for s in found.shapes
        if s["bottom"] - s["top"] < height / 2 and s["x1"] - s["x0"] < 600  # not the frame
    ]
    return height, chars, extents


def sizes(pdf: bytes, template: str, languages: tuple[str, ...], names: dict[str, str]):
    """Per script: the heading's size, the name's smallest size, the largest other size."""
    design = load_template(template)
    found = {}
    lines = text_lines(pdf)
    for script in ("ar", "latin"):
        langs = [lang for lang in languages if (lang == "ar") == (script == "ar")]
        if not langs:
            continue
        lang = langs[0]
        name = names.get(lang) or names["en"]
        heading_sizes, name_sizes, other_sizes = [], [], []
        for line in lines:
            other_script = any(is_arabic(ch) for ch in line.text) != (script == "ar")
            if other_script and not (script == "latin" and line.text in name):
                continue
            text = logical(line.text) if script == "ar" else line.text
            if text == design.heading[lang]:
                heading_sizes.append(line.size)
            elif text in name or (script == "ar" and text in names.get("en", "")):
                name_sizes.append(line.size)
            else:
                other_sizes.append(line.size)
        found[script] = (max(heading_sizes, default=0), min(name_sizes), max(other_sizes))
    return found


@pytest.mark.parametrize(("template", "languages"), CASES)
@pytest.mark.parametrize("limits", [False, True], ids=["sample", "limits"])
def test_the_name_dominates_and_no_band_is_empty(template, languages, limits):
    pdf = pdf_for(template, languages, limits=limits)
    names = limit_names() if limits else sample_payload(template, languages)["holder"]["name"]
    found = sizes(pdf, template, languages, names)
    assert found, "the name is on the page"
    for script, (heading, name, other) in found.items():
        assert heading > name > other, (script, heading, name, other)
    if len(found) == 2:  # one visual weight: the same size, Arabic scaled as everywhere
        scale = load_template(template).arabic_scale
        assert abs(found["ar"][1] / scale - found["latin"][1]) < 0.6
    if limits:  # shrunk to its floor, then wrapped: at most two lines per script
        lines = text_lines(pdf)
        latin = [line for line in lines if len(line.text) > 20 and line.text in names["en"]]
        arabic = [
            line for line in lines if len(line.text) > 20 and logical(line.text) in names["ar"]
        ]
        assert len(latin) <= 2 and len(arabic) <= 2
        assert latin or arabic
    height, _, extents = drawn(pdf)
    inside = sorted((max(top, FRAME), min(bottom, height - FRAME)) for top, bottom in extents)
    reach, gaps = FRAME, []
    for top, bottom in inside:
        gaps.append(top - reach)
        reach = max(reach, bottom)
    gaps.append(height - FRAME - reach)
    assert max(gaps) <= height / 6, f"an empty band of {max(gaps):.0f} pt"


def test_a_batch_layout_reused_for_another_name_is_the_page_laid_out_afresh():
    """A batch's layout is reused for every name of the same shape (layout.py memoises it):
    each page must be the one the certificate gets alone, whatever came before it."""
    names = [
        {"ar": "محمد عبد الله الأحمد", "en": "Mohammed Abdullah Al-Ahmad"},
        {"ar": "زينب قاسم", "en": "Zainab Qasim"},
        {"en": "John Smith Jr."},
        {
            "ar": "عبد الرحمن محمد عبد الله بن خالد بن سلطان الفلاني آل الهاشمي " * 2,
            "en": "Abdul-Rahman Mohamed Abdullah bin Khalid Al-Fulani Al-Hashmi " * 2,
        },
        limit_names(),
        {"ar": "نور الهدى", "en": "Nour El Houda"},
    ]
    certificates = []
    for template in template_names():
        for name in names:
            data = sample_payload(template, ("ar", "en"))
            data["holder"] = {"name": name}
            certificates.append(parse_payload(data))
    identity = default_identity()
    in_batch = [lay_out(c, load_template(c.template), identity) for c in certificates]
    for certificate, laid in zip(certificates, in_batch, strict=True):
        layout_module._LAYOUTS.clear()
        layout_module._FITTED.clear()
        assert lay_out(certificate, load_template(certificate.template), identity) == laid


def test_identity_images_and_name_are_drawn(tmp_path):
    """A custom identity: its name heads the page, its PNG emblem is an image on the page."""
    from PIL import Image as PILImage

    emblem = tmp_path / "emblem.png"
    PILImage.new("RGBA", (64, 64), (200, 30, 30, 255)).save(emblem)
    (tmp_path / "identity.json").write_text(
        '{"name": {"ar": "المعهد", "en": "The Institute"}, "emblem": "emblem.png",'
        ' "colours": {"primary": "#7a1f1f"}, "signatories": []}',
        encoding="utf-8",
    )
    identity = load_identity(tmp_path / "identity.json")
    data = sample_payload("participation", ("ar", "en"))
    pdf = render(parse_payload(data), "participation", identity=identity)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        assert len(page.images) == 1
        text = page.extract_text()
    assert "The Institute" in text
