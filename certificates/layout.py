"""Where every line of text and every image goes.

The page is composed from the top down: the organisation's emblem and name, then the body rows
in the band between the header and the signatures, then the signatures and the footer.

Each block's text is composed in its language, shaped, fitted to its width (shrunk if the design
allows, wrapped up to ``max_lines``), then each line is reordered for display. A ``stack`` row
(the heading, the holder's name) puts the languages one under the other on the page's axis; a
``pair`` row mirrors them around the axis, Latin left and Arabic right, the row as tall as its
tallest language. The body's spare height is shared out among the gaps between rows (never more
than ``max_gap`` each), so the page has no empty band; unusually long texts shrink the body
instead (down to 60 %).

The holder's name comes first: it shrinks on one line to its ``wrap_below`` size, then wraps to
two lines; both scripts take the same size (the smaller, Arabic scaled as ever), and every other
text but the heading is kept below ``dominance`` × that size, so the name stays the largest text
after the heading whatever its length.
"""

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

from certificates.arabic import Direction, balance_isolates, has_rtl, isolate, shape, visual
from certificates.content import Value, name, values
from certificates.errors import LayoutError, PayloadError
from certificates.fonts import FontKey, font
from certificates.formatting import Lang, sentence_case, typography
from certificates.identity import Identity, Image
from certificates.payload import CertificateData, Signatory
from certificates.templates import PLACEHOLDERS, Panel, Row, Style, Template, TextBlock

StyleT = TypeVar("StyleT", bound=Style)

#: How far the body may shrink as a whole to hold unusually long texts.
MIN_BODY_FACTOR = 0.6
#: Placeholders whose words are the engine's own (vocabulary), so a sentence starting with one
#: starts with a capital; a payload's free text (a name, a title) is printed as typed.
_SENTENCE_STARTS = frozenset({"where", "dates", "kind", "role", "partners"})


@dataclass(frozen=True)
class Line:
    """One line of text ready to draw: ``text`` is in drawing order, (x, y) its left baseline.

    ``personal``: the text is unique to this certificate (see fonts.py); ``lang``: its
    language, tagged in the PDF (None for language-neutral text such as a URL).
    """

    text: str
    x: float
    y: float
    width: float
    font: FontKey
    size: float
    colour: str
    personal: bool
    lang: Lang | None = None


@dataclass(frozen=True)
class Rule:
    """A straight line: signature lines, the axis between the mirrored rows."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    colour: str


@dataclass(frozen=True)
class Placed:
    """An image of the identity or a signature, fitted into its box (aspect kept)."""

    image: Image
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class PageLayout:
    lines: list[Line]
    rules: list[Rule]
    images: list[Placed]


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


#: How the holder's name came out at one body factor, as far as the rest of the page is
#: concerned: per language its size, line height and number of lines; and the size cap it set.
_NameShape = tuple[tuple[tuple[Lang, float, float, int], ...], float]
#: Where the name row's blocks were placed: language, alignment, box left and width, baseline.
_NamePlace = tuple[Lang, str, float, float, float]


@dataclass(frozen=True)
class _Page:
    """What every part of the layout needs: the certificate, design, identity and texts; and,
    while it is laid out, what it saw of the holder's name (``names``: each body factor tried
    and the name's shape at it; ``name_places``) so the layout can be reused."""

    certificate: CertificateData
    template: Template
    identity: Identity
    texts: dict[Lang, dict[str, Value | None]]
    names: list[tuple[float, _NameShape]] = field(default_factory=list)
    name_places: list[_NamePlace] = field(default_factory=list)
    fitted_names: dict[float, tuple[dict[Lang, Fitted], float]] = field(default_factory=dict)
    name_span: list[int] = field(default_factory=lambda: [0, 0])  # its lines in the body's

    @property
    def langs(self) -> tuple[Lang, ...]:
        return self.certificate.languages

    @property
    def pair(self) -> bool:
        return len(self.langs) == 2

    def scale(self, lang: Lang) -> float:
        """The design's sizes are Latin sizes on a two-language page."""
        scale = self.template.arabic_scale if lang == "ar" else 1.0
        return scale if self.pair else scale * self.template.single_scale


