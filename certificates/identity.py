"""The issuing organisation's identity: its name, emblem, colours, signatories, signatures, seal.

An identity is data the engine takes beside the certificate payload (``render(...,
identity=...)``), validated once: every image is checked for its type, byte size and pixel
dimensions, and an image that fails is an ``IdentityError`` naming the field
(``identity.emblem: …``, ``identity.signatories.1.signature: …``).

Images are PNG or SVG. An SVG is converted by svglib into ReportLab vector operators once per
process and drawn in the batch's shared form XObject: crisp at any size and a few hundred bytes
per certificate. A PNG becomes an image XObject formatted once and copied into each PDF (its
bytes count in every certificate: prefer SVG). SVG text, embedded raster images, scripts and
external references are refused: text would need fonts the PDF does not embed.

``default_identity()`` is the one shipped in ``certificates/identity/``: a generic emblem,
seal and signatures drawn for this project.
"""

import base64
import binascii
import hashlib
import io
import json
import re
import struct
import zlib
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from certificates.embedding import Preformatted
from certificates.errors import IdentityError
from certificates.formatting import Lang
from certificates.text import clean_text

IDENTITY_DIR = Path(__file__).with_name("identity")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MediaType = Literal["image/png", "image/svg+xml"]

#: Limits per kind of image: (largest file in bytes, smallest and largest side in pixels).
IMAGE_LIMITS: dict[str, tuple[int, int, int]] = {
    "emblem": (512 * 1024, 32, 4096),
    "seal": (512 * 1024, 32, 4096),
    "signature": (256 * 1024, 16, 4096),
}
#: Widest and tallest shape accepted (a signature is wide, an emblem roughly square).
MAX_ASPECT = 8.0

_SVG_ROOT = re.compile(rb"<svg[\s>]")
_SVG_REFUSED = re.compile(
    rb"<!DOCTYPE|<!ENTITY|<image[\s>/]|<text[\s>/]|<foreignObject|<script|<use[^>]*href=\"(?!#)",
    re.IGNORECASE,
)
#: Operators an SVG may not need: fonts, XObjects, inline images, graphics states (resources
#: the shared form does not carry).
_DECIMALS = re.compile(r"(\d\.\d\d)\d+")
_FONT_RESET = re.compile(r"BT /F\d+ [\d.]+ Tf [\d.]+ TL ET")
_REFUSED_OPS = re.compile(r"(?<![\w/])(Tf|Do|BI|gs|sh)(?![\w])")


def _decode(value: Any) -> Any:
    """Image data in JSON is base64; Python callers may pass bytes."""
    if isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValueError(f"data: not base64 ({exc})") from None
    return value


class Image(BaseModel):
    """A PNG or SVG image; ``media_type`` is optional (the bytes say what they are)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    data: Annotated[bytes, BeforeValidator(_decode)] = Field(repr=False)
    media_type: MediaType | None = None

    @model_validator(mode="after")
    def _sniff(self) -> Self:
        kind = "image/png" if self.data.startswith(PNG_SIGNATURE) else None
        if kind is None and _SVG_ROOT.search(self.data[:4096]):
            kind = "image/svg+xml"
        if kind is None:
            raise ValueError("neither a PNG nor an SVG image")
        if self.media_type is not None and self.media_type != kind:
            raise ValueError(f"media_type says {self.media_type}, the data is {kind}")
        object.__setattr__(self, "media_type", kind)
        return self

    @classmethod
    def from_path(cls, path: Path) -> "Image":
        return cls(data=path.read_bytes())

    @cached_property
    def digest(self) -> str:
        return hashlib.blake2b(self.data, digest_size=12).hexdigest()

    def __hash__(self) -> int:
        return hash(self.digest)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Image) and other.digest == self.digest

    @property
    def is_svg(self) -> bool:
        return self.media_type == "image/svg+xml"

    @property
    def size(self) -> tuple[float, float]:
        """Width and height: pixels for a PNG, points for an SVG (only the ratio matters)."""
        return png_size(self.data) if not self.is_svg else svg_drawing(self)[1]


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG header (IHDR)."""
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise ValueError("a damaged PNG (no IHDR header)")
    return struct.unpack(">II", data[16:24])


