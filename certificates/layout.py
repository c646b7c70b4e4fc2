"""Where every line of text goes.

Each block's text is composed in its language, shaped, fitted to its width (wrapped, and shrunk
if the design allows, never past ``max_lines``), then each line is reordered for display. Body
rows are laid out side by side across the languages — a row is as tall as its tallest language —
so the Arabic and Latin panels stay level, and the rows are centred in the body band.
"""

from dataclasses import dataclass
from functools import lru_cache

from certificates.arabic import Direction, balance_isolates, has_rtl, isolate, shape, visual
from certificates.content import Value, name, values
from certificates.errors import LayoutError, PayloadError
from certificates.fonts import FontKey, font
from certificates.formatting import Lang
from certificates.payload import CertificateData
from certificates.templates import PLACEHOLDERS, Panel, Row, Style, Template, TextBlock

#: How far the body may shrink as a whole to hold unusually long texts.
MIN_BODY_FACTOR = 0.7


@dataclass(frozen=True)
class Line:
    """One line of text ready to draw: ``text`` is in drawing order, (x, y) its left baseline.

    ``personal``: the text is unique to this certificate (see fonts.py).
    """

    text: str
    x: float
    y: float
    width: float
    font: FontKey
    size: float
    colour: str
    personal: bool


@dataclass(frozen=True)
class Rule:
    """A signature line."""

    x1: float
    x2: float
    y: float
    width: float
    colour: str


@dataclass(frozen=True)
class PageLayout:
    lines: list[Line]
    rules: list[Rule]


@dataclass(frozen=True)
class Fitted:
    """A block fitted to its width: the size chosen and its lines as (drawn text, width)."""

    font: FontKey
    size: float
    line_height: float
    lines: tuple[tuple[str, float], ...]

    @property
    def height(self) -> float:
        return len(self.lines) * self.line_height


def direction(lang: Lang) -> Direction:
    return "R" if lang == "ar" else "L"


def lay_out(certificate: CertificateData, template: Template) -> PageLayout:
    langs = certificate.languages
    if len(langs) == 2:
        panels = {"ar": template.panels.arabic, langs[1]: template.panels.latin}
    else:
        panels = {langs[0]: template.panels.single}
    texts = {lang: values(certificate, template, lang) for lang in langs}
    lines = _body(template, panels, texts)
    for block in template.panel_lines:
        for lang, panel in panels.items():
            fitted = _fit_block(block, lang, panel.width, texts[lang], _scale(template, lang))
            if fitted is not None:
                align = _align(block, lang, panel.align)
                lines += _place(fitted, block, align, panel.x, panel.width, block.y)
    neutral = langs[-1]
    for block in template.blocks:
        fitted = _fit_block(block, neutral, block.width, texts[neutral], 1.0)
        if fitted is not None:
            align = _align(block, neutral, "start")
            lines += _place(fitted, block, align, block.x, block.width, block.y)
    signature_lines, rules = _signatories(certificate, template)
    return PageLayout(lines + signature_lines, rules)


def _body(
    template: Template, panels: dict[Lang, Panel], texts: dict[Lang, dict[str, Value | None]]
) -> list[Line]:
    body = template.body
    room = body.top - body.bottom
    factor = 1.0
    while True:
        rows = _rows(template, panels, texts, factor)
        height = sum(h for _, _, h in rows) + sum(row.space_before for row, _, _ in rows[1:])
        if height <= room:
            break
        # Unusually long texts all at once: the whole body shrinks, never spills out.
        factor *= max(0.9, room / height)
        if factor < MIN_BODY_FACTOR:
            raise LayoutError("body", f"the text needs {height:.0f} pt, the design has {room:.0f}")
    top = body.top
    if body.valign == "center":
        top -= (room - height) / 2
    lines: list[Line] = []
    for i, (row, fitted, row_height) in enumerate(rows):
        if i:
            top -= row.space_before
        for lang, block in fitted.items():
            panel = panels[lang]
            # the glyphs (from 0.25 em below the baseline to 0.75 em above) centred in the first
            # line's box
            baseline = top - block.line_height / 2 - 0.25 * block.size
            align = _align(row, lang, panel.align)
            lines += _place(block, row, align, panel.x, panel.width, baseline)
        top -= row_height
    return lines


