"""Sending a message: SMTP when SMTP_URL is set, otherwise an .eml file in the outbox folder.

SMTP_URL forms: ``smtp://user:password@host:587`` (STARTTLS when the server offers it),
``smtps://user:password@host:465`` (TLS from the start), ``smtp://host:25``.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Callable
from email.message import Message
from pathlib import Path
from urllib.parse import unquote, urlsplit


def send_all(
    messages: list[tuple[Message, str]], smtp_url: str | None, outbox_dir: Path
) -> list[Exception | None]:
    """Send each (message, file stem) — over one SMTP connection when SMTP_URL is set, else as
    .eml files. Returns, per message, None or the exception that stopped it."""
    if not messages:
        return []
    if not smtp_url:
        return [_attempt(_write_eml, message, outbox_dir, stem) for message, stem in messages]
    try:
        client = _connect(smtp_url)
    except Exception as exc:
        return [exc] * len(messages)
    with client:
        return [_attempt(client.send_message, message) for message, _ in messages]


def _attempt(action: Callable[..., object], *args: object) -> Exception | None:
    try:
        action(*args)
    except Exception as exc:
        return exc
    return None


def _connect(smtp_url: str) -> smtplib.SMTP:
    url = urlsplit(smtp_url)
    if url.scheme not in ("smtp", "smtps"):
        raise ValueError(f"SMTP_URL must start with smtp:// or smtps://, not {url.scheme}://")
    host = url.hostname or "localhost"
    context = ssl.create_default_context()
    if url.scheme == "smtps":
        client: smtplib.SMTP = smtplib.SMTP_SSL(host, url.port or 465, timeout=30, context=context)
    else:
        client = smtplib.SMTP(host, url.port or 25, timeout=30)
    client.ehlo()
    if url.scheme == "smtp" and client.has_extn("starttls"):
        client.starttls(context=context)
        client.ehlo()
    if url.username:
        client.login(unquote(url.username), unquote(url.password or ""))
    return client


def _write_eml(message: Message, outbox_dir: Path, file_stem: str) -> None:
    outbox_dir.mkdir(parents=True, exist_ok=True)
    safe_stem = re.sub(r"[^A-Za-z0-9._-]+", "_", file_stem)
    target = outbox_dir / f"{safe_stem}.eml"
    partial = target.with_suffix(".eml.part")
    partial.write_bytes(message.as_bytes())
    partial.replace(target)
