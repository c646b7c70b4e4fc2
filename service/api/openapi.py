"""The OpenAPI 3.1 document, with request schemas generated from the pydantic models."""

from __future__ import annotations

from functools import cache
from typing import Any

from flask import Response, jsonify
from pydantic.json_schema import models_json_schema

from service.api import api
from service.schemas import ProgrammeIn, RegistrationIn, TrainingIn

ERROR = {"$ref": "#/components/schemas/Error"}
BEARER = [{"bearer": []}]


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def _op(
    summary: str,
    responses: dict[int, str],
    *,
    body: str | None = None,
    organiser: bool = False,
    params: list[dict] | None = None,
) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": summary,
        "responses": {
            str(code): {"description": text, **(_json(ERROR) if code >= 400 else {})}
            for code, text in responses.items()
        },
    }
    if body:
        operation["requestBody"] = {
            "required": True,
            **_json({"$ref": f"#/components/schemas/{body}"}),
        }
    if organiser:
        operation["security"] = BEARER
    if params:
        operation["parameters"] = params
    return operation


def _path_param(name: str, kind: str = "string") -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": kind}}


TRAINING_ID = _path_param("training_id", "integer")
REFERENCE = _path_param("reference")
TOKEN_QUERY = {
    "name": "token",
    "in": "query",
    "required": False,
    "schema": {"type": "string"},
    "description": "participant access token (alternative to the Authorization header)",
}


@cache
def document() -> dict[str, Any]:
    _, schemas = models_json_schema(
        [(m, "validation") for m in (ProgrammeIn, TrainingIn, RegistrationIn)],
        ref_template="#/components/schemas/{model}",
    )
    components = schemas.get("$defs", {})
    components["Error"] = {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message", "fields"],
                "properties": {
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "fields": {"type": "object", "additionalProperties": {"type": "string"}},
                },
            }
        },
    }
    paths = {
        "/programmes": {
            "get": _op("List programmes", {200: "programmes"}),
            "post": _op(
                "Create a programme",
                {
                    201: "created",
                    401: "unauthorized",
                    409: "already_exists",
                    422: "validation_error",
                },
                body="ProgrammeIn",
                organiser=True,
            ),
        },
        "/trainings": {
            "get": _op("Open trainings (all of them for an organiser)", {200: "trainings"}),
            "post": _op(
                "Create a training",
                {201: "created", 401: "unauthorized", 422: "validation_error"},
                body="TrainingIn",
                organiser=True,
            ),
        },
        "/trainings/{training_id}": {
            "get": _op("A training", {200: "training", 404: "not_found"}, params=[TRAINING_ID]),
            "patch": _op(
                "Change a training (fields of TrainingIn, all optional)",
                {200: "training", 401: "unauthorized", 404: "not_found", 422: "validation_error"},
                organiser=True,
                params=[TRAINING_ID],
            ),
        },
        "/trainings/{training_id}/registrations": {
            "post": _op(
                "Register (public; organisers may pass any role, window and force)",
                {
                    201: "reference, status and manage_url",
                    403: "forbidden",
                    404: "not_found",
                    409: "already_registered or registration_closed",
                    422: "validation_error or country_not_eligible",
                },
                body="RegistrationIn",
                params=[TRAINING_ID],
            ),
            "get": _op(
                "Registrations of a training (filters: status, country)",
                {200: "registrations", 401: "unauthorized", 403: "forbidden"},
                organiser=True,
                params=[TRAINING_ID],
            ),
        },
        "/registrations/{reference}": {
            "get": _op(
                "A registration (participant token or organiser)",
                {200: "registration", 401: "unauthorized", 403: "forbidden", 404: "not_found"},
                params=[REFERENCE, TOKEN_QUERY],
            ),
        },
        "/registrations/{reference}/cancel": {
            "post": _op(
                "Cancel a registration; a freed seat promotes the waiting list",
                {200: "registration", 401: "unauthorized", 403: "forbidden", 404: "not_found"},
                params=[REFERENCE, TOKEN_QUERY],
            ),
        },
        "/healthz": {
            "get": _op("Health of the database and the broker", {200: "all ok", 503: "degraded"})
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Tadrib API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


@api.get("/openapi.json")
def openapi_json() -> Response:
    return jsonify(document())
