"""E-mail deliveries: a small state machine that finishes (see ``DeliveryStatus``).

A delivery is created, under a unique idempotency key, by the worker that processes an event.
Sending claims the row first (-> ``sending``, with ``claimed_at``), then records each e-mail's
outcome as soon as the server answers it:

- ``250``: ``sent``, in its own commit;
- a temporary refusal (4xx) or no usable connection: ``deferred`` until ``retry_at``, with
  exponential backoff (DELIVERY_RETRY_MIN_SECONDS doubling up to DELIVERY_RETRY_MAX_SECONDS),
  for up to DELIVERY_RETRY_FOR_SECONDS (a day); after that ``failed`` (``expired``);
- a permanent refusal (5xx) or an e-mail that cannot be composed: ``failed``, the server's reply
  stored for organisers, who may correct the address and send it again (``requeue``).

Nothing is lost: a worker that dies after claiming leaves rows in ``sending``; once their lease
(DELIVERY_LEASE_SECONDS) is over the sweeper takes them back and they are sent again, with the
Message-ID fixed at the first claim. A crash between the server's ``250`` and the commit that
records it therefore sends that one e-mail twice, with the same Message-ID, which receivers can
collapse; nothing else is ever sent twice. Deferred rows wait in the database, not in the
broker, so the sweeper sends them when due and never waits behind a day of delayed messages.

Each delivery kind has a composer (a function of the feature that owns the e-mail); the table of
them is ``service.registry.COMPOSERS``, and ``service.registry.ON_SENT`` says what a feature
records once one of its e-mails is sent; both are handed to ``send_deliveries`` by the worker.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import Message
from email.utils import make_msgid, parseaddr

from flask import current_app
from sqlalchemy import ColumnElement, and_, or_, select, update

from service.core.clock import utcnow
from service.core.db import begin_read_only, db
from service.mail import transport
from service.pipeline.broker import Job
from service.pipeline.models import (
    PERMANENT_FAILURES,
    Delivery,
    DeliveryFailure,
    DeliveryStatus,
)
from service.pipeline.outbox import add_with_messages, after_commit, send_in_batches
from service.pipeline.sweeper import Pending

Composer = Callable[[Delivery], Message]
OnSent = Callable[[list[int]], None]
"""What a feature records, in the same transaction, once some of its e-mails (ids) are sent."""

SEND_DELIVERIES = Job("send_deliveries", "email")


def enqueue_deliveries(delivery_ids: list[int]) -> None:
    send_in_batches(SEND_DELIVERIES, delivery_ids)


def _seconds(key: str) -> timedelta:
    return timedelta(seconds=float(current_app.config[key]))


def claimable(now: datetime) -> ColumnElement[bool]:
    """Rows a worker may claim at ``now``: queued, deferred and due, or whose lease is over."""
    lease = _seconds("DELIVERY_LEASE_SECONDS")
    return or_(
        Delivery.status == DeliveryStatus.QUEUED,
        and_(Delivery.status == DeliveryStatus.DEFERRED, Delivery.retry_at <= now),
        and_(Delivery.status == DeliveryStatus.SENDING, Delivery.claimed_at < now - lease),
    )


PENDING_DELIVERIES = Pending(
    "deliveries",
    SEND_DELIVERIES.queue,
    Delivery,
    lambda: claimable(utcnow()),
    enqueue_deliveries,
)


def queue_deliveries(deliveries: list[Delivery]) -> list[Delivery]:
    """Add the deliveries whose idempotency key is new (and return them); their messages go out
    after commit."""
    keys = [delivery.idempotency_key for delivery in deliveries]
    known = set(
        db.session.scalars(
            select(Delivery.idempotency_key).where(Delivery.idempotency_key.in_(keys))
        )
    )
    fresh = [d for d in deliveries if d.idempotency_key not in known]
    return add_with_messages(fresh, enqueue_deliveries)


def requeue(deliveries: list[Delivery], recipient: str | None = None) -> int:
    """Send failed deliveries again (to ``recipient`` when the address was corrected); returns
    how many. Their messages go out after commit."""
    again = [d for d in deliveries if d.status == DeliveryStatus.FAILED]
    for delivery in again:
        delivery.status = DeliveryStatus.QUEUED
        delivery.failure = delivery.error = delivery.retry_at = delivery.retry_until = None
        if recipient is not None:
            delivery.recipient = recipient
    db.session.flush()
    ids = [delivery.id for delivery in again]
    if ids:
        after_commit(lambda: enqueue_deliveries(ids))
    return len(again)


@dataclass(frozen=True)
class Refusal:
    """Why an e-mail was not sent, as a reason code and the server's words."""

    failure: DeliveryFailure
    reply: str

    @property
    def permanent(self) -> bool:
        return self.failure in PERMANENT_FAILURES


