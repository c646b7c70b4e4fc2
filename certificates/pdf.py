"""Drawing a laid-out certificate into a one-page PDF with ReportLab."""

import io
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
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import BasicFonts, PDFObjectReference, xObjectName
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject

from certificates import qr
from certificates.content import name
from certificates.embedding import Preformatted, Subset, slot, subsets
from certificates.fonts import FontKey, font
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
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=design.page.dimensions,
        pageCompression=1,
        lang=certificate.languages[0],
        # or ReportLab names Helvetica, a standard font the PDF would then rely on
        initialFontName=font("regular").name,
    )
    _metadata(canvas, certificate, design, author or identity.author())
    layout: Layout = "pair" if len(certificate.languages) == 2 else "single"
    shared_lines = tuple(line for line in page.lines if not line.personal)
    shared = _shared(template, layout, colours, shared_lines, tuple(page.rules), tuple(page.images))
    doc = canvas._doc
    rasters = [_embed_raster(doc, raster, i) for i, raster in enumerate(shared.rasters)]
    form = shared.form.bind(PDFObjectReference(BasicFonts), *rasters)
    doc.Reference(form, xObjectName(_SHARED))
    canvas.doForm(_SHARED)
    personal = [line for line in page.lines if line.personal]
    _draw_personal_text(canvas, shared, personal, rgb)
    qr.draw(canvas, design, certificate.verification_url, rgb)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _metadata(canvas: Canvas, certificate: CertificateData, design: Template, author: str) -> None:
    langs = certificate.languages
    holder = name(certificate.holder.name, langs[-1], "holder.name").text
    canvas.setTitle(f"{' / '.join(design.heading[lang] for lang in langs)} — {holder}")
    canvas.setAuthor(author)
    canvas.setSubject(" / ".join(certificate.training.title.get(lang) or "" for lang in langs))
    canvas.setKeywords(certificate.serial)
    canvas.setCreator(f"{author} certificates")


#: For each face, every character drawn → the page font resource and subset that draw it.
Fonts = dict[FontKey, dict[str, tuple[str, Subset]]]

#: The form XObject holding what a batch's certificates draw alike.
_SHARED = "shared"


@dataclass(frozen=True)
class _Shared:
    """What a batch's certificates draw alike, made once per batch: the decoration, the shared
    text and the signature lines as a form XObject, and the font subsets that text uses."""

    form: Preformatted  # slot 0: the document's font resources; 1, 2…: the rasters
    fonts: Fonts
    resources: list[tuple[str, Subset]]
    rasters: tuple[tuple[Preformatted, bytes | None], ...]  # PNG images and their masks


@lru_cache(maxsize=64)
def _shared(
    template: str,
    layout: Layout,
    colours: tuple[tuple[str, str], ...],
    lines: tuple[Line, ...],
    rules: tuple[Rule, ...],
    images: tuple[Placed, ...],
) -> _Shared:
    design = load_template(template)
    rgb = design.rgb(colours)
    rasters: list[Image] = []
    image_ops = []
    for placed in images:
        image_ops.append(_image_ops(placed, rasters))
    fonts: Fonts = {}
    resources_list: list[tuple[str, Subset]] = []
    for face in get_args(FontKey):
        fonts[face] = {}
        chars = {ch for line in lines if line.font == face for ch in line.text}
        _add_subsets(resources_list, fonts[face], face, chars, shared=True)
    ops = [
        decoration(template, layout, colours),
        *image_ops,
        *_rule_ops(rules, rgb),
        "BT",
        *_text_ops(lines, fonts, rgb),
        "ET",
    ]
    content = zlib.compress("\n".join(ops).encode("latin-1"), 9)
    form = pdfdoc.PDFStream(content=content, filters=[])
    form.dictionary["Type"] = "/XObject"
    form.dictionary["Subtype"] = "/Form"
    form.dictionary["BBox"] = pdfdoc.PDFArray([0, 0, *design.page.dimensions])
    resources = {"Font": slot(0)}
    if rasters:
        names = {f"Im{i}": slot(i + 1) for i in range(len(rasters))}
        resources["XObject"] = pdfdoc.PDFDictionary(names)
    form.dictionary["Resources"] = pdfdoc.PDFDictionary(resources)
    form.dictionary["Filter"] = pdfdoc.PDFName("FlateDecode")
    return _Shared(
        Preformatted.of(form), fonts, resources_list, tuple(png_objects(i) for i in rasters)
    )


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


def _embed_raster(
    doc: pdfdoc.PDFDocument, raster: tuple[Preformatted, bytes | None], i: int
) -> PDFObjectReference:
    """A PNG's objects, formatted once per process, added to this PDF."""
    picture, mask = raster
    if mask is None:
        return doc.Reference(picture, f"raster{i}")
    mask_ref = doc.Reference(Preformatted([mask], ()), f"raster{i}:mask")
    return doc.Reference(picture.bind(mask_ref), f"raster{i}")


def _draw_personal_text(
    canvas: Canvas, shared: _Shared, lines: list[Line], rgb: dict[str, Color]
) -> None:
    """The personal lines (the holder's name, the serial number…) and the font subsets of the
    page. A character the shared subsets lack goes into a personal one, made for this PDF."""
    fonts = {face: dict(known) for face, known in shared.fonts.items()}
    resources = list(shared.resources)
    for face in get_args(FontKey):
        chars = {ch for line in lines if line.font == face for ch in line.text}
        missing = chars.difference(fonts[face])
        _add_subsets(resources, fonts[face], face, missing, shared=False)
    canvas.addLiteral("\n".join(["BT", *_text_ops(lines, fonts, rgb), "ET"]))
    for resource, subset in resources:
        subset.embed(canvas._doc, resource)


def _add_subsets(
    resources: list[tuple[str, Subset]],
    known: dict[str, tuple[str, Subset]],
    face: FontKey,
    chars: set[str],
    *,
    shared: bool,
) -> None:
    """Subsets of ``face`` for ``chars``, named after those already in ``resources``."""
    for subset in subsets(face, frozenset(chars), shared=shared):
        entry = (f"T{len(resources) + 1}", subset)
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
        for chunk, actual in _spans(line.text):
            if actual is not None:
                ops.append(f"/Span <</ActualText {actual}>> BDC")
            for (resource, subset), run in groupby(chunk, fonts[line.font].__getitem__):
                if selected != (resource, line.size):
                    selected = (resource, line.size)
                    ops.append(f"/{resource} {fp_str(line.size)} Tf")
                ops.append(f"({escapePDF(subset.encode(''.join(run)))}) Tj")
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
