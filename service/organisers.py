"""Organiser accounts and their API tokens."""

from __future__ import annotations

from sqlalchemy import select

from service.errors import validation_error
from service.extensions import db
from service.models import ApiToken, Organiser
from service.schemas import normalise_email
from service.security import hash_token, new_token


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
