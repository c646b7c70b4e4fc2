"""Bar charts drawn on the server as SVG: no script, readable by screen readers (role=img with a
title and description; the pages also give the numbers as a table)."""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH = 400
ROW = 32
BAR = 22
LABEL_SHARE = 0.45


def bar_chart(
    rows: list[tuple[str, int]], title: str, description: str, chart_id: str, rtl: bool
) -> Markup:
    """Horizontal bars, one per (label, value), in the order given; mirrored for rtl.

    The drawing itself is laid out left to right (``direction="ltr"``) so that text anchors
    keep their meaning; each Arabic label still reads right to left.
    """
    height = ROW * max(len(rows), 1)
    label_width = WIDTH * LABEL_SHARE
    room = WIDTH - label_width - 48
    largest = max((value for _, value in rows), default=0) or 1
    parts = [
        f'<svg class="chart" id="{chart_id}" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" direction="ltr" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for index, (label, value) in enumerate(rows):
        top = index * ROW
        length = max(room * value / largest, 2)
        text_y = top + BAR / 2 + 5
        if rtl:
            bar_x, label_x, anchor = WIDTH - label_width - length, WIDTH - 4, "end"
            value_x, value_anchor = bar_x - 6, "end"
        else:
            bar_x, label_x, anchor = label_width, 4, "start"
            value_x, value_anchor = label_width + length + 6, "start"
        parts += [
            f'<text x="{label_x}" y="{text_y}" text-anchor="{anchor}" class="chart__label">'
            f"{escape(label)}</text>",
            f'<rect x="{bar_x:.1f}" y="{top}" width="{length:.1f}" height="{BAR}" '
            f'class="chart__bar"/>',
            f'<text x="{value_x:.1f}" y="{text_y}" text-anchor="{value_anchor}" '
            f'class="chart__value">{value}</text>',
        ]
    parts.append("</svg>")
    return Markup("".join(parts))
