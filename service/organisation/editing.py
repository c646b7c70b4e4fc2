"""Changing the organisation's identity file (``IDENTITY_FILE``): its name, images and
signatories. Every change is validated by the engine (``certificates.parse_identity``: image
types, sizes and dimensions) before anything is written; images are copied beside the file and
the file is replaced in one step, so a reader never sees half a change.

The first change copies the engine's default identity (``certificates/identity/``) to
``IDENTITY_FILE``, so the default is edited without touching the installed package.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from certificates import Identity, IdentityError, parse_identity
from certificates.identity import IDENTITY_DIR, Image, check_image

LANGUAGES = ("ar", "en", "fr")
IMAGE_KINDS = ("emblem", "seal")
COLOURS = ("primary", "accent", "ink", "muted", "paper")


def load_data(path: Path) -> dict[str, Any]:
    """The identity file's JSON as it is (image values are paths relative to it)."""
    source = path if path.exists() else IDENTITY_DIR / "identity.json"
    try:
        data: dict[str, Any] = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IdentityError("identity", f"cannot read {source}: {exc}") from None
    return data


def save(path: Path, data: dict[str, Any], images: dict[str, bytes] | None = None) -> Identity:
    """Validate ``data`` (with ``images``: file name → bytes, to be written beside it), then
    write the images and the file. Raises IdentityError naming the field; nothing is written
    then."""
    folder = path.parent
    if not path.exists():
        _copy_default_images(data, folder)
    images = images or {}
    identity = parse_identity(_inline(data, folder, images))
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in images.items():
        _write(folder / name, content)
    _write(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return identity


def set_name(data: dict[str, Any], language: str, text: str) -> None:
    data.setdefault("name", {})[language] = text


def image_file(kind: str, content: bytes, field: str, limits: str) -> tuple[str, bytes]:
    """The file name an image is stored under (``emblem-….svg``, ``signature-….png``), after the
    engine's checks of its type, size and dimensions. Raises IdentityError naming ``field``."""
    try:
        image = Image(data=content)
    except ValidationError as exc:
        message = exc.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
        raise IdentityError(field, message) from None
    check_image(image, limits, field)
    # named by content: a file another signatory still uses is never overwritten
    return f"{kind}-{image.digest[:10]}.{'svg' if image.is_svg else 'png'}", content


def signatory(
    names: dict[str, str], titles: dict[str, str], signature: str | None
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": {k: v for k, v in names.items() if v},
        "title": {k: v for k, v in titles.items() if v},
    }
    if signature:
        entry["signature"] = signature
    return entry


def _inline(data: dict[str, Any], folder: Path, images: dict[str, bytes]) -> dict[str, Any]:
    """``data`` with every image path replaced by its bytes (new images from ``images``)."""
    inlined = json.loads(json.dumps(data))

    def image(value: Any, field: str) -> Any:
        if not isinstance(value, str):
            return value
        content = images.get(value)
        if content is None:
            try:
                content = (folder / value).read_bytes()
            except OSError as exc:
                raise IdentityError(f"identity.{field}", f"cannot read {value}: {exc}") from None
        return {"data": base64.b64encode(content).decode()}

    for key in IMAGE_KINDS:
        if inlined.get(key):
            inlined[key] = image(inlined[key], key)
    for i, entry in enumerate(inlined.get("signatories", [])):
        if entry.get("signature"):
            entry["signature"] = image(entry["signature"], f"signatories.{i}.signature")
    return inlined


def _copy_default_images(data: dict[str, Any], folder: Path) -> None:
    """The default identity's images, for a file made from it."""
    folder.mkdir(parents=True, exist_ok=True)
    names = [data.get(key) for key in IMAGE_KINDS]
    names += [entry.get("signature") for entry in data.get("signatories", [])]
    for name in names:
        source = IDENTITY_DIR / name if isinstance(name, str) else None
        if source is not None and source.exists() and not (folder / source.name).exists():
            shutil.copyfile(source, folder / source.name)


def _write(path: Path, content: bytes) -> None:
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(content)
    os.replace(partial, path)