def lay_out(
    certificate: CertificateData, template: Template, identity: Identity | None = None
) -> PageLayout:
    """Every line, rule and image of the certificate's page.

    Memoised by batch: the page but the holder's name and the footer depends on the name only
    through its shape (sizes and heights) at each body factor tried, so a certificate whose
    name takes the shapes an earlier one took, with the same design, identity, languages,
    signatories and body texts, reuses that layout and places its own name and footer in it.
    """
    if identity is None:
        from certificates.identity import default_identity

        identity = default_identity()
    langs = certificate.languages
    page = _Page(
        certificate,
        template,
        identity,
        {lang: values(certificate, template, lang) for lang in langs},
    )
    key = _batch_key(page)
    entries = _LAYOUTS.get(key)
    if entries is not None:
        for entry in entries:
            if all(_name_shape(page, factor) == shape for factor, shape in entry.names):
                return entry.page(page)
    entry = _lay_out(page)
    if entries is None:
        if len(_LAYOUTS) >= 512:
            _LAYOUTS.clear()
        _LAYOUTS[key] = entries = []
    entries.insert(0, entry)
    del entries[8:]
    return entry.page(page)


@dataclass(frozen=True)
class _Laid:
    """A page laid out but for the holder's name and the footer: reused for every certificate
    whose name takes the same shape at every body factor tried (``names``) — the rest of a page
    depends on the name only through its sizes and heights."""

    template: Template  # kept alive: the memo's key holds its id
    names: tuple[tuple[float, _NameShape], ...]
    before: tuple[Line, ...]  # the lines above the name
    name_row: TextBlock | None
    name_places: tuple[_NamePlace, ...]
    after: tuple[Line, ...]  # the lines under the name, down to the signatures
    rules: tuple[Rule, ...]
    images: tuple[Placed, ...]
    cap: float

    def page(self, page: _Page) -> PageLayout:
        lines = list(self.before)
        if self.name_row is not None:
            fitted, _ = page.fitted_names[self.names[-1][0]]
            for lang, align, left, width, baseline in self.name_places:
                block = fitted[lang]
                lines += _place(block, self.name_row, align, left, width, baseline, lang)
        lines += self.after
        lines += _footer(page, self.cap)
        return PageLayout(lines, list(self.rules), list(self.images))


#: Batch key → pages laid out for the shapes of names seen (most recent first).
_LAYOUTS: dict[tuple[Any, ...], list[_Laid]] = {}


def _batch_key(page: _Page) -> tuple[Any, ...]:
    """What the page but the name and the footer depends on: the design, identity, languages,
    signatories and the texts of every placeholder of the body but the name."""
    template = page.template
    keys = template.body_keys
    texts = tuple(
        tuple(None if (v := page.texts[lang][k]) is None else v.text for k in keys)
        for lang in page.langs
    )
    return (
        id(template),
        page.identity,
        page.langs,
        texts,
        tuple(page.certificate.signatories or ()),
    )


def _name_shape(page: _Page, factor: float) -> _NameShape:
    """The holder's name fitted at ``factor`` (memoised on the page), as the layout sees it."""
    found = page.fitted_names.get(factor)
    if found is None:
        row = page.template.name_row
        assert row is not None
        found = page.fitted_names[factor] = _fit_name(page, row, factor)
    fitted, cap = found
    blocks = tuple((lang, f.size, f.line_height, len(f.lines)) for lang, f in fitted.items())
    return blocks, cap


