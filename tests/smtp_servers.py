"""A real SMTP server (aiosmtpd) that can be told to misbehave: answer 451 to every recipient
for a while, refuse one address for good (550), or take a message and then stall before its
250, as a server does when the sender dies mid-conversation."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


class ScriptedInbox:
    """Messages received, and what the server answers (change it while the test runs)."""

    def __init__(self) -> None:
        self.raw: list[bytes] = []
        self.refused: dict[str, str] = {}  # address -> the reply to its RCPT
        self.deferring_until = 0.0  # time.monotonic() before which every RCPT gets a 451
        self.deferred = 0  # how many RCPT got the 451
        self.stall_at: int | None = None  # the message (1-based, over all) that stalls
        self.stalled = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if time.monotonic() < self.deferring_until:
            self.deferred += 1
            return "451 4.3.0 Try again later"
        if address in self.refused:
            return self.refused[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._lock:
            self.raw.append(envelope.original_content or envelope.content)
            number = len(self.raw)
        if number == self.stall_at:
            # The message has arrived; the sender never hears the 250 (it is killed meanwhile).
            self.stalled.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 120)
        return "250 Message accepted"

    @property
    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(raw, policy=policy.default) for raw in list(self.raw)]

    def message_ids(self) -> dict[str, int]:
        """How many times each Message-ID arrived."""
        return dict(Counter(str(message["Message-ID"]) for message in self.messages))


@contextmanager
def scripted_smtp_server() -> Iterator[tuple[ScriptedInbox, str]]:
    """A running server and its ``SMTP_URL``."""
    inbox = ScriptedInbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, f"smtp://127.0.0.1:{port}"
    finally:
        inbox.release.set()
        controller.stop()
