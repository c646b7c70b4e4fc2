"""Certificate designs: JSON files in ``certificates/templates/``, parsed once per process.

A design is data — page, colours, drawn decoration, where each language's text goes and how it
looks — so adding one needs no Python: drop ``NAME.json`` into the folder. A file whose name
starts with ``_`` is a base other designs ``extend`` (the child's keys replace the base's); it is
not offered as a template. The format is described in certificates/README.md.
"""

import json
import string
from collections.abc import Iterator
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from reportlab.lib import colors, pagesizes

from certificates.errors import CertificateError, TemplateError
from certificates.fonts import FontKey, font
from certificates.formatting import Digits, Lang

TEMPLATE_DIR = Path(__file__).with_name("templates")
LANGS: tuple[Lang, ...] = ("ar", "en", "fr")

#: Placeholders a template's text may use, and the payload field each comes from (None: the
#: template's own ``heading``). A block whose placeholder has no value is left out if the block
#: is ``optional``; otherwise the payload must provide that field.
PLACEHOLDERS: dict[str, str | None] = {
    "heading": None,
    "name": "holder.name",
    "title": "training.title",
    "kind": "training.kind",
    "where": "training.modality",
    "dates": "training.starts_on",
    "programme": "training.programme",
    "partners": "training.partners",
    "sessions_attended": "attendance",
    "sessions_total": "attendance",
    "hours": "attendance",
    "role": "role",
    "serial": "serial",
    "issued_on": "issued_on",
    "verification_url": "verification_url",
}

#: Placeholders whose value is unique to one certificate; the rest recur across a training's
#: batch (see fonts.py for why the difference matters).
PERSONAL = frozenset(
    {"name", "serial", "verification_url", "sessions_attended", "sessions_total", "hours"}
)

Align = Literal["start", "end", "center", "left", "right"]
Layout = Literal["pair", "single"]

#: The palette every design defines; an identity may give its own ``primary`` and ``accent``.
PALETTE = ("ink", "muted", "primary", "accent", "paper")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Style(_Model):
    """How a block of text looks and how it may shrink and wrap to fit its width."""

    font: FontKey = "regular"
    size: float = Field(gt=0)
    min_size: float | None = Field(default=None, gt=0)
    max_lines: int = Field(default=1, ge=1)
    #: shrink on one line down to this size before wrapping (the holder's name); without it,
    #: wrap at the largest size that fits in ``max_lines``
    wrap_below: float | None = Field(default=None, gt=0)
    leading: float = Field(default=1.35, ge=1)
    colour: str = "ink"
    align: Align | None = None
    balance: bool = False

    @model_validator(mode="after")
    def _sizes(self) -> "Style":
        if self.min_size is not None and self.min_size > self.size:
            raise ValueError("min_size is larger than size")
        return self


class TextBlock(Style):
    """Text with placeholders, the same for every language or given per language."""

    id: str
    text: str | dict[Lang, str]
    optional: bool = False

    def text_for(self, lang: Lang) -> str:
        return self.text if isinstance(self.text, str) else self.text[lang]

    def texts(self) -> Iterator[tuple[Lang, str]]:
        return ((lang, self.text_for(lang)) for lang in LANGS)

    @cached_property
    def personal(self) -> bool:
        """True if the text differs from one certificate to the next."""
        return not PERSONAL.isdisjoint(self.placeholders())

    @cached_property
    def keys(self) -> dict[Lang, tuple[str, ...]]:
        """The placeholders of the text in each language, in order."""
        return {
            lang: tuple(key for _, key, _, _ in string.Formatter().parse(text) if key is not None)
            for lang, text in self.texts()
        }

    def placeholders(self) -> set[str]:
        return {key for keys in self.keys.values() for key in keys}

    @model_validator(mode="after")
    def _valid_text(self) -> "TextBlock":
        if isinstance(self.text, dict) and set(self.text) != set(LANGS):
            raise ValueError(f"text: give it in all of {', '.join(LANGS)} (or as one string)")
        unknown = self.placeholders() - PLACEHOLDERS.keys()
        if unknown:
            raise ValueError(f"text: unknown placeholder(s) {sorted(unknown)}")
        return self


class Row(TextBlock):
    """A row of the body, in every language of the certificate. ``arrange``: ``stack`` puts the
    languages one under the other (Arabic first), centred on the page's axis; ``pair`` puts
    them side by side in the two panels mirrored around the axis, the row as tall as its
    tallest language. ``space_before`` is the least space above the row; the body's spare
    height is shared out among the rows in proportion to their ``stretch``."""

    arrange: Literal["stack", "pair"] = "pair"
    space_before: float = Field(default=0, ge=0)
    stretch: float = Field(default=1, ge=0)


