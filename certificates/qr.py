"""The verification QR code, drawn as vector squares: crisp at any size, a few hundred bytes."""

import re

import segno
from reportlab.pdfgen.canvas import Canvas

from certificates.templates import Template

#: A fixed mask pattern. Any of the eight decodes; letting segno score all eight for the
#: "best" one costs about 4 ms, most of a certificate's time budget.
MASK = 0

_DARK_RUN = re.compile(rb"\x01+")


def dark_runs(data: str) -> tuple[int, list[tuple[int, int, int]]]:
    """The symbol's width in modules and its dark modules as (row, first column, length) runs."""
    matrix = segno.make_qr(data, error="m", mask=MASK).matrix
    runs = [
        (row, run.start(), run.end() - run.start())
        for row, bits in enumerate(matrix)
        for run in _DARK_RUN.finditer(bits)
    ]
    return len(matrix), runs


def draw(canvas: Canvas, design: Template, data: str) -> None:
    """The symbol (no quiet zone) where and as large as the design's ``qr`` says."""
    place = design.qr
    width, runs = dark_runs(data)
    module = place.size / width
    canvas.saveState()
    canvas.setFillColor(design.rgb[place.colour])
    # One unit per module, rows counted downwards from the top edge; one path, filled once, so
    # adjacent squares show no seams.
    canvas.transform(module, 0, 0, -module, place.x, place.y + place.size)
    canvas.addLiteral(" ".join(f"{col} {row} {length} 1 re" for row, col, length in runs) + " f")
    canvas.restoreState()
