"""Sample certificates for designers: every design in every language set (samples.json)."""

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from certificates.errors import CertificateError
from certificates.identity import Identity
from certificates.payload import (
    ARABIC_NAME_MAX_LENGTH,
    FAMILY_NAME_MAX_LENGTH,
    GIVEN_NAME_MAX_LENGTH,
    LANGUAGE_SETS,
    LATIN_NAME_MAX_LENGTH,
    parse_payload,
)
from certificates.pdf import render
from certificates.templates import template_names


@cache
def _samples() -> dict[str, Any]:
    samples: dict[str, Any] = json.loads(
        Path(__file__).with_name("samples.json").read_text(encoding="utf-8")
    )
    return samples


def limit_names() -> dict[str, str]:
    """Names exactly at the registration limits: 120 + 1 + 120 Latin characters, 240 Arabic."""
    given = ("Abdul-Rahman Mohamed Abdullah Khalid Sultan Ibrahim " * 3)[:GIVEN_NAME_MAX_LENGTH]
    family = ("Al-Fulani Al-Hashmi Ben Youssef El Idrissi Ould " * 3)[:FAMILY_NAME_MAX_LENGTH]
    arabic = "عبد الرحمن محمد عبد الله بن خالد بن سلطان الفلاني آل الهاشمي " * 5
    latin = f"{given.strip()} {family.strip()}".ljust(LATIN_NAME_MAX_LENGTH, "a")
    return {
        "ar": arabic[:ARABIC_NAME_MAX_LENGTH].strip().ljust(ARABIC_NAME_MAX_LENGTH, "ي"),
        "en": latin,
        "fr": latin,
    }


def sample_payload(
    template: str,
    languages: tuple[str, ...],
    *,
    long: bool = False,
    limits: bool = False,
) -> dict[str, Any]:
    """A valid payload for ``template`` in ``languages``; ``long``: 150-character Arabic title,
    60-character names; ``limits``: names at the registration limits."""
    samples = _samples()
    payload: dict[str, Any] = json.loads(json.dumps(samples["payload"]))
    payload.update(
        samples["by_template"].get(template, {}), template=template, languages=list(languages)
    )
    if long:
        payload["holder"] = samples["long"]["holder"]
        payload["training"]["title"] = samples["long"]["title"]
    if limits:
        payload["holder"] = {"name": limit_names()}
    return payload


def samples() -> Iterator[tuple[str, dict[str, Any]]]:
    """(file name, payload) for every design and language set, the long-text stress test, names
    at the registration limits, and a woman expert's certificate of appreciation."""
    for template in template_names():
        for languages in LANGUAGE_SETS:
            yield f"{template}-{'-'.join(languages)}.pdf", sample_payload(template, languages)
        yield f"{template}-ar-en-long.pdf", sample_payload(template, ("ar", "en"), long=True)
        yield f"{template}-ar-en-limits.pdf", sample_payload(template, ("ar", "en"), limits=True)
    for languages in (("ar", "en"), ("ar", "fr")):
        woman = sample_payload("appreciation", languages)
        woman["holder"] = _samples()["woman_expert"]
        yield f"appreciation-{'-'.join(languages)}-woman-expert.pdf", woman


def write_samples(
    directory: Path, *, png: bool = False, identity: Identity | None = None
) -> list[Path]:
    """Write every sample PDF (and, with ``png``, a PNG of each, drawn by PDFium)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, payload in samples():
        path = directory / file_name
        pdf = render(parse_payload(payload), payload["template"], identity=identity)
        path.write_bytes(pdf)
        written.append(path)
        if png:
            written.append(write_png(pdf, path.with_suffix(".png")))
    return written


def write_png(pdf: bytes, path: Path, dpi: float = 110) -> Path:
    """The PDF's first page as a PNG (pypdfium2, from the ``test`` extra)."""
    try:
        import pypdfium2
    except ImportError:
        raise CertificateError("--png", "needs pypdfium2: pip install pypdfium2") from None
    document = pypdfium2.PdfDocument(pdf)
    try:
        document[0].render(scale=dpi / 72).to_pil().save(path)
    finally:
        document.close()
    return path
