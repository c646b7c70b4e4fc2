"""Revocation with a W3C Bitstring Status List (v1.0).

Each credential gets a ``BitstringStatusListEntry`` (``credential_status``): a list URL and an
index in it. The list itself is a credential (``status_list_credential``) whose subject carries
``encodedList``: the bitstring, GZIP-compressed, base64url without padding, with the multibase
prefix ``u``. Bit 0 is the most significant bit of the first byte; a set bit means revoked. The
bitstring is at least 16 KB (131,072 entries) uncompressed, so that one credential's index says
little about which certificate it is (herd privacy, spec §6.1). Assign indexes at random from
the unused ones, not in issue order, for the same reason.

The status list credential is signed like the badges (VC-JWT, ``sign_credential``); publish it
again after every change, with a short cache lifetime.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
from typing import Any

from service.credentials.openbadges import Issuer

__all__ = [
    "MIN_BITS",
    "StatusList",
    "credential_status",
    "status_list_credential",
]

#: 16 KB (spec §2.1: "a minimum bitstring length of 131,072 bits").
MIN_BITS = 16 * 1024 * 8


class StatusList:
    """A revocation bitstring: ``revoke(i)``, ``restore(i)``, ``is_set(i)``, ``encode()``."""

    def __init__(self, length: int = MIN_BITS, bits: bytes | None = None) -> None:
        if bits is not None:
            length = len(bits) * 8
        if length < MIN_BITS or length % 8:
            raise ValueError(f"a status list holds a multiple of 8 bits, at least {MIN_BITS}")
        self.bits = bytearray(bits) if bits is not None else bytearray(length // 8)

    def __len__(self) -> int:
        return len(self.bits) * 8

    def _locate(self, index: int) -> tuple[int, int]:
        if not 0 <= index < len(self):
            raise IndexError(f"status index {index} outside 0…{len(self) - 1}")
        return index // 8, 0x80 >> (index % 8)

    def set(self, index: int, value: bool = True) -> None:
        byte, mask = self._locate(index)
        if value:
            self.bits[byte] |= mask
        else:
            self.bits[byte] &= ~mask & 0xFF

    def revoke(self, index: int) -> None:
        self.set(index, True)

    def restore(self, index: int) -> None:
        self.set(index, False)

    def is_set(self, index: int) -> bool:
        byte, mask = self._locate(index)
        return bool(self.bits[byte] & mask)

    def encode(self) -> str:
        """The ``encodedList`` value: 'u' + base64url(GZIP(bitstring)), no padding. ``mtime=0``
        keeps the encoding a function of the bits alone."""
        compressed = gzip.compress(bytes(self.bits), compresslevel=9, mtime=0)
        return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")

    @classmethod
    def decode(cls, encoded: str) -> StatusList:
        if not encoded.startswith("u"):
            raise ValueError("encodedList must carry the multibase prefix 'u' (base64url)")
        body = encoded[1:]
        compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        return cls(bits=gzip.decompress(compressed))


def credential_status(issuer: Issuer, list_id: str, index: int) -> dict[str, Any]:
    """The ``credentialStatus`` entry of a credential at ``index`` in list ``list_id``."""
    url = issuer.status_list_url(list_id)
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def status_list_credential(
    issuer: Issuer, list_id: str, status_list: StatusList, *, valid_from: dt.datetime | None = None
) -> dict[str, Any]:
    """The unsigned ``BitstringStatusListCredential``; sign it with ``sign_credential``."""
    url = issuer.status_list_url(list_id)
    when = (valid_from or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer.id,
        "validFrom": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": status_list.encode(),
        },
    }