def check_image(image: Image, kind: str, field: str) -> None:
    """Raise IdentityError naming ``field`` unless ``image`` suits ``kind`` (emblem, seal…)."""
    max_bytes, min_side, max_side = IMAGE_LIMITS[kind]
    if len(image.data) > max_bytes:
        raise IdentityError(
            field, f"{len(image.data):,} bytes; a {kind} image may have {max_bytes:,} at most"
        )
    try:
        if image.is_svg:
            width, height = svg_drawing(image)[1]
            what = "points"
        else:
            width, height = png_size(image.data)
            what = "pixels"
            _png_pixels(image)  # decodes: a truncated or corrupt PNG fails here
    except ValueError as exc:
        raise IdentityError(field, str(exc)) from None
    if image.is_svg:
        # SVG sizes are in points: the limits are on the shape, not on a pixel count
        ok = width > 0 and height > 0
    else:
        ok = min(width, height) >= min_side and max(width, height) <= max_side
    if not ok:
        raise IdentityError(
            field,
            f"{width:g} × {height:g} {what}; a {kind} image needs sides of {min_side} to "
            f"{max_side} pixels",
        )
    if max(width / height, height / width) > MAX_ASPECT:
        raise IdentityError(field, f"{width:g} × {height:g}: too narrow (at most {MAX_ASPECT:g}:1)")


@lru_cache(maxsize=64)
def svg_drawing(image: Image) -> tuple[str, tuple[float, float]]:
    """The SVG as PDF drawing operators in its own box (origin at the lower left), and the box's
    width and height in points. Converted once per process (svglib, then ReportLab's renderer
    writing into a scratch canvas)."""
    from reportlab.graphics import renderPDF
    from svglib.svglib import svg2rlg

    refused = _SVG_REFUSED.search(image.data)
    if refused:
        what = refused.group(0).decode("latin-1", "replace").strip("<")
        raise ValueError(
            f"the SVG uses {what!r}: text, embedded images, scripts and external references "
            "are not supported (convert text to paths)"
        )
    try:
        drawing = svg2rlg(io.BytesIO(image.data))
    except Exception as exc:  # svglib raises lxml's and its own errors
        raise ValueError(f"not a valid SVG image ({exc})") from None
    if drawing is None or not drawing.width or not drawing.height:
        raise ValueError("not a valid SVG image (no size: give width and height or a viewBox)")
    canvas = Canvas(io.BytesIO())
    start = len(canvas._code)
    renderPDF.draw(drawing, canvas, 0, 0, showBoundary=False)
    # ReportLab's renderer resets the font state (an empty text object): it draws nothing
    ops = "\n".join(op for op in canvas._code[start:] if not _FONT_RESET.fullmatch(op))
    ops = _DECIMALS.sub(r"\1", ops)  # a hundredth of a point is finer than print
    if _REFUSED_OPS.search(ops):
        raise ValueError(
            "the SVG needs transparency, text or images, which certificates do not support"
        )
    return ops, (float(drawing.width), float(drawing.height))


def _png_pixels(image: Image) -> tuple[bytes, bytes | None, int, int]:
    """RGB bytes, alpha bytes (None when opaque), width, height."""
    from PIL import Image as PILImage

    try:
        with PILImage.open(io.BytesIO(image.data)) as picture:
            picture.load()
            rgba = picture.convert("RGBA")
    except Exception as exc:  # Pillow raises many kinds of errors on bad files
        raise ValueError(f"not a readable PNG image ({exc})") from None
    alpha = rgba.getchannel("A")
    opaque = alpha.getextrema() == (255, 255)
    return (
        rgba.convert("RGB").tobytes(),
        None if opaque else alpha.tobytes(),
        rgba.width,
        rgba.height,
    )


@lru_cache(maxsize=64)
def png_objects(image: Image) -> tuple[Preformatted, bytes | None]:
    """The PNG as an image XObject (slot 0: its soft mask) and the soft mask stream, each
    formatted once per process and copied into every PDF that draws it."""
    from certificates.embedding import FORMATTING, slot

    rgb, alpha, width, height = _png_pixels(image)

    def stream(data: bytes, colour_space: str) -> pdfdoc.PDFStream:
        made = pdfdoc.PDFStream(content=zlib.compress(data, 9), filters=[])
        entries = {
            "Type": pdfdoc.PDFName("XObject"),
            "Subtype": pdfdoc.PDFName("Image"),
            "Width": width,
            "Height": height,
            "ColorSpace": pdfdoc.PDFName(colour_space),
            "BitsPerComponent": 8,
            "Filter": pdfdoc.PDFName("FlateDecode"),
        }
        for key, value in entries.items():
            made.dictionary[key] = value
        return made

    picture = stream(rgb, "DeviceRGB")
    mask = None
    if alpha is not None:
        picture.dictionary["SMask"] = slot(0)
        mask = stream(alpha, "DeviceGray").format(FORMATTING)
    return Preformatted.of(picture), mask