class FooterLine(TextBlock):
    """A quiet line of the footer, drawn once per language, centred, one under the other."""


class Block(TextBlock):
    """Language-neutral, left-to-right text at a fixed place (``x`` is the block's centre when
    aligned ``center``, its left edge otherwise)."""

    x: float
    y: float
    width: float = Field(gt=0)


class Panel(_Model):
    x: float
    width: float = Field(gt=0)
    align: Align


class Panels(_Model):
    """Where text goes: for ``pair`` rows, Arabic right and Latin left of the axis; ``stack``
    rows (and every row of a one-language certificate) centred in ``stack``."""

    arabic: Panel
    latin: Panel
    stack: Panel


class Body(_Model):
    """The band the rows fill, between the header and the signatures. ``max_gap``: the most
    spare space given to one gap between rows; what is left centres the rows in the band."""

    top: float
    bottom: float
    max_gap: float = Field(default=40, ge=0)


class Header(_Model):
    """The organisation: its emblem (top centre, ``emblem_size`` square, top edge at ``y``) and
    under it, ``gap`` below, its name in each language, one under the other."""

    y: float
    emblem_size: float = Field(gt=0)
    gap: float = 12
    width: float = Field(gt=0)
    name: Style


class Footer(_Model):
    """Quiet lines (the serial number, the issue date) centred at ``x``, first baseline ``y``."""

    x: float
    width: float = Field(gt=0)
    y: float
    lines: list[FooterLine]


class Seal(_Model):
    """Where the identity's seal goes: a square ``size`` wide, lower left corner (x, y)."""

    x: float
    y: float
    size: float = Field(gt=0)


class Signatories(_Model):
    """A signature line and, beneath it, names then titles in the certificate's languages."""

    y: float
    width: float = Field(gt=0)
    slots: dict[int, list[float]]
    line_length: float = Field(ge=0)
    line_width: float = 0.6
    line_colour: str = "ink"
    gap: float = 12
    image_height: float = Field(default=36, gt=0)
    name: Style
    title: Style

    @model_validator(mode="after")
    def _slots(self) -> "Signatories":
        if set(self.slots) != {1, 2, 3}:
            raise ValueError("slots: give the centres for 1, 2 and 3 signatories")
        for count, centres in self.slots.items():
            if len(centres) != count:
                raise ValueError(f"slots.{count}: give {count} centre(s)")
        return self


class QR(_Model):
    x: float
    y: float
    size: float = Field(gt=0)
    colour: str = "ink"


class _Shape(_Model):
    stroke: str | None = None
    fill: str | None = None
    line_width: float = 1
    layouts: tuple[Layout, ...] = ("pair", "single")


class Rect(_Shape):
    shape: Literal["rect"]
    x: float
    y: float
    width: float
    height: float
    radius: float = 0


class Line(_Shape):
    shape: Literal["line"]
    x1: float
    y1: float
    x2: float
    y2: float


class Circle(_Shape):
    shape: Literal["circle"]
    cx: float
    cy: float
    r: float


class Star(_Shape):
    """A star polygon: ``points`` tips on radius ``r``, the notches on ``r * inner``."""

    shape: Literal["star"]
    cx: float
    cy: float
    r: float
    inner: float = Field(default=0.75, gt=0, lt=1)
    points: int = Field(default=8, ge=3)
    rotation: float = 0


Decoration = Annotated[Rect | Line | Circle | Star, Field(discriminator="shape")]


class Page(_Model):
    size: Literal["A4", "A5", "LETTER"] = "A4"
    orientation: Literal["landscape", "portrait"] = "landscape"

    @property
    def dimensions(self) -> tuple[float, float]:
        size: tuple[float, float] = getattr(pagesizes, self.size)
        return pagesizes.landscape(size) if self.orientation == "landscape" else size


