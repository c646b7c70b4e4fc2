"""Organiser accounts, their API tokens and their page passwords."""

from __future__ import annotations

from sqlalchemy import select

from service.core.db import db
from service.core.errors import validation_error
from service.core.passwords import hash_password, verify_password
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


def find_organiser(email: str) -> Organiser | None:
    try:
        email = normalise_email(email)
    except ValueError:
        return None
    return db.session.scalar(select(Organiser).where(Organiser.email == email))


def set_password(organiser: Organiser, password: str) -> None:
    organiser.password_hash = hash_password(password)
    db.session.flush()


def authenticate(email: str, password: str) -> Organiser | None:
    """The organiser with this e-mail and password; None for any mismatch, in constant work."""
    organiser = find_organiser(email)
    verdict = verify_password(organiser.password_hash if organiser else None, password)
    if organiser is None or not verdict.matches:
        return None
    if verdict.needs_rehash:
        set_password(organiser, password)
    return organiser
