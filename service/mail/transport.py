"""Sending a message: SMTP when SMTP_URL is set, otherwise an .eml file in the outbox folder.

SMTP_URL forms: ``smtp://user:password@host:587`` (STARTTLS when the server offers it),
``smtps://user:password@host:465`` (TLS from the start), ``smtp://host:25``.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import Message
from pathlib import Path
from urllib.parse import unquote, urlsplit

Send = Callable[[Message, str], None]
"""Sends one message (and the stem of its .eml file name); raises what stopped it."""


@contextmanager
def open_sender(smtp_url: str | None, outbox_dir: Path) -> Iterator[Send]:
    """One SMTP connection for a batch of messages (or the outbox folder without SMTP_URL).

    Connecting raises what stopped it (``OSError``, ``smtplib.SMTPException``); each send raises
    the server's refusal of that message, so the caller records every message's outcome as soon
    as it is known. Closing the connection never raises: every message's fate is known by then.
    """
    if not smtp_url:
        yield lambda message, stem: _write_eml(message, outbox_dir, stem)
        return
    client = _connect(smtp_url)
    try:
        yield lambda message, _stem: _send(client, message)
    finally:
        try:
            client.quit()
        except (OSError, smtplib.SMTPException):
            client.close()


def _send(client: smtplib.SMTP, message: Message) -> None:
    """Send to every recipient or raise: a message refused for some of its recipients (ours have
    one) is refused, never taken as half sent."""
    refused = client.send_message(message)
    if refused:
        raise smtplib.SMTPRecipientsRefused(refused)


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
    try:
        client.ehlo()
        if url.scheme == "smtp" and client.has_extn("starttls"):
            client.starttls(context=context)
            client.ehlo()
        if url.username:
            client.login(unquote(url.username), unquote(url.password or ""))
    except BaseException:
        client.close()
        raise
    return client


def _write_eml(message: Message, outbox_dir: Path, file_stem: str) -> None:
    outbox_dir.mkdir(parents=True, exist_ok=True)
    safe_stem = re.sub(r"[^A-Za-z0-9._-]+", "_", file_stem)
    target = outbox_dir / f"{safe_stem}.eml"
    partial = target.with_suffix(".eml.part")
    partial.write_bytes(message.as_bytes())
    partial.replace(target)
