"""Every API error has the shape {"error": {"code", "message", "fields"}}."""

from __future__ import annotations

from flask import Response, jsonify, request
from werkzeug.exceptions import HTTPException

from service.api import api
from service.errors import ServiceError
from service.extensions import db

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
}


def error_response(code: str, message: str, status: int, fields: dict | None = None) -> Response:
    response = jsonify({"error": {"code": code, "message": message, "fields": fields or {}}})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = "Bearer"
    return response


@api.app_errorhandler(ServiceError)
def _service_error(error: ServiceError) -> Response:
    db.session.rollback()
    return error_response(error.code, error.message, error.status, error.fields)


@api.app_errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response | HTTPException:
    if not request.path.startswith("/api/"):
        return error
    status = error.code or 500
    return error_response(HTTP_CODES.get(status, "error"), error.description or "", status)
