"""The check-in code printed as a QR code in confirmations: the reference plus a signature.

A code is ``<reference>.<signature>`` (e.g. ``DKR25-7Q3K.MFRGGZDFMZTWQ2LK``), so a door scanner
can read it offline as text, but only the service can make one: the signature is an HMAC of the
reference with the secret key (80 bits, base32 so it survives keyboard-wedge scanners).
"""

from __future__ import annotations

import base64
import hashlib
import hmac


def _signature(secret_key: str, reference: str) -> str:
    digest = hmac.new(secret_key.encode(), b"checkin:" + reference.encode(), hashlib.sha256)
    return base64.b32encode(digest.digest()[:10]).decode()


def make_code(secret_key: str, reference: str) -> str:
    return f"{reference}.{_signature(secret_key, reference)}"


def read_code(secret_key: str, code: str) -> str | None:
    """The reference inside a genuine code, or None for anything else."""
    reference, _, signature = code.strip().upper().partition(".")
    if not reference or not signature:
        return None
    if not hmac.compare_digest(signature, _signature(secret_key, reference)):
        return None
    return reference
