"""The OpenAPI 3.1 document, with request schemas generated from the pydantic models."""

from __future__ import annotations

from functools import cache
from typing import Any

from flask import Response, jsonify
from pydantic.json_schema import models_json_schema

from service.api import api
from service.attendance_schemas import AttendanceSheetIn
from service.schemas import (
    CheckinIn,
    DecisionIn,
    NameCorrectionIn,
    ProgrammeIn,
    RegistrationIn,
    RevokeIn,
    TrainingIn,
)

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
SESSION_ID = _path_param("session_id", "integer")
SERIAL = _path_param("serial")
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
        [
            (m, "validation")
            for m in (
                ProgrammeIn,
                TrainingIn,
                RegistrationIn,
                AttendanceSheetIn,
                CheckinIn,
                DecisionIn,
                RevokeIn,
                NameCorrectionIn,
            )
        ],
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
        "/trainings/{training_id}/sessions/{session_id}/attendance": {
            "get": _op(
                "Attendance sheet of a session (every confirmed registration)",
                {200: "sheet", 401: "unauthorized", 422: "validation_error"},
                organiser=True,
                params=[TRAINING_ID, SESSION_ID],
            ),
            "put": _op(
                "Mark attendance (all records validated first)",
                {200: "sheet", 401: "unauthorized", 422: "validation_error"},
                body="AttendanceSheetIn",
                organiser=True,
                params=[TRAINING_ID, SESSION_ID],
            ),
        },
        "/trainings/{training_id}/sessions/{session_id}/attendance/import": {
            "post": _op(
                "Import a Zoom or Teams report (multipart 'file', optional 'format')",
                {
                    200: "format, matched, updated, unmatched rows with reasons",
                    401: "unauthorized",
                    422: "validation_error",
                },
                organiser=True,
                params=[TRAINING_ID, SESSION_ID],
            ),
        },
        "/trainings/{training_id}/attendance": {
            "get": _op(
                "Attendance summaries (sessions attended, minutes, eligible)",
                {200: "summaries", 401: "unauthorized"},
                organiser=True,
                params=[TRAINING_ID],
            ),
        },
        "/trainings/{training_id}/checkins": {
            "post": _op(
                "Check a QR code in: ok, already_checked_in (200), unknown_code (404), "
                "wrong_training, not_confirmed, no_session_now (409); a repeated nonce "
                "gets the first answer",
                {200: "checked in", 404: "unknown_code", 409: "refused"},
                body="CheckinIn",
                organiser=True,
                params=[TRAINING_ID],
            ),
        },
        "/trainings/{training_id}/close": {
            "post": _op(
                "Close the training; workers issue and e-mail certificates",
                {202: "closing", 401: "unauthorized", 404: "not_found"},
                organiser=True,
                params=[TRAINING_ID],
            ),
        },
        "/trainings/{training_id}/issuance": {
            "get": _op(
                "Issuance progress: eligible, rendered, emailed, failed, done",
                {200: "progress", 401: "unauthorized"},
                organiser=True,
                params=[TRAINING_ID],
            ),
        },
        "/registrations/{reference}/eligibility": {
            "put": _op(
                "Grant or withhold a certificate (decision null: follow the rule)",
                {200: "decision", 401: "unauthorized", 422: "validation_error"},
                body="DecisionIn",
                organiser=True,
                params=[REFERENCE],
            ),
        },
        "/certificates/{serial}": {
            "get": _op(
                "Public verification: valid or revoked, holder, training, dates",
                {200: "certificate", 404: "not_found"},
                params=[SERIAL],
            ),
        },
        "/certificates/{serial}/pdf": {
            "get": _op(
                "The PDF, for its holder (participant token) or an organiser",
                {200: "application/pdf", 401: "unauthorized", 403: "forbidden"},
                params=[SERIAL, TOKEN_QUERY],
            ),
        },
        "/certificates/{serial}/revoke": {
            "post": _op(
                "Revoke with a reason",
                {200: "certificate", 401: "unauthorized"},
                body="RevokeIn",
                organiser=True,
                params=[SERIAL],
            ),
        },
        "/certificates/{serial}/correct": {
            "post": _op(
                "Correct the holder's name: the old one is revoked, a new one issued",
                {201: "revoked and new serials", 401: "unauthorized", 409: "revoked"},
                body="NameCorrectionIn",
                organiser=True,
                params=[SERIAL],
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
