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


def _identify() -> Organiser | Registration:
    """The organiser or participant behind the request's token; 401 without a valid one."""
    token = presented_token()
    caller = (organiser_for(token) or find_by_token(token)) if token else None
    if caller is None:
        raise unauthorized()
    return caller


def require_organiser() -> Organiser:
    caller = _identify()
    if not isinstance(caller, Organiser):
        raise forbidden()
    return caller


def optional_organiser() -> Organiser | None:
    """The organiser behind the request's token; no token means a public caller."""
    return None if presented_token() is None else require_organiser()


def require_access(registration: Registration) -> Organiser | Registration:
    """An organiser, or the participant who holds this registration's token."""
    caller = _identify()
    if isinstance(caller, Registration) and caller.id != registration.id:
        raise forbidden()
    return caller
