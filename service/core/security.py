"""Tokens and references: random, hashed at rest, compared in constant time."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# No look-alike characters: 0/O, 1/I/L and U/V are left out.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"


def random_code(length: int) -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(length))


def new_token() -> str:
    """A 256-bit URL-safe bearer token."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_salt() -> str:
    return secrets.token_hex(16)


def derive_access_token(secret_key: str, salt: str, purpose: str = "access-token") -> str:
    """The participant's access token: HMAC of a per-registration salt with the secret key.

    Workers need the token for every e-mail they send (manage and join links), but the database
    should not hold it: it stores the salt and the token's hash, and the token can be rebuilt only
    with the secret key. Rotating SECRET_KEY therefore invalidates every participant link.
    Each ``purpose`` (``access-token`` for the manage link, ``join-token`` for the join link)
    gives an independent token: one cannot be computed from the other.
    """
    digest = hmac.new(secret_key.encode(), f"{purpose}:{salt}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode()


JOIN_PURPOSE = "join-token"


def derive_join_token(secret_key: str, salt: str) -> str:
    """The join link's token (see ``derive_access_token``)."""
    return derive_access_token(secret_key, salt, JOIN_PURPOSE)