class Texts(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    ar: str | None = None
    en: str | None = None
    fr: str | None = None

    def get(self, lang: Lang) -> str | None:
        text: str | None = getattr(self, lang)
        return text


class IdentitySignatory(BaseModel):
    """A default signatory: name and title in the identity's languages, a signature image."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Texts
    title: Texts
    signature: Image | None = None


Colour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]


class Identity(BaseModel):
    """The issuing organisation. See certificates/README.md, "Identity"."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Texts
    emblem: Image | None = None
    colours: dict[Literal["primary", "accent", "ink", "muted", "paper"], Colour] = Field(
        default_factory=dict
    )
    signatories: list[IdentitySignatory] = Field(default_factory=list, max_length=3)
    seal: Image | None = None

    @model_validator(mode="after")
    def _clean(self) -> Self:
        name = {k: clean_text(v) for k, v in self.name.model_dump().items() if v}
        if not name.get("en") and not name.get("fr") and not name.get("ar"):
            raise ValueError("name: give it in at least one of ar, en, fr")
        object.__setattr__(self, "name", Texts(**name))
        return self

    @cached_property
    def digest(self) -> str:
        parts = [self.model_dump_json(exclude={"emblem", "seal", "signatories"})]
        parts += [i.digest if i else "-" for i in (self.emblem, self.seal)]
        parts += [s.model_dump_json(exclude={"signature"}) for s in self.signatories]
        parts += [s.signature.digest if s.signature else "-" for s in self.signatories]
        return hashlib.blake2b("|".join(parts).encode(), digest_size=12).hexdigest()

    def __hash__(self) -> int:
        return hash(self.digest)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Identity) and other.digest == self.digest

    def images(self) -> list[tuple[str, str, Image]]:
        """(field, kind, image) for every image of the identity."""
        found = [("emblem", "emblem", self.emblem), ("seal", "seal", self.seal)]
        found += [
            (f"signatories.{i}.signature", "signature", s.signature)
            for i, s in enumerate(self.signatories)
        ]
        return [(field, kind, image) for field, kind, image in found if image is not None]

    def author(self) -> str:
        return self.name.en or self.name.fr or self.name.ar or ""


def parse_identity(data: Any, *, base: Path | None = None) -> Identity:
    """Validate an identity (a dict, e.g. parsed JSON). Image values may be objects
    ``{"data": BASE64}`` or, when ``base`` is given, paths relative to it. Raises
    IdentityError naming the first bad field, ``identity.…``."""
    if base is not None:
        data = _load_paths(data, base)
    try:
        identity = Identity.model_validate(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        path = ".".join(["identity", *(str(p) for p in error["loc"])])
        message = error["msg"].removeprefix("Value error, ")
        named = re.match(r"^(?P<field>[a-z_][\w.]*): (?P<message>.*)$", message, re.DOTALL)
        if named:
            path, message = f"{path}.{named['field']}", named["message"]
        raise IdentityError(path, message) from None
    for field, kind, image in identity.images():
        check_image(image, kind, f"identity.{field}")
    return identity


def _load_paths(data: Any, base: Path) -> Any:
    data = json.loads(json.dumps(data))

    def load(value: Any, field: str) -> Any:
        if not isinstance(value, str):
            return value
        path = base / value
        try:
            return {"data": base64.b64encode(path.read_bytes()).decode()}
        except OSError as exc:
            raise IdentityError(f"identity.{field}", f"cannot read {path}: {exc}") from None

    for key in ("emblem", "seal"):
        if key in data:
            data[key] = load(data[key], key)
    for i, signatory in enumerate(data.get("signatories", [])):
        if "signature" in signatory:
            signatory["signature"] = load(signatory["signature"], f"signatories.{i}.signature")
    return data


def load_identity(path: Path) -> Identity:
    """An identity from a JSON file whose images are paths relative to the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IdentityError("identity", f"cannot read {path}: {exc}") from None
    return parse_identity(data, base=path.parent)


@cache
def default_identity() -> Identity:
    """The identity shipped with the engine (certificates/identity/identity.json)."""
    return load_identity(IDENTITY_DIR / "identity.json")
