"""Who is calling: an organiser (API token) or a participant (access token)."""

from __future__ import annotations

from flask import request
from sqlalchemy import select

from service.errors import ServiceError
from service.extensions import db
from service.models import ApiToken, Organiser, Registration
from service.registrations import find_by_token
from service.security import hash_token


def presented_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.args.get("token") or None


def organiser_for(token: str) -> Organiser | None:
    api_token = db.session.scalar(
        select(ApiToken).where(
            ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None)
        )
    )
    return api_token.organiser if api_token else None


def unauthorized() -> ServiceError:
    return ServiceError("unauthorized", "a valid bearer token is required", 401)


def forbidden() -> ServiceError:
    return ServiceError("forbidden", "this token does not allow that", 403)


def require_organiser() -> Organiser:
    token = presented_token()
    if token is None:
        raise unauthorized()
    organiser = organiser_for(token)
    if organiser is not None:
        return organiser
    if find_by_token(token) is not None:
        raise forbidden()
    raise unauthorized()


def optional_organiser() -> Organiser | None:
    """The organiser behind the request's token; no token means a public caller."""
    token = presented_token()
    if token is None:
        return None
    organiser = organiser_for(token)
    if organiser is None:
        raise unauthorized()
    return organiser


def require_access(registration: Registration) -> Organiser | None:
    """An organiser, or the participant who holds this registration's token."""
    token = presented_token()
    if token is None:
        raise unauthorized()
    organiser = organiser_for(token)
    if organiser is not None:
        return organiser
    holder = find_by_token(token)
    if holder is None:
        raise unauthorized()
    if holder.id != registration.id:
        raise forbidden()
    return None
