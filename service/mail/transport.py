"""Sending a message: SMTP when SMTP_URL is set, otherwise an .eml file in the outbox folder.

SMTP_URL forms: ``smtp://user:password@host:587`` (STARTTLS when the server offers it),
``smtps://user:password@host:465`` (TLS from the start), ``smtp://host:25``.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit


def send(message: EmailMessage, smtp_url: str | None, outbox_dir: Path, file_stem: str) -> None:
    if smtp_url:
        _send_smtp(message, smtp_url)
    else:
        _write_eml(message, outbox_dir, file_stem)


def _send_smtp(message: EmailMessage, smtp_url: str) -> None:
    url = urlsplit(smtp_url)
    if url.scheme not in ("smtp", "smtps"):
        raise ValueError(f"SMTP_URL must start with smtp:// or smtps://, not {url.scheme}://")
    host = url.hostname or "localhost"
    context = ssl.create_default_context()
    if url.scheme == "smtps":
        client: smtplib.SMTP = smtplib.SMTP_SSL(host, url.port or 465, timeout=30, context=context)
    else:
        client = smtplib.SMTP(host, url.port or 25, timeout=30)
    with client:
        client.ehlo()
        if url.scheme == "smtp" and client.has_extn("starttls"):
            client.starttls(context=context)
            client.ehlo()
        if url.username:
            client.login(unquote(url.username), unquote(url.password or ""))
        client.send_message(message)


def _write_eml(message: EmailMessage, outbox_dir: Path, file_stem: str) -> None:
    outbox_dir.mkdir(parents=True, exist_ok=True)
    safe_stem = re.sub(r"[^A-Za-z0-9._-]+", "_", file_stem)
    target = outbox_dir / f"{safe_stem}.eml"
    partial = target.with_suffix(".eml.part")
    partial.write_bytes(message.as_bytes())
    partial.replace(target)
