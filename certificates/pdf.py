"""Drawing a laid-out certificate into a one-page PDF.

The PDF operators are made here (with ReportLab's number and string formatting, its path
builder for the decoration and, through svglib, its renderer for SVG images); the file is written
by ``document.py``: what a batch shares once, the rest per certificate.
"""

import math
import re
import unicodedata
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import groupby
from typing import get_args

from reportlab import rl_config
from reportlab.lib.colors import Color
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfgen.pathobject import PDFPathObject

from certificates import document, qr
from certificates.content import name
from certificates.embedding import Subset, subsets
from certificates.fonts import FontKey
from certificates.identity import Identity, Image, default_identity, png_objects, svg_drawing
from certificates.layout import Line, Placed, Rule, lay_out
from certificates.payload import CertificateData, check_required
from certificates.templates import Circle, Layout, Rect, Star, Template, load_template

# Compressed streams stay binary: the ASCII85 layer ReportLab adds by default makes every stream
# a quarter larger and costs time. (A process-wide ReportLab setting; binary streams are what
# PDF writers normally produce.)
rl_config.useA85 = 0


def render(
    certificate: CertificateData,
    template: str,
    *,
    identity: Identity | None = None,
    author: str | None = None,
) -> bytes:
    """The certificate as PDF bytes, drawn with the design ``template`` for the organisation
    ``identity`` (default: ``default_identity()``).

    ``author`` (for the PDF metadata) defaults to the identity's name.
    Raises PayloadError, MissingGlyphError, LayoutError or TemplateError, each naming the field.
    """
    design = load_template(template)
    identity = identity if identity is not None else default_identity()
    check_required(certificate, template)
    page = lay_out(certificate, design, identity)
    colours = tuple(sorted(identity.colours.items()))
    rgb = design.rgb(colours)
    layout: Layout = "pair" if len(certificate.languages) == 2 else "single"
    shared = _shared(
        template,
        layout,
        colours,
        tuple(line for line in page.lines if not line.personal),
        tuple(page.rules),
        tuple(page.images),
        certificate.languages[0],
    )
    personal = [line for line in page.lines if line.personal]
    # The characters the shared subsets lack go into subsets made for this PDF.
    fonts = {face: dict(known) for face, known in shared.fonts.items()}
    resources: list[tuple[str, Subset]] = []
    for face in get_args(FontKey):
        chars = {ch for line in personal if line.font == face for ch in line.text}
        missing = chars.difference(fonts[face])
        if missing:
            _add_subsets(resources, fonts[face], face, missing, len(shared.resources))
    ops = [
        f"/{document.SHARED_FORM} Do",
        "BT",
        *_text_ops(personal, fonts, rgb),
        "ET",
        qr.ops(design, certificate.verification_url, rgb),
    ]
    content = zlib.compress("\n".join(ops).encode("latin-1"))
    objects = [(document.CONTENTS, document.stream(content))]
    entries = [shared.font_entries]
    number = shared.next_number
    for resource, subset in resources:
        objects += subset.objects(number)
        entries.append(b"/%b %d 0 R" % (resource.encode(), number + 3))
        number += 4
    objects.append((document.FONTS, b"<< " + b" ".join(entries) + b" >>"))
    return document.finish(
        shared.head,
        shared.offsets,
        objects,
        _metadata(certificate, design, author or identity.author()),
    )


def _metadata(certificate: CertificateData, design: Template, author: str) -> dict[str, str]:
    """The document information: title, author, subject, keywords (the serial number)."""
    langs = certificate.languages
    holder = name(certificate.holder.name, langs[-1], "holder.name").text
    return {
        "Author": author,
        "Creator": f"{author} certificates",
        "Keywords": certificate.serial,
        "Subject": " / ".join(certificate.training.title.get(lang) or "" for lang in langs),
        "Title": f"{' / '.join(design.heading[lang] for lang in langs)} — {holder}",
    }


#: For each face, every character drawn → the page font resource and subset that draw it.
Fonts = dict[FontKey, dict[str, tuple[str, Subset]]]


@dataclass(frozen=True)
class _Shared:
    """What a batch's certificates share, made once per batch: the file's head (catalog, page
    tree, page, the form XObject with the decoration, identity images, shared text and
    signature lines, and the font subsets that text uses) and the fonts of that text."""

    head: bytes
    offsets: tuple[tuple[int, int], ...]
    next_number: int  # the first object number free for a certificate's own objects
    fonts: Fonts
    resources: tuple[tuple[str, Subset], ...]
    font_entries: bytes  # the shared subsets in the page's font resources


