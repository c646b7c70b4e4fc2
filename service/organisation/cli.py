"""``flask --app wsgi identity …``: the organisation's name, emblem, seal, colours and default
signatories, kept in ``IDENTITY_FILE`` (see README, "Identity")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup

from certificates import Identity, IdentityError
from service.core.identity import identity_path, read_identity
from service.organisation import editing

cli = AppGroup("identity", help="The organisation's identity: name, emblem, seal, signatories.")
LANGUAGE = click.Choice(editing.LANGUAGES)
IMAGE_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def _fail(error: IdentityError) -> None:
    """An invalid identity or image: one line naming the field, exit status 1."""
    raise click.ClickException(f"{error.field}: {error.message}")


def _change(change: Any, images: dict[str, bytes] | None = None) -> Identity:
    path = identity_path()
    try:
        data = editing.load_data(path)
        extra = change(data) or {}
        identity = editing.save(path, data, {**(images or {}), **extra})
    except IdentityError as error:
        _fail(error)
        raise  # unreachable: _fail raises
    click.echo(f"Saved {path}.")
    return identity


def _image(kind: str, file: Path, field: str, limits: str) -> tuple[str, bytes]:
    try:
        return editing.image_file(kind, file.read_bytes(), field, limits)
    except IdentityError as error:
        _fail(error)
        raise


@cli.command("show")
def show() -> None:
    """Print the identity in use and where it comes from."""
    path = identity_path()
    try:
        identity = read_identity(path)
    except IdentityError as error:
        _fail(error)
        return
    click.echo(f"File: {path}" if path.exists() else f"File: {path} (absent: the default)")
    for language, name in identity.name.model_dump().items():
        click.echo(f"Name ({language}): {name or '—'}")
    click.echo(f"Emblem: {_describe(identity.emblem)}")
    click.echo(f"Seal: {_describe(identity.seal)}")
    colours = ", ".join(f"{k} {v}" for k, v in identity.colours.items()) or "the design's"
    click.echo(f"Colours: {colours}")
    for number, person in enumerate(identity.signatories, start=1):
        name = person.name.en or person.name.fr or person.name.ar
        title = person.title.en or person.title.fr or person.title.ar
        click.echo(f"Signatory {number}: {name}, {title}; signature: {_describe(person.signature)}")


def _describe(image: Any) -> str:
    if image is None:
        return "none"
    width, height = image.size
    kind = "SVG" if image.is_svg else "PNG"
    return f"{kind}, {len(image.data):,} bytes, {width:g} × {height:g}"


@cli.command("name")
@click.argument("language", type=LANGUAGE)
@click.argument("text")
def set_name(language: str, text: str) -> None:
    """Set the organisation's name in LANGUAGE (ar, en or fr)."""
    _change(lambda data: editing.set_name(data, language, text))


@cli.command("emblem")
@click.argument("file", type=IMAGE_FILE)
def set_emblem(file: Path) -> None:
    """Set the emblem from a PNG or SVG FILE (checked: type, size, dimensions)."""
    name, content = _image("emblem", file, "identity.emblem", "emblem")
    _change(lambda data: data.update(emblem=name), {name: content})


@cli.command("seal")
@click.argument("file", type=IMAGE_FILE, required=False)
@click.option("--remove", is_flag=True, help="Print no seal.")
def set_seal(file: Path | None, remove: bool) -> None:
    """Set the seal from a PNG or SVG FILE, or remove it."""
    if remove:
        _change(lambda data: data.pop("seal", None) and None)
        return
    if file is None:
        raise click.UsageError("give a FILE or --remove")
    name, content = _image("seal", file, "identity.seal", "seal")
    _change(lambda data: data.update(seal=name), {name: content})


@cli.command("colour")
@click.argument("which", type=click.Choice(editing.COLOURS))
@click.argument("value")
def set_colour(which: str, value: str) -> None:
    """Set a colour of the certificates (#rrggbb)."""
    _change(lambda data: data.setdefault("colours", {}).update({which: value}))


@cli.command("signature")
@click.argument("number", type=click.IntRange(min=1))
@click.argument("file", type=IMAGE_FILE)
def set_signature(number: int, file: Path) -> None:
    """Set the signature image of signatory NUMBER (as `identity show` numbers them)."""
    field = f"identity.signatories.{number - 1}.signature"
    name, content = _image("signature", file, field, "signature")

    def change(data: dict[str, Any]) -> None:
        signatories = data.get("signatories", [])
        if number > len(signatories):
            raise IdentityError("identity.signatories", f"there is no signatory {number}")
        signatories[number - 1]["signature"] = name

    _change(change, {name: content})


@cli.command("add-signatory")
@click.option("--name-en", help="Name in Latin letters (English pages).")
@click.option("--name-fr", help="Name in Latin letters (French pages), if it differs.")
@click.option("--name-ar", help="Name in Arabic letters.")
@click.option("--title-en", help="Position, in English.")
@click.option("--title-fr", help="Position, in French.")
@click.option("--title-ar", help="Position, in Arabic.")
@click.option("--signature", type=IMAGE_FILE, help="Signature image, PNG or SVG.")
def add_signatory(
    name_en: str | None,
    name_fr: str | None,
    name_ar: str | None,
    title_en: str | None,
    title_fr: str | None,
    title_ar: str | None,
    signature: Path | None,
) -> None:
    """Add a default signatory (at most three sign a certificate)."""
    images: dict[str, bytes] = {}
    file_name = None
    if signature is not None:
        file_name, content = _image("signature", signature, "identity.signature", "signature")
        images[file_name] = content
    entry = editing.signatory(
        {"ar": name_ar or "", "en": name_en or "", "fr": name_fr or name_en or ""},
        {"ar": title_ar or "", "en": title_en or "", "fr": title_fr or ""},
        file_name,
    )
    _change(lambda data: data.setdefault("signatories", []).append(entry), images)


@cli.command("remove-signatory")
@click.argument("number", type=click.IntRange(min=1))
def remove_signatory(number: int) -> None:
    """Remove signatory NUMBER (as `identity show` numbers them)."""

    def change(data: dict[str, Any]) -> None:
        signatories = data.get("signatories", [])
        if number > len(signatories):
            raise IdentityError("identity.signatories", f"there is no signatory {number}")
        del signatories[number - 1]

    _change(change)
