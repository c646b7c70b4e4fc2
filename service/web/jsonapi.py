"""What every JSON route shares: the ``/api/v1`` blueprint, the error shape, the declaration of
each operation (for the OpenAPI document) and the reply built from a response model.

Each feature owns a blueprint of JSON routes in its ``api.py``; ``service.app`` nests them under
the ``api`` blueprint made here. A route declares what it takes and gives with ``@operation``:
the OpenAPI document is generated from those declarations and the URL map.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from flask import Blueprint, Flask, Response, jsonify, request
from pydantic import BaseModel
from werkzeug.exceptions import HTTPException

from service.core.db import db
from service.core.errors import ServiceError
from service.core.schemas import ErrorOut

PREFIX = "/api/v1"

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
}


# What routes commonly refuse, for their ``responses`` (each one's body is ``ErrorOut``).
UNAUTHORISED = {401: "unauthorized", 403: "forbidden"}
NOT_FOUND = {404: "not_found"}
INVALID = {422: "validation_error"}


class Access(StrEnum):
    """Who may call an operation."""

    PUBLIC = "public"
    ORGANISER = "organiser"
    PARTICIPANT = "participant"  # the participant's token, or an organiser's
    PUBLIC_OR_ORGANISER = "public_or_organiser"  # an organiser's token sees more
    FOCAL_POINT = "focal_point"  # a national focal point's token (some also an organiser's)


@dataclass(frozen=True)
class Operation:
    summary: str
    responses: dict[int, type[BaseModel] | str]
    """Per status: the response model, or what an error status means (its body is ``ErrorOut``);
    for a ``binary`` success, what the file is."""
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    form: dict[str, str] = field(default_factory=dict)
    """Multipart fields (name: description), for uploads."""
    access: Access = Access.PUBLIC
    binary: str | None = None
    """The media type of a success that is not JSON (a PDF)."""


View = TypeVar("View", bound=Callable[..., Any])


def operation(
    summary: str,
    *,
    responses: dict[int, type[BaseModel] | str],
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    form: dict[str, str] | None = None,
    access: Access = Access.PUBLIC,
    binary: str | None = None,
) -> Callable[[View], View]:
    """Declare what a JSON route takes and gives (read by ``service.web.openapi``)."""
    declared = Operation(summary, responses, body, query, form or {}, access, binary)

    def declare(view: View) -> View:
        view.operation = declared  # type: ignore[attr-defined]
        return view

    return declare


def reply(model: BaseModel, status: int = 200) -> tuple[Response, int]:
    """The JSON response of a response model (fields left unset are left out)."""
    return jsonify(model.model_dump(mode="json", exclude_unset=True)), status


def error_response(
    code: str, message: str, status: int, fields: dict[str, str] | None = None
) -> Response:
    response = jsonify(ErrorOut.of(code, message, fields).model_dump())
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = "Bearer"
    return response


def create_api(children: list[Blueprint]) -> Blueprint:
    """The ``/api/v1`` blueprint with the features' blueprints nested in it (one per app)."""
    api = Blueprint("api", __name__, url_prefix=PREFIX)
    for child in children:
        api.register_blueprint(child)
    return api


def init_api(app: Flask) -> None:
    """The error shape for every refusal (and, under ``/api/``, for HTTP errors too)."""

    @app.errorhandler(ServiceError)
    def _service_error(error: ServiceError) -> Response:
        db.session.rollback()
        return error_response(error.code, error.message, error.status, error.fields)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response | HTTPException:
        if not request.path.startswith(f"{PREFIX}/"):
            return error
        status = error.code or 500
        return error_response(HTTP_CODES.get(status, "error"), error.description or "", status)