def classify(exc: BaseException) -> Refusal:
    """The reason code of a sending error (smtplib's exceptions, or the network's).

    Only what the server says of this message is permanent: a 5xx reply to its recipient or to
    its data. Everything about the server or our configuration (no connection, TLS, greeting,
    login, our sender address refused) is retried, as are 4xx replies: mail waits for them.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused) and exc.recipients:
        code, text = next(iter(exc.recipients.values()))
        return _reply(code, text, permanent_if_5xx=True)
    if isinstance(exc, smtplib.SMTPDataError):
        return _reply(exc.smtp_code, exc.smtp_error, permanent_if_5xx=True)
    if isinstance(exc, smtplib.SMTPResponseException):
        return _reply(exc.smtp_code, exc.smtp_error, permanent_if_5xx=False)
    return Refusal(DeliveryFailure.UNREACHABLE, _describe(exc))


def _reply(code: int, text: bytes | str, *, permanent_if_5xx: bool) -> Refusal:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    reply = f"{code} {words}".strip()[:2000]
    if 500 <= code < 600 and permanent_if_5xx:
        return Refusal(DeliveryFailure.REJECTED, reply)
    if 400 <= code < 500 and permanent_if_5xx:
        return Refusal(DeliveryFailure.TEMPORARY, reply)
    return Refusal(DeliveryFailure.UNREACHABLE, reply)


def send_deliveries(
    delivery_ids: list[int],
    composers: Mapping[str, Composer],
    on_sent: Mapping[str, OnSent],
) -> dict[str, int]:
    """Send the claimable deliveries among ``delivery_ids`` over one SMTP connection.

    Each row is claimed atomically first, so the same e-mail is not sent by two workers at once
    however often its message is delivered. No transaction stays open while the e-mails go out:
    SMTP can take seconds, and on SQLite a transaction holds the write lock. Returns counts.
    """
    now = utcnow()
    claimed = list(
        db.session.scalars(
            update(Delivery)
            .where(Delivery.id.in_(delivery_ids), claimable(now))
            .values(
                status=DeliveryStatus.SENDING,
                attempts=Delivery.attempts + 1,
                claimed_at=now,
                updated_at=now,
            )
            .returning(Delivery.id)
        )
    )
    for delivery in db.session.scalars(
        select(Delivery).where(Delivery.id.in_(claimed), Delivery.message_id.is_(None))
    ):
        delivery.message_id = make_msgid(domain=_message_id_domain())
    db.session.commit()

    begin_read_only()  # composing takes milliseconds per e-mail: hold no write lock meanwhile
    outgoing: list[tuple[int, Message, str]] = []
    refusals: dict[int, Refusal] = {}
    kinds: dict[int, str] = {}
    attempts: dict[int, int] = {}
    for delivery in db.session.scalars(
        select(Delivery).where(Delivery.id.in_(claimed)).order_by(Delivery.id)
    ):
        kinds[delivery.id], attempts[delivery.id] = delivery.kind, delivery.attempts
        try:
            message = composers[delivery.kind](delivery)
        except Exception as exc:
            refusals[delivery.id] = Refusal(DeliveryFailure.UNBUILDABLE, _describe(exc))
            continue
        del message["Message-ID"]
        message["Message-ID"] = str(delivery.message_id)
        stem = f"{delivery.id:08d}-{delivery.idempotency_key}"
        outgoing.append((delivery.id, message, stem))
    db.session.rollback()

    sent = _send(outgoing, kinds, on_sent, refusals)
    _record_refusals(refusals, attempts)
    db.session.commit()
    deferred = sum(not refusal.permanent for refusal in refusals.values())
    return {
        "sent": sent,
        "deferred": deferred,
        "failed": len(refusals) - deferred,
        "skipped": len(delivery_ids) - len(claimed),
    }


def _send(
    outgoing: list[tuple[int, Message, str]],
    kinds: dict[int, str],
    on_sent: Mapping[str, OnSent],
    refusals: dict[int, Refusal],
) -> int:
    """Send each (id, message, file stem), committing each ``250`` at once; fills ``refusals``.
    Returns how many were sent."""
    if not outgoing:
        return 0
    config = current_app.config
    ids = [delivery_id for delivery_id, _, _ in outgoing]
    sent = 0
    with ExitStack() as stack:
        try:
            send = stack.enter_context(
                transport.open_sender(config["SMTP_URL"], config["OUTBOX_DIR"])
            )
        except Exception as exc:  # no connection at all: every e-mail waits
            refusals.update(dict.fromkeys(ids, classify(exc)))
            return 0
        for index, (delivery_id, message, stem) in enumerate(outgoing):
            try:
                send(message, stem)
            except Exception as exc:
                refusal = classify(exc)
                refusals[delivery_id] = refusal
                if refusal.failure == DeliveryFailure.UNREACHABLE:
                    # the connection is no good: the rest of the batch waits as well
                    refusals.update(dict.fromkeys(ids[index + 1 :], refusal))
                    break
                continue
            _record_sent(delivery_id, kinds[delivery_id], on_sent)
            sent += 1
    return sent


def _record_sent(delivery_id: int, kind: str, on_sent: Mapping[str, OnSent]) -> None:
    """The server took it: record that now, so a crash from here on re-sends nothing else."""
    now = utcnow()
    db.session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.status == DeliveryStatus.SENDING)
        .values(
            status=DeliveryStatus.SENT,
            sent_at=now,
            updated_at=now,
            failure=None,
            error=None,
            retry_at=None,
            retry_until=None,
        )
    )
    hook = on_sent.get(kind)
    if hook is not None:
        hook([delivery_id])
    db.session.commit()


def _record_refusals(refusals: dict[int, Refusal], attempts: dict[int, int]) -> None:
    if not refusals:
        return
    now = utcnow()
    give_up = _seconds("DELIVERY_RETRY_FOR_SECONDS")
    deadlines = dict(
        db.session.execute(
            select(Delivery.id, Delivery.retry_until).where(Delivery.id.in_(refusals))
        ).all()
    )
    for delivery_id, refusal in refusals.items():
        values: dict[str, object] = {"updated_at": now, "error": refusal.reply}
        until = deadlines.get(delivery_id) or now + give_up
        if refusal.permanent:
            values.update(status=DeliveryStatus.FAILED, failure=refusal.failure, retry_at=None)
        elif now >= until:
            values.update(
                status=DeliveryStatus.FAILED, failure=DeliveryFailure.EXPIRED, retry_at=None
            )
        else:
            retry_at = min(now + backoff(attempts.get(delivery_id, 1)), until)
            values.update(
                status=DeliveryStatus.DEFERRED,
                failure=refusal.failure,
                retry_at=retry_at,
                retry_until=until,
            )
        db.session.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id, Delivery.status == DeliveryStatus.SENDING)
            .values(**values)
        )


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th attempt: the minimum, doubling, up to the maximum."""
    first = _seconds("DELIVERY_RETRY_MIN_SECONDS")
    longest = _seconds("DELIVERY_RETRY_MAX_SECONDS")
    return min(first * 2 ** min(max(attempts - 1, 0), 30), longest)


def _message_id_domain() -> str:
    address = parseaddr(current_app.config["MAIL_FROM"])[1]
    return address.rpartition("@")[2] or "tadrib"


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]
