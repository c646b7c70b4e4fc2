"""Who is calling the API: an organiser (API token), a national focal point (API token of their
own) or a participant (the manage link's token). Each kind of token opens its own routes only:
a focal point's token opens no organiser route, an organiser's no focal point route.

A token is presented as ``Authorization: Bearer …`` or, for participants' links, ``?token=``.
"""

from __future__ import annotations

from flask import request

from service.core.errors import ServiceError
from service.focalpoints.auth import focal_point_for
from service.focalpoints.models import FocalPoint
from service.organisers.auth import organiser_for
from service.organisers.models import Organiser
from service.registrations.links import find_by_token
from service.registrations.models import Registration

Caller = Organiser | FocalPoint | Registration


def presented_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.args.get("token") or None


def unauthorized() -> ServiceError:
    return ServiceError("unauthorized", "a valid bearer token is required", 401)


def forbidden() -> ServiceError:
    return ServiceError("forbidden", "this token does not allow that", 403)


def _identify() -> Caller:
    """The organiser, focal point or participant behind the request's token; 401 without a
    valid one."""
    token = presented_token()
    caller = (
        (organiser_for(token) or focal_point_for(token) or find_by_token(token)) if token else None
    )
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


def require_focal_point() -> FocalPoint:
    caller = _identify()
    if not isinstance(caller, FocalPoint):
        raise forbidden()
    return caller


def require_organiser_or_focal_point() -> Organiser | FocalPoint:
    caller = _identify()
    if isinstance(caller, Registration):
        raise forbidden()
    return caller


def require_access(registration: Registration) -> Organiser | Registration:
    """An organiser, or the participant who holds this registration's token."""
    caller = _identify()
    if isinstance(caller, FocalPoint) or (
        isinstance(caller, Registration) and caller.id != registration.id
    ):
        raise forbidden()
    return caller