def _lay_out(page: _Page) -> _Laid:
    template, identity = page.template, page.identity
    cap = float("inf")
    for _ in range(2):  # again if the name came out smaller than the organisation's name
        images: list[Placed] = []
        header_lines, header_bottom = _header(page, images, cap)
        body_lines, rules, body_cap = _body(page, header_bottom)
        over = any(line.size / _lang_scale(page, line.lang) > body_cap for line in header_lines)
        cap = body_cap
        if not over:
            break
    signature_lines, signature_rules = _signatories(page, images, cap)
    if identity.seal is not None:
        box = template.seal
        images.append(_fit_image(identity.seal, box.x + box.size / 2, box.y, box.size, box.size))
    start, count = page.name_span
    return _Laid(
        template,
        tuple(page.names),
        tuple(header_lines + body_lines[:start]),
        template.name_row,
        tuple(page.name_places),
        tuple(body_lines[start + count :] + signature_lines),
        tuple(rules + signature_rules),
        tuple(images),
        cap,
    )


def _fit_image(image: Image, centre: float, bottom: float, width: float, height: float) -> Placed:
    """``image`` as large as fits in the box (centred on ``centre``, standing on ``bottom``)."""
    natural_width, natural_height = image.size
    ratio = min(width / natural_width, height / natural_height)
    w, h = natural_width * ratio, natural_height * ratio
    return Placed(image, centre - w / 2, bottom, w, h)


def _organisation(identity: Identity, lang: Lang) -> str:
    own = identity.name.get(lang)
    if own:
        return own
    latin = identity.name.en or identity.name.fr
    if lang == "ar":
        return isolate(latin) if latin else identity.name.ar or ""
    return latin or identity.name.ar or ""


def _header(page: _Page, images: list[Placed], cap: float) -> tuple[list[Line], float]:
    """The emblem at the top centre and under it the organisation's name in each language
    (one under the other: names on one baseline would be read as one line by extractors)."""
    design = page.template.header
    axis = page.template.page.dimensions[0] / 2
    size = design.emblem_size
    emblem_bottom = design.y - size
    if page.identity.emblem is not None:
        images.append(_fit_image(page.identity.emblem, axis, emblem_bottom, size, size))
    lines: list[Line] = []
    style = _capped(design.name, cap)
    bottom = emblem_bottom
    top = emblem_bottom - design.gap / 2
    width = page.template.panels.stack.width
    left = page.template.panels.stack.x
    for lang in page.langs:
        text = typography(_organisation(page.identity, lang), lang)
        fitted = fit(text, style, width, direction(lang), "identity.name", _lang_scale(page, lang))
        lines += _place(fitted, style, "center", left, width, _first_baseline(top, fitted), lang)
        top -= fitted.height
    bottom = top
    return lines, bottom


def _lang_scale(page: _Page, lang: Lang | None) -> float:
    """Arabic scaled against Latin, without the one-language enlargement (header, footer)."""
    return page.template.arabic_scale if lang == "ar" else 1.0


def _first_baseline(top: float, fitted: Fitted) -> float:
    """The glyphs (0.25 em below the baseline to 0.75 em above) centred in the first line."""
    return top - fitted.line_height / 2 - 0.25 * fitted.size


# A fitted row: the row, its blocks by language, its height.
_Fitted = tuple[Row, dict[Lang, Fitted], float]


