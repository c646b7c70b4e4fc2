from __future__ import annotations

from flask import Response, jsonify

from service.api import api
from service.api.auth import presented_token, require_access, unauthorized
from service.extensions import db
from service.models import Registration
from service.registrations import cancel, find_by_reference, serialise_registration


def _authorised(reference: str) -> Registration:
    """The registration, if the caller's token (participant or organiser) allows it."""
    if presented_token() is None:
        raise unauthorized()
    registration = find_by_reference(reference)
    require_access(registration)
    return registration


@api.get("/registrations/<reference>")
def show_registration(reference: str) -> Response:
    return jsonify(serialise_registration(_authorised(reference)))


@api.post("/registrations/<reference>/cancel")
def cancel_registration(reference: str) -> Response:
    registration = cancel(_authorised(reference))
    db.session.commit()
    return jsonify(serialise_registration(registration))
