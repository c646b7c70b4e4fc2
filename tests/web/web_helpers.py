"""Helpers for the page tests: registrations through the public API, reading pages."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from factories import create_training, person


def register_via_api(client: Any, training_id: int, **overrides: Any) -> dict[str, Any]:
    """Register through the API; adds ``path`` and ``token`` taken from the manage link."""
    response = client.post(
        f"/api/v1/trainings/{training_id}/registrations", json=person(**overrides)
    )
    assert response.status_code == 201, response.json
    link = urlsplit(response.json["manage_url"])
    return {**response.json, "path": link.path, "token": parse_qs(link.query)["token"][0]}


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def html_root(html: str) -> tuple[str, str]:
    """The ``lang`` and ``dir`` of a page's <html> element."""
    match = re.search(r'<html lang="([^"]*)" dir="([^"]*)">', html)
    assert match, "no <html lang dir> in the page"
    return match.group(1), match.group(2)


def field_block(html: str, name: str) -> str:
    """The markup of one form field: its label, hint, error and control."""
    match = re.search(
        rf'<div class="field[^"]*">(?:(?!<div class="field).)*?id="f-{name}".*?</div>',
        html,
        re.DOTALL,
    )
    assert match, f"no field {name} in the page"
    return match.group(0)


def field_error(html: str, name: str) -> str | None:
    """The error message shown beside a field, checked to be tied to the control."""
    block = field_block(html, name)
    match = re.search(rf'<p class="field-error" id="f-{name}-error">(.*?)</p>', block, re.DOTALL)
    if match is None:
        return None
    control = re.search(rf'<(?:input|select)[^>]*id="f-{name}"[^>]*>', block).group(0)
    assert f"f-{name}-error" in control and 'aria-invalid="true"' in control, control
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def field_value(html: str, name: str) -> str | None:
    block = field_block(html, name)
    selected = re.search(r'<option value="([^"]*)" selected>', block)
    if selected:
        return selected.group(1)
    value = re.search(r'<input[^>]*value="([^"]*)"', block)
    return value.group(1) if value else None


def manage_path(registered: dict[str, Any], suffix: str = "", **query: str) -> str:
    params = "&".join(
        f"{key}={value}" for key, value in {"token": registered["token"], **query}.items()
    )
    return f"{registered['path']}{suffix}?{params}"


def create_webinar(client: Any, auth: dict[str, str], **overrides: Any) -> dict[str, Any]:
    """An open online webinar (no venue)."""
    webinar = {"modality": "virtual", "kind": "webinar", "venue": {}, **overrides}
    return create_training(client, auth, **webinar)


def page_paths(training_id: int, registered: dict[str, Any]) -> dict[str, str]:
    """The participant pages, by name, for a training and a registration."""
    return {
        "index": "/",
        "training": f"/trainings/{training_id}",
        "register": f"/trainings/{training_id}/register",
        "manage": manage_path(registered),
        "cancel": manage_path(registered, "/cancel"),
        "not-found": f"{registered['path']}?token=wrong",
    }


def in_language(path: str, language: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={language}"