@lru_cache(maxsize=64)
def _shared(
    template: str,
    layout: Layout,
    colours: tuple[tuple[str, str], ...],
    lines: tuple[Line, ...],
    rules: tuple[Rule, ...],
    images: tuple[Placed, ...],
    lang: str,
) -> _Shared:
    design = load_template(template)
    rgb = design.rgb(colours)
    rasters: list[Image] = []
    image_ops = []
    for placed in images:
        image_ops.append(_image_ops(placed, rasters))
    fonts: Fonts = {}
    resources: list[tuple[str, Subset]] = []
    for face in get_args(FontKey):
        fonts[face] = {}
        chars = {ch for line in lines if line.font == face for ch in line.text}
        _add_subsets(resources, fonts[face], face, chars, 0, shared=True)
    ops = [
        decoration(template, layout, colours),
        *image_ops,
        *_rule_ops(rules, rgb),
        "BT",
        *_text_ops(lines, fonts, rgb),
        "ET",
    ]
    width, height = design.page.dimensions
    skeleton = document.Skeleton()
    media = b"[0 0 %b]" % fp_str(width, height).encode("ascii")
    document.page_objects(skeleton, lang, media)
    number = document.FIRST_SHARED + 1
    raster_numbers = []
    for picture, mask in (png_objects(image) for image in rasters):
        raster_numbers.append(number)
        if mask is None:
            skeleton.add(number, picture.write(()))
            number += 1
        else:
            skeleton.add(number, picture.write((number + 1,)))
            skeleton.add(number + 1, mask)
            number += 2
    content = zlib.compress("\n".join(ops).encode("latin-1"), 9)
    xobjects = b" ".join(b"/Im%d %d 0 R" % pair for pair in enumerate(raster_numbers))
    named_images = b" /XObject << %b >>" % xobjects if raster_numbers else b""
    entries = b"/Type /XObject /Subtype /Form /BBox %b /Resources << /Font %d 0 R%b >> " % (
        media,
        document.FONTS,
        named_images,
    )
    skeleton.add(document.FIRST_SHARED, document.stream(content, entries))
    font_entries = []
    for resource, subset in resources:
        for body in subset.objects(number):
            skeleton.add(*body)
        font_entries.append(b"/%b %d 0 R" % (resource.encode(), number + 3))
        number += 4
    head, offsets = skeleton.freeze()
    return _Shared(head, offsets, number, fonts, tuple(resources), b" ".join(font_entries))


def _image_ops(placed: Placed, rasters: list[Image]) -> str:
    """Operators drawing an identity image in its box: an SVG's own vector operators, a PNG as
    the form's image resource ``/ImN``."""
    image = placed.image
    if image.is_svg:
        ops, (width, height) = svg_drawing(image)
        sx, sy = placed.width / width, placed.height / height
        return f"q {fp_str(sx, 0, 0, sy, placed.x, placed.y)} cm\n{ops}\nQ"
    if image not in rasters:
        rasters.append(image)
    name = f"Im{rasters.index(image)}"
    return f"q {fp_str(placed.width, 0, 0, placed.height, placed.x, placed.y)} cm /{name} Do Q"


def _add_subsets(
    resources: list[tuple[str, Subset]],
    known: dict[str, tuple[str, Subset]],
    face: FontKey,
    chars: set[str],
    before: int,
    *,
    shared: bool = False,
) -> None:
    """Subsets of ``face`` for ``chars``, named T1, T2… after the ``before`` subsets of the
    batch and those already in ``resources``."""
    for subset in subsets(face, frozenset(chars), shared=shared):
        entry = (f"T{before + len(resources) + 1}", subset)
        resources.append(entry)
        known.update(dict.fromkeys(subset.chars, entry))