class Template(_Model):
    name: str
    about: str = ""
    page: Page = Page()
    author: str = "Tadrib"
    heading: dict[Lang, str]
    digits: Digits = "western"
    arabic_scale: float = Field(default=1.0, ge=0.5, le=2)
    single_scale: float = Field(default=1.0, ge=0.5, le=2)
    dominance: float = Field(default=0.9, gt=0, le=1)
    colours: dict[str, Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]]
    decoration: list[Decoration] = Field(default_factory=list)
    panels: Panels
    header: Header
    body: Body
    rows: list[Row]
    footer: Footer
    blocks: list[Block] = Field(default_factory=list)
    signatories: Signatories
    qr: QR
    seal: Seal

    @model_validator(mode="after")
    def _references(self) -> "Template":
        if set(self.heading) != set(LANGS):
            raise ValueError(f"heading: give it in all of {', '.join(LANGS)}")
        used = [("qr", self.qr.colour), ("signatories", self.signatories.line_colour)]
        used += [(f"{kind}.{b.id}", b.colour) for kind, b in self.text_blocks()]
        used += [("signatories.name", self.signatories.name.colour)]
        used += [("header.name", self.header.name.colour)]
        used += [("signatories.title", self.signatories.title.colour)]
        used += [
            (f"decoration.{i}", colour)
            for i, shape in enumerate(self.decoration)
            for colour in (shape.stroke, shape.fill)
            if colour is not None
        ]
        for where, colour in used:
            if colour not in self.colours:
                raise ValueError(f"{where}: colour {colour!r} is not in colours")
        return self

    def text_blocks(self) -> Iterator[tuple[str, TextBlock]]:
        yield from (("rows", row) for row in self.rows)
        yield from (("footer.lines", line) for line in self.footer.lines)
        yield from (("blocks", block) for block in self.blocks)

    @cached_property
    def name_row(self) -> Row | None:
        """The row holding the holder's name (the layout fits it first)."""
        return next((row for row in self.rows if "name" in row.placeholders()), None)

    @cached_property
    def body_keys(self) -> tuple[str, ...]:
        """The placeholders of the body's rows but the name."""
        return tuple(sorted({key for row in self.rows for key in row.placeholders()} - {"name"}))

    @cached_property
    def required_fields(self) -> frozenset[str]:
        """Payload fields the design always shows (so the payload must have them)."""
        return frozenset(
            field
            for _, block in self.text_blocks()
            if not block.optional
            for name in block.placeholders()
            if (field := PLACEHOLDERS[name]) is not None
        )

    def rgb(self, overrides: tuple[tuple[str, str], ...] = ()) -> dict[str, colors.Color]:
        """The palette as ReportLab colours, with an identity's colours over the design's."""
        return _rgb(self.name, overrides)

    @model_validator(mode="after")
    def _palette(self) -> "Template":
        missing = [name for name in PALETTE if name not in self.colours]
        if missing:
            raise ValueError(f"colours: give {', '.join(missing)}")
        return self


@cache
def _rgb(template: str, overrides: tuple[tuple[str, str], ...]) -> dict[str, colors.Color]:
    colours = {**load_template(template).colours, **dict(overrides)}
    return {name: colors.HexColor(value) for name, value in colours.items()}


def template_names() -> list[str]:
    """The designs on offer: ``certificates/templates/*.json`` not starting with ``_``."""
    return sorted(p.stem for p in TEMPLATE_DIR.glob("*.json") if not p.stem.startswith("_"))


@cache
def load_template(name: str) -> Template:
    """Parse, validate and check the glyphs of a design (once per process)."""
    if name not in template_names():
        raise TemplateError("template", f"unknown template {name!r}")
    where = f"templates/{name}.json"
    data = _read(name)
    try:
        template = Template.model_validate({**data, "name": name})
        _check_glyphs(template)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        message = error["msg"].removeprefix("Value error, ")
        location = ".".join(str(part) for part in error["loc"])
        raise TemplateError(where, f"{location}: {message}" if location else message) from None
    except CertificateError as exc:
        raise TemplateError(where, str(exc)) from None
    return template


def _read(name: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    """The file's keys over those of the design it ``extends``."""
    path = TEMPLATE_DIR / f"{name}.json"
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise TemplateError(f"templates/{name}.json", str(exc)) from None
    base = data.pop("extends", None)
    if base is None:
        return data
    if base in seen:
        raise TemplateError(f"templates/{name}.json", f"extends {base!r} in a loop")
    return {**_read(base, (*seen, name)), **data}


def _check_glyphs(template: Template) -> None:
    """Every fixed character of the design must be drawable in the font it is drawn with."""
    for kind, block in template.text_blocks():
        for lang, text in block.texts():
            fixed = "".join(
                literal + (template.heading[lang] if name == "heading" else "")
                for literal, name, *_ in string.Formatter().parse(text)
            )
            font(block.font).check(fixed, f"{kind}.{block.id}.text.{lang}")
