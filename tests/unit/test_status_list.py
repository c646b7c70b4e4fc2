"""Bitstring Status List v1.0: encoding as the spec writes it (decoded here by hand), the revoked
bit, and the signed status list credential."""

from __future__ import annotations

import base64
import gzip
from pathlib import Path

import jwt
import pytest

from service.credentials import (
    MIN_BITS,
    Issuer,
    IssuerKey,
    StatusList,
    public_jwk,
    sign_credential,
    status_list_credential,
)


def _bits(encoded: str) -> bytes:
    """Independent decoding: multibase 'u' = base64url without padding, then GZIP."""
    assert encoded[0] == "u" and "=" not in encoded
    body = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def test_empty_list_is_16_kb_of_zeros() -> None:
    bits = _bits(StatusList().encode())
    assert len(bits) == 16 * 1024 and not any(bits)
    assert len(StatusList()) == MIN_BITS == 131_072


def test_revoked_bit_is_set_left_to_right() -> None:
    status = StatusList()
    status.revoke(0)
    status.revoke(94567)
    bits = _bits(status.encode())
    assert bits[0] == 0x80  # index 0: the left-most bit of the first byte
    assert bits[94567 // 8] == 0x80 >> (94567 % 8)
    assert sum(bin(b).count("1") for b in bits) == 2
    decoded = StatusList.decode(status.encode())
    assert decoded.is_set(94567) and not decoded.is_set(94566) and not decoded.is_set(94568)


def test_restore_clears_the_bit() -> None:
    status = StatusList()
    status.revoke(7)
    status.restore(7)
    assert not any(_bits(status.encode()))


def test_encoding_depends_on_the_bits_only() -> None:
    assert StatusList().encode() == StatusList().encode()


def test_bounds() -> None:
    with pytest.raises(ValueError):
        StatusList(1024)
    with pytest.raises(IndexError):
        StatusList().revoke(MIN_BITS)
    with pytest.raises(ValueError):
        StatusList.decode("z" + StatusList().encode()[1:])


def test_signed_status_list_credential(tmp_path: Path) -> None:
    issuer = Issuer("https://tadrib.example.org", "SESRIC", IssuerKey.development_key(tmp_path))
    status = StatusList()
    status.revoke(42)
    credential = status_list_credential(issuer, "2025-a", status)
    assert credential["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert credential["id"] == "https://tadrib.example.org/credentials/status/2025-a"
    subject = credential["credentialSubject"]
    assert subject["type"] == "BitstringStatusList" and subject["statusPurpose"] == "revocation"
    token = sign_credential(credential, issuer)
    claims = jwt.decode(token, key=jwt.PyJWK(public_jwk(issuer)), algorithms=["EdDSA"])
    bits = _bits(claims["credentialSubject"]["encodedList"])
    assert bits[42 // 8] & (0x80 >> (42 % 8))
