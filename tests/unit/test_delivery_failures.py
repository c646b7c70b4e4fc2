"""SMTP errors as reason codes: only what the server says of this message is permanent."""

from __future__ import annotations

import smtplib

import pytest

from service.pipeline.deliveries import classify
from service.pipeline.models import DeliveryFailure


@pytest.mark.parametrize(
    ("error", "failure", "reply"),
    [
        (
            smtplib.SMTPRecipientsRefused({"a@x.org": (550, b"5.1.1 no such user")}),
            DeliveryFailure.REJECTED,
            "550 5.1.1 no such user",
        ),
        (
            smtplib.SMTPRecipientsRefused({"a@x.org": (451, b"4.3.0 try later")}),
            DeliveryFailure.TEMPORARY,
            "451 4.3.0 try later",
        ),
        (
            smtplib.SMTPDataError(552, b"5.3.4 message too big"),
            DeliveryFailure.REJECTED,
            "552 5.3.4 message too big",
        ),
        (smtplib.SMTPDataError(421, b"closing"), DeliveryFailure.TEMPORARY, "421 closing"),
        # the server or our configuration, not this message: retried until fixed
        (
            smtplib.SMTPSenderRefused(553, b"sender not allowed", "no-reply@x.org"),
            DeliveryFailure.UNREACHABLE,
            "553 sender not allowed",
        ),
        (
            smtplib.SMTPAuthenticationError(535, b"bad credentials"),
            DeliveryFailure.UNREACHABLE,
            "535 bad credentials",
        ),
        (
            ConnectionRefusedError(111, "Connection refused"),
            DeliveryFailure.UNREACHABLE,
            "ConnectionRefusedError: [Errno 111] Connection refused",
        ),
        (
            smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
            DeliveryFailure.UNREACHABLE,
            "SMTPServerDisconnected: Connection unexpectedly closed",
        ),
        (TimeoutError("timed out"), DeliveryFailure.UNREACHABLE, "TimeoutError: timed out"),
    ],
)
def test_smtp_errors_get_reason_codes(error, failure, reply):
    refusal = classify(error)
    assert (refusal.failure, refusal.reply) == (failure, reply)
    assert refusal.permanent == (failure == DeliveryFailure.REJECTED)
