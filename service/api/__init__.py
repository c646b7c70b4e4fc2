"""The JSON API under /api/v1."""

from flask import Blueprint

api = Blueprint("api", __name__, url_prefix="/api/v1")

from service.api import (  # noqa: E402,F401  (modules register their routes on the blueprint)
    attendance,
    certificates,
    errors,
    health,
    openapi,
    programmes,
    registrations,
    trainings,
)