def _rows(
    template: Template,
    panels: dict[Lang, Panel],
    texts: dict[Lang, dict[str, Value | None]],
    factor: float,
) -> list[tuple[Row, dict[Lang, Fitted], float]]:
    """Each row shown, fitted in every panel, with its height (its tallest language's)."""
    rows = []
    for row in template.rows:
        fitted = {}
        for lang, panel in panels.items():
            block = _fit_block(row, lang, panel.width, texts[lang], _scale(template, lang) * factor)
            if block is None:
                break
            fitted[lang] = block
        else:
            rows.append((row, fitted, max(f.height for f in fitted.values())))
    return rows


def _scale(template: Template, lang: Lang) -> float:
    return template.arabic_scale if lang == "ar" else 1.0


def _fit_block(
    block: TextBlock, lang: Lang, width: float, texts: dict[str, Value | None], scale: float
) -> Fitted | None:
    """The block's text in ``lang`` fitted to ``width``; None for an optional block with no data."""
    template_text = block.text_for(lang)
    base = direction(lang)
    parts: dict[str, str] = {}
    used: list[Value] = []
    for key in block.keys[lang]:
        value = texts[key]
        if value is None:
            if block.optional:
                return None
            raise PayloadError(PLACEHOLDERS[key] or key, f"required by the template ({block.id})")
        font(block.font).check(value.text, value.field)
        used.append(value)
        parts[key] = _embedded(value.text, base)
    fields = ", ".join(v.field for v in used) or f"template block {block.id}"
    return fit(template_text.format_map(parts), block, width, base, fields, scale)


def _embedded(value: str, base: Direction) -> str:
    """A value as it goes into text of direction ``base``: isolated if it reads left to right
    inside right-to-left text (a Latin name, a serial number)."""
    return isolate(value) if base == "R" and not has_rtl(value) else value


def fit(
    text: str, style: Style, width: float, base: Direction, fields: str, scale: float = 1.0
) -> Fitted:
    """Shape, wrap, shrink and reorder ``text`` for a block ``width`` points wide; ``scale``
    multiplies the design's sizes (the Arabic scale)."""
    return _fit(
        text,
        style.font,
        style.size * scale,
        (style.min_size or style.size) * scale,
        style.max_lines,
        style.leading,
        style.balance,
        width,
        base,
        fields,
    )


@lru_cache(maxsize=4096)
def _fit(
    text: str,
    font_key: FontKey,
    size: float,
    min_size: float,
    max_lines: int,
    leading: float,
    balance: bool,
    width: float,
    base: Direction,
    fields: str,
) -> Fitted:
    """Cached: the fixed texts of a design and a training's texts recur certificate after
    certificate, so their shaping, measuring and reordering is done once per process."""
    shaped = shape(text)
    font(font_key).check(shaped, fields)
    words = shaped.split(" ")
    ems = [_em_width(font_key, word) for word in words]
    space = _em_width(font_key, " ")
    while True:
        breaks = _wrap(ems, space, width / size)
        if breaks is not None and len(breaks) <= max_lines:
            break
        if size <= min_size:
            raise LayoutError(
                fields,
                f"does not fit in {max_lines} line(s) of {width:.0f} pt at {min_size:g} pt",
            )
        size = max(min_size, size - 0.5)
    if balance and len(breaks) > 1:
        breaks = _balanced(ems, space, width / size, len(breaks))
    logical = [" ".join(words[start:end]) for start, end in breaks]
    if base == "R":
        logical = balance_isolates(logical)
    widths = [(sum(ems[start:end]) + space * (end - start - 1)) * size for start, end in breaks]
    lines = tuple((visual(line, base), width) for line, width in zip(logical, widths, strict=True))
    return Fitted(font_key, size, size * leading, lines)