def _text_ops(lines: Iterable[Line], fonts: Fonts, rgb: dict[str, Color]) -> list[str]:
    """The lines' text operators; each group starts by setting its colour and font.

    Each line is a marked-content span tagged with its language (``/Lang``). In Arabic, each
    word drawn in joining forms is a span whose ``/ActualText`` gives its letters as plain
    letters (U+06xx, no presentation forms), so text extraction, search and screen readers get
    the letters as typed while the page draws the shaped glyphs (see README, "Text layer").
    """
    ops = []
    colour = selected = None
    for line in lines:
        if colour != line.colour:
            colour = line.colour
            ops.append(f"{fp_str(rgb[colour].red, rgb[colour].green, rgb[colour].blue)} rg")
        ops.append(f"1 0 0 1 {fp_str(line.x, line.y)} Tm")
        if line.lang is not None:
            ops.append(f"/Span <</Lang ({line.lang})>> BDC")
        known = fonts[line.font]
        for chunk, actual in _spans(line.text):
            if actual is not None:
                ops.append(f"/Span <</ActualText {actual}>> BDC")
            entry = known[chunk[0]]
            if entry[1].charset.issuperset(chunk):  # the usual case: one subset draws it all
                runs: Iterable[tuple[tuple[str, Subset], str]] = ((entry, chunk),)
            else:
                runs = ((found, "".join(run)) for found, run in groupby(chunk, known.__getitem__))
            for (resource, subset), run in runs:
                if selected != (resource, line.size):
                    selected = (resource, line.size)
                    ops.append(f"/{resource} {fp_str(line.size)} Tf")
                ops.append(f"({escapePDF(subset.encode(run))}) Tj")
            if actual is not None:
                ops.append("EMC")
        if line.lang is not None:
            ops.append("EMC")
    return ops


@lru_cache(maxsize=8192)
def _spans(text: str) -> tuple[tuple[str, str | None], ...]:
    """A drawn line cut into runs, each with its ActualText (a PDF string) or None.

    A word holding Arabic joining forms gets the plain letters of its glyphs, in the order the
    glyphs are drawn. Extractors (poppler, PDFium) put ActualText where its glyphs are and then
    run their own bidi over the line, as over glyphs: text in reading order in that place comes
    out reversed (tried: one logical ActualText per line or per word reads backwards in both),
    text in drawn order comes out as typed.
    """
    if not _FORMS.search(text):
        return ((text, None),)
    spans: list[tuple[str, str | None]] = []
    for i, word in enumerate(text.split(" ")):
        if i:
            spans.append((" ", None))
        if _FORMS.search(word):
            letters = "".join(_plain(ch) for ch in word)
            spans.append((word, "<FEFF" + letters.encode("utf-16-be").hex().upper() + ">"))
        elif word:
            spans.append((word, None))
    return tuple(spans)


_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")


@lru_cache(maxsize=512)
def _plain(ch: str) -> str:
    """A presentation form's letters in drawn order (a ligature's reversed: it is drawn right
    to left); a form of a haraka as the haraka; any other character as it is."""
    if not _FORMS.match(ch):
        return ch
    letters = unicodedata.normalize("NFKC", ch).replace(" ", "")
    return letters[::-1]


def _rule_ops(rules: Iterable[Rule], rgb: dict[str, Color]) -> list[str]:
    ops = []
    for rule in rules:
        colour = rgb[rule.colour]
        ops.append(f"{fp_str(colour.red, colour.green, colour.blue)} RG {fp_str(rule.width)} w")
        ops.append(f"{fp_str(rule.x1, rule.y1)} m {fp_str(rule.x2, rule.y2)} l S")
    return ops


@cache
def decoration(template: str, layout: Layout, colours: tuple[tuple[str, str], ...] = ()) -> str:
    """The design's border and ornaments as PDF drawing operators, built once per design."""
    design = load_template(template)
    rgb = design.rgb(colours)
    ops = ["q"]
    for shape in design.decoration:
        if layout not in shape.layouts:
            continue
        path = PDFPathObject()
        if isinstance(shape, Rect):
            path.roundRect(shape.x, shape.y, shape.width, shape.height, shape.radius)
        elif isinstance(shape, Circle):
            path.circle(shape.cx, shape.cy, shape.r)
        elif isinstance(shape, Star):
            for i in range(2 * shape.points):
                radius = shape.r if i % 2 == 0 else shape.r * shape.inner
                angle = math.radians(shape.rotation + 90 + i * 180 / shape.points)
                point = (shape.cx + radius * math.cos(angle), shape.cy + radius * math.sin(angle))
                path.lineTo(*point) if i else path.moveTo(*point)
            path.close()
        else:
            path.moveTo(shape.x1, shape.y1)
            path.lineTo(shape.x2, shape.y2)
        if shape.stroke is not None:
            colour = rgb[shape.stroke]
            ops.append(f"{fp_str(colour.red, colour.green, colour.blue)} RG")
            ops.append(f"{fp_str(shape.line_width)} w")
        if shape.fill is not None:
            colour = rgb[shape.fill]
            ops.append(f"{fp_str(colour.red, colour.green, colour.blue)} rg")
        paint = {(True, True): "B", (True, False): "S", (False, True): "f"}
        ops.append(f"{path.getCode()} {paint[shape.stroke is not None, shape.fill is not None]}")
    ops.append("Q")
    return "\n".join(ops)
