"""Drawing a laid-out certificate into a one-page PDF with ReportLab."""

import io
import math
from functools import cache
from itertools import groupby

from reportlab import rl_config
from reportlab.lib.colors import Color
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject

from certificates import qr
from certificates.content import name
from certificates.fonts import font
from certificates.layout import Line, PageLayout, lay_out
from certificates.payload import CertificateData, check_required
from certificates.templates import Circle, Layout, Rect, Star, Template, load_template

# Compressed streams stay binary: the ASCII85 layer ReportLab adds by default makes every stream
# a quarter larger and costs time. (A process-wide ReportLab setting; binary streams are what
# PDF writers normally produce.)
rl_config.useA85 = 0


def render(certificate: CertificateData, template: str, *, author: str | None = None) -> bytes:
    """The certificate as PDF bytes, drawn with the design ``template``.

    ``author`` (the issuing organisation, for the PDF metadata) defaults to the design's.
    Raises PayloadError, MissingGlyphError, LayoutError or TemplateError, each naming the field.
    """
    design = load_template(template)
    check_required(certificate, template)
    page = lay_out(certificate, design)
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=design.page.dimensions,
        pageCompression=1,
        lang=certificate.languages[0],
        # or ReportLab names Helvetica, a standard font the PDF would then rely on
        initialFontName=font("regular").name,
    )
    _metadata(canvas, certificate, design, author or design.author)
    layout: Layout = "pair" if len(certificate.languages) == 2 else "single"
    canvas.addLiteral(decoration(template, layout))
    _draw_text(canvas, page.lines, design.rgb)
    _draw_rules(canvas, page, design.rgb)
    qr.draw(canvas, design, certificate.verification_url)
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


def _draw_text(canvas: Canvas, lines: list[Line], rgb: dict[str, Color]) -> None:
    """Every line as PDF text operators, in one text object.

    The operators are written here rather than through ReportLab's text objects, which measure
    and re-format every string again (a third of the drawing time); the characters still go
    through the fonts' ``splitString``, which assigns their codes in the embedded subsets.

    Text a batch of certificates shares is drawn first. A character of a personal line (the
    holder's name, the serial number) that the shared text already uses is drawn with the
    shared registration, adding nothing to the PDF; only the others go through the personal
    registration, whose subset is built for this PDF alone (see fonts.py).
    """
    doc = canvas._doc  # the fonts assign codes per document
    ops = ["BT"]
    current: dict[str, object] = {}
    shared: dict[str, set[str]] = {"regular": set(), "bold": set()}
    for line in sorted(lines, key=lambda line: line.personal):
        face = font(line.font)
        if not line.personal:
            shared[line.font].update(line.text)
        if current.get("colour") != line.colour:
            colour = rgb[line.colour]
            ops.append(f"{fp_str(colour.red, colour.green, colour.blue)} rg")
            current["colour"] = line.colour
        ops.append(f"1 0 0 1 {fp_str(line.x, line.y)} Tm")
        if line.personal:
            runs = [
                (known, "".join(run))
                for known, run in groupby(line.text, shared[line.font].__contains__)
            ]
        else:
            runs = [(True, line.text)]
        for known, run in runs:
            registered = pdfmetrics.getFont(face.name if known else face.personal_name)
            for subset, codes in registered.splitString(run, doc):
                selected = (registered.getSubsetInternalName(subset, doc), line.size)
                if current.get("font") != selected:
                    ops.append(f"{selected[0]} {fp_str(line.size)} Tf")
                    current["font"] = selected
                ops.append(f"({escapePDF(codes)}) Tj")
    ops.append("ET")
    canvas.addLiteral("\n".join(ops))


def _draw_rules(canvas: Canvas, page: PageLayout, rgb: dict[str, Color]) -> None:
    for rule in page.rules:
        canvas.setStrokeColor(rgb[rule.colour])
        canvas.setLineWidth(rule.width)
        canvas.line(rule.x1, rule.y, rule.x2, rule.y)


@cache
def decoration(template: str, layout: Layout) -> str:
    """The design's border, emblem and rules as PDF drawing operators, built once per design."""
    design = load_template(template)
    rgb = design.rgb
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
