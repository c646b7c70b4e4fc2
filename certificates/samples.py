"""Sample certificates for designers: every design in every language set (samples.json)."""

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from certificates.payload import LANGUAGE_SETS, parse_payload
from certificates.pdf import render
from certificates.templates import template_names


@cache
def _samples() -> dict[str, Any]:
    return json.loads(Path(__file__).with_name("samples.json").read_text(encoding="utf-8"))


def sample_payload(
    template: str, languages: tuple[str, ...], *, long: bool = False
) -> dict[str, Any]:
    """A valid payload for ``template`` in ``languages``; ``long``: 150-character Arabic title,
    60-character names."""
    samples = _samples()
    payload = json.loads(json.dumps(samples["payload"]))
    payload.update(
        samples["by_template"].get(template, {}), template=template, languages=list(languages)
    )
    if long:
        payload["holder"] = samples["long"]["holder"]
        payload["training"]["title"] = samples["long"]["title"]
    return payload


def samples() -> Iterator[tuple[str, dict[str, Any]]]:
    """(file name, payload) for every design and language set, and the long-text stress test."""
    for template in template_names():
        for languages in LANGUAGE_SETS:
            yield f"{template}-{'-'.join(languages)}.pdf", sample_payload(template, languages)
        yield f"{template}-ar-en-long.pdf", sample_payload(template, ("ar", "en"), long=True)


def write_samples(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, payload in samples():
        path = directory / file_name
        path.write_bytes(render(parse_payload(payload), payload["template"]))
        written.append(path)
    return written