def _body(page: _Page, header_bottom: float) -> tuple[list[Line], list[Rule], float]:
    """The body rows placed in their band; the rules between mirrored rows; the size cap."""
    template = page.template
    body = template.body
    top_limit = min(body.top, header_bottom - 8)
    room = top_limit - body.bottom
    factor = 1.0
    while True:
        rows, cap = _rows(page, factor)
        height = sum(h for _, _, h in rows) + sum(row.space_before for row, _, _ in rows[1:])
        if height <= room:
            break
        # Unusually long texts all at once: the whole body shrinks, never spills out. (Sizes
        # have floors and lines step, so the ratio is a first guess: a few tries at most.)
        factor *= min(0.97, room / height * 0.97)
        if factor < MIN_BODY_FACTOR:
            raise LayoutError("body", f"the text needs {height:.0f} pt, the design has {room:.0f}")
    spare = room - height
    weights = [row.stretch for row, _, _ in rows[1:]]
    total = sum(weights)
    extras = [min(body.max_gap, spare * w / total) if total else 0.0 for w in weights]
    top = top_limit - (spare - sum(extras)) / 2
    lines: list[Line] = []
    runs: list[list[tuple[float, float]]] = [[]]  # (top, bottom) of consecutive pair rows
    page.name_places.clear()
    for i, (row, fitted, row_height) in enumerate(rows):
        if i:
            top -= row.space_before + extras[i - 1]
        stacked = row.arrange == "stack" or not page.pair
        if stacked:
            runs.append([])
        else:
            runs[-1].append((top, top - row_height))
        block_top = top
        start = len(lines)
        for lang, block in fitted.items():
            panel = _panel(page, row, lang)
            align = _align(row, lang, panel.align)
            baseline = _first_baseline(block_top, block)
            lines += _place(block, row, align, panel.x, panel.width, baseline, lang)
            if row is template.name_row:
                page.name_places.append((lang, align, panel.x, panel.width, baseline))
            if stacked:
                block_top -= block.height
        if row is template.name_row:
            page.name_span[:] = [start, len(lines) - start]
        top -= row_height
    axis = template.page.dimensions[0] / 2
    rules = [
        Rule(axis, run[0][0] - 2, axis, run[-1][1] + 2, 0.6, "accent")
        for run in runs
        if len(run) > 1
    ]
    return lines, rules, cap


def _panel(page: _Page, row: Row, lang: Lang) -> Panel:
    panels = page.template.panels
    if row.arrange == "stack" or not page.pair:
        return panels.stack
    return panels.arabic if lang == "ar" else panels.latin


def _rows(page: _Page, factor: float) -> tuple[list[_Fitted], float]:
    """Each row shown, fitted in its panels, with its height; and the cap on every size but
    the heading's and the name's (in Latin points), from the name's size."""
    template = page.template
    cap = float("inf")
    name_row = template.name_row
    fitted_name: dict[Lang, Fitted] | None = None
    if name_row is not None:
        page.names.append((factor, _name_shape(page, factor)))
        fitted_name, cap = page.fitted_names[factor]
    rows: list[_Fitted] = []
    for row in template.rows:
        if row is name_row and fitted_name is not None:
            fitted = fitted_name
        else:
            limit = None if "heading" in row.placeholders() else cap
            fitted = {}
            for lang in page.langs:
                panel = _panel(page, row, lang)
                block = _fit_block(
                    row, lang, panel.width, page.texts[lang], page.scale(lang) * factor, limit
                )
                if block is None:
                    break
                fitted[lang] = block
            else:
                fitted = _once(row, fitted, page)
            if len(fitted) != len(page.langs) and not row.optional:
                continue
            if len(fitted) != len(page.langs):
                continue
        stacked = row.arrange == "stack" or not page.pair
        heights = [f.height for f in fitted.values()]
        rows.append((row, fitted, sum(heights) if stacked else max(heights)))
    return rows, cap


def _once(row: Row, fitted: dict[Lang, Fitted], page: _Page) -> dict[Lang, Fitted]:
    """A stacked row whose languages draw the same line (a Latin name with no Arabic
    spelling) is drawn once."""
    if row.arrange == "stack" and page.pair:
        first, second = (fitted[lang] for lang in page.langs)
        if [t for t, _ in first.lines] == [t for t, _ in second.lines]:
            return {page.langs[1]: second}
    return fitted


