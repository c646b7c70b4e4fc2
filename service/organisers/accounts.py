"""Organiser accounts, their API tokens and their page passwords."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from service.core.db import db
from service.core.errors import validation_error
from service.core.schemas import normalise_email
from service.core.security import hash_token, new_token
from service.organisers.models import ApiToken, Organiser


def add_organiser(email: str, name: str) -> tuple[Organiser, str]:
    """Create the organiser if new, and give them a fresh API token (returned once, in clear)."""
    try:
        email = normalise_email(email)
    except ValueError as exc:
        raise validation_error({"email": str(exc)}) from None
    organiser = db.session.scalar(select(Organiser).where(Organiser.email == email))
    if organiser is None:
        organiser = Organiser(email=email, name=name)
        db.session.add(organiser)
    token = new_token()
    db.session.add(ApiToken(organiser=organiser, token_hash=hash_token(token)))
    db.session.flush()
    return organiser, token


_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verifying against this when the e-mail is unknown takes as long as a real check. Made on
    first use: argon2 is slow and memory-hungry, and every process imports this module."""
    return _hasher.hash("no such organiser")


def find_organiser(email: str) -> Organiser | None:
    try:
        email = normalise_email(email)
    except ValueError:
        return None
    return db.session.scalar(select(Organiser).where(Organiser.email == email))


def set_password(organiser: Organiser, password: str) -> None:
    organiser.password_hash = _hasher.hash(password)
    db.session.flush()


def authenticate(email: str, password: str) -> Organiser | None:
    """The organiser with this e-mail and password; None for any mismatch, in constant work."""
    organiser = find_organiser(email)
    stored = organiser.password_hash if organiser and organiser.password_hash else _dummy_hash()
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if organiser is None or organiser.password_hash is None:
        return None
    if _hasher.check_needs_rehash(stored):
        set_password(organiser, password)
    return organiser
