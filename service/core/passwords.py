"""Page passwords (organisers, focal points): argon2id hashes, checked in constant work."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verifying against this when the account is unknown takes as long as a real check. Made
    on first use: argon2 is slow and memory-hungry, and every process imports this module."""
    return _hasher.hash("no such account")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@dataclass(frozen=True)
class Verdict:
    matches: bool
    needs_rehash: bool  # the hash was made with weaker parameters: store a new one


def verify_password(stored: str | None, password: str) -> Verdict:
    """Whether ``password`` matches ``stored`` (None: an unknown account or one without a
    password, checked against a dummy hash so that the answer takes as long)."""
    try:
        _hasher.verify(stored or _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return Verdict(False, False)
    if stored is None:
        return Verdict(False, False)
    return Verdict(True, _hasher.check_needs_rehash(stored))