def _fit_name(page: _Page, row: Row, factor: float) -> tuple[dict[Lang, Fitted], float]:
    """The name in every language at one size (the smaller one needs), and the cap it sets."""
    width = _panel(page, row, page.langs[0]).width
    fitted: dict[Lang, Fitted] = {}
    for lang in page.langs:
        block = _fit_block(row, lang, width, page.texts[lang], page.scale(lang) * factor, None)
        assert block is not None  # the name is never optional
        fitted[lang] = block
    common = min(f.size / page.scale(lang) for lang, f in fitted.items())
    for lang, block in fitted.items():
        if block.size / page.scale(lang) > common + 0.01:
            size = common * page.scale(lang)
            same = replace_style(row, size)
            refitted = _fit_block(same, lang, width, page.texts[lang], 1.0, None)
            assert refitted is not None
            fitted[lang] = refitted
    return _once(row, fitted, page), common * page.template.dominance / factor


def replace_style(row: Row, size: float) -> Row:
    return row.model_copy(update={"size": size, "min_size": size, "wrap_below": None})


def _fit_block(
    block: TextBlock,
    lang: Lang,
    width: float,
    texts: dict[str, Value | None],
    scale: float,
    cap: float | None,
) -> Fitted | None:
    """The block's text in ``lang`` fitted to ``width``; None for an optional block with no data.
    ``cap``: the largest size allowed (in the design's Latin points). Memoised: a batch's
    certificates fit the same rows with the same texts."""
    if cap is not None and block.size <= cap:
        cap = None
    key = (
        id(block),
        lang,
        width,
        scale,
        cap,
        tuple(None if (v := texts[k]) is None else (v.text, v.field) for k in block.keys[lang]),
    )
    entry = _FITTED.get(key)
    if entry is not None and entry[0] is block:
        return entry[1]
    found = _fit_block_now(block, lang, width, texts, scale, cap)
    if len(_FITTED) > 16384:
        _FITTED.clear()
    # The block is kept with its fit: while the entry lives, no other block can take its id (a
    # restyled copy made for one certificate would otherwise find another copy's fit).
    _FITTED[key] = (block, found)
    return found


_FITTED: dict[tuple[Any, ...], tuple[TextBlock, "Fitted | None"]] = {}


def _fit_block_now(
    block: TextBlock,
    lang: Lang,
    width: float,
    texts: dict[str, Value | None],
    scale: float,
    cap: float | None,
) -> Fitted | None:
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
    text = typography(template_text.format_map(parts), lang)
    keys = block.keys[lang]
    starts_with_value = template_text.startswith("{") and keys
    if lang != "ar" and (not starts_with_value or keys[0] in _SENTENCE_STARTS):
        text = sentence_case(text)
    style: Style = block
    if cap is not None:
        smallest = min(block.min_size or block.size, cap)
        style = block.model_copy(update={"size": cap, "min_size": smallest})
        if block.wrap_below is not None:
            style = style.model_copy(update={"wrap_below": min(block.wrap_below, cap)})
    return fit(text, style, width, base, fields, scale)


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
        None if style.wrap_below is None else style.wrap_below * scale,
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
    wrap_below: float | None = None,
) -> Fitted:
    """Cached: the fixed texts of a design and a training's texts recur certificate after
    certificate, so their shaping, measuring and reordering is done once per process.

    ``wrap_below``: keep the text on one line, shrinking it down to this size, before wrapping
    it (at this size or smaller)."""
    shaped = shape(text)
    font(font_key).check(shaped, fields)
    words = shaped.split(" ")
    ems = [_em_width(font_key, word) for word in words]
    space = _em_width(font_key, " ")
    if wrap_below is not None and max_lines > 1:
        one_line = width / (sum(ems) + space * (len(ems) - 1)) * 0.999
        size = min(size, one_line if one_line >= wrap_below else wrap_below)
        size = max(size, min_size)
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
    lang: Lang | None = None,
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
            Line(text, x, y, line_width, fitted.font, fitted.size, block.colour, personal, lang)
        )
    return placed


def _align(style: Style, lang: Lang, default: str) -> str:
    """``start``/``end`` resolved by writing direction: the start of Arabic is the right."""
    align = style.align or default
    if align in ("start", "end"):
        return "right" if (align == "start") == (lang == "ar") else "left"
    return align