@lru_cache(maxsize=16384)
def _em_width(font_key: FontKey, word: str) -> float:
    """Cached: the words of names and numbers recur from certificate to certificate."""
    return font(font_key).width(word, 1.0)


def _wrap(ems: list[float], space: float, limit: float) -> list[tuple[int, int]] | None:
    """Greedy line breaks (word index ranges) within ``limit`` em; None if a word is wider."""
    breaks = []
    start, filled = 0, 0.0
    for i, em in enumerate(ems):
        if em > limit:
            return None
        if i > start and filled + space + em > limit:
            breaks.append((start, i))
            start, filled = i, em
        else:
            filled = em if i == start else filled + space + em
    breaks.append((start, len(ems)))
    return breaks


def _balanced(ems: list[float], space: float, limit: float, count: int) -> list[tuple[int, int]]:
    """The narrowest wrap that still takes ``count`` lines: lines of even length, no orphan."""
    low, high = max(ems), limit
    for _ in range(16):
        middle = (low + high) / 2
        breaks = _wrap(ems, space, middle)
        if breaks is not None and len(breaks) <= count:
            high = middle
        else:
            low = middle
    return _wrap(ems, space, high) or []


def _place(
    fitted: Fitted,
    block: TextBlock | Style,
    align: str,
    left: float,
    width: float,
    baseline: float,
) -> list[Line]:
    """Lines from ``baseline`` down, aligned ``left``, ``right`` or ``center`` in the box."""
    personal = isinstance(block, TextBlock) and block.personal
    placed = []
    for i, (text, line_width) in enumerate(fitted.lines):
        if align == "left":
            x = left
        elif align == "right":
            x = left + width - line_width
        else:
            x = left + (width - line_width) / 2
        y = baseline - i * fitted.line_height
        placed.append(
            Line(text, x, y, line_width, fitted.font, fitted.size, block.colour, personal)
        )
    return placed


def _align(style: Style, lang: Lang, default: str) -> str:
    """``start``/``end`` resolved by writing direction: the start of Arabic is the right."""
    align = style.align or default
    if align in ("start", "end"):
        return "right" if (align == "start") == (lang == "ar") else "left"
    return align


def _signatories(certificate: CertificateData, template: Template) -> tuple[list[Line], list[Rule]]:
    """Under each signature line: the names (Arabic, then Latin), then the titles."""
    design = template.signatories
    langs = certificate.languages
    lines: list[Line] = []
    rules: list[Rule] = []
    centres = design.slots[len(certificate.signatories)]
    for i, (signatory, centre) in enumerate(zip(certificate.signatories, centres, strict=True)):
        field = f"signatories.{i}"
        half = design.line_length / 2
        rules.append(
            Rule(centre - half, centre + half, design.y, design.line_width, design.line_colour)
        )
        entries: list[tuple[Style, Lang, Value]] = [
            (design.name, lang, name(signatory.name, lang, f"{field}.name"))
            for lang in langs
            if len(langs) == 1 or lang != "ar" or signatory.name.ar is not None
        ]
        entries += [
            (design.title, lang, Value(signatory.title.get(lang) or "", f"{field}.title.{lang}"))
            for lang in langs
        ]
        baseline = design.y - design.gap
        left = centre - design.width / 2
        for style, lang, value in entries:
            font(style.font).check(value.text, value.field)
            text = _embedded(value.text, direction(lang))
            scale = _scale(template, lang)
            fitted = fit(text, style, design.width, direction(lang), value.field, scale)
            align = _align(style, lang, "center")
            lines += _place(fitted, style, align, left, design.width, baseline)
            baseline -= fitted.height
    return lines, rules