def _capped(style: StyleT, cap: float) -> StyleT:
    if style.size <= cap:
        return style
    return style.model_copy(update={"size": cap, "min_size": min(style.min_size or cap, cap)})


def signatories(certificate: CertificateData, identity: Identity) -> list[Signatory]:
    """The payload's signatories, else the identity's; a signatory without a signature image
    takes that of the identity's signatory of the same Latin name."""
    known = {s.name.en or s.name.fr: s for s in identity.signatories}
    if certificate.signatories:
        chosen = []
        for signatory in certificate.signatories:
            twin = known.get(signatory.name.latin())
            if signatory.signature is None and twin is not None and twin.signature is not None:
                signatory = signatory.model_copy(update={"signature": twin.signature})
            chosen.append(signatory)
        return chosen
    if not identity.signatories:
        raise PayloadError("signatories", "required: the identity has no default signatories")
    return [
        Signatory.model_validate(
            {
                "name": s.name.model_dump(exclude_none=True),
                "title": s.title.model_dump(exclude_none=True),
                "signature": s.signature,
            }
        )
        for s in identity.signatories
    ]


def _signatories(page: _Page, images: list[Placed], cap: float) -> tuple[list[Line], list[Rule]]:
    """Each signature over its line, then the names (Arabic, then Latin), then the titles."""
    design = page.template.signatories
    langs = page.langs
    lines: list[Line] = []
    rules: list[Rule] = []
    chosen = signatories(page.certificate, page.identity)
    centres = design.slots[len(chosen)]
    for i, (signatory, centre) in enumerate(zip(chosen, centres, strict=True)):
        field = f"signatories.{i}"
        half = design.line_length / 2
        rules.append(
            Rule(
                centre - half,
                design.y,
                centre + half,
                design.y,
                design.line_width,
                design.line_colour,
            )
        )
        if signatory.signature is not None:
            images.append(
                _fit_image(
                    signatory.signature,
                    centre,
                    design.y + 3,
                    design.line_length,
                    design.image_height,
                )
            )
        entries: list[tuple[Style, Lang, Value]] = [
            (design.name, lang, name(signatory.name, lang, f"{field}.name"))
            for lang in langs
            if len(langs) == 1 or lang != "ar" or signatory.name.ar is not None
        ]
        title = signatory.title
        entries += [
            (
                design.title,
                lang,
                Value(
                    title.get(lang) or title.en or title.fr or title.ar or "",
                    f"{field}.title.{lang}",
                ),
            )
            for lang in langs
        ]
        baseline = design.y - design.gap
        left = centre - design.width / 2
        for style, lang, value in entries:
            font(style.font).check(value.text, value.field)
            text = typography(_embedded(value.text, direction(lang)), lang)
            capped = _capped(style, cap)
            fitted = fit(
                text, capped, design.width, direction(lang), value.field, _lang_scale(page, lang)
            )
            align = _align(style, lang, "center")
            lines += _place(fitted, style, align, left, design.width, baseline, lang)
            baseline -= fitted.height
    return lines, rules


def _footer(page: _Page, cap: float) -> list[Line]:
    """The footer's lines, one per language, then the language-neutral blocks (the URL)."""
    template = page.template
    footer = template.footer
    lines: list[Line] = []
    baseline = footer.y
    for block in footer.lines:
        for lang in page.langs:
            capped = _capped(block, cap)
            fitted = _fit_block(
                capped, lang, footer.width, page.texts[lang], _lang_scale(page, lang), None
            )
            if fitted is None:
                continue
            lines += _place(fitted, block, "center", footer.x, footer.width, baseline, lang)
            baseline -= fitted.height
    neutral = page.langs[-1]
    for free in template.blocks:
        fitted = _fit_block(_capped(free, cap), neutral, free.width, page.texts[neutral], 1.0, None)
        if fitted is not None:
            align = _align(free, neutral, "start")
            lines += _place(fitted, free, align, free.x, free.width, free.y)
    return lines
